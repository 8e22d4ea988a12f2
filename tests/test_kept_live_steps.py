"""What a chair does live while the server is down (start the meeting, a guest for one case,
someone leaving, a row removed, someone new added, a case moved, end the meeting) is kept,
shown on screen meanwhile, and written once, in order, at the moment each key was pressed when
the server is back; the screens then show the record as stored. While the file is held the
same steps wait in the save lane. Issue 15 item 4, issue 12 item 4."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from app_pilot import MEETING_MORNING, open_first_meeting, settle, type_text
from test_safety_held_file import held_lock, toasts, until
from test_safety_kept_one_offs import mark_present, marks
from test_store_outage import _server_back, _server_switch
from textual.pilot import Pilot

from spp_tui.app import create_app
from spp_tui.db.database import Database, open_database
from spp_tui.db.services import cases, directory, meetings
from spp_tui.dialogs.door import KEPT_FOR_FILE, KEPT_FOR_SERVER
from spp_tui.widgets.lists import DataTable
from spp_tui.widgets.save_lane import lane_of

LEFT_AFTER = dt.timedelta(minutes=20)
ENDED_AFTER = dt.timedelta(minutes=95)


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.replace(tzinfo=moment.tzinfo or dt.UTC)


def kept(app, what: str, where: str = KEPT_FOR_SERVER) -> bool:  # noqa: ANN001
    return f"{what}: {where}." in toasts(app)


async def on_row(pilot: Pilot, name: str) -> None:
    """Into the attendance table, on ``name``'s line."""
    panel = pilot.app.screen.panel
    table = panel.query_one(DataTable)
    table.focus()
    table.move_cursor(row=next(n for n, r in enumerate(panel.rows) if r.name == name))
    await pilot.pause()


async def new_person(pilot: Pilot, name: str, agency: str) -> None:
    """Ctrl+O: the new person's name, agency and role, Enter."""
    await pilot.press("ctrl+o")
    await settle(pilot, lambda: type(pilot.app.screen).__name__ == "NewPersonDialog")
    pilot.app.screen.query_one("#person-name").value = ""
    await type_text(pilot, name)
    await pilot.press("tab")
    await type_text(pilot, agency)
    await pilot.press("tab", *"resident", "enter")
    await settle(pilot, lambda: type(pilot.app.screen).__name__ == "MeetingScreen")


def attendance_of(db: Database, meeting_id: int) -> dict[str, tuple[str, str, bool]]:
    return {
        r.name: (r.status, r.role, r.left_at is not None)
        for r in meetings.attendance(db, meeting_id)
    }


