"""Agenda item 3, minutes of the last meeting: agreed (approving them) or corrected.

Why a module of its own: a correction may be typed while the server is away and the
corrections already recorded cannot be read (``spp_tui.db.one_offs``): it is then added under
them when written, read and changed in one transaction, so nothing recorded meanwhile on
another laptop is written over.
"""

from __future__ import annotations

from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import Meeting
from spp_tui.db.services._audit import apply_changes, fetch
from spp_tui.errors import ValidationError
from spp_tui.vocabulary import MeetingStatus


def record_previous_minutes(
    db: Database,
    meeting_id: int,
    agreed: bool,
    corrections: str | None = "",
    *,
    added: bool = False,
) -> Meeting:
    """Agree the last meeting's minutes (approving them) or record corrections. ``None``:
    keep those recorded; ``added``: put them under those recorded (typed while they could
    not be read), both read in the write's own transaction."""
    if not agreed and not (corrections or "").strip():
        raise ValidationError("say what the corrections are, or agree the minutes as accurate.")
    with db.write() as s:
        meeting = fetch(s, Meeting, meeting_id)
        recorded = meeting.previous_minutes_corrections.rstrip()
        if corrections is None or (added and recorded):
            corrections = recorded if corrections is None else f"{recorded}\n{corrections}"
        apply_changes(
            s,
            meeting,
            {"previous_minutes_agreed": agreed, "previous_minutes_corrections": corrections},
            summary="previous minutes " + ("agreed" if agreed else "corrected"),
        )
        previous = s.exec(
            select(Meeting)
            .where(Meeting.kind == meeting.kind, Meeting.date < meeting.date)
            .order_by(col(Meeting.date).desc())
        ).first()
        if previous is not None and agreed:
            apply_changes(
                s,
                previous,
                {
                    "status": MeetingStatus.MINUTES_APPROVED.value,
                    "minutes_approved_on": meeting.date,
                },
                summary=f"minutes approved at the meeting of {meeting.date}",
            )
        return meeting
