"""The chair runs a meeting by key presses; the database must show what happened."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from app_pilot import MEETING_MORNING, home_ready, open_first_meeting, settle, type_text

from spp_tui.app import create_app
from spp_tui.db.services import actions, cases, meetings
from spp_tui.dialogs.action import ActionDialog
from spp_tui.dialogs.common import ConfirmDialog
from spp_tui.panels.case import CasePanel
from spp_tui.screens.meeting import MeetingScreen
from spp_tui.widgets.agenda_list import AgendaList
from spp_tui.widgets.clocks import ClocksBar


def naive_utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def same_moment(stored: dt.datetime | None, expected: dt.datetime) -> bool:
    assert stored is not None
    if stored.tzinfo is None:
        stored = stored.replace(tzinfo=dt.UTC)
    return stored == expected


def item_by_kind(db, meeting_id: int, kind: str):
    return next(i for i in meetings.agenda(db, meeting_id) if i.kind == kind)


@pytest.mark.both_engines  # the whole-meeting journey on PostgreSQL too
async def test_chair_runs_a_meeting_by_keys(demo_db, demo_db_target) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False) as clock:
        app = create_app(demo_db_target)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            assert screen.meeting_id == meeting_id

            # Start: actual start recorded, first item entered.
            await pilot.press("ctrl+s")
            await pilot.pause()
            meeting = meetings.get_meeting(demo_db, meeting_id)
            assert meeting.status == "in progress"
            assert same_moment(meeting.actual_start, MEETING_MORNING)
            welcome = item_by_kind(demo_db, meeting_id, "welcome")
            assert meeting.current_item_id == welcome.id

            # Attendance: type part of a name, Enter adds them as present.
            await type_text(pilot, "okafor")
            await pilot.press("enter")
            await type_text(pilot, "ellison")
            await pilot.press("enter")
            await pilot.pause()
            # Into the list: Ellison is highlighted (the last added); mark apologies.
            await pilot.press("tab", "a")
            # A deputy: add Adam Price, then say whom he deputises for.
            await pilot.press("shift+tab")
            await type_text(pilot, "adam")
            await pilot.press("enter", "tab", "d")
            await pilot.pause()
            await type_text(pilot, "rebecca")
            await pilot.press("enter")
            await pilot.pause()
            rows = {r.name: r for r in meetings.attendance(demo_db, meeting_id)}
            assert rows["Tom Okafor"].status == "present"
            assert rows["Dr Ruth Ellison"].status == "apologies"
            assert rows["Adam Price"].role == "deputy"
            assert rows["Adam Price"].deputy_for_name == "Rebecca Moore"
            summary = meetings.attendance_summary(demo_db, meeting_id)
            assert (summary.present, summary.apologies) == (2, 1)

            # Four minutes later, on to the confidentiality statement; record it read.
            clock.shift(dt.timedelta(minutes=4))
            await pilot.press("ctrl+n")
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            meeting = meetings.get_meeting(demo_db, meeting_id)
            assert same_moment(
                meeting.confidentiality_read_at, MEETING_MORNING + dt.timedelta(minutes=4)
            )
            assert item_by_kind(demo_db, meeting_id, "welcome").elapsed_seconds == 240

            # 5. New referrals: summary of the first referral and an action for it (F2).
            await pilot.press("escape", "5")
            await settle(pilot, lambda: isinstance(screen.panel, CasePanel))
            panel = screen.panel
            await settle(pilot, lambda: panel.case is not None)
            referral = panel.case
            await settle(pilot, lambda: panel.query_one("#case-list").has_focus)
            await pilot.press("enter")  # the focus is in the case list: Enter -> its summary
            await type_text(pilot, "Begging at the cash machines since March")
            await pilot.press("f2")
            await settle(pilot, lambda: isinstance(app.screen, ActionDialog))
            await type_text(pilot, "Visit the bank manager")
            await pilot.press("tab", *"dalton", "tab", *"+2w", "enter")
            await settle(pilot, lambda: app.screen is screen)

            # 6. Case reviews: the first case in hand is closed, with a reason.
            await pilot.press("escape", "6")
            await settle(
                pilot, lambda: isinstance(screen.panel, CasePanel) and screen.panel is not panel
            )
            panel = screen.panel
            await settle(pilot, lambda: panel.case is not None)
            reviewed = panel.case
            # the focus lands in the case list; the form, risk, outcome: open the outcome list
            await settle(pilot, lambda: panel.query_one("#case-list").has_focus)
            await pilot.press("tab", "tab", "tab", "enter")
            await pilot.press(
                "down", "down", "down", "enter"
            )  # undecided, keep open, monitoring, close
            await settle(pilot, lambda: panel.query_one("#case-outcome-reason").has_focus)
            await type_text(pilot, "No reports for three months")

            # Jump straight to AOB (item 8) and type notes; moving on saves them.
            await pilot.press("escape", "8")
            await pilot.pause()
            assert screen.current_item is not None and screen.current_item.kind == "aob"
            await type_text(pilot, "Bonfire night patrols")
            clock.shift(dt.timedelta(minutes=2))
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert meetings.get_meeting(demo_db, meeting_id).aob_notes == "Bonfire night patrols"

            # Date of the next meeting: the suggested "+4w" -> Tuesday 2 May 2023.
            assert screen.current_item.kind == "next meeting"
            await pilot.press("enter")
            await pilot.pause()
            meeting = meetings.get_meeting(demo_db, meeting_id)
            assert meeting.next_meeting_id is not None
            following = meetings.get_meeting(demo_db, meeting.next_meeting_id)
            assert (following.date, following.status, following.kind) == (
                dt.date(2023, 5, 2),
                "scheduled",
                "PSG",
            )

            # The referral and the review are in the database.
            discussed = {e.case.id: e for e in cases.meeting_cases(demo_db, meeting_id)}
            assert discussed[referral.id].discussion.summary.startswith("Begging at the cash")
            raised = actions.list_actions(demo_db, actions.ActionFilter(case_id=referral.id))
            visit = next(r for r in raised if r.text == "Visit the bank manager")
            assert (visit.owner_name, visit.due_on) == ("Insp. Mark Dalton", dt.date(2023, 4, 18))
            assert visit.meeting_id == meeting_id
            closed = cases.get_case(demo_db, reviewed.id)
            assert (closed.status, closed.closure_reason) == (
                "closed",
                "No reports for three months",
            )
            assert discussed[reviewed.id].discussion.outcome == "close"

            # End, after confirming.
            clock.shift(dt.timedelta(minutes=1))
            await pilot.press("ctrl+f")
            await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await settle(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
            meeting = meetings.get_meeting(demo_db, meeting_id)
            assert meeting.status == "held"
            assert same_moment(meeting.actual_end, MEETING_MORNING + dt.timedelta(minutes=7))
            assert item_by_kind(demo_db, meeting_id, "aob").elapsed_seconds == 120


async def test_next_previous_and_jump_record_item_times(demo_db, demo_db_path) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False) as clock:
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await pilot.press("ctrl+s")
            await pilot.pause()
            clock.shift(dt.timedelta(minutes=3))
            await pilot.press("ctrl+n", "ctrl+n")  # item 3, after 0 s on item 2
            await pilot.pause()
            assert screen.current_item.position == 3
            clock.shift(dt.timedelta(minutes=1))
            await pilot.press("ctrl+b")
            await pilot.pause()
            assert screen.current_item.position == 2
            screen.query_one(AgendaList).focus()  # digits jump when no text field has focus
            await pilot.press("5")
            await pilot.pause()
            assert screen.current_item.position == 5
            items = {i.position: i for i in meetings.agenda(demo_db, meeting_id)}
            assert items[1].elapsed_seconds == 180
            assert items[3].elapsed_seconds == 60
            assert items[5].visit_started_at is not None
            assert meetings.get_meeting(demo_db, meeting_id).current_item_id == items[5].id
            # The first item cannot go further back; the app says so instead of failing.
            await pilot.press("1")
            await pilot.pause()
            await pilot.press("ctrl+b")
            await pilot.pause()
            assert screen.current_item.position == 1


async def test_reopening_resumes_on_the_same_item_with_the_clocks_right(
    demo_db, demo_db_path
) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False) as clock:
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await open_first_meeting(pilot)
            await pilot.press("ctrl+s")
            await pilot.pause()
            clock.shift(dt.timedelta(minutes=2))
            await pilot.press("ctrl+n")  # confidentiality, item 2 (planned 2 min)
            await pilot.pause()
        # The laptop is closed for 100 seconds; the meeting goes on.
        clock.shift(dt.timedelta(seconds=100))
        again = create_app(str(demo_db_path))
        async with again.run_test(size=(100, 30)) as pilot:
            await open_first_meeting(pilot)
            screen = again.screen
            assert screen.current_item is not None and screen.current_item.position == 2
            bar = screen.query_one(ClocksBar)
            bar.tick()
            item_clock = str(bar.query_one("#item-clock").render())
            meeting_clock = str(bar.query_one("#meeting-clock").render())
            assert "Item 2/9 01:40 of 02:00" in item_clock
            assert bar.query_one("#item-clock").has_class("-amber")  # 100 s of 120: past 80%
            assert "Meeting 0:03:40" in meeting_clock
            assert meetings.get_meeting(demo_db, meeting_id).current_item_id == (
                screen.current_item.id
            )


async def test_ending_needs_confirmation(demo_db, demo_db_path) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await open_first_meeting(pilot)
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("ctrl+f")
            await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("escape")
            await pilot.pause()
            assert meetings.get_meeting(demo_db, meeting_id).status == "in progress"


async def test_export_key_writes_the_minutes_and_shows_where(demo_db, demo_db_path) -> None:
    held = next(m for m in meetings.list_meetings(demo_db) if m.status == "minutes draft")
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        app.push_screen(MeetingScreen(held.id))
        await settle(pilot, lambda: getattr(app.screen, "meeting", None) is not None)
        await pilot.press("ctrl+r")
        await settle(
            pilot, lambda: any("Minutes saved to" in n.message for n in app._notifications)
        )
        message = next(n.message for n in app._notifications if "Minutes saved to" in n.message)
    written = Path(message.removeprefix("Minutes saved to ").strip())
    assert written.suffix == ".docx" and written.stat().st_size > 0


async def test_escape_never_leaves_the_meeting_but_ctrl_l_does(demo_db_path) -> None:
    from spp_tui.screens.home import HomeScreen

    app = create_app(str(demo_db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_meeting(pilot)
        meeting_screen = app.screen
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        assert app.screen is meeting_screen
        assert meeting_screen.query_one(AgendaList).has_focus
        await pilot.press("ctrl+l")
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_a_new_person_and_agency_are_added_on_the_spot(demo_db, demo_db_path) -> None:
    """Someone not in the directory: typed, Enter, agency typed (new), Enter. Brackets in a
    name are shown as typed (never read as markup)."""
    from spp_tui.db.services import directory

    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_meeting(pilot)
        await type_text(pilot, "Jo [Jr] Bloggs")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "Street Pastors")
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.query_one("#attendance-table")
        names = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
        assert "Jo [Jr] Bloggs" in names
    rows = {r.name: r for r in meetings.attendance(demo_db, meeting_id)}
    assert rows["Jo [Jr] Bloggs"].status == "present"
    assert rows["Jo [Jr] Bloggs"].agency_name == "Street Pastors"
    assert directory.find_agency(demo_db, "Street Pastors") is not None


async def test_aob_typed_just_before_quitting_is_kept(demo_db, demo_db_path) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_meeting(pilot)
        app.screen.query_one(AgendaList).focus()
        await pilot.press("8")
        await pilot.pause()
        await type_text(pilot, "Litter on Park Road")
        await pilot.press("ctrl+q")  # before the save delay has passed
    assert meetings.get_meeting(demo_db, meeting_id).aob_notes == "Litter on Park Road"


async def test_aob_changed_in_another_window_offers_a_reload(demo_db, demo_db_path) -> None:
    from spp_tui.dialogs.common import StaleEditDialog
    from spp_tui.panels.aob import AobPanel

    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_meeting(pilot)
        app.screen.query_one(AgendaList).focus()
        await pilot.press("8")
        await pilot.pause()
        # The secretariat, in a second window, writes the AOB notes first.
        meetings.update_meeting(demo_db, meeting_id, aob_notes="From the other window")
        await type_text(pilot, "Mine")
        app.screen.query_one(AobPanel).flush()
        await pilot.pause()
        assert isinstance(app.screen, StaleEditDialog)
        assert meetings.get_meeting(demo_db, meeting_id).aob_notes == "From the other window"
        await pilot.press("r")  # reload theirs
        await pilot.pause()
        assert app.screen.query_one("#aob-notes").text == "From the other window"


async def test_f2_on_any_item_adds_a_general_action_and_on_a_case_item_one_for_the_case(
    demo_db, demo_db_path
) -> None:
    from spp_tui.db.services import actions, directory
    from spp_tui.dialogs.action import ActionDialog
    from spp_tui.panels.case import CasePanel

    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    owner = directory.search_people(demo_db, "dalton")[0]
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_meeting(pilot)
        screen = app.screen
        screen.query_one(AgendaList).focus()
        await pilot.press("8")  # AOB: the focus goes into its notes
        await pilot.pause()
        await type_text(pilot, "Litter on Park Road")
        await pilot.press("f2")
        await settle(pilot, lambda: isinstance(app.screen, ActionDialog))
        assert app.screen.case_id is None and app.screen.meeting_id == meeting_id
        # The notes typed a moment before were saved, not left pending behind the dialog.
        assert meetings.get_meeting(demo_db, meeting_id).aob_notes == "Litter on Park Road"
        await type_text(pilot, "Ask the council for a litter pick")
        await pilot.press("tab", *"dalton", "tab", *"+2w", "enter")
        await settle(pilot, lambda: app.screen is screen)
        general = actions.list_actions(demo_db, actions.ActionFilter(meeting_id=meeting_id))
        saved = next(a for a in general if a.text == "Ask the council for a litter pick")
        assert saved.case_id is None and saved.owner_id == owner.id

        # On a case item, F2 from the agenda is for the case in hand (as inside the panel).
        await pilot.press("escape", "6")
        await settle(pilot, lambda: isinstance(screen.panel, CasePanel) and screen.panel.case)
        await pilot.press("escape")  # back to the agenda: the screen's F2, not the panel's
        await pilot.press("f2")
        await settle(pilot, lambda: isinstance(app.screen, ActionDialog))
        assert app.screen.case_id == screen.panel.case.id
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen)
