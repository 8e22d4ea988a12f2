"""Snapshots of the screens around the meeting, small (80x24), projected (160x48) and between
(120x40: the action log and a case): home, a new meeting, the case list, a case, the action
log, an action's history, the minutes check, help and the command palette (issue 13 "must
show"). Time is frozen in London; each waits for its data, never for a fixed time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

import pytest
import time_machine
from app_pilot import home_ready, open_first_meeting, settle, still_cursors, type_text
from textual.pilot import Pilot

from spp_tui.app import create_app

MEETING_MORNING_LONDON = dt.datetime(2023, 4, 4, 9, 58, tzinfo=ZoneInfo("Europe/London"))
SMALL, PROJECTED = (80, 24), (160, 48)
#: A projector's usual text size: the small-screen columns of the action log and the case.
MEDIUM = (120, 40)


def _screen(pilot: Pilot, name: str) -> bool:
    screen = pilot.app.screen
    return type(screen).__name__ == name and getattr(screen, "table_data", True) is not None


async def _home(pilot: Pilot) -> None:
    await home_ready(pilot)


async def _new_meeting(pilot: Pilot) -> None:
    await home_ready(pilot)
    await pilot.press("n")
    await settle(pilot, lambda: _screen(pilot, "NewMeetingDialog"))


async def _case_list(pilot: Pilot) -> None:
    await home_ready(pilot)
    await pilot.press("c")
    await settle(pilot, lambda: _screen(pilot, "CaseListScreen"))


async def _case(pilot: Pilot) -> None:
    """The oldest case (the last row): a year of meetings, actions and decisions."""
    await _case_list(pilot)
    await pilot.press("ctrl+end", "enter")
    await settle(pilot, lambda: _screen(pilot, "CaseScreen"))


async def _action_log(pilot: Pilot) -> None:
    await home_ready(pilot)
    await pilot.press("a")
    await settle(
        pilot,
        lambda: _screen(pilot, "ActionLogScreen") and pilot.app.screen.options is not None,
    )


async def _action_history(pilot: Pilot) -> None:
    """Enter on the log's first action: its history, the note whole at 80 columns."""
    await _action_log(pilot)
    await pilot.press("enter")
    await settle(pilot, lambda: _screen(pilot, "ActionHistoryScreen"))


async def _minutes_check(pilot: Pilot) -> None:
    """F7 on the March PSG (minutes draft, the second meeting on the list)."""
    await home_ready(pilot)
    await pilot.press("down", "enter")
    await settle(pilot, lambda: getattr(pilot.app.screen, "meeting", None) is not None)
    await pilot.app.workers.wait_for_complete()
    await pilot.press("f7")
    await settle(
        pilot,
        lambda: _screen(pilot, "ReadinessScreen") and not pilot.app.screen.workers,
    )


async def _help(pilot: Pilot) -> None:
    await open_first_meeting(pilot)
    await pilot.press("escape", "f1")
    await settle(pilot, lambda: _screen(pilot, "HelpScreen"))


async def _palette(pilot: Pilot) -> None:
    """The palette's search: an operation's name finds its cases."""
    from textual.command import CommandList, CommandPalette

    await home_ready(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await type_text(pilot, "jetfire")
    palette = pilot.app.screen
    commands = palette.query_one(CommandList)
    await settle(
        pilot,
        lambda: (
            any("PSG-2022-002" in str(option.prompt) for option in commands.options)
            and not palette.workers
            and not palette._show_busy
        ),
    )


def _case_of(name: str, size: tuple[int, int], run_before: Callable[[Pilot], Awaitable[None]]):
    return pytest.param(size, run_before, id=name)


@pytest.mark.parametrize(
    ("size", "run_before"),
    [
        _case_of("home_160x48", PROJECTED, _home),
        _case_of("new_meeting_80x24", SMALL, _new_meeting),
        _case_of("new_meeting_160x48", PROJECTED, _new_meeting),
        _case_of("case_list_80x24", SMALL, _case_list),
        _case_of("case_list_160x48", PROJECTED, _case_list),
        _case_of("case_80x24", SMALL, _case),
        _case_of("case_120x40", MEDIUM, _case),
        _case_of("case_160x48", PROJECTED, _case),
        _case_of("action_log_80x24", SMALL, _action_log),
        _case_of("action_log_120x40", MEDIUM, _action_log),
        _case_of("action_log_160x48", PROJECTED, _action_log),
        _case_of("action_history_80x24", SMALL, _action_history),
        _case_of("minutes_check_80x24", SMALL, _minutes_check),
        _case_of("help_160x48", PROJECTED, _help),
        _case_of("palette_80x24", SMALL, _palette),
    ],
)
def test_screen_snapshot(snap_compare, demo_db_path, size, run_before) -> None:
    with time_machine.travel(MEETING_MORNING_LONDON, tick=False):
        app = create_app(str(demo_db_path))

        async def shown(pilot: Pilot) -> None:
            await run_before(pilot)
            await pilot.app.workers.wait_for_complete()
            pilot.app.clear_notifications()
            await still_cursors(pilot)

        assert snap_compare(app, terminal_size=size, run_before=shown)
