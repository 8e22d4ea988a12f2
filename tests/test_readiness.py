"""The readiness check lists exactly the gaps in a meeting's record, and fixing them clears it."""

from __future__ import annotations

import datetime as dt

import pytest

from spp_tui.db.models import AgendaItem
from spp_tui.db.services import actions, cases, directory, meetings
from spp_tui.db.services.readiness import IssueKind, readiness_issues

pytestmark = pytest.mark.both_engines  # services and exports on SQLite and PostgreSQL


def _ids(db, meeting_id: int) -> dict[str, int]:
    """Ids of the demo's seeded gaps on its last held meeting, looked up by what they are."""
    by_ref = {e.case.reference: e.discussion.id for e in cases.meeting_cases(db, meeting_id)}
    by_text = {
        a.text: a.id for a in actions.list_actions(db, actions.ActionFilter(meeting_id=meeting_id))
    }
    return {
        "no outcome": by_ref["PSG-2023-004"],
        "towler": by_ref["PSG-2022-003"],
        "landlord": by_text["Write to the landlord about the communal door"],
        "cctv": by_text["Confirm funding for the extra CCTV camera"],
    }


def test_the_demo_last_meeting_lists_exactly_its_seeded_gaps(demo_db) -> None:
    last = meetings.resolve_meeting(demo_db, "last")
    assert last.date == dt.date(2023, 3, 7)
    ids = _ids(demo_db, last.id)
    issues = readiness_issues(demo_db, last.id)
    assert [(i.kind, i.target) for i in issues] == [
        (IssueKind.DISCUSSION, ("discussion", ids["no outcome"])),
        (IssueKind.PARTY, ("discussion", ids["towler"])),
        (IssueKind.ACTION, ("action", ids["landlord"])),
        (IssueKind.ACTION, ("action", ids["cctv"])),
    ]
    messages = [i.message for i in issues]
    assert messages[0] == "PSG-2023-004 (Off-road bikes on the recreation ground) has no outcome"
    assert "Kevin Doyle (a party of PSG-2022-001)" in messages[1]
    assert messages[2].endswith(
        'has no owner and no due date: "Write to the landlord about the communal door"'
    )
    assert messages[3].endswith('has no due date: "Confirm funding for the extra CCTV camera"')


def test_fixing_the_gaps_through_the_services_empties_the_list(demo_db) -> None:
    last = meetings.resolve_meeting(demo_db, "last")
    ids = _ids(demo_db, last.id)
    owner = directory.list_people(demo_db)[0]
    cases.update_discussion(demo_db, ids["no outcome"], outcome="monitoring")
    towler = next(
        e.case for e in cases.meeting_cases(demo_db, last.id) if e.discussion.id == ids["towler"]
    )
    cases.add_party(demo_db, towler.id, "Kevin Doyle", "suspect")
    actions.update_action(demo_db, ids["landlord"], owner_id=owner.id, due_on=dt.date(2023, 4, 4))
    actions.update_action(demo_db, ids["cctv"], due_on=dt.date(2023, 4, 4))
    assert readiness_issues(demo_db, last.id) == []


def test_every_kind_of_gap_is_found_on_a_fresh_meeting(db) -> None:
    police = directory.add_agency(db, "Cambridgeshire Constabulary", "Police")
    officer = directory.add_person(db, "PC Priya Nair", police.id)
    stray = directory.add_person(db, "Visitor Without Agency", None)
    meeting = meetings.create_meeting(db, "PSG", dt.date(2023, 5, 2))
    items = meetings.agenda(db, meeting.id)
    meetings.start_meeting(db, meeting.id)  # opens item 1 only
    meetings.record_attendance(db, meeting.id, officer.id)
    meetings.record_attendance(db, meeting.id, stray.id)
    alley = cases.create_case(
        db, "Alley drug use", "Burghley Road", referred_on=dt.date(2023, 4, 1)
    )
    flat = cases.create_case(db, "Cuckooed flat", "Towler Street", referred_on=dt.date(2023, 4, 1))
    cases.add_party(db, alley.id, "Mrs Edna Pryce", "victim")
    discussion = cases.add_case_to_meeting(db, meeting.id, flat.id, items[5].id)
    cases.update_discussion(
        db, discussion.id, summary="Mrs Pryce reported visitors.", risk="high", outcome="keep open"
    )
    named = actions.create_action(
        db, "Visit Edna Pryce at home", officer.id, dt.date(2023, 6, 1), meeting_id=meeting.id
    )
    meetings.end_meeting(db, meeting.id)

    issues = readiness_issues(db, meeting.id)
    kinds = [i.kind for i in issues]
    assert kinds == [IssueKind.ATTENDANCE] + [IssueKind.AGENDA_ITEM] * (len(items) - 1) + [
        IssueKind.PARTY,
        IssueKind.PARTY,
    ]
    assert issues[0].message == "Visitor Without Agency is in the attendance without an agency"
    assert [i.target for i in issues[1:-2]] == [("agenda_item", i.id) for i in items[1:]]
    assert issues[-2].target == ("discussion", discussion.id)
    assert issues[-1].target == ("action", named.id)
    assert "the action belongs to no case" in issues[-1].message


