"""Snapshots of what a person sees: home, the meeting screen small and projected, help.

Time is frozen (in London, where the demo partnership meets) so the clocks read the same on
every run and local-time displays do not depend on the machine.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from app_pilot import home_ready, open_first_meeting, type_text

from spp_tui.app import create_app
from spp_tui.widgets.agenda_list import AgendaList


async def _meeting_under_way(pilot) -> None:
    """Start the meeting, take attendance, spend 4m30s on the welcome (amber)."""
    await open_first_meeting(pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()
    for name in ("okafor", "whitfield", "ellison"):
        await type_text(pilot, name)
        await pilot.press("enter")
    await pilot.pause()
    await pilot.press("tab", "a")
    pilot.app.screen.query_one(AgendaList).focus()
    await pilot.pause()


#: 09:58 in London on the demo's meeting day; a ZoneInfo makes time-machine set the local zone.
MEETING_MORNING_LONDON = dt.datetime(2023, 4, 4, 9, 58, tzinfo=ZoneInfo("Europe/London"))


def _frozen():
    return time_machine.travel(MEETING_MORNING_LONDON, tick=False)


def test_home_snapshot(snap_compare, demo_db_path) -> None:
    with _frozen():
        app = create_app(str(demo_db_path))
        assert snap_compare(app, terminal_size=(80, 24), run_before=home_ready)


def test_meeting_screen_80x24_snapshot(snap_compare, demo_db_path) -> None:
    with _frozen() as clock:

        async def run_before(pilot) -> None:
            await _meeting_under_way(pilot)
            clock.shift(dt.timedelta(minutes=4, seconds=30))
            pilot.app.screen.query_one("ClocksBar").tick()
            pilot.app.clear_notifications()
            await pilot.pause()

        app = create_app(str(demo_db_path))
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_meeting_screen_160x48_light_snapshot(snap_compare, demo_db_path) -> None:
    with _frozen() as clock:

        async def run_before(pilot) -> None:
            await _meeting_under_way(pilot)
            clock.shift(dt.timedelta(minutes=6))  # past the 5 planned minutes: red
            await pilot.press("ctrl+t")
            pilot.app.screen.query_one("ClocksBar").tick()
            pilot.app.clear_notifications()
            await pilot.pause()

        app = create_app(str(demo_db_path))
        assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


def test_help_snapshot(snap_compare, demo_db_path) -> None:
    with _frozen():

        async def run_before(pilot) -> None:
            await open_first_meeting(pilot)
            pilot.app.screen.query_one(AgendaList).focus()
            await pilot.press("f1")
            await pilot.pause()

        app = create_app(str(demo_db_path))
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
