"""One-off steps (a new action from the dialog, an attendance mark) are never refused for want
of the store: while another process holds the file they wait in the save lane, while the server
is unreachable in the app's queue and its journal; either way a toast says they are kept, and
they are stored exactly once, in the order they were made, when the store is back (or at the
next start after quitting offline). Issue 12 item 4, issue 15 item 4."""

from __future__ import annotations

import shutil

import pytest
import time_machine
from app_pilot import MEETING_MORNING, open_first_meeting, settle, type_text
from sqlmodel import col, select
from test_safety_held_file import held_lock, toasts, until
from test_store_outage import _banner, _server_back, _server_switch
from textual.pilot import Pilot

from spp_tui.app import create_app
from spp_tui.db.database import Database, open_database
from spp_tui.db.models import AuditEntry, CaseDiscussion
from spp_tui.db.services import actions, meetings
from spp_tui.db.services.actions import ActionFilter
from spp_tui.dialogs.door import KEPT_FOR_FILE, KEPT_FOR_SERVER
from spp_tui.widgets.save_lane import lane_of

ACTION = "Kept dialog action"
#: What the store holds after an outage: the mark and the action, in the order they were made.
KEPT = {"Tom Okafor": "apologies"}
IN_ORDER = ["action create", "attendance update"]


async def mark_present(pilot: Pilot, name: str) -> None:
    """Item 1: type part of a name in the attendance search, Enter marks them present."""
    await type_text(pilot, name)
    await pilot.press("enter")
    await pilot.pause()


async def type_action(pilot: Pilot) -> None:
    """F2 (a general action from item 1), then the action, its owner and its due date."""
    from spp_tui.dialogs.action import ActionDialog

    await pilot.press("f2")
    await until(pilot, lambda: isinstance(pilot.app.screen, ActionDialog))
    await type_text(pilot, ACTION)
    await pilot.press("tab", *"dalton", "tab", *"+2w")
    await pilot.pause()


async def save_action(pilot: Pilot, screen: object) -> None:
    """Enter: the dialog closes (kept, not refused)."""
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is screen)


def last_audit(db: Database) -> int:
    with db.read() as s:
        return max(s.exec(select(col(AuditEntry.id))).all())


def stored(
    db: Database, meeting_id: int, since: int
) -> tuple[dict[str, str], list[str], list[str]]:
    """(the attendance, the kept actions' texts, what the store took since the audit entry
    ``since``, in order)."""
    marked = {r.name: r.status for r in meetings.attendance(db, meeting_id)}
    made = [a.text for a in actions.list_actions(db, ActionFilter(text=ACTION))]
    with db.read() as s:
        entries = s.exec(
            select(AuditEntry)
            .where(col(AuditEntry.id) > since)
            .where(col(AuditEntry.entity).in_(["attendance", "action"]))
            .order_by(col(AuditEntry.id))
        ).all()
    return marked, made, [f"{e.entity} {e.operation}" for e in entries]


def marks(db: Database) -> int:
    """How many replayed one-offs are marked written in the store (``spp_tui.db.once``)."""
    from spp_tui.db.models import Setting
    from spp_tui.db.once import WRITTEN_PREFIX

    with db.read() as s:
        keys = s.exec(select(col(Setting.key))).all()
    return sum(key.startswith(WRITTEN_PREFIX) for key in keys)


async def mark_apologies(pilot: Pilot) -> None:
    """Item 1: into the attendance list (the last added is highlighted), ``a``."""
    await pilot.press("tab", "a")
    await pilot.pause()


async def test_one_offs_made_while_the_file_is_held_are_stored_once_in_order(
    demo_db, demo_db_path
) -> None:  # noqa: ANN001
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    since = last_audit(demo_db)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            lane = lane_of(app)
            with held_lock(demo_db_path):
                await mark_present(pilot, "okafor")
                await until(pilot, lane.busy)
                assert f"Tom Okafor present: {KEPT_FOR_FILE}." in toasts(app)
                await type_action(pilot)
                await save_action(pilot, screen)
                assert any(t.endswith(f"{KEPT_FOR_FILE}.") and ACTION in t for t in toasts(app))
                assert stored(demo_db, meeting_id, since) == ({}, [], [])  # the lock is held
            await until(pilot, lambda: not lane.busy())
            assert any(t.startswith("Action A-2023-") for t in toasts(app))
            assert app.contained_failures == []
    assert stored(demo_db, meeting_id, since) == (
        {"Tom Okafor": "present"},
        [ACTION],
        ["attendance create", "action create"],
    )
    assert marks(demo_db) == 0  # saved from memory, never replayed: no mark left behind


