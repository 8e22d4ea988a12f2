"""Settings stored in the database, so they travel with the meeting data."""

from __future__ import annotations

from spp_tui.db.database import Database
from spp_tui.db.models import Setting
from spp_tui.db.services._audit import audit
from spp_tui.db.templates import DEFAULT_CONFIDENTIALITY_STATEMENT

CONFIDENTIALITY_STATEMENT = "confidentiality_statement"
PARTNERSHIP_NAME = "partnership_name"
MINUTES_TEMPLATE = "minutes_template"
RETENTION_YEARS = "retention_years"
#: The TUI's theme name ("textual-light" / "textual-dark"), remembered between runs.
THEME = "theme"
#: Key overrides as TOML lines, ``"meeting.next_item" = "ctrl+right"`` (binding id = keys).
KEYMAP = "keymap"
#: "on": the app opens in privacy mode (names on screen redacted; issue 18).
PRIVACY_START = "privacy_start"
#: "on": in privacy mode the field being edited shows the real text while it has the focus.
PRIVACY_SHOW_FOCUSED = "privacy_show_focused"

DEFAULTS = {
    CONFIDENTIALITY_STATEMENT: DEFAULT_CONFIDENTIALITY_STATEMENT,
    PARTNERSHIP_NAME: "Safer Peterborough Partnership",
    MINUTES_TEMPLATE: "",
    RETENTION_YEARS: "6",
}


def get_setting(db: Database, key: str) -> str:
    with db.read() as s:
        row = s.get(Setting, key)
    return row.value if row is not None else DEFAULTS.get(key, "")


def set_setting(db: Database, key: str, value: str) -> None:
    with db.write() as s:
        row = s.get(Setting, key)
        before = row.value if row else DEFAULTS.get(key, "")
        if row is None:
            row = Setting(key=key, value=value)
        else:
            row.value = value
        s.add(row)
        audit(
            s,
            "setting",
            None,
            "update",
            f"setting {key} changed",
            before={key: before},
            after={key: value},
        )
