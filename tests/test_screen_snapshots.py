"""Snapshots of the screens around the meeting, small (80x24), projected (160x48) and between
(120x40: the action log and a case): home, a new meeting, the case list, a case and its audit
trail, the action log, an action's history, the minutes check and its "item not taken", an
unlock's reason, "changed elsewhere", help, the command palette and the file that cannot be
opened (issue 13 "must show"). Time is frozen in London; each waits for its data, never for a
fixed time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

import pytest
import time_machine
from app_pilot import home_ready, open_first_meeting, settle, still_cursors, type_text, workers_done
from textual.pilot import Pilot
from textual.widgets.option_list import Option

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


async def _operation_filter(pilot: Pilot) -> None:
    """p on the case list: the operations to filter by, open over the cases."""
    from textual.widgets import Select

    await _case_list(pilot)
    await pilot.press("p")
    await settle(pilot, lambda: pilot.app.screen.query_one("#case-operation", Select).expanded)


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


async def _open_meeting(pilot: Pilot, *keys: str) -> None:
    """From home, the meeting ``keys`` move to (none: the first), open."""
    await home_ready(pilot)
    await pilot.press(*keys, "enter")
    await settle(pilot, lambda: getattr(pilot.app.screen, "meeting", None) is not None)
    await workers_done(pilot.app)


async def _check_opened(pilot: Pilot) -> None:
    await pilot.press("f7")
    await settle(
        pilot,
        lambda: _screen(pilot, "ReadinessScreen") and not pilot.app.screen.workers,
    )


async def _minutes_check(pilot: Pilot) -> None:
    """F7 on the March PSG (minutes draft, the second meeting on the list)."""
    await _open_meeting(pilot, "down")
    await _check_opened(pilot)


async def _toast_gone(pilot: Pilot, words: str) -> None:
    """Wait for the toast that says ``words`` (it comes from the save lane), then clear it:
    a dialog opened next shows the screen beneath through its backdrop, toast and all,
    caught at a different moment of its life on a loaded machine."""
    await settle(pilot, lambda: any(words in n.message for n in pilot.app._notifications))
    pilot.app.clear_notifications()
    await pilot.pause()


async def _item_not_taken(pilot: Pilot) -> None:
    """The April PSG started and ended at once (items 2 to 9 never opened), F7, x on the
    first gap: why the item was not taken."""
    await _open_meeting(pilot)
    screen = pilot.app.screen
    await pilot.press("ctrl+s")
    await _toast_gone(pilot, "Meeting started")
    await pilot.press("ctrl+f")
    await settle(pilot, lambda: _screen(pilot, "ConfirmDialog"))
    await pilot.press("y")
    await _toast_gone(pilot, "marked held")
    await settle(pilot, lambda: pilot.app.screen is screen and screen.meeting.status == "held")
    await _check_opened(pilot)
    await pilot.press("x")
    await settle(pilot, lambda: _screen(pilot, "ItemMarkDialog"))


async def _unlock(pilot: Pilot) -> None:
    """The palette's unlock on the 7 February PSG (minutes approved): the reason asked for."""
    await _open_meeting(pilot, "down", "down", "down")
    await _palette_search(pilot, "unlock", lambda options: bool(options))
    await pilot.press("enter")
    await settle(pilot, lambda: _screen(pilot, "UnlockDialog"))


async def _changed_elsewhere(pilot: Pilot) -> None:
    """AOB notes written in another window while the chair types hers: asked, not lost."""
    from spp_tui.db.services import meetings
    from spp_tui.panels.aob import AobPanel

    await open_first_meeting(pilot)
    meeting_id = pilot.app.screen.meeting_id
    await pilot.press("escape", "8")
    await settle(pilot, lambda: bool(pilot.app.screen.query(AobPanel)))
    meetings.update_meeting(pilot.app.db, meeting_id, aob_notes="From the other window")
    await type_text(pilot, "Mine")
    pilot.app.screen.query_one(AobPanel).flush()
    await settle(pilot, lambda: _screen(pilot, "StaleEditDialog"))


