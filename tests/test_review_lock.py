"""Approved minutes are locked; an audited unlock lets the secretariat correct them."""

from __future__ import annotations

import datetime as dt

import pytest

from spp_tui.db.models import ActionStatus, MeetingStatus
from spp_tui.db.services import actions, cases, directory, meetings
from spp_tui.db.services.audit_log import audit_entries
from spp_tui.db.services.review import is_locked, set_minutes_status, unlock_minutes
from spp_tui.errors import LockedError, ValidationError

pytestmark = pytest.mark.both_engines  # services and exports on SQLite and PostgreSQL

MARCH = dt.date(2023, 3, 7)


@pytest.fixture
def approved(demo_db):
    """The demo's last held meeting (2023-03-07, minutes draft), now approved."""
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    set_minutes_status(demo_db, march.id, MeetingStatus.MINUTES_APPROVED, approved_on=MARCH)
    return march


def _owned_action(db, meeting_id: int):
    return next(
        a
        for a in actions.list_actions(db, actions.ActionFilter(meeting_id=meeting_id))
        if a.owner_id is not None and a.due_on is not None
    )


def test_held_to_draft_to_approved_records_the_approval_date(demo_db) -> None:
    youth = meetings.resolve_meeting(demo_db, "2023-02-21")
    assert youth.status == MeetingStatus.HELD
    draft = set_minutes_status(demo_db, youth.id, MeetingStatus.MINUTES_DRAFT)
    assert draft.status == MeetingStatus.MINUTES_DRAFT and not is_locked(draft)
    done = set_minutes_status(
        demo_db, youth.id, MeetingStatus.MINUTES_APPROVED, approved_on=dt.date(2023, 3, 21)
    )
    assert is_locked(done)
    assert meetings.get_meeting(demo_db, youth.id).minutes_approved_on == dt.date(2023, 3, 21)


def test_a_scheduled_meeting_has_no_minutes_to_approve(demo_db) -> None:
    nxt = meetings.resolve_meeting(demo_db, "next")
    with pytest.raises(ValidationError, match="has not been held yet"):
        set_minutes_status(demo_db, nxt.id, MeetingStatus.MINUTES_APPROVED)


def test_every_kind_of_change_to_approved_minutes_is_refused(demo_db, approved) -> None:
    action = _owned_action(demo_db, approved.id)
    discussion = cases.meeting_cases(demo_db, approved.id)[0].discussion
    attendee = meetings.attendance(demo_db, approved.id)[0]
    someone = directory.list_people(demo_db)[5]
    message = "the minutes of 2023-03-07 are approved; unlock them first."
    attempts = {
        "action owner": lambda: actions.update_action(demo_db, action.id, owner_id=someone.id),
        "action text": lambda: actions.update_action(demo_db, action.id, text="Something else"),
        "action due": lambda: actions.update_action(demo_db, action.id, due_on=dt.date(2023, 6, 1)),
        "new action": lambda: actions.create_action(
            demo_db, "Late addition", someone.id, dt.date(2023, 5, 1), meeting_id=approved.id
        ),
        "discussion": lambda: cases.update_discussion(demo_db, discussion.id, summary="Changed"),
        "drop case": lambda: cases.remove_case_from_meeting(demo_db, discussion.id),
        "attendance": lambda: meetings.record_attendance(
            demo_db, approved.id, attendee.person_id, status="apologies"
        ),
        "remove attendee": lambda: meetings.remove_attendance(demo_db, attendee.id),
        "meeting field": lambda: meetings.update_meeting(demo_db, approved.id, aob_notes="x"),
        "status back": lambda: set_minutes_status(
            demo_db, approved.id, MeetingStatus.MINUTES_DRAFT
        ),
    }
    for what, attempt in attempts.items():
        with pytest.raises(LockedError) as caught:
            attempt()
        assert str(caught.value) == message, what
    # Nothing was saved.
    assert actions.get_action(demo_db, action.id).owner_id == action.owner_id
    assert cases.meeting_cases(demo_db, approved.id)[0].discussion.summary == discussion.summary
    assert meetings.get_meeting(demo_db, approved.id).aob_notes == approved.aob_notes


