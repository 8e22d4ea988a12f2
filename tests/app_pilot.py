"""Helpers for driving the whole app with Pilot (shared by the app, home and meeting tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.pilot import Pilot

#: The demo's scheduled PSG (Tuesday 4 April 2023), 09:58 in London = 08:58 UTC (BST).
MEETING_MORNING = dt.datetime(2023, 4, 4, 8, 58, tzinfo=dt.UTC)


async def settle(pilot: Pilot, until: Callable[[], bool], tries: int = 100) -> None:
    """Let workers and messages run until ``until()`` holds (no sleeping on the clock)."""
    for _ in range(tries):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if until():
            return
    raise AssertionError("the app never reached the expected state")


async def home_ready(pilot: Pilot) -> None:
    from spp_tui.screens.home import HomeScreen

    await settle(
        pilot,
        lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.data is not None,
    )


async def open_first_meeting(pilot: Pilot) -> None:
    """From home, open the highlighted (first) meeting and wait for its agenda."""
    from spp_tui.screens.meeting import MeetingScreen

    await home_ready(pilot)
    await pilot.press("enter")
    await settle(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, MeetingScreen) and pilot.app.screen.meeting is not None
        ),
    )
    await pilot.pause()


async def still_cursors(pilot: Pilot) -> None:
    """Stop the text cursors blinking (the focused field's shows steadily): a snapshot taken a
    blink later on a loaded machine would catch it hidden and differ from the one stored."""
    for screen in pilot.app.screen_stack:
        for field in screen.query("Input, TextArea"):
            field.cursor_blink = False
    await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)
