"""The one base for relative due dates: the meeting's date, and what ``next`` means.

Every place a due date is typed (action dialog, action review, next meeting) asks here, so
``+3w`` and ``30/4`` count from the meeting's date everywhere and an old meeting edited years
later keeps its dates in its own year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import Meeting, MeetingStatus


@dataclass(frozen=True)
class DueBase:
    """``today`` for ``parse_due_date`` and the next meeting (None: none scheduled yet)."""

    today: dt.date
    next_meeting: dt.date | None


def due_base(db: Database, meeting_id: int | None, today: dt.date | None = None) -> DueBase:
    """The base for a due date typed at a meeting (or, with no meeting, today)."""
    today = today or dt.date.today()
    with db.read() as s:
        meeting = s.get(Meeting, meeting_id) if meeting_id is not None else None
        if meeting is not None and meeting.next_meeting_id is not None:
            scheduled = s.get(Meeting, meeting.next_meeting_id)
            if scheduled is not None:
                return DueBase(meeting.date, scheduled.date)
        after = meeting.date if meeting is not None else today
        query = select(col(Meeting.date)).where(
            Meeting.status == MeetingStatus.SCHEDULED.value, col(Meeting.date) > after
        )
        if meeting is not None:
            query = query.where(Meeting.kind == meeting.kind)
        upcoming = s.exec(query.order_by(col(Meeting.date)).limit(1)).first()
    return DueBase(after, upcoming)
