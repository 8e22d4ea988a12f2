"""The action review of a big live set, read a window at a time.

The database orders the review, counts it and finds the next action to review. The panel
reads an outline (how many actions each case has in the review, with the progress counts:
one grouped query, a row per case), then only the window of actions it shows: the outline
says which cases hold it, so that read goes by case through an index, never sorting 10,000
actions. Stepping beyond the window asks where an action or the next one still to review
stands (``review_position``, ``next_to_review``). The SQL is the same on SQLite and
PostgreSQL, and so is the order (references compared byte by byte on both).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Boolean, and_, bindparam, case, func, or_
from sqlalchemy import select as core_select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col, select

from spp_tui.db.database import Database
from spp_tui.db.models import Action, ActionUpdate, Case, Meeting, id_col
from spp_tui.db.services.actions import ActionFilter, ActionRow, list_actions, series_kinds
from spp_tui.errors import NotFoundError
from spp_tui.vocabulary import LIVE_ACTION_STATUSES, MeetingKind


class CarryKey(NamedTuple):
    """One action of the review and where it stands in it (0 for the first)."""

    id: int
    reference: str
    case_id: int | None
    case_reference: str
    position: int


class ReviewCounts(NamedTuple):
    """The progress line: actions in the review, reviewed at this meeting, and still to
    review yet overdue on the meeting's date."""

    total: int
    reviewed: int
    overdue: int


class CaseSpan(NamedTuple):
    """One case's stretch of the review (``case_id`` None: the general actions, last)."""

    case_id: int | None
    start: int
    length: int


class ReviewOutline(NamedTuple):
    """The review case by case, in order, and its progress counts."""

    spans: list[CaseSpan]
    counts: ReviewCounts


class _Statements(NamedTuple):
    """The review's reads, built once per engine and meeting kind: a read costs its SQL,
    not its construction. Bound parameters: ``meeting_id``, ``before`` (the meeting's
    date) and each read's own."""

    outline: Any  # on
    reviewed: Any  # on
    window: Any  # case_ids, general, start, size
    position: Any  # action_id
    next: Any  # after


@functools.cache
def _statements(dialect: str, kind: str) -> _Statements:
    """Every live action raised at an earlier meeting of the series, plus those reviewed at
    this one (the set ``actions_to_carry`` lists), in review order: by case reference,
    general actions last, then action reference."""
    earlier = select(Meeting.id).where(
        col(Meeting.date) < bindparam("before"), col(Meeting.kind).in_(series_kinds(kind))
    )
    reviewed_here = select(ActionUpdate.action_id).where(
        ActionUpdate.meeting_id == bindparam("meeting_id")
    )
    from_meetings: ColumnElement[bool] = col(Action.meeting_id).in_(earlier)
    if kind != MeetingKind.YOUTH_PSG:  # a PSG also reviews actions raised outside meetings
        from_meetings = from_meetings | col(Action.meeting_id).is_(None)
    live = col(Action.status).in_(LIVE_ACTION_STATUSES)
    in_review = (live & from_meetings) | col(Action.id).in_(reviewed_here)
    late = case((and_(live, col(Action.due_on) < bindparam("on")), 1), else_=0)

    def text(column: Any) -> Any:
        # PostgreSQL compares text by the database's locale; "C" compares it as SQLite does.
        return column.collate("C") if dialect == "postgresql" else column

    case_order = (col(Case.reference).is_(None), text(col(Case.reference)), col(Case.id))
    order = (*case_order, text(col(Action.reference)), col(Action.id))
    per_case = (
        select(
            col(Action.case_id).label("case_id"),
            func.count().label("total"),
            func.sum(late).label("late"),
        )
        .where(in_review)
        .group_by(col(Action.case_id))
        .subquery()
    )
    outline = (
        core_select(per_case)
        .outerjoin(Case, col(Case.id) == per_case.c.case_id)
        .order_by(*case_order[:2], per_case.c.case_id)
    )
    reviewed = select(func.count(), func.coalesce(func.sum(late), 0)).where(
        col(Action.id).in_(reviewed_here)
    )
    rows = (
        core_select(
            col(Action.id).label("id"),
            col(Action.reference).label("reference"),
            col(Action.case_id).label("case_id"),
            col(Case.reference).label("case_reference"),
            case((col(Action.id).in_(reviewed_here), 1), else_=0).label("reviewed"),
        )
        .outerjoin(Case, col(Case.id) == Action.case_id)
        .where(in_review)
    )
    in_cases = or_(
        col(Action.case_id).in_(bindparam("case_ids", expanding=True)),
        col(Action.case_id).is_(None) & bindparam("general", type_=Boolean),
    )
    ranked = rows.add_columns(func.row_number().over(order_by=order).label("position")).subquery()
    later_first = case((ranked.c.position > bindparam("after") + 1, 0), else_=1)
    return _Statements(
        outline,
        reviewed,
        rows.where(in_cases).order_by(*order).offset(bindparam("start")).limit(bindparam("size")),
        core_select(ranked.c.position).where(ranked.c.id == bindparam("action_id")),
        core_select(ranked)
        .where(ranked.c.reviewed == 0)
        .order_by(later_first, ranked.c.position)
        .limit(1),
    )


