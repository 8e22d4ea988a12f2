"""Meetings: created from a template, run item by item, attendance, next meeting."""

from __future__ import annotations

import datetime as dt
import json

from sqlmodel import Session, case, col, select

from spp_tui.dates import DAY_FORMS, parse_day
from spp_tui.db.database import Database
from spp_tui.db.models import (
    LIVE_CASE_STATUSES,
    AgendaItem,
    AgendaItemKind,
    AuditEntry,
    Case,
    CaseCategory,
    CaseDiscussion,
    CaseStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Risk,
    id_col,
    stored_id,
    utcnow,
)
from spp_tui.db.services._audit import apply_changes, audit, fetch, snapshot

# Attendance lives in ``services.attendance``; its names stay reachable from here.
from spp_tui.db.services.attendance import (  # noqa: F401
    AttendanceRow,
    AttendanceSummary,
    attendance,
    attendance_summary,
    record_attendance,
    remove_attendance,
)

# Item 3 lives in ``services.previous_minutes``; its name stays reachable from here.
from spp_tui.db.services.previous_minutes import record_previous_minutes  # noqa: F401
from spp_tui.db.templates import template_for
from spp_tui.errors import ValidationError


def _add_minutes(start: dt.time, minutes: int) -> dt.time:
    combined = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)
    return combined.time()


def create_meeting(
    db: Database,
    kind: str,
    date: dt.date,
    start: dt.time = dt.time(10, 0),
    venue: str = "",
    chair_id: int | None = None,
    minute_taker_id: int | None = None,
    prepopulate: bool = True,
) -> Meeting:
    """Create a scheduled meeting with its standing agenda (and, by default, its cases)."""
    kind = MeetingKind(kind).value
    template = template_for(kind)
    with db.write() as s:
        meeting = Meeting(
            kind=kind,
            date=date,
            planned_start=start,
            planned_end=_add_minutes(start, sum(i.planned_minutes for i in template)),
            venue=venue.strip(),
            chair_id=chair_id,
            minute_taker_id=minute_taker_id,
        )
        s.add(meeting)
        s.flush()
        for position, item in enumerate(template, start=1):
            s.add(
                AgendaItem(
                    meeting_id=stored_id(meeting),
                    position=position,
                    kind=item.kind.value,
                    title=item.title,
                    planned_minutes=item.planned_minutes,
                )
            )
        s.flush()
        audit(
            s,
            "meeting",
            meeting.id,
            "create",
            f"{kind} meeting {date} created",
            after=snapshot(meeting),
        )
        if prepopulate:
            _prepopulate_cases(s, meeting)
        return meeting


def _prepopulate_cases(s: Session, meeting: Meeting) -> int:
    """Put the cases due for this meeting on its agenda (issue 4, item 3); returns how many.

    New referrals: cases still 'referred' (those referred since the last meeting, and any older
    referral not yet taken), referred by the meeting date. Case reviews: open or monitoring
    cases whose next review falls by the meeting date. Youth cases go under Youth items where
    the agenda has one; a Youth PSG takes only youth cases. High risk first, then medium, low.
    Cases already on the agenda, or that the chair dropped from it, are left alone, so this is
    safe to run again (``refresh_agenda_cases``).
    """
    if meeting.kind == MeetingKind.EXTRAORDINARY:
        return 0
    items = {
        i.kind: i for i in s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    }
    referrals = items.get(AgendaItemKind.NEW_REFERRALS.value)
    reviews = items.get(AgendaItemKind.CASE_REVIEWS.value)
    youth = items.get(AgendaItemKind.YOUTH.value)
    youth_only = meeting.kind == MeetingKind.YOUTH_PSG
    on_agenda = s.exec(
        select(
            CaseDiscussion.case_id, CaseDiscussion.agenda_item_id, CaseDiscussion.position
        ).where(CaseDiscussion.meeting_id == meeting.id)
    ).all()
    skip = {case_id for case_id, _, _ in on_agenda} | _dropped_case_ids(s, stored_id(meeting))
    positions: dict[int | None, int] = {}
    for _, item_id, position in on_agenda:
        positions[item_id] = max(positions.get(item_id, 0), position)
    risk_rank = case(
        (col(Case.risk) == Risk.HIGH.value, 0), (col(Case.risk) == Risk.MEDIUM.value, 1), else_=2
    )
    candidates = s.exec(
        select(Case)
        .where(
            (
                (col(Case.status) == CaseStatus.REFERRED.value)
                & (col(Case.referred_on).is_(None) | (col(Case.referred_on) <= meeting.date))
            )
            | (
                col(Case.status).in_(LIVE_CASE_STATUSES)
                & (col(Case.next_review_on) <= meeting.date)
            )
        )
        .order_by(risk_rank, col(Case.reference))
    ).all()
    added = 0
    for candidate in candidates:
        is_youth = candidate.category == CaseCategory.YOUTH.value
        if candidate.id in skip or (youth_only and not is_youth):
            continue
        if candidate.status == CaseStatus.REFERRED.value:
            item = referrals
        else:
            item = youth if (is_youth and youth is not None) else reviews
        if item is None:
            continue
        positions[item.id] = positions.get(item.id, 0) + 1
        discussion = CaseDiscussion(
            case_id=stored_id(candidate),
            meeting_id=stored_id(meeting),
            agenda_item_id=item.id,
            position=positions[item.id],
            risk=None,
        )
        s.add(discussion)
        added += 1
    return added


