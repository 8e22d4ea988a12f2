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


#: Where the chair was in a meeting (item, case in hand, field), so a reopened meeting resumes
#: exactly there: ``resume:<meeting id>`` -> a short JSON text.
RESUME_PREFIX = "resume:"


def remember_position(db: Database, meeting_id: int, position: str) -> None:
    """Save the chair's place in a meeting. Not audited: it changes no record, only where the
    screen reopens (written on every move, it would drown the trail)."""
    key = f"{RESUME_PREFIX}{meeting_id}"
    with db.write() as s:
        row = s.get(Setting, key)
        if row is None:
            row = Setting(key=key, value=position)
        elif row.value == position:
            return
        else:
            row.value = position
        s.add(row)


def position(db: Database, meeting_id: int) -> str:
    """The place saved by ``remember_position`` (empty when none)."""
    with db.read() as s:
        row = s.get(Setting, f"{RESUME_PREFIX}{meeting_id}")
    return row.value if row is not None else ""
