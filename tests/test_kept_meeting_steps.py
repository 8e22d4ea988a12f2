"""The steps a chair takes live while the store is away (start and end the meeting, a guest for
one case, someone leaving, an attendance row removed, someone new added and present, a case
moved on its item) are kept as one-offs: each survives the journal (a line read back at the
next start), is written with the moment the chair pressed the key, and is written once however
often its line is replayed. Issue 15 item 4, issue 12 item 4; on both engines."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

import pytest

from spp_tui.db.database import Database
from spp_tui.db.edit_journal import QueuedEdit, Replayer
from spp_tui.db.models import Meeting
from spp_tui.db.services import cases, directory, meetings

pytestmark = pytest.mark.both_engines

#: When the chair pressed the key (the replay comes hours later).
PRESSED = dt.datetime(2023, 4, 4, 9, 1, tzinfo=dt.UTC)


def replayed_twice(db: Database, kind: str, record_id: int, args: dict[str, Any]) -> Any:
    """The step through its journal line (as the next start reads it), written, then the same
    line replayed again (a crash before the journal was rewritten): the second finds its mark."""
    kept = QueuedEdit.one_off(kind, record_id, args, kind)
    line = QueuedEdit.from_json(json.dumps(asdict(kept)))
    assert line == kept
    first = Replayer(db).write(line)
    assert first is not None
    assert Replayer(db).write(line) is None  # written once
    return first


def _meeting(db: Database) -> Meeting:
    return meetings.resolve_meeting(db, "2023-04-04")


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.replace(tzinfo=moment.tzinfo or dt.UTC)


def _row(db: Database, meeting_id: int, name: str) -> Any:
    return next(r for r in meetings.attendance(db, meeting_id) if r.name == name)


def test_start_and_end_kept_are_written_at_the_moment_pressed(demo_db: Database) -> None:
    meeting = _meeting(demo_db)
    replayed_twice(demo_db, "start_meeting", meeting.id, {"at": PRESSED})
    started = meetings.get_meeting(demo_db, meeting.id)
    assert started.status == "in progress" and _utc(started.actual_start) == PRESSED
    ended_at = PRESSED + dt.timedelta(hours=2)
    replayed_twice(demo_db, "end_meeting", meeting.id, {"at": ended_at})
    ended = meetings.get_meeting(demo_db, meeting.id)
    assert ended.status == "held" and _utc(ended.actual_end) == ended_at


def test_someone_new_added_offline_then_a_guest_then_left_then_removed(demo_db: Database) -> None:
    """The row made by the first step is found by the steps behind it (by person, not row)."""
    meeting = _meeting(demo_db)
    replayed_twice(demo_db, "start_meeting", meeting.id, {"at": PRESSED})
    args = {"name": "Pat Newcomer", "agency": "Newtown Residents Group", "role": "resident"}
    replayed_twice(demo_db, "new_attendee", meeting.id, args)
    row = _row(demo_db, meeting.id, "Pat Newcomer")
    assert (row.status, row.agency_name) == ("present", "Newtown Residents Group")
    case_id = cases.meeting_cases(demo_db, meeting.id)[0].discussion.case_id
    replayed_twice(demo_db, "guest", meeting.id, {"person_id": row.person_id, "case_id": case_id})
    row = _row(demo_db, meeting.id, "Pat Newcomer")
    assert (row.role, row.invited_for_case_id) == ("invited", case_id)
    left_at = PRESSED + dt.timedelta(minutes=20)
    replayed_twice(demo_db, "left", meeting.id, {"person_id": row.person_id, "at": left_at})
    assert _utc(_row(demo_db, meeting.id, "Pat Newcomer").left_at) == left_at
    replayed_twice(demo_db, "attendance_removed", meeting.id, {"person_id": row.person_id})
    assert "Pat Newcomer" not in {r.name for r in meetings.attendance(demo_db, meeting.id)}
    assert [p.name for p in directory.search_people(demo_db, "Newcomer")] == ["Pat Newcomer"]


def test_someone_new_with_an_agency_typed_ambiguously_keeps_the_typed_text(
    demo_db: Database,
) -> None:
    """At the replay nobody can be asked which agency was meant: the person is added, present,
    without one, and the typed text stays in their role."""
    meeting = _meeting(demo_db)
    args = {"name": "Sam Visitor", "agency": "Cambridgeshire", "role": "analyst"}
    replayed_twice(demo_db, "new_attendee", meeting.id, args)
    row = _row(demo_db, meeting.id, "Sam Visitor")
    assert row.status == "present" and row.agency_id is None
    person = directory.get_person(demo_db, row.person_id)
    assert person.role == "analyst (agency typed: Cambridgeshire)"


def test_a_case_moved_on_its_item_offline_is_moved_once(demo_db: Database) -> None:
    meeting = _meeting(demo_db)
    entries = cases.meeting_cases(demo_db, meeting.id)
    item = entries[0].discussion.agenda_item_id
    order = [e.discussion.id for e in entries if e.discussion.agenda_item_id == item]
    assert len(order) >= 2
    replayed_twice(demo_db, "case_move", order[0], {"offset": 1})
    moved = [
        e.discussion.id
        for e in cases.meeting_cases(demo_db, meeting.id)
        if e.discussion.agenda_item_id == item
    ]
    assert moved == [order[1], order[0], *order[2:]]  # one place down, not two


def test_a_kept_moment_without_its_offset_is_not_a_step() -> None:
    """A journal line is data: a time that could be read two ways is refused, not guessed."""
    kept = QueuedEdit.one_off("start_meeting", 1, {"at": PRESSED}, "start")
    line = asdict(kept) | {"changes": {"at": "2023-04-04T09:01:00"}}
    assert QueuedEdit.from_json(json.dumps(line)) is None


def test_moving_to_an_item_reading_the_statement_and_agreeing_minutes_kept(
    demo_db: Database,
) -> None:
    """Item 2 entered and its statement read, item 3 entered and the previous minutes agreed
    (keeping the corrections already recorded: the panel could not read them offline)."""
    meeting = _meeting(demo_db)
    meetings.record_previous_minutes(demo_db, meeting.id, False, "Item 4: Towler Street")
    replayed_twice(demo_db, "start_meeting", meeting.id, {"at": PRESSED})
    items = meetings.agenda(demo_db, meeting.id)
    second = PRESSED + dt.timedelta(minutes=5)
    replayed_twice(demo_db, "enter_item", meeting.id, {"item_id": items[1].id, "at": second})
    replayed_twice(demo_db, "confidentiality_read", meeting.id, {"at": second})
    third = PRESSED + dt.timedelta(minutes=8)
    replayed_twice(demo_db, "enter_item", meeting.id, {"item_id": items[2].id, "at": third})
    args = {"agreed": True, "corrections": None}
    replayed_twice(demo_db, "previous_minutes", meeting.id, args)
    stored = meetings.get_meeting(demo_db, meeting.id)
    assert stored.current_item_id == items[2].id
    assert _utc(stored.confidentiality_read_at) == second
    assert stored.previous_minutes_agreed
    assert stored.previous_minutes_corrections == "Item 4: Towler Street"
    items = meetings.agenda(demo_db, meeting.id)
    assert _utc(items[1].actual_start) == second and _utc(items[1].actual_end) == third
    assert _utc(items[0].actual_end) == second


def test_a_meeting_scheduled_offline_is_created_once_with_its_agenda(demo_db: Database) -> None:
    before = len(meetings.list_meetings(demo_db))
    args = {"kind": "Youth PSG", "date": dt.date(2023, 6, 6), "start": dt.time(14, 30)}
    args |= {"venue": "Town Hall", "chair_id": None, "minute_taker_id": None}
    made = replayed_twice(demo_db, "new_meeting", 0, args)
    assert len(meetings.list_meetings(demo_db)) == before + 1
    stored = meetings.get_meeting(demo_db, made.id)
    assert (stored.kind, stored.date, stored.planned_start, stored.venue) == (
        "Youth PSG",
        dt.date(2023, 6, 6),
        dt.time(14, 30),
        "Town Hall",
    )
    assert meetings.agenda(demo_db, made.id)


def test_a_possible_name_marked_offline_is_decided_once(demo_db: Database) -> None:
    from spp_tui.db.services import name_review

    meeting = _meeting(demo_db)
    args = {"phrase": "Bernadette Quorrell", "decision": name_review.PARTY}
    replayed_twice(demo_db, "name_review", meeting.id, args)
    assert "Bernadette Quorrell" in name_review.party_names(demo_db)


def test_a_party_removed_offline_is_removed_once(demo_db: Database) -> None:
    case_id = cases.meeting_cases(demo_db, _meeting(demo_db).id)[0].discussion.case_id
    party = cases.add_party(demo_db, case_id, "Mr A Resident", "victim")
    replayed_twice(demo_db, "party_removed", party.id, {})
    assert "Mr A Resident" not in [p.name for p in cases.parties(demo_db, [case_id])]


def test_an_urgent_case_added_offline_is_made_once_on_its_item(demo_db: Database) -> None:
    """The typed referral is kept whole; written, it is one case, referred on the meeting
    day, on the item the chair was on with the risk given, its reference allocated then."""
    meeting = _meeting(demo_db)
    item = next(i for i in meetings.agenda(demo_db, meeting.id) if i.kind == "new referrals")
    before = {c.id for c in cases.list_cases(demo_db)}
    args = {
        "agenda_item_id": item.id,
        "title": "Fly-tipping behind the shops",
        "location": "Mayor's Walk",
        "ward": "West",
        "category": "environmental",
        "risk": "high",
        "lead_agency_id": None,
        "operation": "operation glazier",
        "referred_on": meeting.date,
    }
    added = replayed_twice(demo_db, "urgent_case", meeting.id, args)
    made = [c for c in cases.list_cases(demo_db) if c.id not in before]
    assert [c.id for c in made] == [added.case.id]  # one case, not two
    case = made[0]
    assert (case.title, case.location, case.ward, case.category, case.risk) == (
        "Fly-tipping behind the shops",
        "Mayor's Walk",
        "West",
        "environmental",
        "high",
    )
    assert case.operation == "Glazier" and case.referred_on == meeting.date
    assert case.reference.startswith(f"PSG-{meeting.date.year}-")
    on_item = [
        e
        for e in cases.meeting_cases(demo_db, meeting.id)
        if e.case.id == case.id and e.discussion.agenda_item_id == item.id
    ]
    assert [e.discussion.risk for e in on_item] == ["high"]


def test_an_action_edit_kept_offline_is_written_once_and_checked_against_its_version(
    demo_db: Database,
) -> None:
    """The edit carries the version of the row the chair saw: written over it once; kept
    over a version changed elsewhere meanwhile, it is the usual stale question (keep mine
    writes it over theirs)."""
    from spp_tui.db.services import actions
    from spp_tui.errors import StaleEditError

    owner = directory.search_people(demo_db, "dalton")[0]
    due = dt.date(2023, 5, 2)
    made = actions.create_action(demo_db, "Fence repair at the alley", owner.id, due)
    args = {"text": "Fence mended", "owner_id": owner.id, "owner_agency_id": None, "due_on": due}
    kept = QueuedEdit.one_off("action_edit", made.id, args, "edit", base=made.version)
    line = QueuedEdit.from_json(json.dumps(asdict(kept)))
    assert line == kept
    assert Replayer(demo_db).write(line).text == "Fence mended"
    assert Replayer(demo_db).write(line) is None  # written once
    stored = actions.get_action(demo_db, made.id)
    assert stored.version == made.version + 1
    late = QueuedEdit.one_off(
        "action_edit", made.id, args | {"text": "Late edit"}, "edit", base=made.version
    )
    with pytest.raises(StaleEditError):
        Replayer(demo_db).write(late)
    assert actions.get_action(demo_db, made.id).text == "Fence mended"
    assert Replayer(demo_db).write(late, force=True).text == "Late edit"


def test_a_case_dropped_from_the_agenda_offline_is_dropped_once(demo_db: Database) -> None:
    meeting = _meeting(demo_db)
    first = cases.meeting_cases(demo_db, meeting.id)[0]
    replayed_twice(demo_db, "case_dropped", first.discussion.id, {})
    left = [e.discussion.id for e in cases.meeting_cases(demo_db, meeting.id)]
    assert first.discussion.id not in left
    assert cases.get_case(demo_db, first.case.id).title == first.case.title  # the case is kept


def test_items_marked_taken_or_not_afterwards_offline_are_marked_once(demo_db: Database) -> None:
    meeting = meetings.create_meeting(demo_db, "PSG", dt.date(2023, 6, 20))
    items = meetings.agenda(demo_db, meeting.id)
    replayed_twice(demo_db, "item_mark", items[1].id, {"taken": False, "note": "deferred"})
    replayed_twice(demo_db, "item_mark", items[2].id, {"taken": True, "note": ""})
    stored = meetings.agenda(demo_db, meeting.id)
    assert stored[1].notes == "Not taken at the meeting: deferred"
    assert stored[2].notes.startswith("Taken") and "\n" not in stored[2].notes


def test_corrections_typed_while_those_recorded_could_not_be_read_are_added_once(
    demo_db: Database,
) -> None:
    """Item 3 first opened while the store was away: the corrections typed are added under
    those recorded meanwhile (nothing written over), once, and not agreed."""
    meeting = _meeting(demo_db)
    args = {"corrections": "Item 6: the alley is off Lincoln Road"}
    replayed_twice(demo_db, "corrections_added", meeting.id, args)
    stored = meetings.get_meeting(demo_db, meeting.id)
    assert stored.previous_minutes_corrections == "Item 6: the alley is off Lincoln Road"
    meetings.record_previous_minutes(demo_db, meeting.id, False, "Item 4: Towler Street")
    replayed_twice(demo_db, "corrections_added", meeting.id, args)
    stored = meetings.get_meeting(demo_db, meeting.id)
    assert stored.previous_minutes_corrections == (
        "Item 4: Towler Street\nItem 6: the alley is off Lincoln Road"
    )
    assert stored.previous_minutes_agreed is False
