"""Home: meetings to hold first, a new meeting from sensible defaults, later screens."""

from __future__ import annotations

import datetime as dt

import time_machine
from app_pilot import home_ready, settle
from textual.widgets import DataTable

from spp_tui.app import create_app
from spp_tui.db.services import meetings
from spp_tui.dialogs.new_meeting import NewMeetingDialog, defaults_from, parse_time
from spp_tui.screens.home import HomeScreen, MeetingRow

DEMO_DAY = dt.datetime(2023, 3, 20, 9, 0, tzinfo=dt.UTC)


async def test_home_lists_meetings_to_hold_first(demo_db, demo_db_path) -> None:
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        table = app.screen.query_one(DataTable)
        shown = [table.get_row_at(n) for n in range(table.row_count)]
        expected = meetings.list_meetings(demo_db)
        assert len(shown) == len(expected)
        assert shown[0][2] == "scheduled" and shown[0][0] == "Tue 04 Apr 2023"
        assert [row[2] for row in shown[1:]] == [m.status for m in expected[1:]]
        dates = [m.date for m in expected[1:]]
        assert dates == sorted(dates, reverse=True)  # then the held ones, most recent first


async def test_new_meeting_defaults_come_from_the_last_meeting(demo_db, demo_db_path) -> None:
    before = {m.id for m in meetings.list_meetings(demo_db)}
    with time_machine.travel(DEMO_DAY, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await home_ready(pilot)
            await pilot.press("n")
            await settle(pilot, lambda: isinstance(app.screen, NewMeetingDialog))
            dialog = app.screen
            last = max(meetings.list_meetings(demo_db), key=lambda m: m.date)
            assert dialog.defaults.date == last.date + dt.timedelta(weeks=4)
            assert dialog.defaults.chair_id == last.chair_id
            assert dialog.defaults.minute_taker_id == last.minute_taker_id
            # Change the date as a chair would type it, then Enter.
            await pilot.press("ctrl+u", *"09/05/2023", "enter")
            await settle(
                pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.data is not None
            )
    created = [m for m in meetings.list_meetings(demo_db) if m.id not in before]
    assert len(created) == 1
    meeting = created[0]
    assert (meeting.date, meeting.kind, meeting.status) == (dt.date(2023, 5, 9), "PSG", "scheduled")
    assert meeting.chair_id == last.chair_id and meeting.venue == last.venue
    assert len(meetings.agenda(demo_db, meeting.id)) == 9


async def test_a_bad_date_in_the_new_meeting_dialog_saves_nothing(demo_db, demo_db_path) -> None:
    before = len(meetings.list_meetings(demo_db))
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, NewMeetingDialog))
        await pilot.press("ctrl+u", *"31/02/2023", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewMeetingDialog)
        assert str(app.screen.query_one("#form-error").render()).strip()
        await pilot.press("escape")
        await pilot.pause()
    assert len(meetings.list_meetings(demo_db)) == before


def test_defaults_never_fall_in_the_past() -> None:
    row = MeetingRow(
        1, "Youth PSG", dt.date(2023, 2, 21), dt.time(14, 0), "held", "Bayard Place", 3, "", 4
    )
    defaults = defaults_from([row], today=dt.date(2023, 6, 1))
    assert defaults.date >= dt.date(2023, 6, 1)
    assert (defaults.date - row.date).days % 28 == 0
    assert (defaults.kind, defaults.start, defaults.chair_id) == ("Youth PSG", dt.time(14, 0), 3)


def test_parse_time() -> None:
    assert parse_time("9:30") == dt.time(9, 30)
    assert parse_time("1400") == dt.time(14, 0)


async def test_every_home_key_opens_its_screen(db_path) -> None:
    """The home keys open the screens themselves (no "coming in a later release" fallback)."""
    from spp_tui.screens.action_log import ActionLogScreen
    from spp_tui.screens.case_list import CaseListScreen

    app = create_app(str(db_path))
    async with app.run_test() as pilot:
        await home_ready(pilot)
        for key, screen in (("a", ActionLogScreen), ("c", CaseListScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen)
            app.pop_screen()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_empty_database_says_how_to_start(db_path) -> None:
    app = create_app(str(db_path))
    async with app.run_test() as pilot:
        await home_ready(pilot)
        hint = str(app.screen.query_one("#home-hint").render())
        assert "Press n to create one" in hint
