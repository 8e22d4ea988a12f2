"""Helpers for driving the whole app with Pilot (shared by the app, home and meeting tests)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

#: The demo's scheduled PSG (Tuesday 4 April 2023), 09:58 in London = 08:58 UTC (BST).
MEETING_MORNING = dt.datetime(2023, 4, 4, 8, 58, tzinfo=dt.UTC)


#: Seconds a test lets the app take to reach a state once ``tries`` rounds have not been
#: enough: a loaded 2-core machine takes seconds where a quiet one takes milliseconds (save
#: lane threads, timers), and a bare count of rounds ran out there (flaky snapshots in CI).
PATIENCE = 60.0


async def workers_done(app: App[Any]) -> None:
    """Wait for the app's workers to end. A worker cancelled meanwhile (one of an exclusive
    group replaced by a newer one: a key pressed twice, a list reopened) is not a failure:
    Textual's ``wait_for_complete`` raises ``WorkerCancelled`` for it, which made the
    5,000-key monkey fail about one run in four."""
    try:
        await app.workers.wait_for_complete()
    except WorkerCancelled:
        await app.workers.wait_for_complete([w for w in app.workers if not w.is_cancelled])


async def settle(
    pilot: Pilot, until: Callable[[], bool], tries: int = 100, *, workers: bool = True
) -> None:
    """Let workers and messages run until ``until()`` holds: ``tries`` quick rounds, then
    rounds a hundredth of a second apart until ``PATIENCE`` has passed. ``workers=False``:
    without waiting for workers, for a test where one waits on purpose (the save lane behind
    a held write lock), which this would otherwise wait with."""
    give_up = time.monotonic() + PATIENCE
    rounds = 0
    while True:
        if workers:
            await workers_done(pilot.app)
        await pilot.pause(0.01 if rounds >= tries else None)
        if until():
            return
        rounds += 1
        if rounds >= tries and time.monotonic() > give_up:
            raise AssertionError("the app never reached the expected state")


async def until(pilot: Pilot, condition: Callable[[], bool], tries: int = 400) -> None:
    """``settle`` without waiting for workers (see there)."""
    await settle(pilot, condition, tries, workers=False)


async def home_ready(pilot: Pilot) -> None:
    from spp_tui.screens.home import HomeScreen

    await settle(
        pilot,
        lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.data is not None,
    )


async def open_from_home(
    pilot: Pilot, key: str, screen_type: type[Any], ready: Callable[[Any], object] | None = None
) -> Any:
    """From home, press ``key`` and wait for a ``screen_type`` screen (and for ``ready(it)`` to
    hold, e.g. its first page read); returns it."""
    await home_ready(pilot)
    await pilot.press(key)

    def shown() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, screen_type) and (ready is None or bool(ready(screen)))

    await settle(pilot, shown)
    return pilot.app.screen


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
