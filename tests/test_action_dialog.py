"""The action dialog, driven by keys as the chair would, checked against the database."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from app_pilot import still_cursors
from textual.app import App
from textual.widgets import Input, Static

from spp_tui.db.database import Database, open_database
from spp_tui.db.models import Action
from spp_tui.db.services import actions, cases, directory, meetings
from spp_tui.dialogs.action import ActionDialog

MEETING_DAY = dt.datetime(2023, 4, 4, 10, 30, tzinfo=dt.UTC)


class DialogHost(App[None]):
    """The smallest app that can show the dialog: it only needs ``db``."""

    def __init__(self, db: Database, dialog: ActionDialog) -> None:
        super().__init__()
        self.db = db
        self.dialog = dialog
        self.results: list[int | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


def april_meeting(db: Database):
    return next(m for m in meetings.list_meetings(db) if m.date == dt.date(2023, 4, 4))


def first_case_on(db: Database, meeting_id: int):
    return cases.meeting_cases(db, meeting_id)[0].case


def keys_for(text: str) -> list[str]:
    """One key press per character, as Pilot wants them."""
    return list(text)


def action_count(db: Database) -> int:
    return actions.count_actions(db)


@pytest.fixture
def frozen_meeting_day():
    with time_machine.travel(MEETING_DAY, tick=False):
        yield


async def test_text_owner_due_in_typing_plus_three_keys(demo_db: Database, frozen_meeting_day):
    meeting = april_meeting(demo_db)
    case = first_case_on(demo_db, meeting.id)
    owner_part = "dalton"
    owner = directory.search_people(demo_db, owner_part)[0]
    text, due = "Visit the flats with the housing officer", "30/4"
    before = action_count(demo_db)
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id, case_id=case.id))
    async with app.run_test(size=(100, 30)) as pilot:
        presses = [*keys_for(text), "tab", *keys_for(owner_part), "tab", *keys_for(due), "enter"]
        await pilot.press(*presses)
        await pilot.pause()
    extra = len(presses) - len(text) - len(owner_part) - len(due)
    assert extra == 3
    assert action_count(demo_db) == before + 1
    action = actions.get_action(demo_db, app.results[0])
    assert action.text == text
    assert action.owner_id == owner.id
    assert action.owner_agency_id == owner.agency_id
    assert action.due_on == dt.date(2023, 4, 30)
    assert action.case_id == case.id and action.meeting_id == meeting.id


async def test_bad_date_is_explained_inline_and_nothing_saved(
    demo_db: Database, frozen_meeting_day
):
    meeting = april_meeting(demo_db)
    before = action_count(demo_db)
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*keys_for("Chase CCTV quote"), "tab", *keys_for("dalton"), "tab")
        await pilot.press(*keys_for("31/4"))
        feedback = app.screen.query_one("#due-feedback", Static)
        assert "April has no day 31" in str(feedback.render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.dialog  # still open, nothing lost
        assert app.screen.query_one("#action-text", Input).value == "Chase CCTV quote"
        assert app.screen.focused is app.screen.query_one("#action-due")
    assert action_count(demo_db) == before
    assert app.results == []


async def test_parsed_date_shows_as_you_type(demo_db: Database, frozen_meeting_day):
    meeting = april_meeting(demo_db)
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id))
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#action-due", Input).focus()
        await pilot.press("+", "2", "w")
        shown = str(app.screen.query_one("#due-feedback", Static).render())
        assert "Tue 18 Apr 2023 (in 2 weeks)" in shown
        await pilot.press("backspace", "backspace", "backspace", *keys_for("next"))
        # The small demo schedules nothing after April: "next" is the usual four weeks, said so.
        shown = str(app.screen.query_one("#due-feedback", Static).render())
        assert "Tue 2 May 2023" in shown and "usual four weeks" in shown


async def test_relative_dates_count_from_the_meeting_not_from_today(demo_db: Database):
    """An April 2023 meeting edited years later: 30/4 and +3w stay in April 2023."""
    meeting = april_meeting(demo_db)
    with time_machine.travel(dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id))
        async with app.run_test(size=(100, 30)) as pilot:
            app.screen.query_one("#action-due", Input).focus()
            await pilot.press(*keys_for("30/4"))
            shown = str(app.screen.query_one("#due-feedback", Static).render())
            assert "Sun 30 Apr 2023" in shown
            await pilot.press(*["backspace"] * 4, *keys_for("+3w"))
            shown = str(app.screen.query_one("#due-feedback", Static).render())
            assert "Tue 25 Apr 2023" in shown


async def test_next_is_the_meeting_scheduled_after_this_one(demo_db: Database, frozen_meeting_day):
    meeting = april_meeting(demo_db)
    nxt = meetings.schedule_next_meeting(demo_db, meeting.id, dt.date(2023, 5, 2))
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*keys_for("Book the room"), "tab", *keys_for("dalton"), "tab")
        await pilot.press(*keys_for("next"), "enter")
        await pilot.pause()
    assert actions.get_action(demo_db, app.results[0]).due_on == nxt.date


async def test_empty_text_and_owner_are_refused_inline(demo_db: Database, frozen_meeting_day):
    meeting = april_meeting(demo_db)
    before = action_count(demo_db)
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert "Say what is to be done" in str(screen.query_one("#text-error", Static).render())
        assert "needs an owner" in str(screen.query_one("#owner-error", Static).render())
        assert "needs a due date" in str(screen.query_one("#due-feedback", Static).render())
        # Owner typed but matching no one: still refused, with the reason.
        await pilot.press(*keys_for("Tidy the alley"), "tab", *keys_for("zzqx"), "tab")
        await pilot.press(*keys_for("+1w"), "enter")
        await pilot.pause()
        assert "No one in the directory matches 'zzqx'" in str(
            screen.query_one("#owner-error", Static).render()
        )
    assert action_count(demo_db) == before
    assert app.results == []


async def test_down_picks_the_second_match_and_agency_can_be_changed(
    demo_db: Database, frozen_meeting_day
):
    meeting = april_meeting(demo_db)
    agencies = directory.list_agencies(demo_db)
    matches = directory.search_people(demo_db, "police")
    assert len(matches) >= 2
    other_agency = next(a for a in agencies if a.id != matches[1].agency_id)
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*keys_for("Patrols at the parade"), "tab", *keys_for("police"))
        await pilot.press("down", "tab")
        await pilot.press(*keys_for("+10d"))
        app.screen.query_one("#action-agency").value = other_agency.id
        await pilot.press("enter")
        await pilot.pause()
    action = actions.get_action(demo_db, app.results[0])
    assert action.owner_id == matches[1].id
    assert action.owner_agency_id == other_agency.id
    assert action.due_on == dt.date(2023, 4, 14)
    assert action.case_id is None and action.meeting_id == meeting.id


async def test_escape_cancels_without_saving(demo_db: Database, frozen_meeting_day):
    before = action_count(demo_db)
    app = DialogHost(demo_db, ActionDialog(meeting_id=april_meeting(demo_db).id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*keys_for("Half typed"), "escape")
        await pilot.pause()
        # Typed text is never thrown away without asking: d discards.
        from spp_tui.dialogs.choice import DiscardTypingDialog

        assert isinstance(app.screen, DiscardTypingDialog)
        await pilot.press("d")
        await pilot.pause()
    assert app.results == [None]
    assert action_count(demo_db) == before


async def test_editing_an_action_updates_it(demo_db: Database, frozen_meeting_day):
    meeting = april_meeting(demo_db)
    owner = directory.search_people(demo_db, "dalton")[0]
    action = actions.create_action(
        demo_db, "Old text", owner.id, dt.date(2023, 4, 20), meeting_id=meeting.id
    )
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id, action_id=action.id))
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.screen.query_one("#action-text", Input).value == "Old text"
        await pilot.press("ctrl+u", *keys_for("New text"), "tab", "tab")
        await pilot.press("ctrl+u", *keys_for("+3w"), "enter")
        await pilot.pause()
    assert app.results == [action.id]
    saved = actions.get_action(demo_db, action.id)
    assert (saved.text, saved.owner_id, saved.due_on) == (
        "New text",
        owner.id,
        dt.date(2023, 4, 25),
    )
    assert saved.version == action.version + 1


async def test_stale_edit_asks_and_keep_mine_saves_over(demo_db: Database, frozen_meeting_day):
    meeting = april_meeting(demo_db)
    owner = directory.search_people(demo_db, "dalton")[0]
    action = actions.create_action(
        demo_db, "Original", owner.id, dt.date(2023, 4, 20), meeting_id=meeting.id
    )
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id, action_id=action.id))
    async with app.run_test(size=(100, 30)) as pilot:
        actions.update_action(demo_db, action.id, text="Changed in another window")
        await pilot.press("ctrl+u", *keys_for("Mine"), "enter")
        await pilot.pause()
        assert "another window" in str(app.screen.query_one("#choice-question").render())
        assert actions.get_action(demo_db, action.id).text == "Changed in another window"
        await pilot.press("k")
        await pilot.pause()
    assert actions.get_action(demo_db, action.id).text == "Mine"
    assert app.results == [action.id]


async def test_stale_edit_reload_shows_theirs(demo_db: Database, frozen_meeting_day):
    meeting = april_meeting(demo_db)
    owner = directory.search_people(demo_db, "dalton")[0]
    action = actions.create_action(
        demo_db, "Original", owner.id, dt.date(2023, 4, 20), meeting_id=meeting.id
    )
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id, action_id=action.id))
    async with app.run_test(size=(100, 30)) as pilot:
        actions.update_action(demo_db, action.id, text="Theirs")
        await pilot.press("ctrl+u", *keys_for("Mine"), "enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#action-text", Input).value == "Theirs"
    assert actions.get_action(demo_db, action.id).text == "Theirs"
    with demo_db.read() as s:
        assert s.get(Action, action.id).version == action.version + 1


def test_dialog_with_a_bad_date_snapshot(snap_compare, demo_db_path):
    """What the chair sees when the due date is not one (pytest-textual-snapshot)."""

    async def type_bad_date(pilot) -> None:
        await pilot.press(*keys_for("Write to the landlord"), "tab", *keys_for("dalton"), "tab")
        await pilot.press(*keys_for("31/4"))
        await still_cursors(pilot)

    with time_machine.travel(MEETING_DAY, tick=False):
        db = open_database(str(demo_db_path))
        try:
            meeting = april_meeting(db)
            case = first_case_on(db, meeting.id)
            app = DialogHost(
                db, ActionDialog(meeting_id=meeting.id, case_id=case.id, today=MEETING_DAY.date())
            )
            assert snap_compare(app, terminal_size=(80, 24), run_before=type_bad_date)
        finally:
            db.dispose()


async def test_brackets_typed_by_the_user_are_shown_as_typed(demo_db: Database, frozen_meeting_day):
    """Square brackets are Textual markup: what a user types must never be read as such."""
    meeting = april_meeting(demo_db)
    case = cases.create_case(demo_db, "Flat [3b] visitors")
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id, case_id=case.id))
    async with app.run_test(size=(100, 30)) as pilot:
        assert "Flat [3b] visitors" in str(app.screen.query_one("#action-heading").render())
        await pilot.press(*keys_for("Call [b]Jo[/b]"), "tab", *keys_for("[red"), "tab")
        await pilot.press(*keys_for("[b]"))
        assert "'[b]' is not a date" in str(app.screen.query_one("#due-feedback").render())
        await pilot.press("enter")
        await pilot.pause()
        assert "'[red'" in str(app.screen.query_one("#owner-error").render())
    assert app.results == []


async def test_a_single_match_is_taken_on_enter_but_several_are_not_guessed(
    demo_db: Database, frozen_meeting_day
):
    meeting = april_meeting(demo_db)
    assert len(directory.search_people(demo_db, "dalton")) == 1
    assert len(directory.search_people(demo_db, "police")) > 1
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id))
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#action-due", Input).value = "+1w"
        await pilot.press(*keys_for("Check the lighting"), "tab", *keys_for("police"), "enter")
        await pilot.pause()
        assert app.results == []  # four police officers: the chair must pick one
        assert "Pick an owner" in str(app.screen.query_one("#owner-error").render())
        await pilot.press(*["backspace"] * 6, *keys_for("dalton"), "enter")
        await pilot.pause()
    action = actions.get_action(demo_db, app.results[0])
    assert action.owner_id == directory.search_people(demo_db, "dalton")[0].id


async def test_tab_right_after_typing_the_owner_still_takes_the_match(
    demo_db: Database, frozen_meeting_day
):
    """The owner field's Changed message may still be queued when Tab arrives."""
    meeting = april_meeting(demo_db)
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id))
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = app.dialog
        dialog.query_one("#action-owner", Input).value = "dalton"
        dialog.accept_owner()  # synchronously: the Changed message has not been handled
        assert dialog.owner is not None and dialog.owner.name == "Insp. Mark Dalton"
        await pilot.pause()


