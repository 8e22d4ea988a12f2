"""The action review of a big live set, read a screenful at a time.

``carry_keys`` lists every action the review goes through as a few plain columns (no ORM
objects), enough to order them, count progress and overdue ones, and step from one to the
next; the panel then reads the full rows of just the window it shows (``list_actions`` on
their ids). 10,000 live actions cost one light query instead of 10,000 ORM rows.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import select as core_select
from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    Action,
    ActionUpdate,
    Case,
    Meeting,
    days_overdue,
    id_col,
    is_overdue,
)
from spp_tui.db.services._audit import fetch
from spp_tui.db.services.actions import series_kinds
from spp_tui.vocabulary import LIVE_ACTION_STATUSES


class CarryKey(NamedTuple):
    """One action of the review: what ordering, progress and stepping need (a tuple: cheap
    to make by the ten thousand)."""

    id: int
    reference: str
    case_id: int | None
    case_reference: str
    status: str
    due_on: dt.date | None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return is_overdue(self.status, self.due_on, today)

    def days_overdue(self, today: dt.date | None = None) -> int:
        return days_overdue(self.status, self.due_on, today)


def carry_keys(db: Database, meeting_id: int) -> list[CarryKey]:
    """Every action the review of ``meeting_id`` goes through, in review order (by case
    reference, general actions last, then reference): the same set as ``actions_to_carry``."""
    with db.read() as s:
        meeting = fetch(s, Meeting, meeting_id)
        earlier = select(Meeting.id).where(
            Meeting.date < meeting.date, col(Meeting.kind).in_(series_kinds(meeting.kind))
        )
        reviewed_here = select(ActionUpdate.action_id).where(ActionUpdate.meeting_id == meeting_id)
        query = (
            core_select(
                id_col(Action.id),
                col(Action.reference),
                col(Action.case_id),
                col(Case.reference),
                col(Action.status),
                col(Action.due_on),
            )
            .outerjoin(Case, col(Case.id) == Action.case_id)
            .where(
                (
                    col(Action.status).in_(LIVE_ACTION_STATUSES)
                    & (
                        col(Action.meeting_id).in_(earlier)
                        | (col(Action.meeting_id).is_(None) & (meeting.kind != "Youth PSG"))
                    )
                )
                | col(Action.id).in_(reviewed_here)
            )
        )
        # Core, not ORM: plain tuples, no per-row ORM loading (10,000 rows stay cheap).
        rows = s.connection().execute(query).all()
    keys = [
        CarryKey(aid, ref, case_id, case_ref or "", status, due)
        for aid, ref, case_id, case_ref, status, due in rows
    ]
    return sorted(keys, key=lambda k: (k.case_reference or "~", k.reference))
