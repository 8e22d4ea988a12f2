"""The dashboard (d on home): the annual report's figures on screen, as a chair reaches them.

Every table on screen is read back and compared with the database counted independently (the
report test's own SQL), with the service, and with the Word report of the same year: one
source, so they may never disagree. Snapshots at 80x24 and 160x48.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from app_pilot import home_ready, settle
from export_reading import open_docx, table_rows
from test_annual_report import Independent

from spp_tui.app import create_app
from spp_tui.db.database import open_database
from spp_tui.db.services.annual_report import report_figures
from spp_tui.exports.annual_report import export_report
from spp_tui.exports.report_sections import report_sections

#: The demo's year (its last meeting held is in March 2023), seen in December in London.
LATER_THAT_YEAR = dt.datetime(2023, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
YEAR = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def _screen_tables(screen) -> list[list[list[str]]]:  # noqa: ANN001 - the dashboard
    """Every table on the dashboard, header row first, in screen order."""
    from textual.widgets import DataTable

    tables = []
    for view in screen.query(DataTable):
        header = [str(column.label) for column in view.columns.values()]
        rows = [[str(cell) for cell in view.get_row_at(i)] for i in range(view.row_count)]
        tables.append([header, *rows])
    return tables


def _as_counts(table: list[list[str]]) -> dict[str, int]:
    return {row[0]: int(row[1]) for row in table[1:] if row[0] != "none"}


def _drawn(screen) -> bool:  # noqa: ANN001 - the dashboard
    """The screen shows the sections it holds (the draw after a load has finished)."""
    shown = [str(s.render()) for s in screen.query(".dashboard-narrative")]
    return bool(screen.sections) and shown == [s.narrative for s in screen.sections]


async def _open_dashboard(pilot) -> None:  # noqa: ANN001
    from spp_tui.screens.dashboard import DashboardScreen

    await home_ready(pilot)
    await pilot.press("d")
    await settle(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, DashboardScreen)
            and pilot.app.screen.figures is not None
            and bool(pilot.app.screen.query("#table-9-1"))
        ),
    )


async def test_dashboard_shows_the_reports_figures(demo_db_path: Path, tmp_path: Path) -> None:
    figures = Independent(demo_db_path, *YEAR)
    assert figures.discussions > 0 and figures.raised > 0  # the year has something to show
    db = open_database(str(demo_db_path))
    service = report_figures(db, *YEAR)
    word = open_docx(export_report(db, *YEAR, tmp_path / "report.docx"))
    word_tables = [table_rows(t) for t in word.tables]  # every table of the report, in order
    word_charts = [
        dp.get("descr") for dp in word.element.body.iter(f"{{{WP}}}docPr")
    ]  # fmt: skip
    db.engine.dispose()

    with time_machine.travel(LATER_THAT_YEAR, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await _open_dashboard(pilot)
            screen = pilot.app.screen
            assert screen.year == 2023 and screen.figures == service
            tables = _screen_tables(screen)
            # The same tables as the Word report of the same year, cell for cell.
            assert tables == word_tables
            # And the same figures as the database, counted here.
            meetings, decisions, referrers, reasons, used = tables[:5]
            assert _as_counts(meetings) == figures.meetings
            assert _as_counts(decisions) == dict(figures.decisions)
            assert _as_counts(referrers) == dict(figures.referrers)
            assert _as_counts(reasons) == dict(figures.reasons)
            assert _as_counts(used) == dict(figures.interventions)
            actions = {row[0]: row[1:] for row in tables[8][1:]}
            assert [int(x) for x in actions.pop("All agencies")] == [
                figures.raised, figures.completed, figures.on_time, figures.overdue
            ]  # fmt: skip
            attendance = {row[0]: row[1:4] for row in tables[9][1:]}
            assert attendance == {
                name: [str(c["present"]), str(c["apologies"]), str(c["absent"])]
                for name, c in figures.attendance.items()
            }
            narratives = [str(s.render()) for s in screen.query(".dashboard-narrative")]
            assert narratives == [s.narrative for s in report_sections(service, None)]
            assert f"a total of {figures.discussions} case discussions" in narratives[1]
            # Bars for the report's charts, and the sparkline over the year's months.
            titles = [str(s.render()) for s in screen.query(".dashboard-chart")]
            assert titles == word_charts and len(screen.query("Bars")) == len(word_charts) > 0
            sparkline = screen.query_one("#discussions-by-month")
            assert list(sparkline.data) == list(service.discussions_by_month.values())
            assert len(sparkline.data) == 12 and sum(sparkline.data) == figures.discussions

            await pilot.press("left_square_bracket")  # 2022: no meetings in the demo
            await settle(pilot, lambda: screen.figures.end.year == 2022 and _drawn(screen))
            assert screen.figures.meetings_held == 0
            assert str(screen.query_one("#narrative-1").render()) == "The group met 0 times."

            await pilot.press("right_square_bracket", "s")  # back to 2023, PSG only
            await settle(pilot, lambda: screen.figures.kinds[0] == "PSG" and _drawn(screen))
            assert screen.year == 2023
            youth = figures.meetings.get("Youth PSG", 0)
            assert (
                youth > 0 and screen.figures.meetings_held == sum(figures.meetings.values()) - youth
            )


async def test_dashboard_key_is_in_footer_help_and_palette(demo_db_path: Path) -> None:
    from spp_tui.screens.dashboard import DashboardScreen
    from spp_tui.widgets.footer import Footer

    app = create_app(str(demo_db_path))
    async with app.run_test(size=(160, 30)) as pilot:
        await home_ready(pilot)
        home = pilot.app.screen
        assert "Dashboard" in home.query_one(Footer).descriptions
        help_rows = dict(pilot.app.help_sections(home))["Meetings (home)"]
        assert ("d", "Dashboard") in help_rows
        assert "Dashboard" in [c.title for c in pilot.app.get_system_commands(home)]
        await _open_dashboard(pilot)
        dashboard = pilot.app.screen
        keys = dict(pilot.app.help_sections(dashboard))["Dashboard"]
        assert ("[", "Year before") in keys and ("w", "Word report") in keys
        # w writes the Word report of the year on screen: the same tables.
        from spp_tui.exports.annual_report import report_file_name
        from spp_tui.paths import documents_export_dir

        written = documents_export_dir() / report_file_name(*YEAR, None)
        assert not written.exists()
        await pilot.press("w")
        await settle(pilot, written.exists)
        word = [table_rows(t) for t in open_docx(written).tables]
        assert word == _screen_tables(dashboard)
        await pilot.press("escape")
        await settle(pilot, lambda: pilot.app.screen is home)
        assert not isinstance(pilot.app.screen, DashboardScreen)


def test_dashboard_80x24_snapshot(snap_compare, demo_db_path: Path) -> None:
    with time_machine.travel(LATER_THAT_YEAR, tick=False):
        app = create_app(str(demo_db_path))
        assert snap_compare(app, terminal_size=(80, 24), run_before=_open_dashboard)


def test_dashboard_160x48_snapshot(snap_compare, demo_db_path: Path) -> None:
    with time_machine.travel(LATER_THAT_YEAR, tick=False):

        async def run_before(pilot) -> None:  # noqa: ANN001
            await _open_dashboard(pilot)
            pilot.app.screen.query_one("#dashboard-body").scroll_to(y=60, animate=False)
            await pilot.pause()

        app = create_app(str(demo_db_path))
        assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)