@pytest.mark.slow  # a whole offline meeting journey on a server (about 18 s on the shared machine)
async def test_attendance_start_and_end_kept_while_the_server_is_down_are_written_after(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    db = open_database(url)
    meeting_id = meetings.resolve_meeting(db, "2023-04-04").id
    first_case = cases.meeting_cases(db, meeting_id)[0].case
    try:
        with time_machine.travel(MEETING_MORNING, tick=False) as clock:
            app = create_app(url)
            async with app.run_test(size=(120, 40)) as pilot:
                await open_first_meeting(pilot)
                screen = app.screen
                await mark_present(pilot, "okafor")  # stored: the server is there
                await mark_present(pilot, "dalton")
                await settle(pilot, lambda: len(screen.panel.rows) >= 2)
                stop()
                await pilot.press("ctrl+s")
                await settle(pilot, lambda: app.outage.offline)
                assert kept(app, "Meeting started")
                assert screen.meeting.status == "in progress"  # shown so: Ctrl+F now applies
                await on_row(pilot, "Tom Okafor")
                await pilot.press("i")
                await settle(pilot, lambda: type(app.screen).__name__ == "PickGuestCaseDialog")
                await pilot.press("down", "enter")  # the first case (read before the outage)
                await settle(pilot, lambda: app.screen is screen)
                assert kept(app, f"Tom Okafor is a guest for {first_case.reference}")
                clock.shift(LEFT_AFTER)
                await pilot.press("l")
                await pilot.pause()
                assert kept(app, "Tom Okafor left the meeting (minuted)")
                dalton = next(r.name for r in screen.panel.rows if "Dalton" in r.name)
                await on_row(pilot, dalton)
                await pilot.press("delete", "y")
                await pilot.pause()
                assert kept(app, f"{dalton} removed")
                await new_person(pilot, "Pat Newcomer", "Newtown Residents Group")
                assert kept(app, "Pat Newcomer added and present")
                shown = {r.name: r for r in screen.panel.rows}
                assert dalton not in shown and shown["Tom Okafor"].left_at is not None
                assert shown["Pat Newcomer"].person_id < 0  # not in the store yet
                clock.shift(ENDED_AFTER - LEFT_AFTER)
                await pilot.press("ctrl+f", "y")
                await pilot.pause()
                assert kept(app, "Meeting ended and marked held")
                assert len(app.outage.queue) == 6
                journal = app.outage.journal.path
                assert len(journal.read_text(encoding="utf-8").splitlines()) == 6
                await _server_back(pilot, restart)
                assert "server back: 6 edit(s) typed meanwhile are written." in toasts(app)
                # The screens read the store again: the newcomer has their stored id.
                stored_row = next(r for r in screen.panel.rows if r.name == "Pat Newcomer")
                assert stored_row.person_id > 0
                assert screen.meeting.version == meetings.get_meeting(db, meeting_id).version
                assert app.contained_failures == []
        meeting = meetings.get_meeting(db, meeting_id)
        assert meeting.status == "held"
        assert _utc(meeting.actual_start) == MEETING_MORNING
        assert _utc(meeting.actual_end) == MEETING_MORNING + ENDED_AFTER
        present = attendance_of(db, meeting_id)
        assert present["Tom Okafor"] == ("present", "invited", True)
        assert present["Pat Newcomer"] == ("present", "member", False)
        assert dalton not in present
        okafor = next(r for r in meetings.attendance(db, meeting_id) if r.name == "Tom Okafor")
        assert _utc(okafor.left_at) == MEETING_MORNING + LEFT_AFTER
        assert okafor.invited_for_case_id == first_case.id
        newcomer = directory.search_people(db, "Newcomer")
        assert [(p.name, p.agency_name) for p in newcomer] == [
            ("Pat Newcomer", "Newtown Residents Group")
        ]
        assert marks(db) == 6
    finally:
        db.dispose()


@pytest.mark.slow  # starts a meeting on a server, then an outage (about 7 s)
async def test_a_case_moved_while_the_server_is_down_is_shown_moved_and_written_once(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    from test_safety_held_file import start_on_case_item

    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    db = open_database(url)
    try:
        with time_machine.travel(MEETING_MORNING, tick=False):
            app = create_app(url)
            async with app.run_test(size=(120, 40)) as pilot:
                panel = await start_on_case_item(pilot)
                order = [e.discussion.id for e in panel.entries]
                assert len(order) >= 2
                stop()
                await pilot.press("shift+down")
                await settle(pilot, lambda: app.outage.offline)
                assert any(t.endswith(f"moved later: {KEPT_FOR_SERVER}.") for t in toasts(app))
                expected = [order[1], order[0], *order[2:]]
                assert [e.discussion.id for e in panel.entries] == expected  # shown moved
                await _server_back(pilot, restart)
                assert [e.discussion.id for e in panel.entries] == expected
                assert app.contained_failures == []
        item = cases.meeting_cases(db, panel.meeting_id)
        stored = [e.discussion.id for e in item if e.discussion.agenda_item_id == panel.item.id]
        assert stored == expected
        assert marks(db) == 1
    finally:
        db.dispose()


async def test_start_end_and_a_guest_leaving_wait_for_a_held_file(demo_db, demo_db_path) -> None:  # noqa: ANN001
    """The same steps while another process holds the file: kept in the lane, the screen
    shows them, stored once the file is free, each at the moment its key was pressed."""
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False) as clock:
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await mark_present(pilot, "okafor")
            lane = lane_of(app)
            with held_lock(demo_db_path):
                await pilot.press("ctrl+s")
                await until(pilot, lane.busy)
                assert kept(app, "Meeting started", KEPT_FOR_FILE)
                assert screen.meeting.status == "in progress"
                clock.shift(LEFT_AFTER)
                await on_row(pilot, "Tom Okafor")
                await pilot.press("l")
                await pilot.pause()
                assert kept(app, "Tom Okafor left the meeting (minuted)", KEPT_FOR_FILE)
                clock.shift(ENDED_AFTER - LEFT_AFTER)
                await pilot.press("ctrl+f", "y")
                await pilot.pause()
                assert kept(app, "Meeting ended and marked held", KEPT_FOR_FILE)
                assert meetings.get_meeting(demo_db, meeting_id).status == "scheduled"
            await until(pilot, lambda: not lane.busy())
            assert screen.meeting.status == "held"
            assert app.contained_failures == []
    meeting = meetings.get_meeting(demo_db, meeting_id)
    assert meeting.status == "held"
    assert _utc(meeting.actual_start) == MEETING_MORNING
    assert _utc(meeting.actual_end) == MEETING_MORNING + ENDED_AFTER
    okafor = next(r for r in meetings.attendance(demo_db, meeting_id) if r.name == "Tom Okafor")
    assert _utc(okafor.left_at) == MEETING_MORNING + LEFT_AFTER


@pytest.mark.slow  # a meeting started on a server, then three items while it is down (~8 s)
async def test_items_entered_statement_read_and_minutes_agreed_while_the_server_is_down(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    """Moving on while the server is down: the agenda moves (quietly kept), item 2's statement
    is recorded as read and item 3's minutes agreed; all written at the moments pressed."""
    from spp_tui.panels.confidentiality import ConfidentialityPanel
    from spp_tui.panels.previous_minutes import PreviousMinutesPanel

    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    db = open_database(url)
    meeting_id = meetings.resolve_meeting(db, "2023-04-04").id
    items = meetings.agenda(db, meeting_id)
    try:
        with time_machine.travel(MEETING_MORNING, tick=False) as clock:
            app = create_app(url)
            async with app.run_test(size=(120, 40)) as pilot:
                await open_first_meeting(pilot)
                screen = app.screen
                await pilot.press("ctrl+s")  # started: the server is there
                await settle(pilot, lambda: screen.meeting.status == "in progress")
                stop()
                clock.shift(LEFT_AFTER)
                await pilot.press("escape", "2")
                await settle(pilot, lambda: isinstance(screen.panel, ConfidentialityPanel))
                assert screen.current_item.position == 2  # moved, though not yet stored
                await pilot.press("r")
                await settle(pilot, lambda: app.outage.offline)
                assert kept(app, "Confidentiality statement recorded as read")
                clock.shift(LEFT_AFTER)
                await pilot.press("escape", "3")
                await settle(pilot, lambda: isinstance(screen.panel, PreviousMinutesPanel))
                await pilot.press("a")
                await pilot.pause()
                assert kept(app, "Previous minutes agreed and approved")
                assert not any("Item " in t and "kept" in t for t in toasts(app))  # quiet
                assert len(app.outage.queue) == 4
                await _server_back(pilot, restart)
                assert screen.meeting.current_item_id == items[2].id
                assert app.is_running
        meeting = meetings.get_meeting(db, meeting_id)
        assert meeting.current_item_id == items[2].id
        assert _utc(meeting.confidentiality_read_at) == MEETING_MORNING + LEFT_AFTER
        assert meeting.previous_minutes_agreed
        stored = meetings.agenda(db, meeting_id)
        assert _utc(stored[1].actual_start) == MEETING_MORNING + LEFT_AFTER
        assert _utc(stored[2].actual_start) == MEETING_MORNING + 2 * LEFT_AFTER
        assert marks(db) == 4
    finally:
        db.dispose()


@pytest.mark.slow  # home on a server, an outage and the replay (about 10 s)
async def test_a_meeting_scheduled_from_home_while_the_server_is_down_is_listed_after(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    """The new-meeting dialog opens from what home has read; Enter keeps the meeting; once
    written, home lists it (the screen reads the store again)."""
    from app_pilot import home_ready

    from spp_tui.dialogs.new_meeting import NewMeetingDialog
    from spp_tui.screens.home import HomeScreen

    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    db = open_database(url)
    before = {m.id for m in meetings.list_meetings(db)}
    try:
        with time_machine.travel(MEETING_MORNING, tick=False):
            app = create_app(url)
            async with app.run_test(size=(120, 40)) as pilot:
                await home_ready(pilot)
                home = app.screen
                shown = len(home.data.meetings)
                stop()
                await pilot.press("n")
                await settle(pilot, lambda: isinstance(app.screen, NewMeetingDialog))
                await pilot.press("ctrl+u", *"09/05/2023", "enter")
                await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
                await settle(pilot, lambda: app.outage.offline)
                assert any(
                    t.startswith("PSG meeting of") and t.endswith(f"created: {KEPT_FOR_SERVER}.")
                    for t in toasts(app)
                )
                await _server_back(pilot, restart)
                await settle(
                    pilot, lambda: home.data is not None and len(home.data.meetings) > shown
                )
                assert app.contained_failures == []
        made = [m for m in meetings.list_meetings(db) if m.id not in before]
        assert [(m.date, m.status) for m in made] == [(dt.date(2023, 5, 9), "scheduled")]
        assert marks(db) == 1
    finally:
        db.dispose()


@pytest.mark.slow  # a meeting on a server, an outage and the replay (about 8 s)
async def test_someone_in_the_directory_is_found_and_marked_while_the_server_is_down(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    """The attendance search finds them in the app's copy of the directory (no new person
    is made for someone already known), and the mark is kept and written."""
    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    db = open_database(url)
    meeting_id = meetings.resolve_meeting(db, "2023-04-04").id
    people = len(directory.list_people(db))
    try:
        with time_machine.travel(MEETING_MORNING, tick=False):
            app = create_app(url)
            async with app.run_test(size=(120, 40)) as pilot:
                await open_first_meeting(pilot)
                stop()
                await mark_present(pilot, "okafor")
                await settle(pilot, lambda: app.outage.offline)
                assert kept(app, "Tom Okafor present")
                assert type(app.screen).__name__ == "MeetingScreen"  # no new-person dialog
                assert [r.name for r in app.screen.panel.rows if r.status == "present"] == [
                    "Tom Okafor"
                ]
                await _server_back(pilot, restart)
                assert app.contained_failures == []
        assert attendance_of(db, meeting_id)["Tom Okafor"][0] == "present"
        assert len(directory.list_people(db)) == people
    finally:
        db.dispose()


async def test_redaction_decisions_made_while_the_file_is_held_are_stored_once_free(
    demo_db_path,
) -> None:  # noqa: ANN001
    """p and n on the redaction review while another process holds the file: each is kept
    (the phrase leaves the list, the toast does not repeat it) and stored once it is free."""
    from sqlmodel import select
    from test_redaction_review_screen import Host, _prepare

    from spp_tui.db.models import NameReview
    from spp_tui.db.services import name_review
    from spp_tui.screens.redaction_review import RedactionReviewScreen

    db = open_database(str(demo_db_path))
    try:
        meeting_id = _prepare(db)
        app = Host(db, meeting_id)
        async with app.run_test(size=(110, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RedactionReviewScreen)
            assert screen.candidates == ["Bernadette Quorrell", "Mrs Quigley"]
            lane = lane_of(app)
            with held_lock(demo_db_path):
                await pilot.press("p")
                await until(pilot, lane.busy)
                await pilot.press("n")
                await pilot.pause()
                assert screen.candidates == []
                assert toasts(app).count(f"A possible name: {KEPT_FOR_FILE}.") == 2
                assert not any("Quorrell" in t for t in toasts(app))
                assert name_review.party_names(db) == ()
            await until(pilot, lambda: not lane.busy())
        with db.read() as s:
            rows = {r.phrase: r.decision for r in s.exec(select(NameReview))}
        assert rows == {"Bernadette Quorrell": "party", "Mrs Quigley": "not a person"}
    finally:
        db.dispose()


@pytest.mark.slow  # a meeting on a server, an outage and the replay (about 8 s)
async def test_a_new_action_dialog_opened_while_the_server_is_down_keeps_the_action(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    """F2 opens the action dialog without the server (its owner found in the app's copy of
    the directory); Enter keeps the action, written with that owner when the server is back."""
    from test_safety_kept_one_offs import ACTION, save_action, type_action

    from spp_tui.db.services import actions
    from spp_tui.db.services.actions import ActionFilter

    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    db = open_database(url)
    try:
        with time_machine.travel(MEETING_MORNING, tick=False):
            app = create_app(url)
            async with app.run_test(size=(120, 40)) as pilot:
                await open_first_meeting(pilot)
                screen = app.screen
                stop()
                await type_action(pilot)
                assert "server unreachable" in str(app.screen.query_one("#action-heading").render())
                await save_action(pilot, screen)
                assert any(t.endswith(f"{KEPT_FOR_SERVER}.") and ACTION in t for t in toasts(app))
                await _server_back(pilot, restart)
                assert app.contained_failures == []
        made = actions.list_actions(db, ActionFilter(text=ACTION))
        assert [(a.text, a.owner_name) for a in made] == [(ACTION, "Insp. Mark Dalton")]
    finally:
        db.dispose()


async def test_steps_left_in_the_journal_by_a_quit_are_written_in_order_at_the_next_start(
    demo_db, demo_db_path
) -> None:  # noqa: ANN001
    """Quit while the store was away: the journal holds the start, someone new, their leaving
    and the end; the next start writes them in that order, each once."""
    from spp_tui.db.edit_journal import EditJournal, QueuedEdit

    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    newcomer = {"name": "Pat Newcomer", "agency": "", "role": ""}
    steps = [
        QueuedEdit.one_off("start_meeting", meeting_id, {"at": MEETING_MORNING}, "start"),
        QueuedEdit.one_off("new_attendee", meeting_id, newcomer, "Pat Newcomer"),
        QueuedEdit.one_off("end_meeting", meeting_id, {"at": MEETING_MORNING + ENDED_AFTER}, "end"),
    ]
    journal = EditJournal.for_store(str(demo_db_path))
    for step in steps:
        journal.append(step)
    with time_machine.travel(MEETING_MORNING + ENDED_AFTER, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, lambda: app.outage is not None and not app.outage.queue)
            assert app.contained_failures == []
    assert not journal.path.exists()
    meeting = meetings.get_meeting(demo_db, meeting_id)
    assert meeting.status == "held"
    assert _utc(meeting.actual_start) == MEETING_MORNING
    assert attendance_of(demo_db, meeting_id)["Pat Newcomer"] == ("present", "member", False)
    assert marks(demo_db) == 3


async def test_a_party_removed_while_the_file_is_held_is_removed_once_free(
    demo_db, demo_db_path
) -> None:  # noqa: ANN001
    from test_safety_held_file import start_on_case_item

    from spp_tui.panels.case_parties import PartyList

    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            panel = await start_on_case_item(pilot)
            case_id = panel.case.id
            cases.add_party(demo_db, case_id, "Mr A Resident", "victim")
            panel.parties.show(panel.case)
            await settle(pilot, lambda: any(p.name == "Mr A Resident" for p in panel.parties.rows))
            listing = panel.query_one(PartyList)
            listing.focus()
            listing.highlighted = next(
                n for n, p in enumerate(panel.parties.rows) if p.name == "Mr A Resident"
            )
            await pilot.pause()
            lane = lane_of(app)
            with held_lock(demo_db_path):
                await pilot.press("delete", "y")
                await until(pilot, lane.busy)
                assert kept(app, "Party Mr A Resident (victim) removed", KEPT_FOR_FILE)
                assert "Mr A Resident" not in [p.name for p in panel.parties.rows]
            await until(pilot, lambda: not lane.busy())
            assert app.contained_failures == []
    assert "Mr A Resident" not in [p.name for p in cases.parties(demo_db, [case_id])]
