"""The dashboard: the annual report's figures on screen, a year at a time.

Why: the partnership asks for these figures every year; the chair and the secretariat want to
see them before writing the report. They come from the same service and the same sections as
the Word report (``exports.report_sections``), so the screen and the document never disagree;
this screen only lays them out (tables, bars, a sparkline of case discussions by month).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Sparkline, Static

from spp_tui.dialogs.door import ServiceDoor
from spp_tui.vocabulary import MeetingKind
from spp_tui.widgets.bars import Bars
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import DataTable

if TYPE_CHECKING:
    from spp_tui.db.services.annual_report import ReportFigures
    from spp_tui.exports.report_sections import ReportSection, ReportTable

#: The series the dashboard cycles through (None: every meeting).
SERIES: tuple[str | None, ...] = (None, MeetingKind.PSG, MeetingKind.YOUTH_PSG)


class DashboardScreen(ServiceDoor, Screen[None]):  # type: ignore[misc]  # ServiceDoor types app
    """A year's figures: meetings, case discussions, referrals, closures, interventions, hot
    spots, youth, actions, attendance, each compared with the year before."""

    HELP_TITLE = "Dashboard"
    AUTO_FOCUS = "#dashboard-body"
    DEFAULT_CSS = """
    DashboardScreen #dashboard-body {
        height: 1fr;
        padding: 0 1;
    }
    DashboardScreen .dashboard-heading {
        text-style: bold;
        color: $accent;
        margin-top: 1;
    }
    DashboardScreen .dashboard-label {
        text-style: bold;
    }
    DashboardScreen DataTable {
        height: auto;
        max-height: 14;
        margin-bottom: 1;
    }
    DashboardScreen Sparkline {
        height: 2;
        margin-bottom: 1;
    }
    """
    BINDINGS = [
        Binding("left_square_bracket", "year(-1)", "Year before", id="dashboard.previous_year"),
        Binding("right_square_bracket", "year(1)", "Year after", id="dashboard.next_year"),
        Binding("s", "next_series", "Series", id="dashboard.series"),
        Binding("w", "write_report", "Word report", id="dashboard.write_report"),
        Binding("escape", "back", "Back", id="dashboard.back"),
    ]

    def __init__(self, year: int | None = None, series: str | None = None) -> None:
        super().__init__()
        self.year = year
        self.series = series
        #: What is on screen: the figures and the sections drawn from them.
        self.figures: ReportFigures | None = None
        self.sections: list[ReportSection] = []
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Static("Dashboard", id="dashboard-title", classes="screen-title")
        yield VerticalScroll(Static("Counting…"), id="dashboard-body")
        yield Footer()

    def on_mount(self) -> None:
        self.when_db_ready(self.reload)

    def reload(self) -> None:
        self._generation += 1
        self._load(self._generation, self.year, self.series)

    @work(thread=True, exclusive=True, group="dashboard")
    def _load(self, generation: int, year: int | None, series: str | None) -> None:
        from spp_tui.db.services.annual_report import comparison, latest_held_year, report_figures
        from spp_tui.exports.report_sections import report_sections

        if year is None:
            year = latest_held_year(self.db) or dt.date.today().year
        figures = report_figures(self.db, dt.date(year, 1, 1), dt.date(year, 12, 31), series)
        before = comparison(self.db, figures)
        sections = report_sections(figures, before)
        self.app.call_from_thread(self._show, generation, year, figures, before, sections)

    def _show(
        self,
        generation: int,
        year: int,
        figures: ReportFigures,
        before: ReportFigures | None,
        sections: list[ReportSection],
    ) -> None:
        if generation != self._generation:
            return
        self.year, self.figures, self.sections = year, figures, sections
        who = self.series or "All meetings"
        compared = f"compared with {before.start.year}" if before else "no year before"
        self.query_one("#dashboard-title", Static).update(
            Text(f"Dashboard · {who} · {year} ({compared})")
        )
        widgets: list[Widget] = [
            Static(
                f"Case discussions by month, January to December {year}", classes="dashboard-label"
            ),
            Sparkline(list(figures.discussions_by_month.values()), id="discussions-by-month"),
        ]
        for section in sections:
            widgets += _section_widgets(section)
        self._draw(widgets)

    @work(exclusive=True, group="dashboard-draw")
    async def _draw(self, widgets: list[Widget]) -> None:
        """Replace what the body shows (a newer draw cancels this one)."""
        body = self.query_one("#dashboard-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(widgets)
        body.scroll_home(animate=False)

    # --- actions ---------------------------------------------------------------------

    def action_year(self, step: int) -> None:
        if self.year is None:
            return
        self.year += step
        self.reload()

    def action_next_series(self) -> None:
        self.series = SERIES[(SERIES.index(self.series) + 1) % len(SERIES)]
        self.reload()

    def action_write_report(self) -> None:
        if self.figures is None:
            self.notify("Still counting; try again in a moment.")
            return
        self._write(self.figures.start, self.figures.end, self.series)

    @work(thread=True, group="dashboard-write")
    def _write(self, start: dt.date, end: dt.date, series: str | None) -> None:
        from spp_tui.errors import UserError
        from spp_tui.exports.annual_report import export_report

        try:
            path = export_report(self.db, start, end, series=series)
        except UserError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Annual report written: {path}", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self):  # noqa: ANN201 - generator of SystemCommand
        yield SystemCommand(
            "Dashboard: year before", "The figures of the year before", lambda: self.action_year(-1)
        )
        yield SystemCommand(
            "Dashboard: year after", "The figures of the year after", lambda: self.action_year(1)
        )
        yield SystemCommand(
            "Dashboard: series", "All meetings, PSG, Youth PSG", self.action_next_series
        )
        yield SystemCommand(
            "Dashboard: write the Word report",
            "The annual report of this year",
            self.action_write_report,
        )


def _section_widgets(section: ReportSection) -> list[Widget]:
    """Heading, narrative, tables and bars: what the Word report writes, on screen."""
    number = section.number
    widgets: list[Widget] = [
        Static(Text(f"{number}. {section.heading}"), classes="dashboard-heading"),
        Static(Text(section.narrative), id=f"narrative-{number}", classes="dashboard-narrative"),
    ]
    for index, table in enumerate(section.tables, start=1):
        if table.label:
            widgets.append(Static(Text(table.label), classes="dashboard-label"))
        widgets.append(_data_table(table, f"table-{number}-{index}"))
    chart = section.chart
    if chart is not None:
        widgets.append(Static(Text(chart.title), classes="dashboard-label dashboard-chart"))
        widgets.append(
            Bars(chart.categories, chart.series, stacked=chart.stacked, id=f"bars-{number}")
        )
    return widgets


def _data_table(table: ReportTable, widget_id: str) -> DataTable[str]:
    view: DataTable[str] = DataTable(
        id=widget_id, show_cursor=False, zebra_stripes=True, cursor_type="none"
    )
    view.can_focus = False
    for heading, _weight in table.columns:
        view.add_column(heading)
    for row in table.rows:
        view.add_row(*row)
    return view
