"""Issue 12's list, each item its own test where no other test holds it: ordinary data that
crashed the app (two general actions at item 4; an action with ``[/]`` in it, on the item
the meeting resumes on), a case title that was an action when clicked, and a key byte that
is not UTF-8. The class tests are ``test_safety_hostile_walk`` and ``test_safety_terminal``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from app_pilot import MEETING_MORNING, home_ready, open_first_meeting, settle
from textual.widgets import DataTable

from spp_tui.app import create_app
from spp_tui.db.database import open_database
from spp_tui.db.services import actions, cases, directory, meetings


def _add(path: Path, change) -> None:  # noqa: ANN001
    """Make a change through the services, as another window would, then let go."""
    db = open_database(str(path))
    try:
        change(db)
    finally:
        db.dispose()


def _general_actions(*texts: str):  # noqa: ANN202
    """Open actions with no case, raised at the March PSG, owned by the first person."""

    def add(db) -> None:  # noqa: ANN001
        march = meetings.resolve_meeting(db, "2023-03-07")
        owner = directory.list_people(db)[0].id
        for text in texts:
            actions.create_action(db, text, owner, dt.date(2023, 3, 30), meeting_id=march.id)

    return add


def _rows(app) -> list[tuple[str, str]]:  # noqa: ANN001
    """The action review's rows: (key, the row's text)."""
    table = app.screen.query_one(DataTable)
    return [
        (str(key.value), " ".join(str(cell) for cell in table.get_row(key))) for key in table.rows
    ]


async def _item_4(pilot, wanted: str) -> None:  # noqa: ANN001
    await pilot.press("escape", "4")
    await settle(pilot, lambda: any(wanted in text for _, text in _rows(pilot.app)))


async def test_two_open_general_actions_are_both_listed_under_one_general_heading(
    demo_db_path: Path,
) -> None:
    """Was: ``DuplicateKey`` in the review's table, the app gone."""
    _add(demo_db_path, _general_actions("Book the hall for June", "Write to the landlord"))
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(140, 45)) as pilot:
            await open_first_meeting(pilot)
            await pilot.press("ctrl+s")
            await _item_4(pilot, "Write to the landlord")
            rows = _rows(app)
            assert [key for key, _ in rows].count("case-None") == 1, rows
            assert any("Book the hall for June" in text for _, text in rows)
            assert app.is_running and app.contained_failures == []


def _in_a_table(app, text: str) -> bool:  # noqa: ANN001
    return any(
        text in str(cell)
        for table in app.screen.query(DataTable)
        for key in table.rows
        for cell in table.get_row(key)
    )


async def _open_meeting_then_action_log(path: Path, text: str, *, start: bool) -> None:
    app = create_app(str(path))
    async with app.run_test(size=(140, 45)) as pilot:
        await open_first_meeting(pilot)
        if start:
            await pilot.press("ctrl+s")
            await _item_4(pilot, text)  # the meeting is left on item 4
        else:
            await settle(pilot, lambda: _in_a_table(app, text))
            assert app.screen.current_item.position == 4
        await pilot.press("ctrl+l")
        await home_ready(pilot)
        await pilot.press("a")  # the action log
        await settle(pilot, lambda: _in_a_table(app, text))
        assert app.is_running and app.contained_failures == []


@pytest.mark.slow  # the app twice, each through a meeting and the action log: about 10 s
async def test_an_action_with_brackets_shows_and_the_meeting_reopens_on_its_item(
    demo_db_path: Path,
) -> None:
    """Was: ``MarkupError`` on item 4 and the action log; the meeting resumed on item 4, so it
    could never be opened again."""
    text = "Check lighting [/] and bins"
    _add(demo_db_path, _general_actions(text))
    with time_machine.travel(MEETING_MORNING, tick=False):
        await _open_meeting_then_action_log(demo_db_path, text, start=True)
        await _open_meeting_then_action_log(demo_db_path, text, start=False)


async def test_clicking_a_case_title_that_reads_as_an_action_does_nothing(
    demo_db_path: Path,
) -> None:
    """Was: a case titled ``x [@click=app.quit]y[/] z`` quit the app when clicked."""
    from test_safety_hostile_walk import _screen_lines

    def title(db) -> None:  # noqa: ANN001
        april = meetings.resolve_meeting(db, "2023-04-04")
        case = cases.meeting_cases(db, april.id)[0].case
        cases.update_case(db, case.id, title="x [@click=app.quit]y[/] z")

    _add(demo_db_path, title)
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(140, 45)) as pilot:
        await home_ready(pilot)
        await pilot.press("c")  # the case list, the title in it as typed
        await settle(pilot, lambda: any("y[/] z" in line for line in _screen_lines(app)))
        lines = _screen_lines(app)
        y = next(n for n, line in enumerate(lines) if "y[/] z" in line)
        x = lines[y].index("y[/] z")  # on the "y" the markup would have made a link
        await pilot.click(offset=(x, y))
        await pilot.click(offset=(x, y), times=2)
        await settle(pilot, lambda: True)
        assert app.is_running
        assert app.contained_failures == []


def test_a_key_byte_that_is_not_utf8_is_read_as_a_replacement_character() -> None:
    """Was: one byte that is not UTF-8 (a £ from a Latin-1 terminal) ended the app; the
    driver's decoder now replaces it (the real terminal: ``test_safety_terminal``)."""
    from textual.drivers import linux_driver

    from spp_tui.failures import tolerate_undecodable_input

    tolerate_undecodable_input()
    decoder = linux_driver.getincrementaldecoder("utf-8")()
    assert decoder.decode(b"\xa3 and \xc2\xa3") == "\ufffd and £"
