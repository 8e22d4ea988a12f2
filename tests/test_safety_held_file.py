"""Never frozen: while another process holds the write lock (a backup, a second instance),
saves wait off the UI thread, the screen stays live and says so, nothing typed is lost, and
everything is stored once the file is free. A full disk is retried the same way."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import time_machine
from app_pilot import MEETING_MORNING, open_first_meeting, settle, type_text, until
from textual.pilot import Pilot

from spp_tui.app import create_app
from spp_tui.db.services import cases, meetings
from spp_tui.errors import DISK_FULL, DiskFullError
from spp_tui.panels.aob import AobPanel
from spp_tui.panels.case import CasePanel
from spp_tui.widgets import save_lane
from spp_tui.widgets.save_lane import lane_of


@contextmanager
def held_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding SQLite's write lock, as a backup or a second spp-tui does."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("COMMIT")
        other.close()


def toasts(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def start_on_case_item(pilot: Pilot) -> CasePanel:
    app = pilot.app
    await open_first_meeting(pilot)
    screen = app.screen
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("escape", "6")
    await settle(pilot, lambda: isinstance(screen.panel, CasePanel))
    panel = screen.panel
    await settle(pilot, lambda: panel.case is not None)
    return panel


async def test_saves_wait_for_a_held_file_and_the_screen_stays_live(demo_db, demo_db_path) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            panel = await start_on_case_item(pilot)
            screen = app.screen
            discussion_id, case_id = panel.discussion.id, panel.case.id
            with held_lock(demo_db_path):
                panel.query_one("#case-summary").focus()
                await type_text(pilot, "Held summary")
                # Leave the item: the summary and the move both wait for the file.
                await pilot.press("escape", "8")
                await until(pilot, lambda: isinstance(screen.panel, AobPanel))
                aob = screen.panel
                await until(pilot, lambda: aob.query_one("#aob-notes").has_focus)
                await type_text(pilot, "Held AOB")
                await pilot.press("escape", "9")  # leave AOB too
                await until(pilot, lambda: screen.current_item.position == 9)
                lane = lane_of(app)
                assert lane.busy() and lane.state == save_lane.WAIT
                assert save_lane.WAITING in toasts(app)  # the screen says so
                # The UI is live: keys still move the focus while the saves wait.
                before = app.focused
                await pilot.press("tab")
                await until(pilot, lambda: app.focused is not before)
                await pilot.press("shift+tab")
                await until(pilot, lambda: app.focused is before)
                # Nothing has reached the file yet: the lock really is held.
                assert meetings.get_meeting(demo_db, meeting_id).aob_notes == ""
            # The other process lets go: everything typed is stored, in order.
            await until(pilot, lambda: not lane.busy())
            assert lane.state == "" and save_lane.WAITING not in toasts(app)
            meeting = meetings.get_meeting(demo_db, meeting_id)
            assert meeting.aob_notes == "Held AOB"
            said = {d.id: d.summary for d, _m in cases.case_discussions(demo_db, case_id)}
            assert said[discussion_id] == "Held summary"
            assert meetings.get_meeting(demo_db, meeting_id).current_item_id == (
                screen.current_item.id
            )
            assert app.contained_failures == []


async def test_quitting_with_a_save_waiting_waits_for_the_file(demo_db, demo_db_path) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await pilot.press("escape", "8")
            await settle(pilot, lambda: isinstance(screen.panel, AobPanel))
            await settle(pilot, lambda: screen.panel.query_one("#aob-notes").has_focus)
            with held_lock(demo_db_path):
                await type_text(pilot, "Typed then quit")
                await pilot.press("ctrl+q")  # before the pause after the last key
                await until(pilot, lambda: lane_of(app).busy())
                assert app.is_running  # it waits, and says so
                assert any(
                    t.startswith("Closing as soon as your text is saved") for t in toasts(app)
                )
                assert meetings.get_meeting(demo_db, meeting_id).aob_notes == ""
            await until(pilot, lambda: not app.is_running)
    assert meetings.get_meeting(demo_db, meeting_id).aob_notes == "Typed then quit"


async def test_a_save_on_a_full_disk_is_retried_once_there_is_space(
    demo_db, demo_db_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spp_tui.panels import aob as aob_module

    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    real_save = aob_module.save_aob_notes
    disk = {"full": True, "tries": 0}

    def save_on_a_full_disk(db, *args):  # noqa: ANN001, ANN202
        disk["tries"] += 1
        if disk["full"]:
            raise DiskFullError(DISK_FULL)
        return real_save(db, *args)

    monkeypatch.setattr(aob_module, "save_aob_notes", save_on_a_full_disk)
    monkeypatch.setattr(save_lane, "DISK_RETRY_SECONDS", 0.01)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await pilot.press("escape", "8")
            await settle(pilot, lambda: isinstance(screen.panel, AobPanel))
            await settle(pilot, lambda: screen.panel.query_one("#aob-notes").has_focus)
            await type_text(pilot, "Kept through a full disk")
            await pilot.press("escape")  # leaving the notes saves them: the disk is full
            lane = lane_of(app)
            await until(pilot, lambda: lane.state == save_lane.DISK and disk["tries"] >= 3)
            assert any(t.startswith(DISK_FULL) for t in toasts(app))
            assert screen.panel.query_one("#aob-notes").text == "Kept through a full disk"
            assert meetings.get_meeting(demo_db, meeting_id).aob_notes == ""
            disk["full"] = False  # space is back: the next try stores it
            await until(pilot, lambda: not lane.busy())
            assert lane.state == ""
            assert meetings.get_meeting(demo_db, meeting_id).aob_notes == (
                "Kept through a full disk"
            )
            assert app.contained_failures == []


async def test_a_step_saving_directly_never_freezes_behind_a_held_file(
    demo_db, demo_db_path
) -> None:
    """The class, not the instance: any write on the UI thread that does not wait in the lane
    (here the minutes of a held meeting marked as draft from the palette; the one-offs wait:
    ``test_safety_kept_one_offs``, ``test_kept_live_steps``, ``test_kept_case_steps``) waits a
    blink at most and says the file is held; the same command works once it is free."""
    import datetime as dt

    from test_review_screen import open_meeting
    from textual.command import CommandList, CommandPalette

    from spp_tui.dialogs.door import HELD_NOT_SAVED

    meeting = meetings.create_meeting(demo_db, "PSG", dt.date(2023, 6, 20))
    meetings.start_meeting(demo_db, meeting.id)
    meetings.end_meeting(demo_db, meeting.id)

    def status() -> str:
        return meetings.get_meeting(demo_db, meeting.id).status

    async def draft_offered() -> None:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await type_text(pilot, "minutes mark as draft")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, CommandPalette)
                and app.screen.query_one(CommandList).option_count > 0
            ),
        )

    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(pilot, meeting.id)
        await draft_offered()
        with held_lock(demo_db_path):
            await pilot.press("enter")
            await until(pilot, lambda: HELD_NOT_SAVED in toasts(app))
            assert status() == "held"
        await draft_offered()
        await pilot.press("enter")  # the file is free: done
        await until(pilot, lambda: status() == "minutes draft")
