"""Who is at a meeting: present, apologies, absent, deputies and one-item guests; the counts
and the partner agencies nobody came from (split from ``meetings``, which re-exports these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import col, select

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


def remove_attendance(db: Database, attendance_id: int) -> None:
    with db.write() as s:
        row = fetch(s, Attendance, attendance_id)
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
