"""Who is at a meeting: present, apologies, absent, deputies and one-item guests; the counts
and the partner agencies nobody came from (split from ``meetings``, which re-exports these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    Agency,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Meeting,
    Person,
    id_col,
    stored_id,
)
from spp_tui.db.services._audit import apply_changes, audit, fetch, snapshot
from spp_tui.db.services.directory import agency_matches
from spp_tui.errors import ValidationError


@dataclass(frozen=True)
class AttendanceRow:
    id: int
    person_id: int
    name: str
    agency_id: int | None
    agency_name: str
    status: str
    role: str
    deputy_for_id: int | None
    deputy_for_name: str
    #: A one-item guest's case (see ``services.privacy``), and when they left.
    invited_for_case_id: int | None = None
    left_at: dt.datetime | None = None
    left_after_item_id: int | None = None
    #: The agency's short name (``PCC``), if it has one: a narrow table shows it.
    agency_short: str = ""


@dataclass
class AttendanceSummary:
    present: int = 0
    apologies: int = 0
    absent: int = 0
    missing_agencies: list[str] = field(default_factory=list)


def attendance(db: Database, meeting_id: int) -> list[AttendanceRow]:
    with db.read() as s:
        rows = s.exec(
            select(Attendance, Person, Agency)
            .join(Person, col(Person.id) == Attendance.person_id)
            .join(Agency, col(Agency.id) == Attendance.agency_id, isouter=True)
            .where(Attendance.meeting_id == meeting_id)
            .order_by(col(Person.name))
        ).all()
        deputies = {a.deputy_for_id for a, _, _ in rows if a.deputy_for_id}
        names = (
            dict(
                s.exec(
                    select(id_col(Person.id), col(Person.name)).where(col(Person.id).in_(deputies))
                ).all()
            )
            if deputies
            else {}
        )
    return [
        AttendanceRow(
            stored_id(a),
            stored_id(p),
            p.name,
            a.agency_id,
            ag.name if ag else "",
            a.status,
            a.role,
            a.deputy_for_id,
            names.get(a.deputy_for_id, "") if a.deputy_for_id else "",
            a.invited_for_case_id,
            a.left_at,
            a.left_after_item_id,
            agency_short=ag.short_name if ag else "",
        )
        for a, p, ag in rows
    ]


def record_attendance(
    db: Database,
    meeting_id: int,
    person_id: int,
    status: str = AttendanceStatus.PRESENT.value,
    role: str = AttendanceRole.MEMBER.value,
    deputy_for_id: int | None = None,
) -> Attendance:
    """Add a person to the attendance or change their entry (one row per person)."""
    status = AttendanceStatus(status).value
    role = AttendanceRole(role).value
    if role == AttendanceRole.DEPUTY and deputy_for_id is None:
        raise ValidationError("say who this person is deputising for.")
    with db.write() as s:
        person = fetch(s, Person, person_id)
        fetch(s, Meeting, meeting_id)
        row = s.exec(
            select(Attendance).where(
                Attendance.meeting_id == meeting_id, Attendance.person_id == person_id
            )
        ).first()
        if row is None:
            row = Attendance(
                meeting_id=meeting_id,
                person_id=person_id,
                agency_id=person.agency_id,
                status=status,
                role=role,
                deputy_for_id=deputy_for_id,
            )
            s.add(row)
            s.flush()
            audit(s, "attendance", row.id, "create", f"{person.name} {status}", after=snapshot(row))
        else:
            apply_changes(
                s,
                row,
                {"status": status, "role": role, "deputy_for_id": deputy_for_id},
                summary=f"{person.name} now {status}",
            )
        return row


def remove_attendance(db: Database, attendance_id: int | PersonAt) -> None:
    with db.write() as s:
        row = attendance_row(s, attendance_id)
        audit(s, "attendance", row.id, "delete", "attendance entry removed", before=snapshot(row))
        s.delete(row)


def attendance_summary(db: Database, meeting_id: int) -> AttendanceSummary:
    """Counts, and the partner agencies with nobody present (for the chair to chase)."""
    rows = attendance(db, meeting_id)
    summary = AttendanceSummary()
    for row in rows:
        if row.status == AttendanceStatus.PRESENT:
            summary.present += 1
        elif row.status == AttendanceStatus.APOLOGIES:
            summary.apologies += 1
        else:
            summary.absent += 1
    present_agencies = {r.agency_id for r in rows if r.status == AttendanceStatus.PRESENT}
    with db.read() as s:
        partners = s.exec(
            select(Agency).where(col(Agency.is_partner).is_(True)).order_by(Agency.name)
        ).all()
    summary.missing_agencies = [a.name for a in partners if a.id not in present_agencies]
    return summary


@dataclass(frozen=True)
class PersonAt:
    """One person's attendance row at one meeting, found inside the write's own transaction
    (a step kept while the store was away names the person: the row may have been made by a
    step before it in the same queue, and it is read and changed in one transaction)."""

    meeting_id: int
    person_id: int


def attendance_row(s: Session, which: int | PersonAt) -> Attendance:
    """The attendance row ``which`` (its id, or the person at the meeting)."""
    if isinstance(which, int):
        return fetch(s, Attendance, which)
    row = s.exec(
        select(Attendance).where(
            Attendance.meeting_id == which.meeting_id, Attendance.person_id == which.person_id
        )
    ).first()
    if row is None:
        raise ValidationError("that person is not in this meeting's attendance.")
    return row


def add_attendee(db: Database, meeting_id: int, name: str, agency: str, role: str) -> Attendance:
    """Someone not in the directory, added and marked present in one transaction (so a step
    kept offline is written whole or not at all). ``agency`` is the text typed: an agency of
    that name (or short name, or the one agency whose name holds it) is used; a new one is
    added when no agency's name holds it; when several do, the person is added without one and
    the typed text is kept in their role, to be put right in the directory."""
    name, agency, role = name.strip(), agency.strip(), role.strip()
    if not name:
        raise ValidationError("a person needs a name.")
    with db.write() as s:
        fetch(s, Meeting, meeting_id)
        agency_id = _agency_for(s, agency) if agency else None
        if agency and agency_id is None:
            role = f"{role} (agency typed: {agency})".strip()
        person = Person(name=name, agency_id=agency_id, role=role)
        s.add(person)
        s.flush()
        audit(s, "person", person.id, "create", f"person {name} added", after=snapshot(person))
        row = Attendance(
            meeting_id=meeting_id,
            person_id=stored_id(person),
            agency_id=agency_id,
            status=AttendanceStatus.PRESENT.value,
            role=AttendanceRole.MEMBER.value,
        )
        s.add(row)
        s.flush()
        audit(s, "attendance", row.id, "create", f"{name} present", after=snapshot(row))
        return row


def _agency_for(s: Session, text: str) -> int | None:
    """The agency ``text`` names (as ``directory.find_agency``), a new one if no agency's name
    holds it, None when several do."""
    matches = agency_matches(s.exec(select(Agency).order_by(col(Agency.name))), text)
    if len(matches) == 1:
        return stored_id(matches[0])
    if matches:
        return None
    made = Agency(name=text)
    s.add(made)
    s.flush()
    audit(s, "agency", made.id, "create", f"agency {text} added", after=snapshot(made))
    return stored_id(made)
