"""One case: what it is, who is named in it, and its timeline across meetings (discussions,
decisions, risk changes, actions and their updates, status changes, each with its date).

Below 110 columns (80x24) the meeting and the details go under what happened, wrapped, so
nothing is cut at the right edge.

The whole history is read by ``cases.case_timeline`` in a fixed handful of statements, so a
case discussed at thirty meetings opens as fast as a new one.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from spp_tui.dialogs.door import ServiceDoor
from spp_tui.dialogs.loaded_table import LoadedTable
from spp_tui.vocabulary import CaseStatus
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import DataTable
from spp_tui.widgets.safe_text import safe_text, visible

if TYPE_CHECKING:
    from spp_tui.db.services.cases import CaseTimeline, TimelineEvent

EVENT_LABELS = {
    "referred": ("referred", "cyan"),
    "opened": ("opened", "cyan"),
    "discussion": ("discussed", ""),
    "risk": ("risk", "yellow"),
    "status": ("status", "magenta"),
    "action": ("action", "green"),
    "update": ("update", "green"),
    "closed": ("closed", "magenta"),
}


def case_facts(timeline: CaseTimeline) -> Text:
    """The case at a glance, for the top of the screen."""
    from spp_tui.widgets.rag import risk_cell

    case = timeline.case
    text = Text()
    text.append_text(risk_cell(case.risk))
    text.append(f" {case.status}", style="bold")
    where = case.location + (f" ({case.ward})" if case.ward else "")
    for part in (where, case.category, f"Operation {case.operation or 'not set'}"):
        if part:
            text.append(f" · {part}")
    dates = []
    if case.referred_on:
        by = f" by {timeline.referring_agency}" if timeline.referring_agency else ""
        dates.append(f"referred {case.referred_on:%d %b %Y}{by}")
    if case.opened_on:
        dates.append(f"opened {case.opened_on:%d %b %Y}")
    if case.next_review_on and case.status != CaseStatus.CLOSED:
        dates.append(f"next review {case.next_review_on:%d %b %Y}")
    if case.closed_on:
        reason = f" ({case.closure_reason})" if case.closure_reason else ""
        dates.append(f"closed {case.closed_on:%d %b %Y}{reason}")
    text.append("\n")
    if timeline.lead_agency:
        text.append(f"Lead {timeline.lead_agency} · ")
    text.append(" · ".join(dates))
    if case.intervention_list:
        text.append("\nInterventions: ", style="bold")
        text.append(", ".join(case.intervention_list))
    text.append("\nParties: ", style="bold")
    if timeline.parties:
        text.append(", ".join(f"{p.name} ({p.role})" for p in timeline.parties))
    else:
        text.append("none recorded", style="dim")
    for label, value in (
        ("Scanning", case.scanning),
        ("Analysis", case.analysis),
        ("Response", case.response),
        ("Assessment", case.assessment),
    ):
        if value.strip():
            text.append(f"\n{label}: ", style="bold")
            text.append(" ".join(value.split()))
    text.append(
        f"\n{timeline.meetings} meeting{'s' if timeline.meetings != 1 else ''} · "
        f"{timeline.live_actions} live action{'s' if timeline.live_actions != 1 else ''}",
        style="dim",
    )
    return text


#: (heading, key, width); what happened takes the width the others leave.
COLUMNS = (
    ("Date", "date", 11),
    ("Meeting", "meeting", 21),
    ("", "kind", 9),
    ("What", "what", 0),
    ("Details", "detail", 30),
)
NARROW_COLUMNS = (COLUMNS[0], COLUMNS[2], COLUMNS[3])
NARROW_BELOW = 110


def event_cells(event: TimelineEvent) -> tuple[str, str, Text, str, str]:
    label, style = EVENT_LABELS.get(event.kind, (event.kind, ""))
    return (
        f"{event.on:%d %b %Y}" if event.on else "",
        event.meeting_label,
        Text(label, style=style),
        " ".join(event.text.split()),
        " ".join(event.detail.split()),
    )


def narrow_cells(event: TimelineEvent) -> tuple[str, Text, Text]:
    """A small screen's row: date, kind, and what happened with (dim, on a line of its own)
    the details and the meeting, wrapped to the column."""
    on, meeting, kind, what, detail = event_cells(event)
    text = Text(visible(what), end="")
    below = " · ".join(part for part in (detail, meeting) if part)
    if below:
        text.append("\n" + visible(below), style="dim")
    return on, kind, text


class CaseScreen(LoadedTable["CaseTimeline"], ServiceDoor, Screen[None]):  # type: ignore[misc]  # ServiceDoor types app
    """A case and its timeline; Enter on an action line opens that action's history."""

    AUTO_FOCUS = "#timeline"
    HELP_TITLE = "Case"
    FIT_COLUMN = "what"
    COLUMNS = COLUMNS
    NARROW_COLUMNS = NARROW_COLUMNS
    NARROW_BELOW = NARROW_BELOW
    DEFAULT_CSS = """
    CaseScreen #case-facts {
        height: auto;
        max-height: 12;
        padding: 0 1;
        margin-bottom: 1;
    }
    CaseScreen #timeline {
        height: 1fr;
    }
    """
    BINDINGS = [
        Binding("a", "action_log", "Its actions", id="case.action_log"),
        Binding("t", "audit_trail", "Audit trail", id="case.audit_trail"),
        Binding("enter", "open_event", "Open action", id="case.open_action", show=False),
        Binding("escape", "back", "Back", id="case.back"),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.timeline: CaseTimeline | None = None
        #: Milliseconds from asking for the case to the timeline on screen (benchmark figure).
        self.last_load_ms: float | None = None
        self._requested_at = 0.0

    def compose(self) -> ComposeResult:
        yield Static("Case", id="case-heading", classes="screen-title")
        yield Static("", id="case-facts")
        # The columns come with the timeline, for the screen's width (LoadedTable).
        yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.loading = True
        table.focus()
        self.when_db_ready(self.reload)

    def store_replayed(self) -> None:
        """Edits kept while the store was away are written: read again."""
        self.reload()

    def reload(self) -> None:
        self._requested_at = time.perf_counter()
        self.load_table()

    def read_table(self) -> CaseTimeline:
        from spp_tui.db.services import cases

        return cases.case_timeline(self.db, self.case_id)

    def table_failed(self, error: Exception) -> None:
        self.app.notify(str(error), severity="error")
        self.app.pop_screen()

    def table_loaded(self, timeline: CaseTimeline) -> None:
        self.timeline = timeline
        case = timeline.case
        self.query_one("#case-heading", Static).update(
            safe_text(f"{case.reference} · {case.title}")
        )
        self.query_one("#case-facts", Static).update(
            safe_text(case_facts(timeline), multiline=True)
        )
        self.last_load_ms = (time.perf_counter() - self._requested_at) * 1000

    def fill_rows(self, timeline: CaseTimeline) -> None:
        table = self.query_one(DataTable)
        cells = narrow_cells if self.narrow else event_cells
        for index, event in enumerate(timeline.events):
            table.add_row(*cells(event), key=str(index), height=None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_event()

    def action_open_event(self) -> None:
        table = self.query_one(DataTable)
        if self.timeline is None or table.row_count == 0:
            return
        event = self.timeline.events[table.cursor_row]
        if event.action_id is None:
            self.notify("Enter opens an action's history: choose an action or update line.")
            return
        from spp_tui.dialogs.action_history import ActionHistoryScreen

        self.app.push_screen(ActionHistoryScreen(event.action_id))

    def action_audit_trail(self) -> None:
        if self.timeline is None:
            return
        from spp_tui.dialogs.audit_trail import AuditTrailScreen

        self.app.push_screen(AuditTrailScreen(self.case_id, self.timeline.case.reference))

    def action_action_log(self) -> None:
        from spp_tui.screens.action_log import ActionLogScreen

        self.app.push_screen(ActionLogScreen(case_id=self.case_id))

    def action_back(self) -> None:
        self.app.pop_screen()