async def test_one_offs_made_while_the_server_is_unreachable_are_stored_once_in_order(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    db = open_database(url)
    meeting_id = meetings.resolve_meeting(db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(url)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await mark_present(pilot, "okafor")  # stored: the server is there
            since = last_audit(db)
            await type_action(pilot)
            stop()  # the server goes while the dialog is open
            await save_action(pilot, screen)
            await settle(pilot, lambda: app.outage.offline and bool(app.outage.queue))
            assert any(t.endswith(f"{KEPT_FOR_SERVER}.") and ACTION in t for t in toasts(app))
            await mark_apologies(pilot)
            assert _said(app, f"Tom Okafor: apologies: {KEPT_FOR_SERVER}.")
            assert len(app.outage.queue) == 2
            assert "2 edits waiting" in _banner(app)
            journal = app.outage.journal.path
            assert len(journal.read_text(encoding="utf-8").splitlines()) == 2
            await _server_back(pilot, restart)
            assert _said(app, "server back: 2 edit(s) typed meanwhile are written.")
            assert not journal.exists() and app.is_running
    try:
        assert stored(db, meeting_id, since) == (KEPT, [ACTION], IN_ORDER)
        assert marks(db) == 2  # replayed from the queue: each marked written once
    finally:
        db.dispose()


@pytest.mark.slow  # three starts of the app on a server (about 10 s on the shared machine)
async def test_one_offs_kept_when_quitting_offline_are_written_once_at_the_next_start(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    other = open_database(url)
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(url)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await mark_present(pilot, "okafor")
            since = last_audit(other)
            await type_action(pilot)
            stop()
            await save_action(pilot, screen)
            await mark_apologies(pilot)
            await settle(pilot, lambda: len(app.outage.queue) == 2)
            await pilot.press("ctrl+q", "ctrl+q")  # said once, then quit: the journal keeps them
            await pilot.pause()
        journal = app.outage.journal.path
        assert "2 edits not yet saved" in (app.outage.said_on_quit or "")
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 2
    left = journal.with_suffix(".copy")
    shutil.copyfile(journal, left)  # as a crash between the writes and the journal's rewrite
    restart()
    for _start in range(2):  # the next start writes them; a replay of the same lines does not
        with time_machine.travel(MEETING_MORNING, tick=False):
            app = create_app(url)
            async with app.run_test(size=(120, 40)) as pilot:
                await settle(pilot, lambda a=app: a.outage is not None and not a.outage.queue)
                assert app.contained_failures == []
        assert not journal.exists()
        shutil.copyfile(left, journal)
    journal.unlink()
    db = open_database(url)
    try:
        meeting_id = meetings.resolve_meeting(db, "2023-04-04").id
        assert stored(db, meeting_id, since) == (KEPT, [ACTION], IN_ORDER)
    finally:
        db.dispose()
        other.dispose()


def _said(app, words: str) -> bool:  # noqa: ANN001
    return words in toasts(app)


async def test_a_stale_edit_decided_later_does_not_hold_the_edits_behind_it(
    demo_db, demo_db_path
) -> None:  # noqa: ANN001
    """Esc ("later") on the changed-elsewhere question keeps that record's queued edit in the
    journal for the next start; the one-off behind it is written now."""
    import datetime as dt

    from spp_tui.db.edit_journal import EditJournal, QueuedEdit
    from spp_tui.db.services import cases, directory

    meeting = meetings.resolve_meeting(demo_db, "2023-04-04")
    entry = cases.meeting_cases(demo_db, meeting.id)[0]
    d = entry.discussion
    mine = QueuedEdit("discussion", d.id, {"decisions": "Mine"}, d.version, entry.case.reference)
    owner = directory.search_people(demo_db, "dalton")[0].id
    args = {"text": ACTION, "owner_id": owner, "due_on": dt.date(2023, 5, 2), "case_id": None}
    args |= {"meeting_id": meeting.id, "owner_agency_id": None}
    behind = QueuedEdit.one_off("new_action", 0, args, "New action")
    journal = EditJournal.for_store(str(demo_db_path))  # left by a run that quit offline
    journal.append(mine)
    journal.append(behind)
    cases.update_discussion(demo_db, d.id, decisions="Theirs")  # another laptop, meanwhile
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, lambda: bool(app.screen.query("#choice-k")))
            await pilot.press("escape")  # decide later
            outage = app.outage
            await settle(pilot, lambda: not outage.replaying and len(outage.queue) == 1)
            assert outage.queue == [mine] and not outage.holding
            assert any(
                t.startswith(f"1 edit(s) of {entry.case.reference} kept") for t in toasts(app)
            )
            made = [a.text for a in actions.list_actions(demo_db, ActionFilter(text=ACTION))]
            assert made == [ACTION]  # written, not held behind the stale edit
    assert journal.edits() == [mine]  # asked again at the next start
    with demo_db.read() as s:
        assert s.get(CaseDiscussion, d.id).decisions == "Theirs"


async def test_outcomes_recorded_while_the_file_is_held_are_stored_once_in_order(
    demo_db, demo_db_path
) -> None:  # noqa: ANN001
    """Item 4: two outcomes recorded with one key each while the file is held; the review
    moves on as usual, and both are stored once the file is free, in the order recorded."""
    from textual.widgets import DataTable

    from spp_tui.db.models import ActionUpdate
    from spp_tui.panels.action_review import ActionReviewPanel

    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await pilot.press("escape", "4")
            await until(pilot, lambda: isinstance(screen.panel, ActionReviewPanel))
            panel = screen.panel
            await settle(pilot, lambda: panel.current_action_id() is not None)
            panel.query_one(DataTable).focus()
            await pilot.pause()
            lane = lane_of(app)
            recorded = []
            with held_lock(demo_db_path):
                for key in ("c", "x"):
                    recorded.append(panel.current_action_id())
                    await pilot.press(key)
                    await until(pilot, lambda: panel.current_action_id() != recorded[-1])
                assert lane.busy()
                assert sum(t.endswith(f"{KEPT_FOR_FILE}.") for t in toasts(app)) == 2
            await until(pilot, lambda: not lane.busy())
            assert app.contained_failures == []
    with demo_db.read() as s:
        updates = s.exec(
            select(ActionUpdate)
            .where(col(ActionUpdate.meeting_id) == meeting_id)
            .order_by(col(ActionUpdate.id))
        ).all()
    assert [(u.action_id, u.new_status) for u in updates] == [
        (recorded[0], "complete"),
        (recorded[1], "not possible"),
    ]


async def test_a_party_and_the_next_meeting_made_while_the_file_is_held_are_stored_once(
    demo_db, demo_db_path
) -> None:  # noqa: ANN001
    import datetime as dt

    from test_safety_held_file import start_on_case_item

    from spp_tui.db.services import cases

    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            panel = await start_on_case_item(pilot)
            screen = app.screen
            case_id = panel.case.id
            before = len(cases.parties(demo_db, [case_id]))
            lane = lane_of(app)
            with held_lock(demo_db_path):
                panel.query_one("#case-party-name").focus()
                await pilot.pause()
                await type_text(pilot, "Mr A Resident")
                await pilot.press("enter")
                await until(pilot, lane.busy)
                assert any(t.startswith("Party Mr A Resident") for t in toasts(app))
                await pilot.press("escape", "9")  # Enter alone: four weeks on
                await until(pilot, lambda: screen.current_item.kind == "next meeting")
                await pilot.press("enter")
                await until(pilot, lambda: "Next meeting scheduled" in " ".join(toasts(app)))
                assert any(t.endswith(f"{KEPT_FOR_FILE}.") for t in toasts(app))
                assert meetings.get_meeting(demo_db, meeting_id).next_meeting_id is None
            await until(pilot, lambda: not lane.busy())
            assert app.contained_failures == []
    names = [p.name for p in cases.parties(demo_db, [case_id])]
    assert names.count("Mr A Resident") == 1 and len(names) == before + 1
    following = meetings.get_meeting(demo_db, meeting_id).next_meeting_id
    assert meetings.get_meeting(demo_db, following).date == dt.date(2023, 5, 2)


async def test_quitting_with_a_one_off_waiting_for_the_file_waits_for_it(
    demo_db, demo_db_path
) -> None:  # noqa: ANN001
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await type_action(pilot)
            with held_lock(demo_db_path):
                await save_action(pilot, screen)
                await pilot.press("ctrl+q")
                await until(pilot, lambda: lane_of(app).busy())
                assert app.is_running  # it waits, and says so
                assert any(
                    t.startswith("Closing as soon as your text is saved") for t in toasts(app)
                )
                assert actions.list_actions(demo_db, ActionFilter(text=ACTION)) == []
            await until(pilot, lambda: not app.is_running)
    assert [a.text for a in actions.list_actions(demo_db, ActionFilter(text=ACTION))] == [ACTION]
