"""The action log: every action, filtered by status, owner, agency, case, operation and
overdue, sorted by due date, searched by text; Enter opens an action's whole history.

Below 130 columns (a laptop at 80x24, a projector at 120x40) the reference, owner, agency and
case go under the action's text, so Due, Status and Overdue always show.

Five years of a PSG is 20,000 actions; a table of 20,000 rows is slow to build, so the log
shows one page (200 rows) at a time, with the total, and loads each page in a worker: a
filter or a keystroke in the search box costs two short queries and 200 rows, whatever the
size of the database.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import Static

from spp_tui.dates import whole_day
from spp_tui.dialogs.door import ServiceDoor
from spp_tui.dialogs.loaded_table import LoadedTable
from spp_tui.screens.action_log_filters import FilterLists
from spp_tui.screens.action_log_rows import (
    COLUMNS,
    DATE_FIELDS,
    NARROW_BELOW,
    NARROW_COLUMNS,
    PAGE_SIZE,
    PROMPTS,
    SEARCH_HINT,
    SEARCH_HINT_FROM,
    SEARCH_HINT_SHORT,
    SELECT_FIELDS,
    STATUS_CHOICES,
    FilterOptions,
    narrow_text,
    status_cell,
)
from spp_tui.screens.styled_once import StyledOnce
from spp_tui.widgets.checkbox import Checkbox
from spp_tui.widgets.fields import Input
from spp_tui.widgets.filter_select import SelectStandIn, choice_label
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import DataTable, Select
from spp_tui.widgets.table_rows import RowSpec

if TYPE_CHECKING:
    from spp_tui.db.services.actions import ActionFilter, ActionPage


class ActionLogScreen(  # type: ignore[misc]  # ServiceDoor types app
    LoadedTable["ActionPage"], FilterLists, ServiceDoor, StyledOnce, Screen[None]
):
    """Every action, a page at a time; filters, search, sort, history."""

    AUTO_FOCUS = "#log-table"
    HELP_TITLE = "Action log"
    FIT_COLUMN = "text"
    COLUMNS = COLUMNS
    NARROW_COLUMNS = NARROW_COLUMNS
    NARROW_BELOW = NARROW_BELOW
    #: Any failure of the read is one line and the screen stays usable.
    READ_ERRORS = (Exception,)
    DEFAULT_CSS = """
    ActionLogScreen .filter-row {
        height: 1;
        margin: 0 1;
    }
    ActionLogScreen .filter-row > * {
        margin-right: 1;
    }
    ActionLogScreen #filter-text {
        width: 1fr;
    }
    ActionLogScreen #filter-status {
        width: 40;
    }
    ActionLogScreen .filter-row Select, ActionLogScreen .filter-row SelectStandIn {
        width: 1fr;
    }
    ActionLogScreen #filter-overdue {
        width: auto;
    }
    ActionLogScreen .filter-date {
        width: 14;  /* "raised since", or 30/04/2023: the five lists need the room */
    }
    /* Below 110 columns the four lists take a line and the dates one under them, so each
       list says which it is ("Any owner", not "Any"). */
    ActionLogScreen.-narrow #filter-status {
        width: 1fr;
    }
    ActionLogScreen.-narrow #filter-text {
        width: 2fr;
    }
    ActionLogScreen.-narrow #filter-lists {
        layout: grid;
        grid-size: 4;
        height: 2;
    }
    ActionLogScreen.-narrow #filter-lists > * {
        width: 1fr;
    }
    ActionLogScreen #log-table {
        height: 1fr;
        /* The scroll bar is there from the first paint: one appearing when the page came
           made the table lay out and draw its rows once more, a frame later. */
        overflow-y: scroll;
    }
    ActionLogScreen #log-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="action_log.search"),
        Binding("s", "open_filter('filter-status')", "Status", id="action_log.filter_status"),
        Binding("o", "open_filter('filter-owner')", "Owner", id="action_log.filter_owner"),
        Binding("g", "open_filter('filter-agency')", "Agency", id="action_log.filter_agency"),
        Binding("c", "open_filter('filter-case')", "Case", id="action_log.filter_case"),
        Binding(
            "p", "open_filter('filter-operation')", "Operation", id="action_log.filter_operation"
        ),
        Binding("m", "open_filter('filter-meeting')", "Meeting", id="action_log.filter_meeting"),
        Binding("v", "toggle_overdue", "Overdue", id="action_log.filter_overdue"),
        Binding("r", "reverse_sort", "Sort due ↑↓", id="action_log.sort"),
        Binding("x", "clear_filters", "Clear", id="action_log.clear"),
        Binding("right_square_bracket", "page(1)", "Next page", id="action_log.next_page"),
        Binding("left_square_bracket", "page(-1)", "Prev page", id="action_log.prev_page"),
        Binding("enter", "open_action", "History", id="action_log.open", show=False),
        Binding("escape", "back", "Back", id="action_log.back"),
    ]

    def __init__(
        self,
        *,
        owner_id: int | None = None,
        agency_id: int | None = None,
        case_id: int | None = None,
        status: str | None = None,
        operation: str | None = None,
        meeting_id: int | None = None,
        overdue: bool = False,
        text: str = "",
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.today = today or dt.date.today()
        self.initial: dict[str, Any] = {
            "owner_id": owner_id,
            "agency_id": agency_id,
            "case_id": case_id,
            "status": status,
            "operation": operation,
            "meeting_id": meeting_id,
            "text": text,
        }
        self.overdue = overdue
        self.descending = False
        self.filt: ActionFilter | None = None
        self.page: ActionPage | None = None
        self.options: FilterOptions | None = None
        self._options_asked = False
        #: Milliseconds the last page took from request to table filled (for the benchmark).
        self.last_load_ms: float | None = None
        self._requested_at = 0.0

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.take_breakpoints()
        self._read_first_page()
        yield Static("Action log", id="log-title", classes="screen-title")
        with Horizontal(classes="filter-row"):
            yield Input(
                self.initial["text"],
                placeholder=self._search_hint(),
                id="filter-text",
                compact=True,
            )
            status = SelectStandIn(PROMPTS["filter-status"], id="filter-status")
            status.show(choice_label(STATUS_CHOICES, self.initial["status"]))
            yield status
            yield Checkbox("Overdue only", self.overdue, id="filter-overdue", compact=True)
        with Horizontal(classes="filter-row", id="filter-lists"):
            # Each list is a stand-in until the chair goes to it (filter_select).
            for select_id in (
                "filter-owner",
                "filter-agency",
                "filter-case",
                "filter-operation",
                "filter-meeting",
            ):
                yield SelectStandIn(PROMPTS[select_id], id=select_id)
            for field, hint in DATE_FIELDS.items():
                yield Input(placeholder=hint, id=field, classes="filter-date", compact=True)
        # The columns come with the first page, for the screen's width (LoadedTable).
        yield DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
        yield Static("Loading…", id="log-status")
        yield Footer()

    def _search_hint(self) -> str:
        """What the search box says it searches, whole at the screen's width."""
        return SEARCH_HINT if self.app.size.width >= SEARCH_HINT_FROM else SEARCH_HINT_SHORT

    @on(events.Resize)
    def _fit_search_hint(self) -> None:
        self.query_one("#filter-text", Input).placeholder = self._search_hint()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def _read_first_page(self) -> None:
        """The first page is asked for as the screen is built, not once it is mounted: read
        in its thread while the widgets are mounted and styled, it is in the table by the
        screen's second frame instead of its fourth or fifth (issue 13 item 10)."""
        from spp_tui.db.services.actions import ActionFilter

        self.filt = ActionFilter(
            status=self.initial["status"],
            owner_id=self.initial["owner_id"],
            agency_id=self.initial["agency_id"],
            case_id=self.initial["case_id"],
            operation=self.initial["operation"],
            meeting_id=self.initial["meeting_id"],
            overdue_on=self.today if self.overdue else None,
            text=self.initial["text"],
        )
        # No loading cover on the table (#log-status says "Loading…"): a covered table has no
        # width, so its first page was filled and drawn twice, once more after the fit.
        self.when_db_ready(self._start)

    def _start(self) -> None:
        self.reload()

    def _options_after_page(self) -> None:
        """The filter lists' choices are read once the first page is on screen: read with
        it, their query and the frame that shows them came before the page (about 30 ms of
        the 10,000-action log's opening); the lists stand in until then, and a list opened
        sooner is filled when they come (``_show_options``)."""
        if not self._options_asked:
            self._options_asked = True
            self.call_after_refresh(self._load_options)

    # --- loading -------------------------------------------------------------------------

    @on(SelectStandIn.Wanted)
    async def _stand_in_wanted(self, event: SelectStandIn.Wanted) -> None:
        select = await self.filter_select(event.stand_in.id or "")
        select.focus()
        if event.expand:
            select.action_show_overlay()

    def store_replayed(self) -> None:
        """Edits kept while the store was away are written: read again."""
        self.reload()

    def reload(self, offset: int = 0) -> None:
        """Fetch a page for the current filters (one query at a time: ``LoadedTable``)."""
        if self.filt is None:
            return
        self._requested_at = time.perf_counter()
        self.load_table(self.filt, offset, self.descending)

    def read_table(self, filt: ActionFilter, offset: int, descending: bool) -> ActionPage:
        from spp_tui.db.services import actions

        return actions.action_page(self.db, filt, PAGE_SIZE, offset, descending=descending)

    def table_failed(self, error: Exception) -> None:
        self.notify(f"The action log could not be read: {error}", severity="error", timeout=8)
        self._options_after_page()

    def table_loaded(self, page: ActionPage) -> None:
        self.page = page
        self._options_after_page()
        self.last_load_ms = (time.perf_counter() - self._requested_at) * 1000
        self._update_status()

    def fill_rows(self, page: ActionPage) -> None:
        self.query_one(DataTable).add_rows_at_once(self._rows(page))

    def _rows(self, page: ActionPage) -> Iterator[RowSpec]:
        narrow = self.narrow
        for row in page.rows:
            overdue = row.days_overdue(self.today)
            tail = (
                f"{row.due_on:%d %b %y}" if row.due_on else "none",
                status_cell(row.status),
                Text(f"{overdue}d", style="bold red") if overdue else "",
            )
            if narrow:
                yield (narrow_text(row), *tail), str(row.id), 2
                continue
            owner = row.owner_name or "no owner"
            cells = (row.reference, row.text, owner, row.agency_name, row.case_reference)
            yield (*cells, *tail), str(row.id), 1

    def _update_status(self) -> None:
        page = self.page
        if page is None:
            return
        order = "latest due first" if self.descending else "soonest due first"
        if page.total == 0:
            text = "No actions match these filters (x clears them)."
        else:
            first, last = page.offset + 1, page.offset + len(page.rows)
            pages = (page.total + PAGE_SIZE - 1) // PAGE_SIZE
            number = page.offset // PAGE_SIZE + 1
            text = f"{first:,}–{last:,} of {page.total:,} · {order}"
            if pages > 1:
                text += f" · page {number} of {pages} ([ and ] turn pages)"
        self.query_one("#log-status", Static).update(text)
        self._update_title()

    def _update_title(self) -> None:
        parts = ["Action log"]
        if self.filt is not None:
            parts += self._describe_filters(self.filt)
        self.query_one("#log-title", Static).update(" · ".join(parts))

    # --- filters -------------------------------------------------------------------------

    def _set_filter(self, **changes: Any) -> None:
        assert self.filt is not None
        self.filt = replace(self.filt, **changes)
        self.reload()

    @on(Input.Changed, "#filter-text")
    def _text_changed(self, event: Input.Changed) -> None:
        if self.filt is not None and event.value != self.filt.text:
            self._set_filter(text=event.value)

    @on(Input.Changed, ".filter-date")
    def _date_changed(self, event: Input.Changed) -> None:
        """A whole date (or nothing) changes the filter; a half-typed one waits."""
        text = event.value.strip()
        day = whole_day(text) if text else None
        if text and day is None:
            return  # half typed ("30/04/20" is not yet 2020)
        field = "due_before" if event.input.id == "filter-due-before" else "raised_since"
        if self.filt is not None and getattr(self.filt, field) != day:
            self._set_filter(**{field: day})

    @on(Input.Submitted, "#filter-text")
    def _text_submitted(self) -> None:
        self.query_one(DataTable).focus()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        field = SELECT_FIELDS.get(event.select.id or "")
        if field is None or self.filt is None:
            return
        value = None if event.value is Select.NULL else event.value
        if getattr(self.filt, field) != value:
            self._set_filter(**{field: value})
        self.query_one(DataTable).focus()

    @on(Checkbox.Changed, "#filter-overdue")
    def _overdue_changed(self, event: Checkbox.Changed) -> None:
        self.overdue = event.value
        self._set_filter(overdue_on=self.today if event.value else None)

    def action_focus_search(self) -> None:
        self.query_one("#filter-text", Input).focus()

    async def action_open_filter(self, select_id: str) -> None:
        select = await self.filter_select(select_id)
        select.focus()
        select.action_show_overlay()

    def action_toggle_overdue(self) -> None:
        box = self.query_one("#filter-overdue", Checkbox)
        box.value = not box.value

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.reload()

    def action_clear_filters(self) -> None:
        from spp_tui.db.services.actions import ActionFilter

        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            self.query_one("#filter-text", Input).value = ""
            for field in DATE_FIELDS:
                self.query_one(f"#{field}", Input).value = ""
            for select_id in SELECT_FIELDS:
                shown = self.query_one(f"#{select_id}")
                if isinstance(shown, Select):
                    shown.clear()
                else:
                    assert isinstance(shown, SelectStandIn)
                    shown.show(None)
            self.query_one("#filter-overdue", Checkbox).value = False
        self.overdue = False
        self.filt = ActionFilter()
        self.reload()

    def action_page(self, step: int) -> None:
        if self.page is None:
            return
        offset = self.page.offset + step * PAGE_SIZE
        if offset < 0 or offset >= self.page.total:
            self.notify("That is the last page." if step > 0 else "That is the first page.")
            return
        self.reload(offset)

    # --- opening an action ------------------------------------------------------------

    def selected_action_id(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0))
        return int(row_key.value) if row_key.value else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_action()

    def action_open_action(self) -> None:
        action_id = self.selected_action_id()
        if action_id is None:
            return
        from spp_tui.dialogs.action_history import ActionHistoryScreen

        self.app.push_screen(ActionHistoryScreen(action_id, today=self.today))

    def action_back(self) -> None:
        table = self.query_one(DataTable)
        if not table.has_focus:
            table.focus()
            return
        self.app.pop_screen()