def _dropped_case_ids(s: Session, meeting_id: int) -> set[int]:
    """Cases the chair took off this meeting's agenda (read back from the audit trail, where
    ``cases.remove_case_from_meeting`` records the discussion it deleted)."""
    marker = f'%"meeting_id": {meeting_id}%'
    rows = s.exec(
        select(AuditEntry.before).where(
            AuditEntry.entity == "discussion",
            AuditEntry.operation == "delete",
            col(AuditEntry.before).like(marker),
        )
    ).all()
    dropped: set[int] = set()
    for before in rows:
        try:
            data = json.loads(before)
        except ValueError:
            continue
        if data.get("meeting_id") == meeting_id and isinstance(data.get("case_id"), int):
            dropped.add(data["case_id"])
    return dropped


def refresh_agenda_cases(db: Database, meeting_id: int) -> int:
    """Add to a meeting not yet started the cases that became due after it was created (a
    referral made after the next meeting was scheduled, say). Returns how many were added."""
    with db.write() as s:
        meeting = fetch(s, Meeting, meeting_id)
        if meeting.status != MeetingStatus.SCHEDULED.value:
            return 0
        added = _prepopulate_cases(s, meeting)
        if added:
            s.flush()
            audit(s, "meeting", meeting.id, "update", f"{added} case(s) now due added to agenda")
        return added


def list_meetings(db: Database, limit: int = 200) -> list[Meeting]:
    """Meetings still to hold first (in progress, then scheduled, soonest first), then the
    ones already held, most recent first."""
    waiting = (MeetingStatus.SCHEDULED.value, MeetingStatus.IN_PROGRESS.value)
    with db.read() as s:
        upcoming = s.exec(
            select(Meeting)
            .where(col(Meeting.status).in_(waiting))
            .order_by(col(Meeting.status) != MeetingStatus.IN_PROGRESS.value, col(Meeting.date))
            .limit(limit)
        ).all()
        past = s.exec(
            select(Meeting)
            .where(col(Meeting.status).not_in(waiting))
            .order_by(col(Meeting.date).desc())
            .limit(limit)
        ).all()
    return list(upcoming) + list(past)


def raised_at_choices(db: Database) -> list[tuple[int, str, dt.date]]:
    """(id, kind, date) of every meeting begun or held, newest first: where actions were
    raised (the action log's meeting filter), in one statement."""
    with db.read() as s:
        rows = s.exec(
            select(id_col(Meeting.id), col(Meeting.kind), col(Meeting.date))
            .where(col(Meeting.status) != MeetingStatus.SCHEDULED.value)
            .order_by(col(Meeting.date).desc(), col(Meeting.id).desc())
        ).all()
    return [(meeting_id, kind, day) for meeting_id, kind, day in rows]


def get_meeting(db: Database, meeting_id: int) -> Meeting:
    with db.read() as s:
        return fetch(s, Meeting, meeting_id)


