"""A case's audit trail: who changed what about it, when, before and after (issue: data
safety). Opened from the case screen; ``x`` writes the same trail to a CSV file."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from spp_tui.dialogs.door import ServiceDoor
from spp_tui.dialogs.loaded_table import LoadedTable
from spp_tui.text import plural
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import DataTable
from spp_tui.widgets.modal import ModalDialog

if TYPE_CHECKING:
    from spp_tui.db.models import AuditEntry

CHANGE_WIDTH = 60


def change_text(entry: AuditEntry) -> str:
    """'field: old → new' pairs from the entry's JSON, or its summary for events."""
    import json

    try:
        before = json.loads(entry.before) if entry.before else {}
        after = json.loads(entry.after) if entry.after else {}
    except ValueError:
        return entry.summary
    if entry.operation != "update" or not isinstance(after, dict):
        return entry.summary
    parts = [f"{field}: {before.get(field, '')!s} → {value!s}" for field, value in after.items()]
    return "; ".join(parts) or entry.summary


def local_time(at: dt.datetime | None) -> str:
    if at is None:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone().strftime("%d %b %Y %H:%M")


class AuditTrailScreen(LoadedTable["list[AuditEntry]"], ServiceDoor, ModalDialog[None]):  # type: ignore[misc]  # ServiceDoor types app
    """Every audited change to one case, its discussions, parties, actions and updates."""

    DEFAULT_CSS = """
    AuditTrailScreen { align: center middle; }
    #audit-box {
        width: 120; max-width: 100%; height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    #audit-heading { text-style: bold; }
    #audit-table { height: 1fr; }
    """
    #: The change takes the width the others leave (at 80 columns it was cut off the edge).
    FIT_COLUMN = "change"
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="audit_trail.close"),
        Binding("x", "export_csv", "Export CSV", id="audit_trail.export"),
    ]

    def __init__(self, case_id: int, reference: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.reference = reference

    def compose(self) -> ComposeResult:
        with Vertical(id="audit-box"):
            yield Static(Text(f"Audit trail · {self.reference}"), id="audit-heading")
            table: DataTable[str | Text] = DataTable(id="audit-table", cursor_type="row")
            table.add_column("When", key="at", width=17)
            table.add_column("Who", key="user", width=12)
            table.add_column("What", key="entity", width=16)
            table.add_column("Change", key="change", width=CHANGE_WIDTH)
            yield table
        yield Footer()  # at the foot of the screen: the case screen's keys do not show beneath

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.loading = True
        table.focus()
        self.load_table()

    def read_table(self) -> list[AuditEntry]:
        from spp_tui.db.services.audit_log import case_audit_entries

        return case_audit_entries(self.db, self.case_id)

    def fill_rows(self, entries: list[AuditEntry]) -> None:
        table = self.query_one(DataTable)
        for entry in reversed(entries):  # newest first
            table.add_row(
                local_time(entry.at),
                Text(entry.user),
                Text(f"{entry.entity} {entry.operation}"),
                Text(change_text(entry)),
                height=None,
            )

    def table_loaded(self, entries: list[AuditEntry]) -> None:
        self.query_one("#audit-heading", Static).update(
            Text(
                f"Audit trail · {self.reference} · "
                f"{plural(len(entries), 'entry', 'entries')}, newest first"
            )
        )

    def action_close(self) -> None:
        self.dismiss(None)

    def action_export_csv(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, group="audit-export")
    def _export(self) -> None:
        from spp_tui.errors import UserError
        from spp_tui.exports.audit_trail import export_audit_trail

        try:
            path, count = export_audit_trail(self.db, case_id=self.case_id)
        except UserError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(
            self.notify,
            f"{plural(count, 'entry', 'entries')} written to {path}",
            timeout=8,
            markup=False,
        )