async def _audit_trail(pilot: Pilot) -> None:
    """t on the oldest case: who changed what, and when. The demo's entries carry the hour
    the demo was built and this machine's account: set to one of each, so the picture is the
    same on every machine."""
    from sqlmodel import update

    from spp_tui.db.models import AuditEntry

    await home_ready(pilot)
    with pilot.app.db.write() as session:
        session.exec(
            update(AuditEntry).values(at=dt.datetime(2023, 3, 31, 15, tzinfo=dt.UTC), user="jsmith")
        )
    await _case(pilot)
    await pilot.press("t")
    await settle(pilot, lambda: _screen(pilot, "AuditTrailScreen"))


async def _help(pilot: Pilot) -> None:
    await open_first_meeting(pilot)
    await pilot.press("escape", "f1")
    await settle(pilot, lambda: _screen(pilot, "HelpScreen"))


async def _palette_search(pilot: Pilot, words: str, found: Callable[[list[Option]], bool]) -> None:
    """Ctrl+P, ``words`` typed; waits until the hits are ``found`` and the search is done."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await settle(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await type_text(pilot, words)
    palette = pilot.app.screen
    commands = palette.query_one(CommandList)
    await settle(
        pilot,
        lambda: found(commands.options) and not palette.workers and not palette._show_busy,
    )


async def _palette(pilot: Pilot) -> None:
    """The palette's search: an operation's name finds its cases."""
    await home_ready(pilot)
    await _palette_search(
        pilot, "jetfire", lambda options: any("PSG-2022-002" in str(o.prompt) for o in options)
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
        _case_of("case_list_120x40", MEDIUM, _case_list),
        _case_of("case_list_160x48", PROJECTED, _case_list),
        _case_of("operation_filter_80x24", SMALL, _operation_filter),
        _case_of("operation_filter_160x48", PROJECTED, _operation_filter),
        _case_of("case_80x24", SMALL, _case),
        _case_of("case_120x40", MEDIUM, _case),
        _case_of("case_160x48", PROJECTED, _case),
        _case_of("action_log_80x24", SMALL, _action_log),
        _case_of("action_log_120x40", MEDIUM, _action_log),
        _case_of("action_log_160x48", PROJECTED, _action_log),
        _case_of("action_history_80x24", SMALL, _action_history),
        _case_of("audit_trail_80x24", SMALL, _audit_trail),
        _case_of("audit_trail_160x48", PROJECTED, _audit_trail),
        _case_of("minutes_check_80x24", SMALL, _minutes_check),
        _case_of("minutes_check_160x48", PROJECTED, _minutes_check),
        _case_of("item_not_taken_80x24", SMALL, _item_not_taken),
        _case_of("item_not_taken_160x48", PROJECTED, _item_not_taken),
        _case_of("unlock_80x24", SMALL, _unlock),
        _case_of("unlock_160x48", PROJECTED, _unlock),
        _case_of("changed_elsewhere_80x24", SMALL, _changed_elsewhere),
        _case_of("changed_elsewhere_160x48", PROJECTED, _changed_elsewhere),
        _case_of("help_160x48", PROJECTED, _help),
        _case_of("palette_80x24", SMALL, _palette),
        _case_of("palette_160x48", PROJECTED, _palette),
    ],
)
def test_screen_snapshot(snap_compare, demo_db_path, size, run_before) -> None:
    with time_machine.travel(MEETING_MORNING_LONDON, tick=False):
        app = create_app(str(demo_db_path))

        async def shown(pilot: Pilot) -> None:
            await run_before(pilot)
            await workers_done(pilot.app)
            pilot.app.clear_notifications()
            await still_cursors(pilot)

        assert snap_compare(app, terminal_size=size, run_before=shown)


@pytest.mark.parametrize("size", [SMALL, PROJECTED], ids=["80x24", "160x48"])
def test_cannot_open_snapshot(snap_compare, tmp_path, monkeypatch, size) -> None:
    """A file that is not a database: one plain line, and q quits. Named from the folder it
    is in, so the picture does not hold the test's own temporary folder."""
    (tmp_path / "notes.sqlite3").write_text("these are my notes, not a database\n" * 20)
    monkeypatch.chdir(tmp_path)
    app = create_app("notes.sqlite3")

    async def shown(pilot: Pilot) -> None:
        await settle(pilot, lambda: _screen(pilot, "ErrorScreen"))

    assert snap_compare(app, terminal_size=size, run_before=shown)