#: The largest id a row can have on either engine (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def resolve_meeting(db: Database, spec: str) -> Meeting:
    """A meeting named on the command line: an id, a date (2023-04-04), ``next`` or ``last``."""
    from spp_tui.errors import NotFoundError

    spec = spec.strip().lower()
    today = dt.date.today()
    with db.read() as s:
        if spec == "next":
            found = s.exec(
                select(Meeting)
                .where(Meeting.status == MeetingStatus.SCHEDULED.value)
                .order_by(col(Meeting.date))
            ).first()
        elif spec == "last":
            found = s.exec(
                select(Meeting)
                .where(col(Meeting.status) != MeetingStatus.SCHEDULED.value)
                .where(Meeting.date <= today)
                .order_by(col(Meeting.date).desc())
            ).first()
        elif spec.isascii() and spec.isdigit():
            # An id as typed: past the largest a database holds ("99999999999999999999")
            # it names no meeting, rather than overflowing the driver.
            found = s.get(Meeting, int(spec)) if int(spec) <= MAX_ID else None
        else:
            try:
                day = parse_day(spec)
            except ValueError:
                raise ValidationError(
                    f"'{spec}' is not a meeting: give an id, a date ({DAY_FORMS}), next or last."
                ) from None
            found = s.exec(select(Meeting).where(Meeting.date == day)).first()
    if found is None:
        raise NotFoundError(f"no meeting matches '{spec}'.")
    return found


def previous_meeting(db: Database, meeting: Meeting) -> Meeting | None:
    """The last meeting of the same series before this one."""
    with db.read() as s:
        return s.exec(
            select(Meeting)
            .where(Meeting.kind == meeting.kind, Meeting.date < meeting.date)
            .order_by(col(Meeting.date).desc())
        ).first()


def agenda(db: Database, meeting_id: int) -> list[AgendaItem]:
    with db.read() as s:
        return list(
            s.exec(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(col(AgendaItem.position))
            )
        )


def update_meeting(
    db: Database, meeting_id: int, expected_version: int | None = None, **changes: object
) -> Meeting:
    with db.write() as s:
        meeting = fetch(s, Meeting, meeting_id)
        apply_changes(s, meeting, changes, expected_version=expected_version)
        return meeting


def _leave_current(s: Session, meeting: Meeting, now: dt.datetime) -> None:
    """Close the visit to the item the chair is leaving, banking its time."""
    if meeting.current_item_id is None:
        return
    item = s.get(AgendaItem, meeting.current_item_id)
    if item is None or item.visit_started_at is None:
        return
    item.elapsed_seconds = item.elapsed(now)
    item.visit_started_at = None
    item.actual_end = now
    s.add(item)


def _open_visit(s: Session, item: AgendaItem, now: dt.datetime) -> None:
    item.actual_start = item.actual_start or now
    item.actual_end = None
    item.visit_started_at = now
    s.add(item)


def start_meeting(db: Database, meeting_id: int, now: dt.datetime | None = None) -> Meeting:
    """Record the actual start, move to 'in progress' and enter the first item.

    The first start (scheduled -> in progress) also makes an automatic backup of the file.
    """
    now = now or utcnow()
    with db.write() as s:
        meeting = fetch(s, Meeting, meeting_id)
        first_start = meeting.status == MeetingStatus.SCHEDULED
        if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.IN_PROGRESS):
            raise ValidationError(f"this meeting is already {meeting.status}.")
        if first_start:
            # Referrals made since the meeting was scheduled are on the agenda when it starts.
            _prepopulate_cases(s, meeting)
        first = s.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(col(AgendaItem.position))
        ).first()
        changes: dict[str, object] = {"status": MeetingStatus.IN_PROGRESS.value}
        if meeting.actual_start is None:
            changes["actual_start"] = now
        current = s.get(AgendaItem, meeting.current_item_id) if meeting.current_item_id else first
        if current is not None:
            changes["current_item_id"] = current.id
            if current.visit_started_at is None:
                _open_visit(s, current, now)
        apply_changes(s, meeting, changes, summary="meeting started")
    if first_start:
        from spp_tui.db.backup import auto_backup

        auto_backup(db)  # never raises: a failed backup is logged, the meeting still starts
    return meeting


