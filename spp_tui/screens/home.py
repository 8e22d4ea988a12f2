"""Home: the meetings, those still to hold first; new meeting, open, action log, case list,
dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import Static

from spp_tui.dates import format_column_date
from spp_tui.db.quick_read import MeetingRow
from spp_tui.dialogs.door import ServiceDoor
from spp_tui.dialogs.loaded_table import LoadedTable
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import DataTable

if TYPE_CHECKING:
    from spp_tui.db.database import Database


@dataclass(frozen=True)
class HomeData:
    meetings: list[MeetingRow]
    people: list[tuple[str, int]]  # (label, person id), for the new-meeting dialog


def load_home_data(db: Database) -> HomeData:
    """Two queries: the meetings and the directory (no query per row)."""
    from spp_tui.db.services import directory, meetings

    people = directory.list_people(db)
    names = {p.id: p.name for p in people}
    rows = [
        MeetingRow(
            m.id,
            m.kind,
            m.date,
            m.planned_start,
            m.status,
            m.venue,
            m.chair_id,
            names.get(m.chair_id, "") if m.chair_id else "",
            m.minute_taker_id,
        )
        for m in meetings.list_meetings(db)
        if m.id is not None  # (read from the file: always)
    ]
    return HomeData(rows, [(p.label, p.id) for p in people])


class HomeScreen(LoadedTable[HomeData], ServiceDoor, Screen[None]):  # type: ignore[misc]  # ServiceDoor types app
    """The list of meetings; the chair's starting point."""

    HELP_TITLE = "Meetings (home)"
    BINDINGS = [
        Binding("enter,o", "open_meeting", "Open", id="home.open_meeting"),
        Binding("n", "new_meeting", "New meeting", id="home.new_meeting"),
        Binding("a", "action_log", "Action log", id="home.action_log"),
        Binding("c", "case_list", "Cases", id="home.case_list"),
        Binding("d", "dashboard", "Dashboard", id="home.dashboard"),
        Binding("r", "refresh", "Refresh", id="home.refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: HomeData | None = None
        self._select_id: int | None = None
        self._current: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("spp-tui · Problem Solving Group meetings", classes="screen-title")
        table: DataTable[str] = DataTable(id="meetings", cursor_type="row", zebra_stripes=True)
        table.add_column("Date", key="date", width=16)
        table.add_column("Type", key="type", width=17)
        table.add_column("Status", key="status", width=16)
        table.add_column("Start", key="start", width=5)
        table.add_column("Chair", key="chair", width=18)
        table.add_column("Venue", key="venue")
        yield table
        yield Static("", id="home-hint", classes="empty-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).loading = True
        if self.app.db is None:
            self._quick_load(self.app.db_target)
        self.when_db_ready(self.refresh_meetings)

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.refresh_meetings()

    def refresh_meetings(self, select_id: int | None = None) -> None:
        self._select_id = select_id
        self.load_table()

    def read_table(self) -> HomeData:
        return load_home_data(self.db)

    @work(thread=True, group="home-quick-load")
    def _quick_load(self, db_target: str) -> None:
        """Show the meetings from a plain sqlite3 read while the database layer still loads;
        the full load replaces it (with the directory) as soon as the database is open."""
        from spp_tui.db.quick_read import home_meetings

        rows = home_meetings(db_target)
        if rows is not None:
            self.app.call_from_thread(self._show_quick, [MeetingRow(*row) for row in rows])

    def _show_quick(self, rows: list[MeetingRow]) -> None:
        if self.data is None:  # the full load has not landed first (it stays to come)
            quick = HomeData(rows, people=[])
            self._fill(quick)
            self._after_rows(quick, None)

    def _fill(self, data: HomeData) -> None:
        self._current = self._selected_id()  # before the rows go
        super()._fill(data)

    def fill_rows(self, data: HomeData) -> None:
        table = self.query_one(DataTable)
        for row in data.meetings:
            table.add_row(
                format_column_date(row.date),
                row.kind,
                row.status,
                row.start.strftime("%H:%M"),
                Text(row.chair),  # Text, not str: names and venues are never markup
                Text(row.venue),
                key=str(row.id),
            )

    def table_loaded(self, data: HomeData) -> None:
        self.data = data
        self._after_rows(data, self._select_id)

    def _after_rows(self, data: HomeData, select_id: int | None) -> None:
        table = self.query_one(DataTable)
        hint = self.query_one("#home-hint", Static)
        if data.meetings:
            hint.display = False
            wanted = select_id if select_id is not None else self._current
            if wanted is not None:
                index = next((i for i, r in enumerate(data.meetings) if r.id == wanted), 0)
                table.move_cursor(row=index)
        else:
            hint.display = True
            hint.update(
                "No meetings yet. Press n to create one, or quit and run "
                "'spp-tui demo' to load demo data."
            )
        table.focus()

    def _selected_id(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0))
        return int(row_key.value) if row_key.value is not None else None

    # --- actions ---------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_meeting()

    def action_open_meeting(self) -> None:
        meeting_id = self._selected_id()
        if meeting_id is None:
            self.notify("No meeting to open yet: press n to create one.")
            return
        from spp_tui.screens.meeting import MeetingScreen

        self.app.push_screen(MeetingScreen(meeting_id))

    def action_new_meeting(self) -> None:
        if self.data is None:
            self.notify("The database is still opening; try again in a moment.")
            return
        from spp_tui.dialogs.new_meeting import NewMeetingDialog, defaults_from

        self.app.push_screen(
            NewMeetingDialog(defaults_from(self.data.meetings, dt.date.today()), self.data.people),
            self._create_meeting,
        )

    def _create_meeting(self, form: dict[str, Any] | None) -> None:
        if not form:
            return
        from spp_tui.db.edit_journal import QueuedEdit

        fields = ("kind", "date", "start", "venue", "chair_id", "minute_taker_id")
        said = f"{form['kind']} meeting of {format_column_date(form['date'])} created."
        edit = QueuedEdit.one_off("new_meeting", 0, {f: form[f] for f in fields}, said[:-1])

        def done(created: Any) -> None:
            if self.is_attached:
                self.refresh_meetings(select_id=getattr(created, "id", None))

        # Saved now, or kept while the file is held or the server away (listed once written).
        self.one_off(edit, done=done, saved=said)

    def store_replayed(self) -> None:
        """Meetings kept while the store was away are written: the list as stored."""
        self.refresh_meetings()

    def action_action_log(self) -> None:
        from spp_tui.screens.action_log import ActionLogScreen

        self.app.push_screen(ActionLogScreen())

    def action_case_list(self) -> None:
        from spp_tui.screens.case_list import CaseListScreen

        self.app.push_screen(CaseListScreen())

    def action_dashboard(self) -> None:
        from spp_tui.screens.dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen())

    def action_refresh(self) -> None:
        if self.data is not None:
            self.refresh_meetings()

    def palette_commands(self):  # noqa: ANN201 - generator of SystemCommand
        yield SystemCommand(
            "New meeting", "Create a meeting from a template", self.action_new_meeting
        )
        yield SystemCommand(
            "Open meeting", "Open the highlighted meeting", self.action_open_meeting
        )
        yield SystemCommand("Action log", "Every action, filtered", self.action_action_log)
        yield SystemCommand("Case list", "Every case", self.action_case_list)
        yield SystemCommand(
            "Dashboard", "The annual report's figures, a year at a time", self.action_dashboard
        )
