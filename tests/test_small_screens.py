"""No column the chair needs is cut at 80x24 or 120x40 (issue 13 item 9): the action log, a
case's timeline and an action's history change their columns as the terminal is resized,
and keep the row in hand."""

from __future__ import annotations

import time_machine
from app_pilot import MEETING_MORNING, home_ready, settle
from textual.widgets.data_table import ColumnKey

from spp_tui.app import create_app
from spp_tui.screens.action_log import ActionLogScreen
from spp_tui.widgets.lists import DataTable


def _headings(app) -> list[str]:  # noqa: ANN001
    table = app.screen.query_one(DataTable)
    return [str(column.label) for column in table.columns.values()]


def _fits(app) -> bool:  # noqa: ANN001
    """Every column ends inside the table (none is off its right edge)."""
    table = app.screen.query_one(DataTable)
    used = sum(c.get_render_width(table) for c in table.columns.values())
    return used <= table.size.width


async def test_action_log_columns_follow_the_terminal_width(demo_db_path) -> None:
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(160, 48)) as pilot:
            await home_ready(pilot)
            await pilot.press("a")
            await settle(
                pilot,
                lambda: isinstance(app.screen, ActionLogScreen) and app.screen.page is not None,
            )
            screen = app.screen
            assert _headings(app)[:3] == ["Ref", "Action", "Owner"] and _fits(app)
            await pilot.press("down", "down")
            chosen = screen.selected_action_id()
            for size in ((120, 40), (80, 24)):
                await pilot.resize_terminal(*size)
                await settle(pilot, lambda: _headings(app)[0] == "Action")
                assert _headings(app) == ["Action", "Due", "Status", "Overdue"], size
                assert _fits(app), size
                search = screen.query_one("#filter-text")
                hint = search.placeholder
                assert hint.startswith("/ search") and len(hint) < search.content_size.width
                assert screen.selected_action_id() == chosen
                table = screen.query_one(DataTable)
                text = table.get_cell_at(table.cursor_coordinate).plain
                row = next(r for r in screen.page.rows if r.id == chosen)
                assert text.startswith(row.text[:20]) and row.reference in text
            await pilot.resize_terminal(160, 48)
            await settle(pilot, lambda: _headings(app)[0] == "Ref")
            assert _fits(app) and screen.selected_action_id() == chosen
            assert "action text, reference" in screen.query_one("#filter-text").placeholder
            # Its history at 80 columns: every column inside the dialog, the note wraps.
            await pilot.resize_terminal(80, 24)
            await settle(pilot, lambda: _headings(app)[0] == "Action")
            await pilot.press("enter")
            await settle(pilot, lambda: getattr(app.screen, "story", None) is not None)
            await settle(pilot, lambda: _fits(app))
            assert _headings(app) == ["Date", "Meeting", "Status", "Note"]
            note = app.screen.query_one(DataTable).columns[ColumnKey("note")]
            assert note.get_render_width(app.screen.query_one(DataTable)) >= 20


async def test_case_timeline_puts_details_under_what_happened_at_80_columns(demo_db_path) -> None:
    from spp_tui.screens.case_screen import CaseScreen

    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await home_ready(pilot)
            await pilot.press("c")
            await settle(pilot, lambda: getattr(app.screen, "table_data", None) is not None)
            await pilot.press("ctrl+end", "enter")
            await settle(
                pilot,
                lambda: isinstance(app.screen, CaseScreen) and app.screen.timeline is not None,
            )
            assert _headings(app) == ["Date", "", "What"] and _fits(app)
            screen = app.screen
            table = screen.query_one(DataTable)
            for n, event in enumerate(screen.timeline.events):
                what = table.get_row_at(n)[2].plain
                assert " ".join(event.detail.split()) in what and event.meeting_label in what
            await pilot.resize_terminal(160, 48)
            await settle(pilot, lambda: len(_headings(app)) == 5)
            assert _fits(app)
