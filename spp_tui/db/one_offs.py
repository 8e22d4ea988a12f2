"""One-off writes that can wait: a new action, an action edited, an attendance mark, an
outcome recorded in the action review and its note, a party added, the next meeting; the
meeting started and ended, a one-item guest, someone leaving, an attendance row removed,
someone new added and present, a case moved on its agenda item, the chair moving to another
item, the confidentiality statement read, the previous minutes agreed or corrected, a new
meeting scheduled from home, a possible name marked in the redaction review, a party removed
from a case, an urgent case added on the day, a case dropped from the agenda, an item never
opened marked taken or not taken afterwards, corrections to the previous minutes typed while
those recorded could not be read (added under them).

Why: while the server is unreachable (or the file is held by another process) what the chair
typed into a dialog must be kept and written later, like the autosaved notes
(``spp_tui.db.edit_journal``). Each one-off is data, not code: a name from ``ONE_OFFS``, the
service arguments it may carry and their types, so a damaged or hostile journal line can do no
more than the chair could from the screen. Dates and times travel as ISO text; a time is the
moment the chair pressed the key (a meeting started offline starts then, not at the replay).

Each carries an id (``QueuedEdit.once``): its write marks the id in the store in the same
transaction (``spp_tui.db.once``), so replaying it twice (a crash after the write, two
instances opening one journal) writes it once. References (A-2023-054) are allocated when it is
written, as for any new action.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spp_tui.db.database import Database

#: Argument types: "int", "bool", "str", "date", "time" (a moment), "clock" (a time of day,
#: HH:MM); a trailing "?" allows None.
Spec = dict[str, str]

#: What each one-off may carry (``record_id`` is the record it changes, 0 for a new one).
ONE_OFFS: dict[str, Spec] = {
    "new_action": {
        "text": "str",
        "owner_id": "int",
        "due_on": "date",
        "case_id": "int?",
        "meeting_id": "int?",
        "owner_agency_id": "int?",
    },
    "action_edit": {"text": "str", "owner_id": "int", "owner_agency_id": "int?", "due_on": "date"},
    "attendance": {"person_id": "int", "status": "str", "role": "str", "deputy_for_id": "int?"},
    "action_outcome": {
        "new_status": "str",
        "meeting_id": "int?",
        "new_due_on": "date?",
        "note": "str",
    },
    "update_note": {"note": "str"},
    "party": {"name": "str", "role": "str"},
    "next_meeting": {"date": "date"},
    "start_meeting": {"at": "time"},
    "end_meeting": {"at": "time"},
    "guest": {"person_id": "int", "case_id": "int?"},
    "left": {"person_id": "int", "at": "time"},
    "attendance_removed": {"person_id": "int"},
    "new_attendee": {"name": "str", "agency": "str", "role": "str"},
    "case_move": {"offset": "int"},
    "enter_item": {"item_id": "int", "at": "time"},
    "confidentiality_read": {"at": "time"},
    "previous_minutes": {"agreed": "bool", "corrections": "str?"},
    "corrections_added": {"corrections": "str"},
    "new_meeting": {
        "kind": "str",
        "date": "date",
        "start": "clock",
        "venue": "str",
        "chair_id": "int?",
        "minute_taker_id": "int?",
    },
    "name_review": {"phrase": "str", "decision": "str"},
    "party_removed": {},
    "case_dropped": {},
    "item_mark": {"taken": "bool", "note": "str"},
    "urgent_case": {
        "agenda_item_id": "int",
        "title": "str",
        "location": "str",
        "ward": "str",
        "category": "str",
        "risk": "str",
        "lead_agency_id": "int?",
        "operation": "str",
        "referred_on": "date",
    },
}


def new_id() -> str:
    """A fresh one-off id (random: two laptops never share one)."""
    return uuid.uuid4().hex


def encode(value: Any) -> Any:
    """A service argument as JSON can hold it (a date, a moment, a time of day as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date | dt.time) else value


def valid(kind: str, args: dict[str, Any]) -> bool:
    """True when ``args`` are exactly the one-off's arguments, each of its type."""
    spec = ONE_OFFS.get(kind)
    if spec is None or set(args) != set(spec):
        return False
    return all(_fits(args[name], kind_of) for name, kind_of in spec.items())


def _fits(value: Any, kind_of: str) -> bool:
    if value is None:
        return kind_of.endswith("?")
    base = kind_of.rstrip("?")
    if base == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if base == "bool":
        return isinstance(value, bool)
    if base in _PARSED:
        if not isinstance(value, str):
            return False
        try:
            _parse(base, value)
        except ValueError:
            return False
        return True
    return isinstance(value, str)


_PARSED = ("date", "time", "clock")


def _parse(base: str, value: str) -> Any:
    if base == "date":
        return dt.date.fromisoformat(value)
    if base == "clock":
        return dt.time.fromisoformat(value)
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a kept moment carries its offset")
    return moment.astimezone(dt.UTC)  # as ``models.utcnow`` gives it


def _decoded(kind: str, args: dict[str, Any]) -> dict[str, Any]:
    spec = ONE_OFFS[kind]
    return {
        name: _parse(spec[name].rstrip("?"), value)
        if spec[name].rstrip("?") in _PARSED and isinstance(value, str)
        else value
        for name, value in args.items()
    }