def test_a_later_meeting_still_reviews_actions_raised_at_an_approved_one(demo_db, approved) -> None:
    action = _owned_action(demo_db, approved.id)
    april = meetings.resolve_meeting(demo_db, "next")
    actions.record_action_update(
        demo_db,
        action.id,
        ActionStatus.IN_PROGRESS,
        meeting_id=april.id,
        new_due_on=dt.date(2023, 5, 2),
        note="Started",
    )
    reviewed = actions.get_action(demo_db, action.id)
    assert (reviewed.status, reviewed.due_on) == ("in progress", dt.date(2023, 5, 2))
    # ...but a review dated *at* the approved meeting would rewrite its record.
    with pytest.raises(LockedError):
        actions.record_action_update(demo_db, action.id, "complete", meeting_id=approved.id)


def test_navigating_an_approved_meeting_is_not_a_change(demo_db, approved) -> None:
    item = meetings.agenda(demo_db, approved.id)[3]
    meetings.enter_item(demo_db, approved.id, item.id)
    assert meetings.get_meeting(demo_db, approved.id).current_item_id == item.id


def test_unlock_is_audited_then_corrections_are_audited_and_reapproval_locks(
    demo_db, approved
) -> None:
    action = _owned_action(demo_db, approved.id)
    new_owner = next(p for p in directory.list_people(demo_db) if p.id != action.owner_id)
    with pytest.raises(ValidationError, match="say why"):
        unlock_minutes(demo_db, approved.id, "   ")

    unlocked = unlock_minutes(demo_db, approved.id, "owner of one action was misheard")
    assert unlocked.status == MeetingStatus.MINUTES_DRAFT
    unlock_entry = audit_entries(demo_db, "meeting", approved.id)[0]
    assert unlock_entry.operation == "unlock"
    assert "owner of one action was misheard" in unlock_entry.summary

    actions.update_action(demo_db, action.id, owner_id=new_owner.id)
    change = audit_entries(demo_db, "action", action.id)[0]
    assert f'"owner_id": {action.owner_id}' in change.before
    assert f'"owner_id": {new_owner.id}' in change.after

    set_minutes_status(demo_db, approved.id, MeetingStatus.MINUTES_APPROVED)
    with pytest.raises(LockedError):
        actions.update_action(demo_db, action.id, owner_id=action.owner_id)
    assert actions.get_action(demo_db, action.id).owner_id == new_owner.id


def test_agreeing_minutes_at_the_next_meeting_locks_them(demo_db) -> None:
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    april = meetings.resolve_meeting(demo_db, "next")
    meetings.record_previous_minutes(demo_db, april.id, agreed=True)
    assert is_locked(meetings.get_meeting(demo_db, march.id))
    discussion = cases.meeting_cases(demo_db, march.id)[0].discussion
    with pytest.raises(LockedError):
        cases.update_discussion(demo_db, discussion.id, decisions="Changed later")


def test_unlocking_minutes_that_are_not_approved_is_refused(demo_db) -> None:
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    with pytest.raises(ValidationError, match="not approved"):
        unlock_minutes(demo_db, march.id, "typo")


def test_the_retention_purge_may_still_erase_data_held_in_approved_minutes(demo_db) -> None:
    from spp_tui.db.services import retention

    january = meetings.resolve_meeting(demo_db, "2023-01-10")
    assert is_locked(january)
    closed_there = [
        c
        for c in retention.purge_preview(demo_db, dt.date.today()).cases
        if any(d.meeting_id == january.id for d, _ in cases.case_discussions(demo_db, c.case_id))
    ]
    assert closed_there, "the demo closes a case discussed at its approved January meeting"
    report = retention.purge_closed_cases(demo_db, dt.date.today())
    assert {c.case_id for c in closed_there} <= {c.case_id for c in report.cases}
    assert is_locked(meetings.get_meeting(demo_db, january.id))
