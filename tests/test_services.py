"""The services: templates, the meeting's clock, cases, actions carried forward, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from spp_tui.db.models import ActionStatus, AuditEntry, CaseStatus, MeetingStatus
from spp_tui.db.services import actions, cases, directory, meetings
from spp_tui.db.templates import TEMPLATES, template_for
from spp_tui.errors import StaleEditError, ValidationError

pytestmark = pytest.mark.both_engines

MARCH = dt.date(2023, 3, 7)


def _at(minutes: int) -> dt.datetime:
    return dt.datetime(2023, 3, 7, 10, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_meeting_is_created_from_each_template(db, kind: str) -> None:
    meeting = meetings.create_meeting(db, kind, MARCH, dt.time(10, 0))
    items = meetings.agenda(db, meeting.id)
    template = template_for(kind)
    assert [i.title for i in items] == [t.title for t in template]
    assert [i.position for i in items] == list(range(1, len(template) + 1))
    total = sum(t.planned_minutes for t in template)
    assert meeting.planned_end == (dt.datetime(2000, 1, 1, 10) + dt.timedelta(minutes=total)).time()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_item_clocks_add_up_across_visits(db) -> None:
    meeting = meetings.create_meeting(db, "PSG", MARCH)
    first, second = meetings.agenda(db, meeting.id)[:2]
    meetings.start_meeting(db, meeting.id, now=_at(0))
    meetings.enter_item(db, meeting.id, second.id, now=_at(4))
    meetings.enter_item(db, meeting.id, first.id, now=_at(10))  # back to item 1 for 3 minutes
    meetings.enter_item(db, meeting.id, second.id, now=_at(13))
    items = {i.id: i for i in meetings.agenda(db, meeting.id)}
    assert items[first.id].elapsed(_at(20)) == 7 * 60  # 4 + 3 minutes, visit closed
    assert items[second.id].elapsed(_at(20)) == 6 * 60 + 7 * 60  # 6 earlier + 7 open
    ended = meetings.end_meeting(db, meeting.id, now=_at(20))
    assert ended.status == MeetingStatus.HELD
    assert ended.actual_start == _at(0) and ended.actual_end == _at(20)
    assert meetings.agenda(db, meeting.id)[1].elapsed(_at(99)) == 13 * 60  # frozen once ended


def test_reopened_meeting_resumes_on_its_item(db) -> None:
    meeting = meetings.create_meeting(db, "PSG", MARCH)
    third = meetings.agenda(db, meeting.id)[2]
    meetings.start_meeting(db, meeting.id, now=_at(0))
    meetings.enter_item(db, meeting.id, third.id, now=_at(5))
    resumed = meetings.start_meeting(db, meeting.id, now=_at(30))  # e.g. after a crash
    assert resumed.current_item_id == third.id
    assert resumed.actual_start == _at(0)


def test_case_outcome_moves_the_case_and_closing_needs_a_reason(db) -> None:
    meeting = meetings.create_meeting(db, "PSG", MARCH)
    case = cases.create_case(db, "Begging at cash machines", "Queensgate", referred_on=MARCH)
    reviews = next(i for i in meetings.agenda(db, meeting.id) if i.kind == "case reviews")
    discussion = cases.add_case_to_meeting(db, meeting.id, case.id, reviews.id)
    with pytest.raises(ValidationError, match="reason"):
        cases.update_discussion(db, discussion.id, outcome="close")
    cases.update_discussion(db, discussion.id, risk="high", outcome="monitoring")
    assert cases.get_case(db, case.id).status == CaseStatus.MONITORING
    assert cases.get_case(db, case.id).risk == "high"
    cases.update_discussion(db, discussion.id, outcome="close", outcome_reason="No calls since May")
    closed = cases.get_case(db, case.id)
    assert (closed.status, closed.closed_on, closed.closure_reason) == (
        CaseStatus.CLOSED,
        MARCH,
        "No calls since May",
    )


def test_references_are_stable_and_sequential(db) -> None:
    first = cases.create_case(db, "One", referred_on=dt.date(2023, 1, 2))
    second = cases.create_case(db, "Two", referred_on=dt.date(2023, 5, 2))
    other_year = cases.create_case(db, "Three", referred_on=dt.date(2024, 1, 2))
    assert (first.reference, second.reference, other_year.reference) == (
        "PSG-2023-001",
        "PSG-2023-002",
        "PSG-2024-001",
    )


def _person(db):
    agency = directory.add_agency(db, "Cross Keys Homes", "CKH")
    return directory.add_person(db, "Rebecca Moore", agency.id, "Tenancy Enforcement Manager")


def test_action_needs_text_owner_and_due_date(db) -> None:
    owner = _person(db)
    with pytest.raises(ValidationError, match="text"):
        actions.create_action(db, "   ", owner.id, MARCH)
    with pytest.raises(ValidationError, match="owner"):
        actions.create_action(db, "Visit", None, MARCH)
    with pytest.raises(ValidationError, match="due date"):
        actions.create_action(db, "Visit", owner.id, None)
    assert actions.list_actions(db) == []


def test_open_actions_carry_forward_until_closed(db) -> None:
    owner = _person(db)
    jan = meetings.create_meeting(db, "PSG", dt.date(2023, 1, 10))
    feb = meetings.create_meeting(db, "PSG", dt.date(2023, 2, 7))
    mar = meetings.create_meeting(db, "PSG", dt.date(2023, 3, 7))
    done = actions.create_action(
        db, "Warning letters", owner.id, dt.date(2023, 2, 1), meeting_id=jan.id
    )
    slow = actions.create_action(
        db, "Gate the alley", owner.id, dt.date(2023, 2, 1), meeting_id=jan.id
    )
    raised_in_feb = actions.create_action(
        db, "CCTV", owner.id, dt.date(2023, 3, 1), meeting_id=feb.id
    )
    assert {r.id for r in actions.actions_to_carry(db, feb.id)} == {done.id, slow.id}
    actions.record_action_update(db, done.id, "complete", meeting_id=feb.id, note="Sent")
    with pytest.raises(ValidationError, match="new due date"):
        actions.record_action_update(db, slow.id, "in progress", meeting_id=feb.id)
    actions.record_action_update(
        db, slow.id, "in progress", meeting_id=feb.id, new_due_on=dt.date(2023, 4, 1)
    )
    # Reviewed at February: still listed there (progress), gone from March unless still live.
    assert {r.id for r in actions.actions_to_carry(db, feb.id)} == {done.id, slow.id}
    assert {r.id for r in actions.actions_to_carry(db, mar.id)} == {slow.id, raised_in_feb.id}
    slow_now = actions.get_action(db, slow.id)
    assert (slow_now.status, slow_now.due_on) == (ActionStatus.IN_PROGRESS, dt.date(2023, 4, 1))
    history = actions.action_history(db, slow.id)
    assert [(u.new_status, m.date) for u, m in history] == [("in progress", feb.date)]


def test_overdue_is_derived_from_due_date_and_status(db) -> None:
    owner = _person(db)
    action = actions.create_action(db, "Patrols", owner.id, dt.date(2023, 3, 1))
    row = actions.list_actions(db)[0]
    assert row.is_overdue(dt.date(2023, 3, 2)) and row.days_overdue(dt.date(2023, 3, 11)) == 10
    assert not row.is_overdue(dt.date(2023, 3, 1))
    actions.record_action_update(db, action.id, "complete", made_on=dt.date(2023, 3, 5))
    assert not actions.list_actions(db)[0].is_overdue(dt.date(2023, 6, 1))


def test_every_change_writes_an_audit_entry_with_before_and_after(db) -> None:
    owner = _person(db)
    action = actions.create_action(db, "Patrols", owner.id, dt.date(2023, 3, 1))
    actions.update_action(db, action.id, text="Joint patrols on Friday")
    with db.read() as s:
        entries = s.exec(
            select(AuditEntry).where(
                AuditEntry.entity == "action", AuditEntry.entity_id == action.id
            )
        ).all()
    assert [e.operation for e in entries] == ["create", "update"]
    update = entries[-1]
    assert '"Patrols"' in update.before and "Joint patrols on Friday" in update.after
    assert update.user  # the OS user who made it


def test_stale_edit_is_refused_not_overwritten(db) -> None:
    owner = _person(db)
    action = actions.create_action(db, "Patrols", owner.id, dt.date(2023, 3, 1))
    actions.update_action(db, action.id, expected_version=action.version, text="Changed here")
    with pytest.raises(StaleEditError):
        actions.update_action(db, action.id, expected_version=action.version, text="Mine")
    assert actions.get_action(db, action.id).text == "Changed here"


def test_attendance_counts_and_missing_partners(db) -> None:
    police = directory.add_agency(db, "Cambridgeshire Constabulary", "Police")
    ckh = directory.add_agency(db, "Cross Keys Homes", "CKH")
    directory.add_agency(db, "Change Grow Live", "CGL")
    inspector = directory.add_person(db, "Insp. Mark Dalton", police.id)
    officer = directory.add_person(db, "Adam Price", ckh.id)
    meeting = meetings.create_meeting(db, "PSG", MARCH)
    meetings.record_attendance(db, meeting.id, inspector.id, "present")
    meetings.record_attendance(db, meeting.id, officer.id, "apologies")
    summary = meetings.attendance_summary(db, meeting.id)
    assert (summary.present, summary.apologies) == (1, 1)
    assert summary.missing_agencies == ["Change Grow Live", "Cross Keys Homes"]
    with pytest.raises(ValidationError, match="deputising"):
        meetings.record_attendance(db, meeting.id, officer.id, "present", role="deputy")


def test_schedule_next_meeting_uses_the_same_template(db) -> None:
    youth = meetings.create_meeting(db, "Youth PSG", MARCH, dt.time(14), "Bayard Place")
    nxt = meetings.schedule_next_meeting(db, youth.id, dt.date(2023, 4, 4))
    assert (nxt.kind, nxt.venue, nxt.planned_start, nxt.status) == (
        "Youth PSG",
        "Bayard Place",
        dt.time(14),
        MeetingStatus.SCHEDULED,
    )
    assert meetings.get_meeting(db, youth.id).next_meeting_id == nxt.id
    with pytest.raises(ValidationError, match="after"):
        meetings.schedule_next_meeting(db, youth.id, MARCH)


def test_demo_has_every_action_status_and_a_scheduled_next_meeting(demo_db) -> None:
    rows = actions.list_actions(demo_db)
    assert {r.status for r in rows} == {s.value for s in ActionStatus}
    assert 35 <= len(rows) <= 60
    assert any(r.is_overdue(dt.date(2023, 4, 4)) for r in rows)
    listed = meetings.list_meetings(demo_db)
    assert listed[0].status == MeetingStatus.SCHEDULED and listed[0].date == dt.date(2023, 4, 4)
    held = [m for m in listed if m.status != MeetingStatus.SCHEDULED]
    assert sorted((m.kind, m.date.month) for m in held) == [
        ("PSG", 1),
        ("PSG", 2),
        ("PSG", 3),
        ("Youth PSG", 2),
    ]
    assert len(cases.list_cases(demo_db)) == 12 and cases.parties(demo_db)


def test_youth_psg_actions_stay_in_their_own_series(db) -> None:
    owner = _person(db)
    psg = meetings.create_meeting(db, "PSG", dt.date(2023, 1, 10))
    youth = meetings.create_meeting(db, "Youth PSG", dt.date(2023, 1, 24))
    extraordinary = meetings.create_meeting(db, "Extraordinary PSG", dt.date(2023, 1, 30))
    nxt = meetings.create_meeting(db, "PSG", dt.date(2023, 2, 7))
    from_psg = actions.create_action(db, "A", owner.id, MARCH, meeting_id=psg.id)
    from_youth = actions.create_action(db, "B", owner.id, MARCH, meeting_id=youth.id)
    from_extra = actions.create_action(db, "C", owner.id, MARCH, meeting_id=extraordinary.id)
    assert {r.id for r in actions.actions_to_carry(db, nxt.id)} == {from_psg.id, from_extra.id}
    next_youth = meetings.create_meeting(db, "Youth PSG", dt.date(2023, 2, 21))
    assert {r.id for r in actions.actions_to_carry(db, next_youth.id)} == {from_youth.id}