def enter_item(
    db: Database, meeting_id: int, item_id: int, now: dt.datetime | None = None
) -> Meeting:
    """Move the chair to another agenda item, timing the one being left.

    Coming back to an item continues its clock from the time already spent.
    """
    now = now or utcnow()
    with db.write() as s:
        meeting = fetch(s, Meeting, meeting_id)
        item = fetch(s, AgendaItem, item_id)
        if item.meeting_id != meeting_id:
            raise ValidationError("that agenda item belongs to another meeting.")
        if meeting.current_item_id == item_id:
            return meeting
        if meeting.status == MeetingStatus.IN_PROGRESS:
            _leave_current(s, meeting, now)
            _open_visit(s, item, now)
        apply_changes(s, meeting, {"current_item_id": item_id}, summary=f"went to {item.title}")
        return meeting


def end_meeting(db: Database, meeting_id: int, now: dt.datetime | None = None) -> Meeting:
    """Record the end, close the open item and set the meeting 'held'."""
    now = now or utcnow()
    with db.write() as s:
        meeting = fetch(s, Meeting, meeting_id)
        if meeting.status != MeetingStatus.IN_PROGRESS:
            raise ValidationError("only a meeting in progress can be ended.")
        _leave_current(s, meeting, now)
        apply_changes(
            s,
            meeting,
            {"actual_end": now, "status": MeetingStatus.HELD.value},
            summary="meeting ended",
        )
        return meeting


#: How the notes of an agenda item that was never opened in the app say what became of it
#: (the first words of a line; ``readiness`` counts an item so marked as dealt with, and the
#: minutes print the line as the item's note).
NOT_TAKEN = "Not taken at the meeting"
TAKEN_UNOPENED = "Taken at the meeting"
ITEM_MARKS = (NOT_TAKEN, TAKEN_UNOPENED)


def item_mark(item: AgendaItem) -> str | None:
    """The line of the item's notes that says it was not taken (or taken without being opened
    in the app), if there is one."""
    return next((line for line in item.notes.splitlines() if line.startswith(ITEM_MARKS)), None)


def mark_item_not_taken(db: Database, item_id: int, note: str) -> AgendaItem:
    """Record after the meeting that an agenda item was not taken, and why (deferred, nothing
    to report...): it is then no gap in the minutes. ``note`` is required."""
    if not note.strip():
        raise ValidationError("say why the item was not taken (e.g. deferred to next meeting).")
    return _mark_item(db, item_id, f"{NOT_TAKEN}: {' '.join(note.split())}")


def mark_item_taken(db: Database, item_id: int, note: str = "") -> AgendaItem:
    """Record after the meeting that an agenda item was dealt with although the chair never
    opened it in the app (spoken to from the floor, taken with another item)."""
    note = " ".join(note.split())
    return _mark_item(db, item_id, f"{TAKEN_UNOPENED}: {note}" if note else TAKEN_UNOPENED)


def _mark_item(db: Database, item_id: int, mark: str) -> AgendaItem:
    """Put ``mark`` as the first line of the item's notes (replacing an earlier mark; other
    notes are kept), audited. Approved minutes refuse it like any other change."""
    with db.write() as s:
        item = fetch(s, AgendaItem, item_id)
        kept = [line for line in item.notes.splitlines() if not line.startswith(ITEM_MARKS)]
        apply_changes(
            s,
            item,
            {"notes": "\n".join([mark, *kept])},
            summary=f"item {item.position}, {item.title}: {mark}",
        )
        return item


def record_confidentiality(
    db: Database, meeting_id: int, now: dt.datetime | None = None
) -> Meeting:
    return update_meeting(db, meeting_id, confidentiality_read_at=now or utcnow())


def schedule_next_meeting(
    db: Database,
    meeting_id: int,
    date: dt.date,
    start: dt.time | None = None,
    venue: str | None = None,
) -> Meeting:
    """Create the next meeting of the series (same template, chair, venue), scheduled."""
    from spp_tui.db.field_checks import coerce

    date = coerce(dt.date, date, "date")
    current = get_meeting(db, meeting_id)
    if date <= current.date:
        raise ValidationError("the next meeting must be after this one.")
    nxt = create_meeting(
        db,
        current.kind,
        date,
        start or current.planned_start,
        current.venue if venue is None else venue,
        current.chair_id,
        current.minute_taker_id,
    )
    update_meeting(db, meeting_id, next_meeting_id=nxt.id)
    return nxt
