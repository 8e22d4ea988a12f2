"""The secretariat reviews a held meeting in the app: check, fix, approve (lock), unlock."""

from __future__ import annotations

import datetime as dt

from app_pilot import home_ready, settle, type_text
from textual.command import CommandList, CommandPalette
from textual.widgets import OptionList

from spp_tui.app import create_app
from spp_tui.db.services import actions, cases, directory, meetings
from spp_tui.db.services.audit_log import audit_entries
from spp_tui.dialogs.action import ActionDialog
from spp_tui.dialogs.common import ConfirmDialog
from spp_tui.dialogs.readiness import ReadinessScreen, UnlockDialog
from spp_tui.screens.meeting import MeetingScreen


async def open_meeting(pilot, meeting_id: int) -> MeetingScreen:
    await home_ready(pilot)
    screen = MeetingScreen(meeting_id)
    pilot.app.push_screen(screen)
    await settle(pilot, lambda: screen.meeting is not None)
    return screen


async def open_check(pilot) -> ReadinessScreen:
    await pilot.press("f7")
    await settle(pilot, lambda: isinstance(pilot.app.screen, ReadinessScreen))
    return pilot.app.screen


async def palette(pilot, words: str) -> None:
    """Run a command from the palette as a user does: Ctrl+P, type, Enter."""
    await pilot.press("ctrl+p")
    await settle(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await type_text(pilot, words)
    # The palette searches in the background: wait for its first hit, then take it.
    await settle(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, CommandPalette)
            and pilot.app.screen.query_one(CommandList).option_count > 0
        ),
    )
    await pilot.press("enter")
    await pilot.pause()


def landlord_action(db, meeting_id: int):
    return next(
        a
        for a in actions.list_actions(db, actions.ActionFilter(meeting_id=meeting_id))
        if a.text == "Write to the landlord about the communal door"
    )


async def test_check_lists_the_gaps_and_enter_opens_the_action_to_fix(demo_db, demo_db_path):
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    action = landlord_action(demo_db, march.id)
    whitfield = next(p for p in directory.list_people(demo_db) if p.name == "Sarah Whitfield")
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(pilot, march.id)
        check = await open_check(pilot)
        assert [i.kind for i in check.issues] == ["discussion", "party", "action", "action"]
        assert check.query_one(OptionList).option_count == 4

        # The third gap is the action with no owner and no due date: Enter opens it.
        await pilot.press("down", "down", "enter")
        await settle(pilot, lambda: isinstance(app.screen, ActionDialog))
        assert app.screen.action_id == action.id
        await pilot.press("tab")
        await type_text(pilot, "whitfield")
        await pilot.press("tab")
        await type_text(pilot, "04/04/2023")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, MeetingScreen))

        fixed = actions.get_action(demo_db, action.id)
        assert (fixed.owner_id, fixed.due_on) == (whitfield.id, dt.date(2023, 4, 4))
        change = audit_entries(demo_db, "action", action.id)[0]
        assert change.operation == "update"
        assert '"owner_id": null' in change.before
        assert f'"owner_id": {whitfield.id}' in change.after

        check = await open_check(pilot)
        assert [i.kind for i in check.issues] == ["discussion", "party", "action"]
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, MeetingScreen))


async def test_enter_on_a_discussion_gap_puts_that_case_in_hand(demo_db, demo_db_path):
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(pilot, march.id)
        check = await open_check(pilot)
        discussion_id = check.issues[0].target[1]
        await pilot.press("enter")
        await settle(
            pilot,
            lambda: (
                isinstance(app.screen, MeetingScreen)
                and getattr(screen.panel, "discussion", None) is not None
                and screen.panel.discussion.id == discussion_id
            ),
        )
        entry = next(
            e for e in cases.meeting_cases(demo_db, march.id) if e.discussion.id == discussion_id
        )
        assert entry.case.reference == "PSG-2023-004"  # a youth case: under Youth items
        assert screen.current_item.id == entry.discussion.agenda_item_id
        assert app.focused is screen.panel.query_one("#case-list")


