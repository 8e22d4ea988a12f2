"""Steps on a case item kept while the file is held or the server is away, as the other kept
steps are (``test_kept_live_steps.py``): an urgent case added on the day keeps the referral
typed into its dialog, written once with its reference allocated then, and the item lists it
once written; an action the case showed is edited from that row while the server is down.
Issue 15 item 4, issue 12 item 4."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from app_pilot import MEETING_MORNING, open_first_meeting, settle, type_text
from test_kept_live_steps import kept
from test_safety_held_file import held_lock, start_on_case_item, until
from test_safety_kept_one_offs import marks
from test_store_outage import _server_back, _server_switch
from textual.pilot import Pilot

from spp_tui.app import create_app
from spp_tui.db.database import Database, open_database
from spp_tui.db.services import cases, meetings
from spp_tui.dialogs.door import KEPT_FOR_FILE
from spp_tui.widgets.save_lane import lane_of

URGENT = "Knife seen at the subway"


async def type_urgent_case(pilot: Pilot) -> None:
    """F4, the title and location, the category and risk chosen, Ctrl+S."""
    from spp_tui.dialogs.urgent_case import UrgentCaseDialog

    screen = pilot.app.screen
    await pilot.press("f4")
    await until(pilot, lambda: isinstance(pilot.app.screen, UrgentCaseDialog))
    await type_text(pilot, URGENT)
    await pilot.press("tab", *"Subway", "tab", "tab")
    await pilot.press("enter", *"knife", "enter", "tab", "enter", "h", "enter")
    await pilot.pause()
    await pilot.press("ctrl+s")
    await until(pilot, lambda: pilot.app.screen is screen)  # no settle: the lane may wait


def urgent_on_item(db: Database, meeting_id: int, item_id: int) -> list[tuple[str, str, str]]:
    """(title, category, this meeting's risk) of the urgent case on the item, as stored."""
    return [
        (e.case.title, e.case.category, e.discussion.risk or "")
        for e in cases.meeting_cases(db, meeting_id)
        if e.discussion.agenda_item_id == item_id and e.case.title == URGENT
    ]


@pytest.mark.slow  # a meeting started and the dialog typed key by key (about 7 s)
async def test_an_urgent_case_added_while_the_file_is_held_is_stored_once_free(
    demo_db, demo_db_path
) -> None:  # noqa: ANN001
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            panel = await start_on_case_item(pilot)
            in_hand = panel.case.id
            lane = lane_of(app)
            with held_lock(demo_db_path):
                await type_urgent_case(pilot)
                await until(pilot, lane.busy)
                assert kept(app, f"Urgent case '{URGENT}' added", KEPT_FOR_FILE)
                assert urgent_on_item(demo_db, panel.meeting_id, panel.item.id) == []
            await until(pilot, lambda: not lane.busy())
            await settle(pilot, lambda: any(e.case.title == URGENT for e in panel.entries))
            assert panel.case.id == in_hand  # listed; the case in hand stays
            assert app.contained_failures == []
    assert urgent_on_item(demo_db, panel.meeting_id, panel.item.id) == [
        (URGENT, "knife crime", "high")
    ]


@pytest.mark.slow  # a meeting started on a server, then an outage (about 8 s)
async def test_an_urgent_case_added_while_the_server_is_down_is_written_and_listed(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    """The dialog opens without the server (it read agencies and operations before: now
    from the app's copy); the referral typed is kept, not lost, and written once."""
    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    db = open_database(url)
    try:
        with time_machine.travel(MEETING_MORNING, tick=False):
            app = create_app(url)
            async with app.run_test(size=(120, 40)) as pilot:
                panel = await start_on_case_item(pilot)
                stop()
                await type_urgent_case(pilot)
                await settle(pilot, lambda: app.outage.offline)
                assert kept(app, f"Urgent case '{URGENT}' added")
                assert len(app.outage.queue) == 1
                await _server_back(pilot, restart)
                await settle(pilot, lambda: any(e.case.title == URGENT for e in panel.entries))
                assert app.contained_failures == []
        assert urgent_on_item(db, panel.meeting_id, panel.item.id) == [
            (URGENT, "knife crime", "high")
        ]
        assert marks(db) == 1
    finally:
        db.dispose()


@pytest.mark.slow  # a meeting started on a server, then an outage (about 8 s)
async def test_an_action_shown_before_the_outage_is_edited_and_written_after(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    """Enter on an action the case showed opens it from that row while the server is down;
    the edit is kept (the list shows it meanwhile) and written over the version shown."""
    from spp_tui.db.services import actions, directory
    from spp_tui.dialogs.action import ActionDialog

    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    db = open_database(url)
    try:
        with time_machine.travel(MEETING_MORNING, tick=False):
            app = create_app(url)
            async with app.run_test(size=(120, 40)) as pilot:
                panel = await start_on_case_item(pilot)
                owner = directory.search_people(db, "dalton")[0]
                due = dt.date(2023, 5, 2)
                made = actions.create_action(
                    db, "Fence repair at the alley", owner.id, due, case_id=panel.case.id
                )
                panel.actions.show(panel.case.id)
                stop()
                listing = panel.query_one("#case-actions")
                listing.focus()
                listing.highlighted = [r.id for r in panel.case_actions].index(made.id)
                await pilot.press("enter")
                await settle(pilot, lambda: isinstance(app.screen, ActionDialog))
                assert app.screen.query_one("#action-text").value == "Fence repair at the alley"
                await pilot.press("ctrl+u", *"Fence mended", "enter")
                await settle(pilot, lambda: app.outage.offline and app.screen is panel.screen)
                assert kept(app, "Edit of the action 'Fence mended'")
                row = next(r for r in panel.case_actions if r.id == made.id)
                assert (row.text, row.owner_name) == ("Fence mended", owner.name)  # shown
                await _server_back(pilot, restart)
                row = next(r for r in panel.case_actions if r.id == made.id)
                assert row.version == made.version + 1  # read again once written
                assert app.contained_failures == []
        stored = actions.get_action(db, made.id)
        assert (stored.text, stored.owner_id, stored.due_on) == ("Fence mended", owner.id, due)
        assert marks(db) == 1
    finally:
        db.dispose()


async def drop_case_in_hand(pilot: Pilot, panel) -> list[int]:  # noqa: ANN001
    """Delete on the case list, y: the discussions listed before, the dropped one first."""
    from spp_tui.panels.case_nav import CaseList

    order = [e.discussion.id for e in panel.entries]
    assert len(order) >= 2 and panel.discussion.id == order[0]
    panel.query_one(CaseList).focus()
    await pilot.press("delete")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "ConfirmDialog")
    await pilot.press("y")
    await until(pilot, lambda: pilot.app.screen is panel.screen)
    return order


@pytest.mark.slow  # a meeting started, then the file held (about 6 s)
async def test_a_case_dropped_while_the_file_is_held_is_dropped_once_free(
    demo_db, demo_db_path
) -> None:  # noqa: ANN001
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            panel = await start_on_case_item(pilot)
            reference = panel.case.reference
            lane = lane_of(app)
            with held_lock(demo_db_path):
                order = await drop_case_in_hand(pilot, panel)
                await until(pilot, lane.busy)
                assert kept(app, f"{reference} dropped from this meeting's agenda", KEPT_FOR_FILE)
                assert [e.discussion.id for e in panel.entries] == order[1:]  # shown gone
                assert panel.discussion.id == order[1]  # the next case in hand
            await until(pilot, lambda: not lane.busy())
            assert app.contained_failures == []
    left = [e.discussion.id for e in cases.meeting_cases(demo_db, panel.meeting_id)]
    assert order[0] not in left and order[1] in left


@pytest.mark.slow  # a meeting started on a server, then an outage (about 8 s)
async def test_a_case_dropped_while_the_server_is_down_is_dropped_after(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    """The next case comes into hand without the server (its parties and actions as read
    when the item was opened); the drop is written when it is back."""
    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    db = open_database(url)
    try:
        with time_machine.travel(MEETING_MORNING, tick=False):
            app = create_app(url)
            async with app.run_test(size=(120, 40)) as pilot:
                panel = await start_on_case_item(pilot)
                reference = panel.case.reference
                panel.query_one("#case-list").highlighted = 1  # the second case read...
                await settle(pilot, lambda: panel.discussion.id == panel.entries[1].discussion.id)
                second_actions = [r.id for r in panel.case_actions]
                panel.query_one("#case-list").highlighted = 0  # ...and back to the first
                await settle(pilot, lambda: panel.discussion.id == panel.entries[0].discussion.id)
                stop()
                order = await drop_case_in_hand(pilot, panel)
                await settle(pilot, lambda: app.outage.offline)
                assert kept(app, f"{reference} dropped from this meeting's agenda")
                assert [e.discussion.id for e in panel.entries] == order[1:]
                assert panel.discussion.id == order[1]
                assert [r.id for r in panel.case_actions] == second_actions  # as read
                await _server_back(pilot, restart)
                assert [e.discussion.id for e in panel.entries] == order[1:]
                assert app.contained_failures == []
        left = [e.discussion.id for e in cases.meeting_cases(db, panel.meeting_id)]
        assert order[0] not in left and order[1] in left
        assert marks(db) == 1
    finally:
        db.dispose()


async def test_an_item_marked_taken_while_the_file_is_held_is_stored_once_free(
    demo_db, demo_db_path
) -> None:  # noqa: ANN001
    """The minutes check (F7) of a held meeting: t on an item never opened while another
    process holds the file; the gap leaves the list at once, the mark is stored once free."""
    from test_review_screen import open_check, open_meeting

    meeting = meetings.create_meeting(demo_db, "PSG", dt.date(2023, 6, 20))
    items = meetings.agenda(demo_db, meeting.id)
    meetings.start_meeting(demo_db, meeting.id)  # opens item 1 only
    meetings.end_meeting(demo_db, meeting.id)
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(pilot, meeting.id)
        check = await open_check(pilot)
        assert check.issues[0].target == ("agenda_item", items[1].id)
        lane = lane_of(app)
        with held_lock(demo_db_path):
            await pilot.press("t")
            await until(pilot, lambda: type(app.screen).__name__ == "ItemMarkDialog")
            await type_text(pilot, "with item 6")
            await pilot.press("enter")
            await until(pilot, lane.busy)
            said = f"Item 2, {items[1].title} marked taken"
            assert kept(app, said, KEPT_FOR_FILE)
            assert ("agenda_item", items[1].id) not in [i.target for i in check.issues]
            assert app.screen is check
        await until(pilot, lambda: not lane.busy())
        assert ("agenda_item", items[1].id) not in [i.target for i in check.issues]
        assert app.contained_failures == []
    assert meetings.agenda(demo_db, meeting.id)[1].notes.endswith(": with item 6")


@pytest.mark.slow  # a meeting started on a server, then an outage (about 8 s)
async def test_corrections_recorded_on_item_3_first_opened_while_the_server_is_down(
    pg_server, pg_database
) -> None:  # noqa: ANN001
    """r on item 3 opened without the server: the corrections are typed, kept, shown, and
    added under those already recorded when it is back."""
    from spp_tui.panels.previous_minutes import PreviousMinutesPanel

    url = pg_database("demo")
    stop, restart = _server_switch(pg_server, url)
    db = open_database(url)
    meeting_id = meetings.resolve_meeting(db, "2023-04-04").id
    meetings.record_previous_minutes(db, meeting_id, False, "Item 4: Towler Street")
    try:
        with time_machine.travel(MEETING_MORNING, tick=False):
            app = create_app(url)
            async with app.run_test(size=(120, 40)) as pilot:
                await open_first_meeting(pilot)
                screen = app.screen
                await pilot.press("ctrl+s")  # started: the server is there
                await settle(pilot, lambda: screen.meeting.status == "in progress")
                stop()
                await pilot.press("escape", "3")
                await settle(pilot, lambda: isinstance(screen.panel, PreviousMinutesPanel))
                panel = screen.panel
                await pilot.press("r")
                await settle(pilot, lambda: type(app.screen).__name__ == "CorrectionsDialog")
                await type_text(pilot, "Item 6: Lincoln Road")
                await pilot.press("ctrl+s")
                await settle(pilot, lambda: app.screen is screen)
                assert kept(app, "Corrections recorded")
                assert "Item 6: Lincoln Road" in str(panel.query_one("#minutes-status").render())
                await _server_back(pilot, restart)
                assert panel.state is not None  # read again once written
                assert app.contained_failures == []
        stored = meetings.get_meeting(db, meeting_id)
        assert stored.previous_minutes_corrections == "Item 4: Towler Street\nItem 6: Lincoln Road"
        assert stored.previous_minutes_agreed is False
    finally:
        db.dispose()
