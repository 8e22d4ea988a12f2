"""What the room may see: one-item guests, their leaving, and the projector's cheap poll.

A guest invited for one case (a venue manager for the Queensgate item) sees that case in
full while they are present; every other case is shown as its reference and location only
until they are marked as having left. Leaving is recorded with the time and the agenda item
the chair was on, so the minutes can say "X left the meeting after item 6.2".

The rules are data, not UI: the chair's screen (in privacy mode) and the projector view both
ask ``room_rules``; ``room_signature`` is the one small query the projector polls.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import col, func, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Case,
    CaseDiscussion,
    CaseParty,
    Meeting,
    MeetingStatus,
    Person,
    utcnow,
)
from spp_tui.db.services._audit import apply_changes, audit, fetch
from spp_tui.db.services.attendance import PersonAt, attendance_row
from spp_tui.errors import ValidationError


@dataclass(frozen=True)
class RoomRules:
    """Who is in the room that restricts what the screen shows."""

    #: Names of the one-item guests present (shown on screen so the chair knows why).
    guests: tuple[str, ...] = ()
    #: Case ids every guest present may see in full; meaningful only when ``guests``.
    full_cases: frozenset[int] = frozenset()

    @property
    def restricted(self) -> bool:
        return bool(self.guests)

    def shows_in_full(self, case_id: int | None) -> bool:
        """Whether a case's details (title, people, discussion, actions) may be shown."""
        return not self.guests or (case_id is not None and case_id in self.full_cases)


def room_rules(db: Database, meeting_id: int) -> RoomRules:
    """The rules now: a guest present and not left restricts the screen to their case
    (to the case every such guest shares: two guests for two cases see neither's)."""
    with db.read() as s:
        rows = s.exec(
            select(Attendance, Person.name)
            .join(Person, col(Person.id) == Attendance.person_id)
            .where(
                Attendance.meeting_id == meeting_id,
                Attendance.role == AttendanceRole.INVITED.value,
                Attendance.status == AttendanceStatus.PRESENT.value,
                col(Attendance.left_at).is_(None),
            )
            .order_by(col(Person.name))
        ).all()
    if not rows:
        return RoomRules()
    full: set[int] | None = None
    for row, _name in rows:
        allowed = {row.invited_for_case_id} if row.invited_for_case_id else set()
        full = allowed if full is None else full & allowed
    return RoomRules(tuple(name for _row, name in rows), frozenset(full or ()))


def invite_for_case(db: Database, attendance_id: int | PersonAt, case_id: int | None) -> Attendance:
    """Record an attendee as a guest invited for one case (``None``: a member again)."""
    with db.write() as s:
        row = attendance_row(s, attendance_id)
        person = fetch(s, Person, row.person_id)
        if case_id is None:
            changes: dict[str, object] = {
                "role": AttendanceRole.MEMBER.value,
                "invited_for_case_id": None,
            }
            summary = f"{person.name} no longer a one-item guest"
        else:
            case = fetch(s, Case, case_id)
            on_agenda = s.exec(
                select(CaseDiscussion.id).where(
                    CaseDiscussion.meeting_id == row.meeting_id, CaseDiscussion.case_id == case_id
                )
            ).first()
            if on_agenda is None:
                raise ValidationError(f"{case.reference} is not on this meeting's agenda.")
            changes = {
                "role": AttendanceRole.INVITED.value,
                "invited_for_case_id": case_id,
                "deputy_for_id": None,
            }
            summary = f"{person.name} invited for {case.reference}"
        apply_changes(s, row, changes, summary=summary)
        return row


def mark_left(
    db: Database, attendance_id: int | PersonAt, now: dt.datetime | None = None
) -> Attendance:
    """Record that an attendee left now, after the agenda item the chair is on."""
    now = now or utcnow()
    with db.write() as s:
        row = attendance_row(s, attendance_id)
        person = fetch(s, Person, row.person_id)
        if row.status != AttendanceStatus.PRESENT:
            raise ValidationError(f"{person.name} is not marked present, so cannot leave.")
        if row.left_at is not None:
            raise ValidationError(f"{person.name} has already left.")
        meeting = fetch(s, Meeting, row.meeting_id)
        apply_changes(
            s,
            row,
            {"left_at": now, "left_after_item_id": meeting.current_item_id},
            summary=f"{person.name} left the meeting",
        )
        return row


def record_view(db: Database, meeting_id: int | None, what: str) -> None:
    """Audit that the screen was shown to a room: privacy mode on/off, projector opened or
    closed, naming the meeting on screen (the entry's time and user say when and who)."""
    with db.write() as s:
        meeting = s.get(Meeting, meeting_id) if meeting_id is not None else None
        if meeting is not None:
            what = f"{what}, {meeting.kind} {meeting.date:%d %b %Y}"
        audit(s, "meeting", meeting_id, "view", what)


def live_meeting_id(db: Database) -> int | None:
    """The meeting a projector follows: the one in progress (latest started), else the next
    scheduled, else the latest."""
    with db.read() as s:
        for query in (
            select(Meeting.id)
            .where(Meeting.status == MeetingStatus.IN_PROGRESS.value)
            .order_by(col(Meeting.actual_start).desc(), col(Meeting.id).desc()),
            select(Meeting.id)
            .where(Meeting.status == MeetingStatus.SCHEDULED.value)
            .order_by(col(Meeting.date), col(Meeting.id)),
            select(Meeting.id).order_by(col(Meeting.date).desc(), col(Meeting.id).desc()),
        ):
            found = s.exec(query.limit(1)).first()
            if found is not None:
                return found
    return None


def room_signature(db: Database, meeting_id: int | None) -> tuple[object, ...]:
    """A small tuple that changes whenever what the projector shows may have changed: the
    live meeting, its current item and version, its discussions, attendance and parties.
    Three aggregate queries on indexed columns: cheap enough to poll twice a second."""
    live = live_meeting_id(db) if meeting_id is None else meeting_id
    with db.read() as s:
        meeting = s.exec(
            select(Meeting.current_item_id, Meeting.version, Meeting.status).where(
                Meeting.id == live
            )
        ).first()
        discussions = s.exec(
            select(func.count(), func.sum(CaseDiscussion.version)).where(
                CaseDiscussion.meeting_id == live
            )
        ).one()
        guests = s.exec(
            select(
                func.count(),
                func.count(col(Attendance.left_at)),
                func.sum(Attendance.id),
                func.sum(Attendance.invited_for_case_id),
            ).where(
                Attendance.meeting_id == live,
                Attendance.role == AttendanceRole.INVITED.value,
                Attendance.status == AttendanceStatus.PRESENT.value,
            )
        ).one()
        parties = s.exec(select(func.count(), func.max(CaseParty.id))).one()
    return (live, tuple(meeting or ()), tuple(discussions), tuple(guests), tuple(parties))