async def test_common_phrase_completes_as_typed_and_right_arrow_takes_it(
    demo_db: Database, frozen_meeting_day
):
    from spp_tui.db.services.phrases import common_phrases

    phrase = next(p for p in common_phrases(demo_db) if p.startswith("Draft a Community"))
    owner = directory.search_people(demo_db, "dalton")[0]
    app = DialogHost(demo_db, ActionDialog(meeting_id=april_meeting(demo_db).id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*keys_for("draft a c"), "right")
        assert app.screen.query_one("#action-text", Input).value == phrase
        await pilot.press("tab", *keys_for("dalton"), "tab", *keys_for("+2w"), "enter")
        await pilot.pause()
    saved = actions.get_action(demo_db, app.results[0])
    assert (saved.text, saved.owner_id) == (phrase, owner.id)


async def test_f3_lists_the_phrases_matching_what_is_typed_and_enter_takes_one(
    demo_db: Database, frozen_meeting_day
):
    from spp_tui.db.services.phrases import common_phrases
    from spp_tui.dialogs.phrase_picker import PhrasePicker

    matching = common_phrases(demo_db, "patrol")
    assert len(matching) >= 1
    app = DialogHost(demo_db, ActionDialog(meeting_id=april_meeting(demo_db).id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*keys_for("patrol"), "f3")
        await pilot.pause()
        assert isinstance(app.screen, PhrasePicker)
        assert app.screen.phrases == matching
        await pilot.press("enter")
        await pilot.pause()
        field = app.screen.query_one("#action-text", Input)
        assert field.value == matching[0]
        assert app.screen.focused is field
        await pilot.press("ctrl+z")  # the pick is one edit: Ctrl+Z brings back the typing
        assert field.value == "patrol"


async def test_ctrl_z_restores_a_wiped_field(demo_db: Database, frozen_meeting_day):
    meeting = april_meeting(demo_db)
    owner = directory.search_people(demo_db, "dalton")[0]
    action = actions.create_action(
        demo_db, "Keep this wording", owner.id, dt.date(2023, 4, 20), meeting_id=meeting.id
    )
    app = DialogHost(demo_db, ActionDialog(meeting_id=meeting.id, action_id=action.id))
    async with app.run_test(size=(100, 30)) as pilot:
        field = app.screen.query_one("#action-text", Input)
        await pilot.press("ctrl+u", *keys_for("oops"))
        assert field.value == "oops"
        await pilot.press("ctrl+z")
        assert field.value == "Keep this wording"
        await pilot.press("ctrl+z")  # and back again
        assert field.value == "oops"
        await pilot.press("ctrl+z", "tab", "tab", "ctrl+u", *keys_for("+3w"))
        await pilot.press("ctrl+z")
        assert app.screen.query_one("#action-due", Input).value == "2023-04-20"
        await pilot.press("enter")
        await pilot.pause()
    saved = actions.get_action(demo_db, action.id)
    assert (saved.text, saved.due_on) == ("Keep this wording", dt.date(2023, 4, 20))


def test_due_base_is_the_meeting_and_its_series_next(demo_db: Database) -> None:
    """One base for every due date: the meeting's date; ``next`` the series' next meeting."""
    from spp_tui.db.services.due_base import due_base

    meeting = april_meeting(demo_db)
    base = due_base(demo_db, meeting.id, dt.date(2027, 1, 1))
    assert (base.today, base.next_meeting) == (meeting.date, None)
    other_series = meetings.create_meeting(
        demo_db, "Youth PSG", dt.date(2023, 4, 20), dt.time(10), "", None, None
    )
    assert due_base(demo_db, meeting.id).next_meeting is None, other_series
    nxt = meetings.schedule_next_meeting(demo_db, meeting.id, dt.date(2023, 5, 9))
    assert due_base(demo_db, meeting.id).next_meeting == nxt.date
    # With no meeting in hand: today, and the soonest scheduled meeting of any series.
    without = due_base(demo_db, None, dt.date(2023, 4, 5))
    assert (without.today, without.next_meeting) == (dt.date(2023, 4, 5), other_series.date)
