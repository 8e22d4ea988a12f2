"""Every case, filtered by status, risk, category, operation and ward, or searched by
reference, title or location; Enter opens the case with its history."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import Static

from spp_tui.dialogs.door import ServiceDoor
from spp_tui.dialogs.loaded_table import LoadedTable
from spp_tui.vocabulary import CaseCategory, CaseStatus, Risk
from spp_tui.widgets.fields import Input
from spp_tui.widgets.filter_select import fill_filter
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import DataTable, Select
from spp_tui.widgets.rag import risk_cell

if TYPE_CHECKING:
    from spp_tui.db.models import Case
    from spp_tui.db.services.cases import CaseChoices, CaseFilter

#: The most cases one list shows; narrower filters find the rest.
LIST_LIMIT = 500

STATUS_CHOICES = [(s.value, s.value) for s in CaseStatus]
RISK_CHOICES = [(r.value, r.value) for r in Risk]
CATEGORY_CHOICES = [(c.value, c.value) for c in CaseCategory]

SELECT_FIELDS = {
    "case-status": "status",
    "case-risk": "risk",
    "case-category": "category",
    "case-operation": "operation",
    "case-ward": "ward",
}


class CaseListScreen(LoadedTable["list[Case]"], ServiceDoor, Screen[None]):  # type: ignore[misc]  # ServiceDoor types app
    """The cases, newest reference first."""

    AUTO_FOCUS = "#case-table"
    HELP_TITLE = "Cases"
    FIT_COLUMN = "title"
    FIT_MINIMUM = 30
    DEFAULT_CSS = """
    CaseListScreen .filter-row {
        height: 1;
        margin: 0 1;
    }
    CaseListScreen .filter-row > * {
        margin-right: 1;
        width: 1fr;
    }
    CaseListScreen #case-text {
        width: 2fr;
    }
    CaseListScreen #case-table {
        height: 1fr;
    }
    CaseListScreen #case-count {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="case_list.search"),
        Binding("s", "open_filter('case-status')", "Status", id="case_list.filter_status"),
        Binding("k", "open_filter('case-risk')", "Risk", id="case_list.filter_risk"),
        Binding("t", "open_filter('case-category')", "Category", id="case_list.filter_category"),
        Binding("p", "open_filter('case-operation')", "Operation", id="case_list.filter_operation"),
        Binding("w", "open_filter('case-ward')", "Ward", id="case_list.filter_ward"),
        Binding("x", "clear_filters", "Clear", id="case_list.clear"),
        Binding("enter", "open_case", "Open", id="case_list.open", show=False),
        Binding("escape", "back", "Back", id="case_list.back"),
    ]

    def __init__(self, **initial: str) -> None:
        super().__init__()
        self.initial = initial
        self.filt: CaseFilter | None = None
        self.cases: list[Case] = []

    def compose(self) -> ComposeResult:
        yield Static("Cases", id="case-title", classes="screen-title")
        with Horizontal(classes="filter-row"):
            yield Input(
                placeholder="/ search: reference, title, location",
                id="case-text",
                compact=True,
            )
            yield Select(STATUS_CHOICES, prompt="Any status", id="case-status", compact=True)
            yield Select(RISK_CHOICES, prompt="Any risk", id="case-risk", compact=True)
        with Horizontal(classes="filter-row"):
            yield Select(CATEGORY_CHOICES, prompt="Any category", id="case-category", compact=True)
            yield Select([], prompt="Any operation", id="case-operation", compact=True)
            yield Select([], prompt="Any ward", id="case-ward", compact=True)
        table: DataTable[str | Text] = DataTable(
            id="case-table", cursor_type="row", zebra_stripes=True
        )
        table.add_column("Ref", key="ref", width=12)
        table.add_column("Title", key="title", width=40)
        table.add_column("Risk", key="risk", width=8)
        table.add_column("Status", key="status", width=10)
        table.add_column("Review", key="review", width=9)
        table.add_column("Location", key="location", width=20)
        table.add_column("Ward", key="ward", width=8)
        table.add_column("Category", key="category", width=14)
        yield table
        yield Static("Loading…", id="case-count")
        yield Footer()

    def on_mount(self) -> None:
        from spp_tui.db.services.cases import CaseFilter

        self.filt = CaseFilter(**self.initial)
        with self.prevent(Select.Changed):
            for select_id, field in SELECT_FIELDS.items():
                value = self.initial.get(field)
                if value and select_id in ("case-status", "case-risk", "case-category"):
                    self.query_one(f"#{select_id}", Select).value = value
        table = self.query_one(DataTable)
        table.loading = True
        table.focus()
        self.when_db_ready(self._start)

    def _start(self) -> None:
        self._load_choices()
        self.reload()

    @work(thread=True, exclusive=True, group="case-list-choices")
    def _load_choices(self) -> None:
        from spp_tui.db.services import cases

        choices = cases.case_choices(self.db)
        self.app.call_from_thread(self._show_choices, choices)

    def _show_choices(self, choices: CaseChoices) -> None:
        for select_id, values in (
            ("case-operation", choices.operations),
            ("case-ward", choices.wards),
        ):
            select = self.query_one(f"#{select_id}", Select)
            fill_filter(
                select, [(v, v) for v in values], self.initial.get(SELECT_FIELDS[select_id])
            )

    def store_replayed(self) -> None:
        """Edits kept while the store was away are written: read again."""
        self.reload()

    def reload(self) -> None:
        if self.filt is None:
            return
        self.load_table(self.filt)

    def read_table(self, filt: CaseFilter) -> list[Case]:
        from spp_tui.db.services import cases

        return cases.list_cases(self.db, filt, limit=LIST_LIMIT)

    def table_loaded(self, found: list[Case]) -> None:
        self.cases = found
        if not found:
            count = "No cases match these filters (x clears them)."
        elif len(found) >= LIST_LIMIT:
            count = f"The first {LIST_LIMIT} cases: narrow the filters to find the others."
        else:
            count = f"{len(found)} case{'s' if len(found) != 1 else ''}"
        self.query_one("#case-count", Static).update(count)

    def fill_rows(self, found: list[Case]) -> None:
        table = self.query_one(DataTable)
        for case in found:
            table.add_row(
                case.reference,
                case.title,
                risk_cell(case.risk),
                case.status,
                f"{case.next_review_on:%d %b %y}" if case.next_review_on else "",
                case.location,
                case.ward,
                case.category,
                key=str(case.id),
            )

    # --- filters -------------------------------------------------------------------------

    @on(Input.Changed, "#case-text")
    def _text_changed(self, event: Input.Changed) -> None:
        assert self.filt is not None
        self.filt = replace(self.filt, text=event.value)
        self.reload()

    @on(Input.Submitted, "#case-text")
    def _text_submitted(self) -> None:
        self.query_one(DataTable).focus()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        field = SELECT_FIELDS.get(event.select.id or "")
        if field is None or self.filt is None:
            return
        value: Any = None if event.value is Select.NULL else event.value
        self.filt = replace(self.filt, **{field: value})
        self.reload()
        self.query_one(DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#case-text", Input).focus()

    def action_open_filter(self, select_id: str) -> None:
        select = self.query_one(f"#{select_id}", Select)
        select.focus()
        select.action_show_overlay()

    def action_clear_filters(self) -> None:
        from spp_tui.db.services.cases import CaseFilter

        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#case-text", Input).value = ""
            for select_id in SELECT_FIELDS:
                self.query_one(f"#{select_id}", Select).clear()
        self.filt = CaseFilter()
        self.reload()

    # --- opening a case --------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_case()

    def action_open_case(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        row_key, _ = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0))
        if row_key.value is None:
            return
        from spp_tui.screens.case_screen import CaseScreen

        self.app.push_screen(CaseScreen(int(row_key.value)))

    def action_back(self) -> None:
        table = self.query_one(DataTable)
        if not table.has_focus:
            table.focus()
            return
        self.app.pop_screen()
