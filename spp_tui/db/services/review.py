"""After the meeting: minutes move held -> minutes draft -> minutes approved, then lock.

The lock itself is enforced on every write by ``_lock`` (approved minutes cannot be changed
through any service). Here: the status moves, and the explicit, audited unlock that lets the
secretariat correct approved minutes (they go back to draft until approved again).
"""

from __future__ import annotations

import datetime as dt

from spp_tui.db.database import Database
from spp_tui.db.models import Meeting, MeetingStatus
from spp_tui.db.services._audit import apply_changes, audit, fetch
from spp_tui.db.services._lock import UNLOCKING, locked_message
from spp_tui.errors import LockedError, ValidationError

#: Where a meeting may go from here, for the secretariat.
_NEXT_STATUSES = {
    MeetingStatus.HELD.value: {
        MeetingStatus.MINUTES_DRAFT.value,
        MeetingStatus.MINUTES_APPROVED.value,
    },
    MeetingStatus.MINUTES_DRAFT.value: {MeetingStatus.MINUTES_APPROVED.value},
}


def next_minutes_statuses(status: str | None) -> set[str]:
    """Where the minutes of a meeting in ``status`` may go next (what the UI offers)."""
    return set(_NEXT_STATUSES.get(status or "", set()))


def is_held(status: str | None) -> bool:
    """The meeting has been held: its minutes can be checked, moved on or unlocked."""
    return status is not None and status not in (
        MeetingStatus.SCHEDULED,
        MeetingStatus.IN_PROGRESS,
    )


def is_locked(meeting: Meeting) -> bool:
    """True when the meeting's minutes are approved (and so read-only until unlocked)."""
    return meeting.status == MeetingStatus.MINUTES_APPROVED


def set_minutes_status(
    db: Database, meeting_id: int, status: str, approved_on: dt.date | None = None
) -> Meeting:
    """Move a held meeting's minutes to draft or approved (approving locks them).

    ``approved_on`` defaults to today (approval is normally recorded at the next meeting,
    which passes its own date through ``meetings.record_previous_minutes``).
    """
    status = MeetingStatus(status).value
    with db.write() as s:
        meeting = fetch(s, Meeting, meeting_id)
        if meeting.status == status:
            return meeting
        if is_locked(meeting):
            raise LockedError(locked_message(meeting.date))
        if meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.IN_PROGRESS):
            raise ValidationError(f"the meeting of {meeting.date} has not been held yet.")
        if status not in _NEXT_STATUSES.get(meeting.status, set()):
            raise ValidationError(
                f"the minutes of {meeting.date} cannot go from {meeting.status} to {status}."
            )
        changes: dict[str, object] = {"status": status}
        if status == MeetingStatus.MINUTES_APPROVED:
            changes["minutes_approved_on"] = approved_on or dt.date.today()
        apply_changes(s, meeting, changes, summary=f"minutes of {meeting.date}: {status}")
        return meeting


def unlock_minutes(db: Database, meeting_id: int, reason: str) -> Meeting:
    """Reopen approved minutes for correction; they are a draft again until re-approved.

    The reason is kept in the audit trail with who unlocked them and when.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("say why the approved minutes need correcting.")
    with db.write() as s:
        meeting = fetch(s, Meeting, meeting_id)
        if not is_locked(meeting):
            raise ValidationError(f"the minutes of {meeting.date} are not approved, so not locked.")
        s.info.setdefault(UNLOCKING, set()).add(meeting_id)
        apply_changes(
            s,
            meeting,
            {"status": MeetingStatus.MINUTES_DRAFT.value},
            summary=f"approved minutes of {meeting.date} unlocked for correction: {reason}",
        )
        audit(s, "meeting", meeting.id, "unlock", f"minutes unlocked: {reason}")
        return meeting