def write(db: Database, kind: str, record_id: int, args: dict[str, Any], base: Any) -> Any:
    """Run the one-off's service (``base``: the record's version the chair saw, None: over
    anything); its result, the new or changed row."""
    return _SERVICES[kind](db, record_id, _decoded(kind, args), base)


def _new_action(db: Database, _record: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import actions

    return actions.create_action(
        db,
        a["text"],
        a["owner_id"],
        a["due_on"],
        case_id=a["case_id"],
        meeting_id=a["meeting_id"],
        owner_agency_id=a["owner_agency_id"],
    )


def _action_edit(db: Database, action_id: int, a: dict[str, Any], base: Any) -> Any:
    from spp_tui.db.services import actions

    return actions.update_action(db, action_id, expected_version=base, **a)


def _attendance(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import meetings

    return meetings.record_attendance(
        db, meeting_id, a["person_id"], a["status"], a["role"], a["deputy_for_id"]
    )


def _action_outcome(db: Database, action_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import actions

    return actions.record_action_update(
        db,
        action_id,
        a["new_status"],
        meeting_id=a["meeting_id"],
        new_due_on=a["new_due_on"],
        note=a["note"],
    )


def _update_note(db: Database, update_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import actions

    return actions.annotate_update(db, update_id, a["note"])


def _party(db: Database, case_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import cases

    return cases.add_party(db, case_id, a["name"], a["role"])


def _next_meeting(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import meetings

    return meetings.schedule_next_meeting(db, meeting_id, a["date"])


def _start_meeting(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import meetings

    return meetings.start_meeting(db, meeting_id, now=a["at"])


def _end_meeting(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import meetings

    return meetings.end_meeting(db, meeting_id, now=a["at"])


def _guest(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import attendance, privacy

    who = attendance.PersonAt(meeting_id, a["person_id"])  # found in the write's transaction
    return privacy.invite_for_case(db, who, a["case_id"])


def _left(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import attendance, privacy

    return privacy.mark_left(db, attendance.PersonAt(meeting_id, a["person_id"]), now=a["at"])


def _attendance_removed(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import attendance

    attendance.remove_attendance(db, attendance.PersonAt(meeting_id, a["person_id"]))
    return True


def _new_attendee(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import attendance

    return attendance.add_attendee(db, meeting_id, a["name"], a["agency"], a["role"])


def _case_move(db: Database, discussion_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import cases

    cases.move_case(db, discussion_id, a["offset"])
    return True


def _enter_item(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import meetings

    return meetings.enter_item(db, meeting_id, a["item_id"], now=a["at"])


def _confidentiality_read(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import meetings

    return meetings.record_confidentiality(db, meeting_id, now=a["at"])


def _previous_minutes(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import meetings

    # corrections None: agreed, keeping the corrections already recorded
    return meetings.record_previous_minutes(db, meeting_id, a["agreed"], a["corrections"])


def _corrections_added(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import meetings

    return meetings.record_previous_minutes(db, meeting_id, False, a["corrections"], added=True)


def _new_meeting(db: Database, _record: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import meetings

    return meetings.create_meeting(
        db,
        a["kind"],
        a["date"],
        a["start"],
        a["venue"],
        a["chair_id"],
        a["minute_taker_id"],
    )


def _name_review(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import name_review

    return name_review.mark(db, a["phrase"], a["decision"], meeting_id or None)


def _party_removed(db: Database, party_id: int, _a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import cases

    cases.remove_party(db, party_id)
    return True


def _case_dropped(db: Database, discussion_id: int, _a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import cases

    cases.remove_case_from_meeting(db, discussion_id)
    return True


def _item_mark(db: Database, item_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services import meetings

    mark = meetings.mark_item_taken if a["taken"] else meetings.mark_item_not_taken
    return mark(db, item_id, a["note"])


def _urgent_case(db: Database, meeting_id: int, a: dict[str, Any], _base: Any) -> Any:
    from spp_tui.db.services.urgent_cases import add_urgent_case

    facts = dict(a)
    return add_urgent_case(db, meeting_id, facts.pop("agenda_item_id"), facts.pop("title"), **facts)


_SERVICES: dict[str, Callable[[Database, int, dict[str, Any], Any], Any]] = {
    "new_action": _new_action,
    "action_edit": _action_edit,
    "attendance": _attendance,
    "action_outcome": _action_outcome,
    "update_note": _update_note,
    "party": _party,
    "next_meeting": _next_meeting,
    "start_meeting": _start_meeting,
    "end_meeting": _end_meeting,
    "guest": _guest,
    "left": _left,
    "attendance_removed": _attendance_removed,
    "new_attendee": _new_attendee,
    "case_move": _case_move,
    "enter_item": _enter_item,
    "confidentiality_read": _confidentiality_read,
    "previous_minutes": _previous_minutes,
    "corrections_added": _corrections_added,
    "new_meeting": _new_meeting,
    "name_review": _name_review,
    "party_removed": _party_removed,
    "case_dropped": _case_dropped,
    "item_mark": _item_mark,
    "urgent_case": _urgent_case,
}
