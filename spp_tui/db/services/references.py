"""Stable human references: PSG-2023-014 for cases, A-2023-031 for actions."""

from __future__ import annotations

from sqlmodel import Session, col, select

from spp_tui.db.models import Action, Case


def _next(session: Session, column, prefix: str) -> str:  # noqa: ANN001
    existing = session.exec(select(column).where(col(column).like(f"{prefix}%"))).all()
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in existing if ref.rsplit("-", 1)[1].isdigit()]
    return f"{prefix}{(max(numbers, default=0) + 1):03d}"


def next_case_reference(session: Session, year: int) -> str:
    return _next(session, Case.reference, f"PSG-{year}-")


def next_action_reference(session: Session, year: int) -> str:
    return _next(session, Action.reference, f"A-{year}-")
