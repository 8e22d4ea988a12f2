"""Approved minutes are locked: one guard on every write, not an ``if`` in every service.

Why a flush hook: every service writes through a session, so checking what a flush is about to
change catches every path to a locked meeting's records (including services added later)
while keeping all service signatures as they are. What is guarded, for a meeting whose status
is "minutes approved" in the database:

- the meeting's own fields (except navigation state: the current item, the next-meeting link);
- its agenda items, attendance, case discussions and the actions raised at it;
- action updates recorded *at* it.

Still allowed: reviewing an action raised at an approved meeting at a later meeting (the
status / due date change that ``record_action_update`` makes, together with a new
``ActionUpdate``), case-level changes (a case lives across meetings) and the minutes' own
unlock (``review.unlock_minutes``), and the retention purge (``allow_locked_changes``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session
from sqlmodel import col

from spp_tui.db.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    CaseDiscussion,
    Meeting,
    MeetingStatus,
    id_col,
    stored_id,
)
from spp_tui.errors import LockedError

#: Meeting fields that are not part of the minutes: moving around a held meeting, linking it
#: to the next one, and the bookkeeping ``apply_changes`` does.
MEETING_FIELDS_OUTSIDE_MINUTES = frozenset(
    {"current_item_id", "next_meeting_id", "version", "updated_at"}
)
#: What a later meeting's review of an action changes (see ``record_action_update``).
ACTION_REVIEW_FIELDS = frozenset({"status", "due_on", "closed_on", "version", "updated_at"})
#: Rows that belong to one meeting through their ``meeting_id``.
MEETING_RECORDS = (AgendaItem, Attendance, CaseDiscussion, Action, ActionUpdate)

#: Session.info key: meeting ids whose approval ``unlock_minutes`` is lifting in this session.
UNLOCKING = "spp_unlocking_meetings"
#: Session.info key: this whole session may change locked records (see ``allow_locked_changes``).
OVERRIDE = "spp_lock_override"


def allow_locked_changes(session: Session, why: str) -> None:
    """Let one write session change approved minutes: only for what the law requires anyway
    (the retention purge must erase personal data from old, approved meetings). ``why`` is
    kept on the session for debugging; the caller audits what it did."""
    session.info[OVERRIDE] = why


def locked_message(date: object) -> str:
    return f"the minutes of {date} are approved; unlock them first."


def _changed_fields(obj: Any) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


def _persisted(obj: Any, field: str) -> Any:
    """The value the database holds now (before this flush)."""
    history = inspect(obj).attrs[field].history
    if history.deleted:
        return history.deleted[0]
    values = history.unchanged or history.added
    return values[0] if values else None


def _meeting_ids(obj: Any, is_new: bool) -> set[int]:
    """The meeting(s) a row belongs to, before and after this change (a row moved from a
    locked meeting is a change to it too)."""
    ids = {getattr(obj, "meeting_id", None)}
    if not is_new:
        ids.add(_persisted(obj, "meeting_id"))
    return {i for i in ids if i is not None}


def _approved_dates(session: Session, meeting_ids: set[int]) -> dict[int, dt.date]:
    """Meetings among ``meeting_ids`` whose *stored* status is approved -> their date."""
    if not meeting_ids:
        return {}
    rows = session.connection().execute(
        select(id_col(Meeting.id), col(Meeting.date)).where(
            col(Meeting.id).in_(meeting_ids),
            col(Meeting.status) == MeetingStatus.MINUTES_APPROVED.value,
        )
    )
    return {meeting_id: day for meeting_id, day in rows}


def _is_review(session: Session, action: Action) -> bool:
    """A later meeting reviewing this action: only review fields move, with a new update."""
    if not _changed_fields(action) <= ACTION_REVIEW_FIELDS:
        return False
    return any(isinstance(o, ActionUpdate) and o.action_id == action.id for o in session.new)


def _guard(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(OVERRIDE):
        return
    unlocking: set[int] = session.info.get(UNLOCKING, set())
    checks: list[tuple[set[int], str]] = []  # (meeting ids touched, what)
    for obj in session.deleted:
        if isinstance(obj, Meeting):
            checks.append(({stored_id(obj)}, "delete"))
        elif isinstance(obj, MEETING_RECORDS):
            checks.append((_meeting_ids(obj, is_new=False), "delete"))
    for obj in session.new:
        if isinstance(obj, MEETING_RECORDS):
            checks.append((_meeting_ids(obj, is_new=True), "create"))
    for obj in session.dirty:
        if not session.is_modified(obj):
            continue
        if isinstance(obj, Meeting):
            if obj.id in unlocking:
                continue
            if _changed_fields(obj) - MEETING_FIELDS_OUTSIDE_MINUTES:
                checks.append(({stored_id(obj)}, "update"))
        elif isinstance(obj, Action):
            if not _is_review(session, obj):
                checks.append((_meeting_ids(obj, is_new=False), "update"))
        elif isinstance(obj, MEETING_RECORDS):
            checks.append((_meeting_ids(obj, is_new=False), "update"))
    if not checks:
        return
    approved = _approved_dates(session, set().union(*(ids for ids, _ in checks)))
    for ids, _what in checks:
        for meeting_id in sorted(ids):
            if meeting_id in approved:
                raise LockedError(locked_message(approved[meeting_id]))


def install() -> None:
    """Register the guard once for every session (idempotent)."""
    if not event.contains(Session, "before_flush", _guard):
        event.listen(Session, "before_flush", _guard)


install()