def test_lower_case_words_and_staff_surnames_are_not_taken_for_parties(db) -> None:
    meeting = meetings.create_meeting(db, "PSG", dt.date(2023, 5, 2))
    youth = cases.create_case(db, "Bikes", referred_on=dt.date(2023, 4, 1))
    other = cases.create_case(db, "Shop", referred_on=dt.date(2023, 4, 1))
    cases.add_party(db, youth.id, "Jordan Miles", "young person")
    cases.add_party(db, youth.id, "Adam Price", "witness")
    directory.add_person(db, "Adam Price", None)  # a member of staff shares the surname
    item = meetings.agenda(db, meeting.id)[5]
    discussion = cases.add_case_to_meeting(db, meeting.id, other.id, item.id)
    cases.update_discussion(
        db,
        discussion.id,
        summary="Riders came two miles from town. Price of the repairs agreed.",
        risk="low",
        outcome="keep open",
    )
    assert [i for i in readiness_issues(db, meeting.id) if i.kind == IssueKind.PARTY] == []
    cases.update_discussion(db, discussion.id, decisions="Miles to be spoken to.")
    assert [i.kind for i in readiness_issues(db, meeting.id) if i.kind == IssueKind.PARTY] == [
        IssueKind.PARTY
    ]


def test_items_never_opened_are_cleared_by_marking_them_not_taken_or_taken(db) -> None:
    from spp_tui.db.services.audit_log import audit_entries
    from spp_tui.errors import ValidationError

    meeting = meetings.create_meeting(db, "PSG", dt.date(2023, 5, 2))
    items = meetings.agenda(db, meeting.id)
    meetings.start_meeting(db, meeting.id)  # opens item 1 only
    meetings.end_meeting(db, meeting.id)
    unopened = [i.target[1] for i in readiness_issues(db, meeting.id)]
    assert unopened == [i.id for i in items[1:]]

    with pytest.raises(ValidationError, match="why"):
        meetings.mark_item_not_taken(db, items[1].id, "   ")
    marked = meetings.mark_item_not_taken(db, items[1].id, "deferred to  June")
    assert marked.notes == "Not taken at the meeting: deferred to June"
    assert [i.target[1] for i in readiness_issues(db, meeting.id)] == unopened[1:]
    entry = audit_entries(db, "agendaitem", items[1].id)[0]
    assert "Not taken at the meeting: deferred to June" in entry.after

    # Marking again replaces the mark and keeps any other notes.
    # (no service edits an item's other notes yet: set them directly)
    with db.write() as s:
        s.get(AgendaItem, items[2].id).notes = "Fire service to report next time"
    assert meetings.mark_item_taken(db, items[2].id).notes == (
        "Taken at the meeting\nFire service to report next time"
    )
    assert meetings.mark_item_taken(db, items[2].id, "with item 6").notes == (
        "Taken at the meeting: with item 6\nFire service to report next time"
    )
    for item in items[3:]:
        meetings.mark_item_taken(db, item.id, "")
    assert readiness_issues(db, meeting.id) == []


def test_marking_an_item_is_refused_once_the_minutes_are_approved(db) -> None:
    from spp_tui.db.services.review import set_minutes_status
    from spp_tui.errors import LockedError

    meeting = meetings.create_meeting(db, "PSG", dt.date(2023, 5, 2))
    item = meetings.agenda(db, meeting.id)[3]
    meetings.start_meeting(db, meeting.id)
    meetings.end_meeting(db, meeting.id)
    set_minutes_status(db, meeting.id, "minutes approved")
    with pytest.raises(LockedError):
        meetings.mark_item_not_taken(db, item.id, "deferred")
    assert meetings.agenda(db, meeting.id)[3].notes == ""