async def test_approving_locks_the_minutes_and_an_unlock_reopens_them(demo_db, demo_db_path):
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    action = landlord_action(demo_db, march.id)
    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(pilot, march.id)
        await palette(pilot, "minutes approve")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await settle(pilot, lambda: screen.meeting.status == "minutes approved")
        assert meetings.get_meeting(demo_db, march.id).status == "minutes approved"
        heading = str(screen.query_one("#meeting-heading").render())
        assert heading.endswith("minutes approved · locked (unlock: Ctrl+P)")

        # A correction is refused, said in the dialog, and nothing is saved.
        await open_check(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot, lambda: isinstance(app.screen, ActionDialog))
        await pilot.press("tab")
        await type_text(pilot, "whitfield")
        await pilot.press("tab")
        await type_text(pilot, "04/04/2023")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionDialog)
        error = str(app.screen.query_one("#action-error").render())
        assert "the minutes of 2023-03-07 are approved; unlock them first." in error
        assert actions.get_action(demo_db, action.id).owner_id is None
        await pilot.press("escape")  # typed text is never thrown away without asking: d discards
        await settle(pilot, lambda: type(app.screen).__name__ == "DiscardTypingDialog")
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, MeetingScreen))

        # Unlock with a reason: audited, back to draft, corrections allowed again.
        await palette(pilot, "unlock")
        await settle(pilot, lambda: isinstance(app.screen, UnlockDialog))
        await pilot.press("enter")  # no reason yet: refused in place
        assert isinstance(app.screen, UnlockDialog)
        await type_text(pilot, "owner missing from the approved copy")
        await pilot.press("enter")
        await settle(pilot, lambda: screen.meeting.status == "minutes draft")
        unlock = audit_entries(demo_db, "meeting", march.id)[0]
        assert unlock.operation == "unlock"
        assert "owner missing from the approved copy" in unlock.summary


async def test_exporting_minutes_with_gaps_warns_in_the_app(demo_db, demo_db_path):
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    app = create_app(str(demo_db_path))
    said: list[tuple[str, str | None]] = []
    real_notify = app.notify

    def notify(message, **kwargs):  # noqa: ANN001, ANN202
        said.append((str(message), kwargs.get("severity")))
        return real_notify(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(pilot, march.id)
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: any(s == "warning" for _, s in said))
    saved = [m for m, _ in said if m.startswith("Minutes saved to ")]
    warnings = [m for m, s in said if s == "warning"]
    assert len(saved) == 1
    assert len(warnings) == 1
    assert warnings[0].startswith("The minutes are not complete: 4 gaps remain")
    assert warnings[0].endswith("(F7 lists them)")


async def test_items_never_opened_are_marked_not_taken_or_taken_from_the_check(
    demo_db, demo_db_path
):
    from spp_tui.dialogs.readiness import ItemMarkDialog

    meeting = meetings.create_meeting(demo_db, "PSG", dt.date(2023, 6, 20))
    items = meetings.agenda(demo_db, meeting.id)
    meetings.start_meeting(demo_db, meeting.id)  # opens item 1 only
    meetings.end_meeting(demo_db, meeting.id)

    def unopened(check: ReadinessScreen) -> list[int]:
        return [i.target[1] for i in check.issues if i.target[0] == "agenda_item"]

    app = create_app(str(demo_db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(pilot, meeting.id)
        check = await open_check(pilot)
        assert unopened(check) == [i.id for i in items[1:]]
        assert check.issues[0].target == ("agenda_item", items[1].id)
        assert check.check_action("mark_item", (False,))

        await pilot.press("x")
        await settle(pilot, lambda: isinstance(app.screen, ItemMarkDialog))
        await pilot.press("enter")  # a reason is required: nothing saved, the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, ItemMarkDialog)
        await type_text(pilot, "deferred to July")
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is check)
        assert unopened(check) == [i.id for i in items[2:]]
        assert meetings.agenda(demo_db, meeting.id)[1].notes == (
            "Not taken at the meeting: deferred to July"
        )
        assert "Not taken" in audit_entries(demo_db, "agendaitem", items[1].id)[0].summary

        for _ in items[2:]:
            await pilot.press("t")
            await settle(pilot, lambda: isinstance(app.screen, ItemMarkDialog))
            await pilot.press("enter")  # a note is optional when it was taken
            await settle(pilot, lambda: app.screen is check)
        assert unopened(check) == []
        assert check.issues  # the cases put on the agenda at the start have no outcome
        assert not check.check_action("mark_item", (True,))  # x and t: agenda items only
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is check
