"""Stable human references: PSG-2023-014 for cases, A-2023-031 for actions."""

from __future__ import annotations

from sqlalchemy import Integer, cast
from sqlmodel import Session, col, func, select

from spp_tui.db.models import Action, Case


def _next(session: Session, column, prefix: str) -> str:  # noqa: ANN001
    """One indexed MAX() over the year's references (a range scan on the unique index, not a
    load of every reference: 20,000 actions must not slow the save of the next one)."""
    number = cast(func.substr(column, len(prefix) + 1), Integer)
    highest = session.exec(
        select(func.max(number)).where(col(column) > prefix, col(column) < prefix + "~")
    ).one()
    return f"{prefix}{(highest or 0) + 1:03d}"


def next_case_reference(session: Session, year: int) -> str:
    return _next(session, Case.reference, f"PSG-{year}-")


def next_action_reference(session: Session, year: int) -> str:
    return _next(session, Action.reference, f"A-{year}-")
