"""Actions: raised with an owner and a due date, reviewed at later meetings until closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import col, func, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from spp_tui.db.database import Database
from spp_tui.db.models import (
    LIVE_ACTION_STATUSES,
    Action,
    ActionStatus,
    ActionUpdate,
    Agency,
    Case,
    Meeting,
    MeetingKind,
    Person,
    days_overdue,
    id_col,
    is_overdue,
)
from spp_tui.db.services._audit import apply_changes, audit, fetch, snapshot
from spp_tui.db.services._like import contains
from spp_tui.db.services.references import next_action_reference
from spp_tui.errors import ValidationError

#: Longest action text accepted: an action is a line in the log, not a report.
MAX_TEXT = 20_000


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError("the action needs some text: what is to be done?")
    if len(text) > MAX_TEXT:
        raise ValidationError(
            f"the action text is {len(text):,} characters; keep it under {MAX_TEXT:,} "
            "(the detail belongs in the case's notes)."
        )
    return text


def create_action(
    db: Database,
    text: str,
    owner_id: int | None,
    due_on: dt.date | None,
    *,
    case_id: int | None = None,
    meeting_id: int | None = None,
    owner_agency_id: int | None = None,
    allow_incomplete: bool = False,
) -> Action:
    """Raise an action. Owner and due date are required unless ``allow_incomplete``
    (the secretariat's readiness check exists to find such gaps)."""
    text = _clean_text(text)
    if not allow_incomplete:
        if owner_id is None:
            raise ValidationError("every action needs a named owner.")
        if due_on is None:
            raise ValidationError("every action needs a due date.")
    with db.write() as s:
        owner = fetch(s, Person, owner_id) if owner_id else None
        meeting = fetch(s, Meeting, meeting_id) if meeting_id else None
        if case_id is not None:
            fetch(s, Case, case_id)
        year = meeting.date.year if meeting else dt.date.today().year
        action = Action(
            reference=next_action_reference(s, year),
            text=text,
            owner_id=owner_id,
            owner_agency_id=owner_agency_id or (owner.agency_id if owner else None),
            due_on=due_on,
            case_id=case_id,
            meeting_id=meeting_id,
        )
        s.add(action)
        s.flush()
        audit(
            s,
            "action",
            action.id,
            "create",
            f"action {action.reference} raised",
            after=snapshot(action),
        )
        return action


def get_action(db: Database, action_id: int) -> Action:
    with db.read() as s:
        return fetch(s, Action, action_id)


def update_action(
    db: Database, action_id: int, expected_version: int | None = None, **changes: object
) -> Action:
    """Correct an action's text, owner, agency or due date."""
    if "text" in changes:
        changes["text"] = _clean_text(str(changes["text"]))
    if "owner_id" in changes and changes["owner_id"] in (None, ""):
        raise ValidationError("every action needs a named owner.")
    with db.write() as s:
        action = fetch(s, Action, action_id)
        if (
            "owner_id" in changes
            and changes["owner_id"] is not None
            and ("owner_agency_id" not in changes)
        ):
            owner_id = int(str(changes["owner_id"]))  # an id, or its text from a script
            changes["owner_agency_id"] = fetch(s, Person, owner_id).agency_id
        apply_changes(
            s,
            action,
            changes,
            expected_version=expected_version,
            summary=f"action {action.reference}: {', '.join(changes)} changed",
        )
        return action


def record_action_update(
    db: Database,
    action_id: int,
    new_status: str,
    *,
    meeting_id: int | None = None,
    note: str = "",
    new_due_on: dt.date | None = None,
    made_on: dt.date | None = None,
    expected_version: int | None = None,
) -> ActionUpdate:
    """Review an action: add an ActionUpdate and move the action's status (and due date)."""
    new_status = ActionStatus(new_status).value
    if new_status == ActionStatus.IN_PROGRESS and new_due_on is None:
        raise ValidationError("an action in progress needs a new due date.")
    with db.write() as s:
        action = fetch(s, Action, action_id)
        meeting = fetch(s, Meeting, meeting_id) if meeting_id else None
        made_on = made_on or (meeting.date if meeting else dt.date.today())
        update = ActionUpdate(
            action_id=action_id,
            meeting_id=meeting_id,
            made_on=made_on,
            new_status=new_status,
            new_due_on=new_due_on,
            note=note.strip(),
        )
        s.add(update)
        changes: dict[str, object] = {"status": new_status}
        if new_due_on is not None:
            changes["due_on"] = new_due_on
        changes["closed_on"] = None if new_status in LIVE_ACTION_STATUSES else made_on
        apply_changes(
            s,
            action,
            changes,
            expected_version=expected_version,
            summary=f"action {action.reference} reviewed: {new_status}",
        )
        s.flush()
        audit(
            s,
            "actionupdate",
            update.id,
            "create",
            f"update to {action.reference}",
            after=snapshot(update),
        )
        return update


def action_history(db: Database, action_id: int) -> list[tuple[ActionUpdate, Meeting | None]]:
    with db.read() as s:
        return list(
            s.exec(
                select(ActionUpdate, Meeting)
                .join(Meeting, col(Meeting.id) == ActionUpdate.meeting_id, isouter=True)
                .where(ActionUpdate.action_id == action_id)
                .order_by(col(ActionUpdate.made_on), col(ActionUpdate.id))
            ).all()
        )


# --- lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    """An action with the names the screens and exports show beside it."""

    id: int
    reference: str
    text: str
    status: str
    due_on: dt.date | None
    owner_id: int | None
    owner_name: str
    agency_id: int | None
    agency_name: str
    case_id: int | None
    case_reference: str
    case_title: str
    operation: str
    meeting_id: int | None
    raised_on: dt.date | None
    version: int

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return is_overdue(self.status, self.due_on, today)

    def days_overdue(self, today: dt.date | None = None) -> int:
        return days_overdue(self.status, self.due_on, today)


@dataclass(frozen=True)
class ActionFilter:
    status: str | None = None  # a status, "live" (open, in progress, not done) or None for all
    owner_id: int | None = None
    agency_id: int | None = None
    case_id: int | None = None
    meeting_id: int | None = None
    operation: str | None = None
    overdue_on: dt.date | None = None  # only actions overdue on this day
    due_before: dt.date | None = None  # only actions due before this day
    raised_since: dt.date | None = None  # only actions raised on or after this day
    text: str = ""
    action_ids: tuple[int, ...] | None = None


#: An action's row, in ``ActionRow``'s order. Columns, not the ``Action`` entity: the ORM's
#: making of 200 objects was about a third of reading a page; names of absent rows are "".
_ActionTuple = tuple[
    int, str, str, str, dt.date | None, int | None, str, int | None, str, int | None,
    str, str, str, int | None, dt.date | None, int,
]  # fmt: skip
_ActionSelect = Select[*_ActionTuple]
_Query = TypeVar("_Query", _ActionSelect, SelectOfScalar[int])


def _action_query(filt: ActionFilter, *, sqlite: bool = True) -> _ActionSelect:
    # Select() itself, as select() does for several columns: select() is typed up to four.
    def named(name: Any) -> Any:
        return func.coalesce(col(name), "")

    columns: _ActionSelect = Select(
        id_col(Action.id),
        col(Action.reference),
        col(Action.text),
        col(Action.status),
        col(Action.due_on),
        col(Action.owner_id),
        named(Person.name),
        col(Action.owner_agency_id),
        named(Agency.name),
        col(Action.case_id),
        named(Case.reference),
        named(Case.title),
        named(Case.operation),
        col(Action.meeting_id),
        col(Meeting.date),
        col(Action.version),
    )
    query = (
        columns.join(Person, col(Person.id) == Action.owner_id, isouter=True)
        .join(Agency, col(Agency.id) == Action.owner_agency_id, isouter=True)
        .join(Case, col(Case.id) == Action.case_id, isouter=True)
        .join(Meeting, col(Meeting.id) == Action.meeting_id, isouter=True)
    )
    return _filtered(query, filt, sqlite=sqlite)


def _id_query(filt: ActionFilter, *, sqlite: bool = True) -> SelectOfScalar[int]:
    """Matching action ids, joining only the tables a filter reads (SQLite does not drop
    unused outer joins here, and they tripled the cost of counting 20,000 actions)."""
    query = select(id_col(Action.id))
    if filt.text.strip():
        query = query.join(Person, col(Person.id) == Action.owner_id, isouter=True)
    if filt.text.strip() or filt.operation:
        query = query.join(Case, col(Case.id) == Action.case_id, isouter=True)
    if filt.raised_since is not None:
        query = query.join(Meeting, col(Meeting.id) == Action.meeting_id, isouter=True)
    return _filtered(query, filt, sqlite=sqlite)


def _filtered(query: _Query, filt: ActionFilter, *, sqlite: bool) -> _Query:
    if filt.status == "live":
        query = query.where(col(Action.status).in_(LIVE_ACTION_STATUSES))
    elif filt.status:
        query = query.where(Action.status == filt.status)
    for column, value in (
        (Action.owner_id, filt.owner_id),
        (Action.owner_agency_id, filt.agency_id),
        (Action.case_id, filt.case_id),
        (Action.meeting_id, filt.meeting_id),
        (Case.operation, filt.operation),
    ):
        if value:
            query = query.where(column == value)
    if filt.overdue_on is not None:
        query = query.where(col(Action.status).in_(LIVE_ACTION_STATUSES)).where(
            col(Action.due_on) < filt.overdue_on
        )
    if filt.due_before is not None:
        query = query.where(col(Action.due_on) < filt.due_before)
    if filt.raised_since is not None:
        # Raised at a meeting on or after the day; a general action without a meeting by
        # the day it was entered.
        since = dt.datetime.combine(filt.raised_since, dt.time(0), tzinfo=dt.UTC)
        query = query.where(
            (col(Meeting.date) >= filt.raised_since)
            | (col(Action.meeting_id).is_(None) & (col(Action.created_at) >= since))
        )
    if filt.action_ids is not None:
        query = query.where(col(Action.id).in_(filt.action_ids))
    text = filt.text.strip()
    if text:
        query = query.where(
            contains(Action.text, text, sqlite=sqlite)
            | contains(Action.reference, text, sqlite=sqlite)
            | contains(Person.name, text, sqlite=sqlite)
            | contains(Case.reference, text, sqlite=sqlite)
        )
    return query


def _ordered(query: _Query, descending: bool) -> _Query:
    """By due date (latest first if ``descending``); actions without a date always last."""
    due = col(Action.due_on).desc() if descending else col(Action.due_on)
    return query.order_by(col(Action.due_on).is_(None), due, col(Action.reference))


def list_actions(
    db: Database,
    filt: ActionFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
    *,
    descending: bool = False,
) -> list[ActionRow]:
    """Actions matching ``filt``, soonest due first (no due date last)."""
    query = _ordered(_action_query(filt or ActionFilter(), sqlite=db.is_sqlite), descending)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    with db.read() as s:
        rows = s.exec(query).all()
    return _action_rows(rows)


def _action_rows(rows: Sequence[_ActionTuple]) -> list[ActionRow]:
    return [ActionRow(*row) for row in rows]


def count_actions(db: Database, filt: ActionFilter | None = None) -> int:
    query = _action_query(filt or ActionFilter(), sqlite=db.is_sqlite).subquery()
    with db.read() as s:
        return s.exec(select(func.count()).select_from(query)).one()


@dataclass(frozen=True)
class ActionPage:
    """One page of the action log and how many actions match in all."""

    rows: list[ActionRow]
    total: int
    offset: int


def action_page(
    db: Database,
    filt: ActionFilter | None = None,
    limit: int = 200,
    offset: int = 0,
    *,
    descending: bool = False,
) -> ActionPage:
    """A page of matching actions plus the total, in one read of three statements whatever
    the page size (a table of 20,000 rows is never built).

    Counting and sorting run over action ids with only the joins the filter needs; the page's
    rows are then read by id with their names. A text search (LIKE on four columns, the
    costly filter) runs once: every matching id in order, their number being the total.
    """
    filt = filt or ActionFilter()
    # Count and sort over ids with only the joins the filter needs; join the page's rows after.
    ids_query = _id_query(filt, sqlite=db.is_sqlite)
    with db.read() as s:
        if filt.text.strip():
            ids = list(s.scalars(_ordered(ids_query, descending)).all())
            total = len(ids)
            offset = _clamp(offset, total, limit)
            wanted = tuple(ids[offset : offset + limit])
        else:
            total = s.exec(select(func.count()).select_from(ids_query.subquery())).one()
            offset = _clamp(offset, total, limit)
            wanted = tuple(
                s.scalars(_ordered(ids_query, descending).limit(limit).offset(offset)).all()
            )
        rows = (
            s.exec(_ordered(_action_query(ActionFilter(action_ids=wanted)), descending)).all()
            if wanted
            else []
        )
    return ActionPage(_action_rows(rows), total, offset)


def _clamp(offset: int, total: int, limit: int) -> int:
    """An offset past the end shows the last page, not an empty one."""
    return max(0, min(offset, max(0, total - 1) // limit * limit))


def annotate_update(db: Database, update_id: int, note: str) -> ActionUpdate:
    """Set the note on an update already recorded (the chair records the outcome with one key
    and adds the note after, if there is one)."""
    with db.write() as s:
        update = fetch(s, ActionUpdate, update_id)
        old = update.note
        update.note = note.strip()
        if update.note != old:
            s.add(update)
            audit(
                s,
                "actionupdate",
                update.id,
                "update",
                "note on an action update changed",
                before={"note": old},
                after={"note": update.note},
            )
        return update


def series_kinds(kind: str) -> tuple[str, ...]:
    """Meeting kinds whose actions one meeting reviews: a Youth PSG its own series; a PSG its
    own and the extraordinary PSGs called between them."""
    if kind == MeetingKind.YOUTH_PSG:
        return (MeetingKind.YOUTH_PSG.value,)
    return (MeetingKind.PSG.value, MeetingKind.EXTRAORDINARY.value)


def actions_to_carry(db: Database, meeting_id: int) -> list[ActionRow]:
    """The action review (agenda item 4): every live action raised at an earlier meeting of
    the same series, plus those already reviewed at this one."""
    with db.read() as s:
        meeting = fetch(s, Meeting, meeting_id)
        earlier = select(Meeting.id).where(
            Meeting.date < meeting.date, col(Meeting.kind).in_(series_kinds(meeting.kind))
        )
        # Reviewed here already: keep them in the list so progress reads "12 of 31 reviewed".
        reviewed_here = select(ActionUpdate.action_id).where(ActionUpdate.meeting_id == meeting_id)
        ids = tuple(
            s.exec(
                select(id_col(Action.id)).where(
                    (
                        col(Action.status).in_(LIVE_ACTION_STATUSES)
                        & (
                            col(Action.meeting_id).in_(earlier)
                            | (col(Action.meeting_id).is_(None) & (meeting.kind != "Youth PSG"))
                        )
                    )
                    | col(Action.id).in_(reviewed_here)
                )
            ).all()
        )
    rows = list_actions(db, ActionFilter(action_ids=ids))
    return sorted(rows, key=lambda r: (r.case_reference or "~", r.reference))


def updates_at_meeting(db: Database, meeting_id: int) -> dict[int, ActionUpdate]:
    """The latest update each action received at this meeting (for review progress)."""
    with db.read() as s:
        updates = s.exec(
            select(ActionUpdate)
            .where(ActionUpdate.meeting_id == meeting_id)
            .order_by(col(ActionUpdate.id))
        ).all()
    return {u.action_id: u for u in updates}


def action_id_query(filt: ActionFilter, *, sqlite: bool = True) -> SelectOfScalar[int]:
    """The ids of the actions ``filt`` matches, as a subquery for other reads."""
    return _id_query(filt, sqlite=sqlite)
