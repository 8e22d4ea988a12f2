"""No column the chair needs is cut at 80x24 or 120x40 (issue 13 item 9): the action log, a
case's timeline and an action's history change their columns as the terminal is resized,
and keep the row in hand."""

from __future__ import annotations

import re

import pytest
import time_machine
from app_pilot import MEETING_MORNING, home_ready, open_from_home, settle
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.widgets.data_table import ColumnKey

from spp_tui.app import create_app
from spp_tui.screens.action_log import ActionLogScreen
from spp_tui.widgets.lists import DataTable
from spp_tui.widgets.safe_text import visible
from spp_tui.widgets.screen_mask import screen_text


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
            screen = await open_from_home(pilot, "a", ActionLogScreen, lambda s: s.page is not None)
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


def _flat(text: str) -> str:
    """The screen's text with its lines joined (a strip line may wrap)."""
    return " ".join(text.split())


@pytest.mark.slow  # three terminal sizes, each a refill of the list (about 5 s)
async def test_case_list_keeps_the_essentials_and_shows_the_highlighted_case_whole(
    demo_db_path,
) -> None:
    """At 80x24 and 120x40 the list keeps reference, title, risk and status (a title too long
    is shortened at a word, never mid-word) and the strip under it has the highlighted case's
    location, ward and category whole; at 160x48 every column is there, none cut (a long
    title wraps)."""
    from spp_tui.screens.case_list import CaseListScreen

    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_from_home(pilot, "c", CaseListScreen, lambda s: s.cases)
            for size in ((80, 24), (120, 40)):
                await pilot.resize_terminal(*size)
                await settle(pilot, lambda: _fits(app))
                assert _headings(app) == ["Ref", "Title", "Risk", "Status"], size
                table = screen.query_one(DataTable)
                for n, case in enumerate(screen.cases):
                    title = table.get_row_at(n)[1]
                    assert title == case.title or (
                        title.endswith("…") and case.title.startswith(title[:-1] + " ")
                    ), (size, title)
            await pilot.resize_terminal(80, 24)
            await settle(pilot, lambda: _fits(app))
            # The case whose location is longest, highlighted: all of it is on the screen.
            longest = max(screen.cases, key=lambda c: len(c.location))
            assert len(longest.location) > 20  # (longer than the old column)
            table = screen.query_one(DataTable)
            table.move_cursor(row=screen.cases.index(longest))
            await settle(pilot, lambda: screen.highlighted_case() == longest)
            shown = _flat(screen_text(app))
            assert f"Location: {longest.location} · Ward: {longest.ward}" in shown
            assert f"Category: {longest.category} · Operation:" in shown
            assert _flat(longest.title) in shown
            # Moving the cursor moves the strip; Enter still opens the case in hand.
            await pilot.press("down")
            other = screen.highlighted_case()
            assert other is not None and other != longest
            await settle(pilot, lambda: f"Location: {other.location}" in _flat(screen_text(app)))
            await pilot.resize_terminal(160, 48)
            await settle(pilot, lambda: len(_headings(app)) == 8 and _fits(app))
            for n, case in enumerate(screen.cases):
                row = table.get_row_at(n)
                assert row[5:] == [case.location, case.ward, case.category]
                assert " ".join(row[1].split()) == case.title  # wrapped, not cut
            await pilot.press("enter")
            await settle(pilot, lambda: type(app.screen).__name__ == "CaseScreen")
            assert app.screen.case_id == other.id


@given(text=st.text(), width=st.integers(1, 60))
def test_a_shortened_cell_is_the_start_of_its_text_and_fits(text: str, width: int) -> None:
    from spp_tui.screens.case_list import shorten

    short = shorten(text, width)
    assert short == text or (
        cell_len(short) <= width and short.endswith("…") and text.startswith(short[:-1])
    )


@given(text=st.text(), width=st.integers(2, 60))
def test_a_wrapped_title_keeps_its_words_in_two_lines(text: str, width: int) -> None:
    from spp_tui.screens.case_list import title_lines

    lines = title_lines(text, width, 2)
    assert 1 <= len(lines) <= 2 and all(cell_len(line) <= width for line in lines)
    words = visible(" ".join(re.split(r"[ \t\n]+", text.strip(" \t\n"))))
    if not any(line.endswith("…") for line in lines):  # nothing left out unless it says so
        assert " ".join(lines) == words
    assert words.startswith(lines[0].removesuffix("…"))