def _run(s: Session, meeting_id: int, read: str, **params: Any) -> Any:
    """Run one of the review's reads for ``meeting_id`` in session ``s``."""
    meeting = (
        s.connection()
        .execute(
            core_select(col(Meeting.date), col(Meeting.kind)).where(
                id_col(Meeting.id) == meeting_id
            )
        )
        .first()
    )
    if meeting is None:
        raise NotFoundError(f"meeting {meeting_id} does not exist.")
    statements = _statements(s.get_bind().dialect.name, meeting.kind)
    return s.connection().execute(
        getattr(statements, read), {"meeting_id": meeting_id, "before": meeting.date, **params}
    )


def _key(row: Any, position: int) -> CarryKey:
    return CarryKey(row.id, row.reference, row.case_id, row.case_reference or "", position)


def review_outline(db: Database, meeting_id: int, on: dt.date) -> ReviewOutline:
    """The review case by case (where each case's actions start, how many), how many
    actions it holds, how many were reviewed at this meeting, and how many still to review
    are overdue on ``on`` (the meeting's date). Two reads, a row per case."""
    with db.read() as s:
        spans, start, late = [], 0, 0
        for row in _run(s, meeting_id, "outline", on=on):
            spans.append(CaseSpan(row.case_id, start, int(row.total)))
            start, late = start + int(row.total), late + int(row.late)
        reviewed, reviewed_late = _run(s, meeting_id, "reviewed", on=on).one()
    return ReviewOutline(spans, ReviewCounts(start, int(reviewed), late - int(reviewed_late)))


def review_window(
    db: Database, meeting_id: int, outline: ReviewOutline, start: int, size: int
) -> list[CarryKey]:
    """The ``size`` actions of the review from position ``start`` (0 for the first): read
    from the cases the outline says hold them."""
    spans = [s for s in outline.spans if s.start < start + size and s.start + s.length > start]
    if not spans or size <= 0:
        return []
    case_ids = [s.case_id for s in spans if s.case_id is not None]
    params = {
        "case_ids": case_ids,
        "general": any(s.case_id is None for s in spans),
        "start": start - spans[0].start,
        "size": size,
    }
    with db.read() as s:
        rows = _run(s, meeting_id, "window", **params)
        return [_key(row, start + index) for index, row in enumerate(rows)]


def review_position(db: Database, meeting_id: int, action_id: int) -> int | None:
    """Where ``action_id`` stands in the review (0 for the first); None when not in it."""
    with db.read() as s:
        position = _run(s, meeting_id, "position", action_id=action_id).scalar()
    return None if position is None else int(position) - 1


def next_to_review(db: Database, meeting_id: int, after: int) -> CarryKey | None:
    """The first action not yet reviewed at this meeting after position ``after``, else
    the first one from the top (the chair comes back for those skipped); None when every
    action is reviewed."""
    with db.read() as s:
        row = _run(s, meeting_id, "next", after=after).first()
    return None if row is None else _key(row, int(row.position) - 1)


def updates_for(
    db: Database, meeting_id: int, action_ids: Sequence[int]
) -> dict[int, ActionUpdate]:
    """The latest update each of ``action_ids`` received at this meeting (a window's)."""
    if not action_ids:
        return {}
    with db.read() as s:
        updates = s.exec(
            select(ActionUpdate)
            .where(
                ActionUpdate.meeting_id == meeting_id,
                col(ActionUpdate.action_id).in_(tuple(action_ids)),
            )
            .order_by(col(ActionUpdate.id))
        ).all()
    return {u.action_id: u for u in updates}


@dataclass
class ReviewWindow:
    """The actions the table holds: their place in the review, full rows and updates here."""

    start: int
    keys: list[CarryKey]
    rows: dict[int, ActionRow]
    updates: dict[int, ActionUpdate]


def read_window(
    db: Database, meeting_id: int, outline: ReviewOutline, start: int, size: int
) -> ReviewWindow:
    """The window of ``size`` actions from position ``start``, ready to show (three reads)."""
    keys = review_window(db, meeting_id, outline, start, size)
    ids = tuple(k.id for k in keys)
    rows = {r.id: r for r in list_actions(db, ActionFilter(action_ids=ids))} if ids else {}
    return ReviewWindow(start, keys, rows, updates_for(db, meeting_id, ids))


@dataclass
class ReviewData:
    """The first screen of the review: dates, outline and progress, the window shown, the
    agencies' short names."""

    meeting_date: dt.date
    next_meeting: dt.date | None
    outline: ReviewOutline
    window: ReviewWindow
    agency_short: dict[int, str]

    @property
    def counts(self) -> ReviewCounts:
        return self.outline.counts


def load_review(
    db: Database, meeting_id: int, size: int, start: int = 0, around: int | None = None
) -> ReviewData:
    """What the review shows first: the window from ``start`` (a reload keeps the one
    shown), or, when action ``around`` (the one the chair was on) is not in it, the window
    holding that one. The same few reads however long the review."""
    from spp_tui.db.services import directory
    from spp_tui.db.services.due_base import due_base

    base = due_base(db, meeting_id)
    outline = review_outline(db, meeting_id, base.today)
    start = min(start, max(0, outline.counts.total - 1)) // size * size
    window = read_window(db, meeting_id, outline, start, size)
    if around is not None and around not in window.rows:
        position = review_position(db, meeting_id, around)
        if position is not None and position // size * size != start:
            window = read_window(db, meeting_id, outline, position // size * size, size)
    return ReviewData(
        base.today,
        base.next_meeting,
        outline,
        window,
        {a.id: a.short_name or a.name for a in directory.list_agencies(db) if a.id is not None},
    )
