"""The action log as a partner reads it: filtered to the question, grouped by case, each
action with its latest update. Shared by ``export actions`` and the action log screen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import ActionUpdate, Case
from spp_tui.db.services.actions import ActionFilter, ActionRow, action_id_query, list_actions
from spp_tui.db.services.directory import PersonRow
from spp_tui.errors import NotFoundError


@dataclass(frozen=True)
class LatestUpdate:
    made_on: dt.date
    status: str
    note: str


@dataclass(frozen=True)
class CaseActions:
    """The actions of one case (``case_reference`` empty: general actions)."""

    case_reference: str
    case_title: str
    actions: tuple[ActionRow, ...]


@dataclass(frozen=True)
class ActionLog:
    groups: tuple[CaseActions, ...]
    latest: dict[int, LatestUpdate]

    @property
    def rows(self) -> list[ActionRow]:
        return [a for g in self.groups for a in g.actions]


def latest_updates(db: Database, filt: ActionFilter) -> dict[int, LatestUpdate]:
    """The latest update of every action ``filt`` matches, in one query."""
    ids = action_id_query(filt, sqlite=db.is_sqlite)
    with db.read() as s:
        updates = s.exec(
            select(col(ActionUpdate.action_id), col(ActionUpdate.made_on),
                   col(ActionUpdate.new_status), col(ActionUpdate.note))
            .where(col(ActionUpdate.action_id).in_(ids))
            .order_by(col(ActionUpdate.made_on), col(ActionUpdate.id))
        ).all()  # fmt: skip
    return {a: LatestUpdate(day, status, note) for a, day, status, note in updates}


def action_log(db: Database, filt: ActionFilter) -> ActionLog:
    """Matching actions grouped by case (general actions first, then by case reference),
    soonest due first within a case."""
    rows = list_actions(db, filt)
    groups: dict[str, list[ActionRow]] = {}
    titles: dict[str, str] = {}
    for row in rows:
        groups.setdefault(row.case_reference, []).append(row)
        titles[row.case_reference] = row.case_title
    ordered = sorted(groups, key=lambda ref: (ref != "", ref))
    return ActionLog(
        tuple(CaseActions(ref, titles[ref], tuple(groups[ref])) for ref in ordered),
        latest_updates(db, filt),
    )


def find_owner(db: Database, text: str) -> PersonRow:
    """The one person ``text`` names (full name, or a unique part of one)."""
    from spp_tui.db.services.directory import list_people

    needle = text.strip().lower()
    people = list_people(db, active_only=False)
    exact = [p for p in people if p.name.lower() == needle]
    matches = exact or [p for p in people if needle and needle in p.name.lower()]
    if len(matches) != 1:
        raise NotFoundError(f"no single person matches '{text}'; give their full name.")
    return matches[0]


def find_operation(db: Database, text: str) -> str:
    """The operation as recorded on cases (``spotlight`` finds ``Spotlight``)."""
    needle = text.strip().lower().removeprefix("operation ").strip()
    with db.read() as s:
        known = {op for op in s.exec(select(Case.operation).distinct()).all() if op}
    for operation in known:
        if operation.lower() == needle:
            return operation
    raise NotFoundError(
        f"no case is linked to an operation '{text}'; known: {', '.join(sorted(known)) or 'none'}."
    )
