"""Every case, filtered by status, risk, category, operation and ward, or searched by
reference, title or location; Enter opens the case with its history.

No column is cut off at 80x24 or 120x40 (issue 13 item 9): below ``NARROW_BELOW`` columns the
table keeps reference, title, risk (the word) and status, and a strip under it gives the
highlighted case whole in three lines: title; location, ward; category, operation, review.
(Details under every title fitted only four cases to a screen; one strip keeps a dozen.)
Wide, location, ward and category are sized from what they hold and a long title wraps to a
second line. A cell still too long is shortened at a word, with "…", never mid-word: the
strip has it whole."""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets.data_table import ColumnKey

from spp_tui.dialogs.door import ServiceDoor
from spp_tui.dialogs.loaded_table import LoadedTable
from spp_tui.vocabulary import CaseCategory, CaseStatus, Risk
from spp_tui.widgets.fields import Input
from spp_tui.widgets.filter_select import fill_filter
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import DataTable, Select
from spp_tui.widgets.rag import risk_cell
from spp_tui.widgets.safe_text import visible
from spp_tui.widgets.table_fit import fit_column

if TYPE_CHECKING:
    from spp_tui.db.models import Case
    from spp_tui.db.services.cases import CaseChoices, CaseFilter

#: The most cases one list shows; narrower filters find the rest.
LIST_LIMIT = 500

STATUS_CHOICES = [(s.value, s.value) for s in CaseStatus]
RISK_CHOICES = [(r.value, r.value) for r in Risk]
CATEGORY_CHOICES = [(c.value, c.value) for c in CaseCategory]

#: (heading, key, width); the title takes the width the others leave.
COLUMNS = (
    ("Ref", "ref", 12),
    ("Title", "title", 0),
    ("Risk", "risk", 9),  # " not set " whole
    ("Status", "status", 10),
    ("Review", "review", 9),
    ("Location", "location", 8),
    ("Ward", "ward", 4),
    ("Category", "category", 8),
)
#: Below NARROW_BELOW columns: what the chair needs in the row; the rest is in the strip.
NARROW_COLUMNS = COLUMNS[:4]
NARROW_BELOW = 150
#: Columns sized from what they hold (wide), and the most any of them takes.
CONTENT_SIZED = ("location", "ward", "category")
CONTENT_MAX = 30
#: Wide, a title wraps to this many lines (narrow: one, shortened; the strip has it whole).
TITLE_LINES_WIDE = 2

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
    COLUMNS = COLUMNS
    NARROW_COLUMNS = NARROW_COLUMNS
    NARROW_BELOW = NARROW_BELOW
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
    CaseListScreen #case-detail {
        height: auto;
        max-height: 5;  /* three lines, more only for a case with very long text */
        padding: 0 1;
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
        yield DataTable(id="case-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="case-detail", markup=False)
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
        self.set_columns()
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
        self._show_detail()

    def fill_rows(self, found: list[Case]) -> None:
        table = self.query_one(DataTable)
        wide = not self.narrow
        if wide:
            for key in CONTENT_SIZED:
                column = table.columns[ColumnKey(key)]
                longest = max((cell_len(getattr(case, key)) for case in found), default=0)
                column.width = max(len(column.label), min(CONTENT_MAX, longest))
            fit_column(table, "title", self.size.width, self.FIT_MINIMUM)
        widths = {key.value: column.width for key, column in table.columns.items()}
        for case in found:
            title = title_lines(case.title, widths["title"], TITLE_LINES_WIDE if wide else 1)
            cells: list[str | Text] = [
                case.reference,
                "\n".join(title),
                risk_cell(case.risk),
                case.status,
            ]
            if wide:
                cells += [
                    _review(case),
                    *(shorten(getattr(case, key), widths[key]) for key in CONTENT_SIZED),
                ]
            table.add_row(*cells, key=str(case.id), height=len(title))

    # --- the highlighted case, whole -------------------------------------------------------

    @on(DataTable.RowHighlighted, "#case-table")
    def _row_highlighted(self) -> None:
        self._show_detail()

    def highlighted_case(self) -> Case | None:
        """The case under the cursor (None while the list is empty)."""
        table = self.query_one(DataTable)
        if table.row_count == 0 or not self.cases:
            return None
        row_key, _ = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0))
        return next((c for c in self.cases if str(c.id) == row_key.value), None)

    def _show_detail(self) -> None:
        case = self.highlighted_case()
        self.query_one("#case-detail", Static).update(
            Text(case_detail(case)) if case is not None else ""
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


def _review(case: Case) -> str:
    return f"{case.next_review_on:%d %b %y}" if case.next_review_on else ""


def shorten(text: str, width: int) -> str:
    """``text`` whole if it fits in ``width`` cells, else up to the last whole word that fits and
    "…": a cell is never cut mid-word (one word longer than the cell is cut, with "…")."""
    if cell_len(text) <= width:
        return text
    cut = text[: max(width - 1, 0)]
    while cell_len(cut) > width - 1:  # (a character two cells wide, as in Chinese)
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:/-") + "…"


def title_lines(title: str, width: int, most: int) -> list[str]:
    """``title`` wrapped at words to ``width``, in at most ``most`` lines: a line that does
    not all fit (the last, or one word wider than the cell) is shortened with "…"."""
    # Only spaces, tabs and newlines part words; every other control character stays, shown.
    words = visible(" ".join(re.split(r"[ \t\n]+", title.strip(" \t\n"))))
    lines = textwrap.wrap(words, max(width, 1), break_long_words=False, break_on_hyphens=False)
    lines = lines or [""]
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return [shorten(line, width) for line in lines]  # (a word longer than the cell)


def case_detail(case: Case) -> str:
    """The strip under the list: the highlighted case whole, as plain text (the table may
    have shortened or left out any of it); an empty field reads "not set"."""
    lines = [f"{visible(case.reference)}  {visible(case.title)}"]
    for fields in (
        (("Location", case.location), ("Ward", case.ward)),
        (("Category", case.category), ("Operation", case.operation), ("Review", _review(case))),
    ):
        lines.append(" · ".join(f"{name}: {visible(value) or 'not set'}" for name, value in fields))
    return "\n".join(lines)
