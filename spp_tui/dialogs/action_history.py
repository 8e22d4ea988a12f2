"""One action's whole story: where it was raised, and every review since, with its meeting and
note. Opened from the action log, the case timeline and the search.

The note takes the width the other columns leave and wraps; below 100 columns of screen (80x24)
a new due date goes under its status, so the note keeps room to be read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from spp_tui.dialogs.door import ServiceDoor
from spp_tui.dialogs.loaded_table import LoadedTable
from spp_tui.text import plural
from spp_tui.vocabulary import ActionStatus
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import DataTable
from spp_tui.widgets.modal import ModalDialog
from spp_tui.widgets.safe_text import safe_text

if TYPE_CHECKING:
    from spp_tui.db.database import Database
    from spp_tui.db.services.actions import ActionRow


@dataclass(frozen=True)
class HistoryLine:
    on: dt.date | None
    meeting: str
    status: str
    due: dt.date | None
    note: str


@dataclass(frozen=True)
class ActionStory:
    row: ActionRow
    raised_at: str  # "PSG of Tue 07 Mar 2023"
    raised_meeting: str  # "PSG 07 Mar 2023", as in the history lines
    lines: list[HistoryLine]


def load_story(db: Database, action_id: int) -> ActionStory:
    """Three statements: the action (with names), its meeting, its updates (with meetings)."""
    from spp_tui.db.services import actions, meetings
    from spp_tui.db.services.actions import ActionFilter
    from spp_tui.errors import NotFoundError

    rows = actions.list_actions(db, ActionFilter(action_ids=(action_id,)))
    if not rows:
        raise NotFoundError(f"action {action_id} does not exist.")
    row = rows[0]
    raised_at, raised_meeting = "outside a meeting", ""
    if row.meeting_id is not None:
        meeting = meetings.get_meeting(db, row.meeting_id)
        raised_at = f"{meeting.kind} of {meeting.date:%a %d %b %Y}"
        raised_meeting = f"{meeting.kind} {meeting.date:%d %b %Y}"
    lines = [
        HistoryLine(
            update.made_on,
            f"{meeting.kind} {meeting.date:%d %b %Y}" if meeting else "between meetings",
            update.new_status,
            update.new_due_on,
            update.note,
        )
        for update, meeting in actions.action_history(db, action_id)
    ]
    return ActionStory(row, raised_at, raised_meeting, lines)


#: (heading, key, width); the note takes the width the others leave.
COLUMNS = (
    ("Date", "date", 11),
    ("Meeting", "meeting", 22),
    ("Status", "status", 12),
    ("Due", "due", 11),
    ("Note", "note", 0),
)
NARROW_COLUMNS = (("Date", "date", 11), ("Meeting", "meeting", 16), COLUMNS[2], COLUMNS[4])
NARROW_BELOW = 100


def status_text(status: str) -> Text:
    styles: dict[str, str] = {
        ActionStatus.COMPLETE: "green",
        ActionStatus.CLOSED: "green",
        ActionStatus.NOT_POSSIBLE: "yellow",
        ActionStatus.NOT_DONE: "bold red",
        ActionStatus.IN_PROGRESS: "cyan",
    }
    return Text(status, style=styles.get(status, ""))


class ActionHistoryScreen(LoadedTable["ActionStory"], ServiceDoor, ModalDialog[None]):  # type: ignore[misc]  # ServiceDoor types app
    """Raised at, and each update with its meeting and note, oldest first."""

    FIT_COLUMN = "note"
    COLUMNS = COLUMNS
    NARROW_COLUMNS = NARROW_COLUMNS
    NARROW_BELOW = NARROW_BELOW

    DEFAULT_CSS = """
    ActionHistoryScreen {
        align: center middle;
    }
    #history-box {
        width: 100;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    #history-heading {
        text-style: bold;
    }
    #history-facts {
        height: auto;
        margin-bottom: 1;
    }
    #history-table {
        height: auto;
        max-height: 20;
    }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="action_history.close"),
        Binding("c", "open_case", "Open case", id="action_history.open_case"),
    ]

    def __init__(self, action_id: int, today: dt.date | None = None) -> None:
        super().__init__()
        self.action_id = action_id
        self.today = today or dt.date.today()
        self.story: ActionStory | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box"):
            yield Static("Action", id="history-heading")
            yield Static("", id="history-facts")
            # The columns come with the story, for the screen's width (LoadedTable).
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).loading = True
        self.load_table()

    def read_table(self) -> ActionStory:
        return load_story(self.db, self.action_id)

    def table_failed(self, error: Exception) -> None:
        self.app.notify(str(error), severity="error")
        self.dismiss(None)

    def table_loaded(self, story: ActionStory) -> None:
        self.story = story
        row = story.row
        self.query_one("#history-heading", Static).update(safe_text(f"{row.reference}  {row.text}"))
        owner = row.owner_name or "no owner"
        if row.agency_name:
            owner += f" ({row.agency_name})"
        facts = Text()
        facts.append("Status ")
        facts.append_text(status_text(row.status))
        due = f"{row.due_on:%a %d %b %Y}" if row.due_on else "no due date"
        facts.append(f" · due {due}")
        if row.is_overdue(self.today):
            facts.append(
                f" · {plural(row.days_overdue(self.today), 'day')} overdue", style="bold red"
            )
        facts.append(f"\nOwner {owner}")
        if row.case_reference:
            facts.append(f"\nCase {row.case_reference} {row.case_title}")
        facts.append(f"\nRaised at the {story.raised_at}")
        self.query_one("#history-facts", Static).update(safe_text(facts, multiline=True))
        self.query_one(DataTable).focus()

    def fill_rows(self, story: ActionStory) -> None:
        row = story.row
        table = self.query_one(DataTable)
        narrow = self.narrow
        raised_on = f"{row.raised_on:%d %b %Y}" if row.raised_on else ""
        if narrow:
            table.add_row(raised_on, story.raised_meeting, "raised", "", key="raised")
        else:
            table.add_row(raised_on, story.raised_meeting, "raised", "", "", key="raised")
        for n, line in enumerate(story.lines):
            on = f"{line.on:%d %b %Y}" if line.on else ""
            status = status_text(line.status)
            due = line.due if line.status == ActionStatus.IN_PROGRESS else None
            if narrow:
                if due:
                    status.append(f"\nto {due:%d %b %y}")
                cells: tuple[str | Text, ...] = (on, line.meeting, status, line.note)
            else:
                cells = (on, line.meeting, status, f"{due:%d %b %Y}" if due else "", line.note)
            table.add_row(*cells, key=f"update-{n}", height=None)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_open_case(self) -> None:
        if self.story is None or self.story.row.case_id is None:
            self.notify("This action belongs to no case.")
            return
        from spp_tui.widgets.navigation import OpenCase

        case_id = self.story.row.case_id
        self.dismiss(None)
        self.app.post_message(OpenCase(case_id))
