"""Audit trail and the change helper every update goes through."""

from __future__ import annotations

import getpass
import json
from functools import cache
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from spp_tui.db.models import AuditEntry, utcnow
from spp_tui.db.services import _lock  # noqa: F401  (every write: approved minutes are locked)
from spp_tui.errors import NotFoundError, StaleEditError


@cache
def os_user() -> str:
    """The OS account name (who made the change); portable, never raises."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises various errors on odd systems
        return "unknown"


def _json(value: dict[str, Any] | None) -> str:
    return json.dumps(value, default=str, ensure_ascii=False) if value else ""


def audit(
    session: Session,
    entity: str,
    entity_id: int | None,
    operation: str,
    summary: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            user=os_user(),
            entity=entity,
            entity_id=entity_id,
            operation=operation,
            summary=summary,
            before=_json(before),
            after=_json(after),
        )
    )


def snapshot(obj: SQLModel) -> dict[str, Any]:
    """Field values of a row, for the 'after' of a create audit entry."""
    return {k: v for k, v in obj.model_dump().items() if k not in ("created_at", "updated_at")}


T = TypeVar("T", bound=SQLModel)


def fetch(session: Session, model: type[T], row_id: int) -> T:
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"{model.__name__.lower()} {row_id} does not exist.")
    return row


def apply_changes(
    session: Session,
    row: SQLModel,
    changes: dict[str, Any],
    *,
    expected_version: int | None = None,
    summary: str = "",
) -> dict[str, tuple[Any, Any]]:
    """Set fields on ``row``, audit what really changed, bump its version.

    ``expected_version`` is the version the user was looking at; if the row has moved on since
    (another window saved first), raise ``StaleEditError`` instead of overwriting.
    """
    entity = type(row).__name__.lower()
    current_version = getattr(row, "version", None)
    if expected_version is not None and current_version not in (None, expected_version):
        raise StaleEditError(
            f"this {entity} was changed elsewhere since you opened it; reload to see the change."
        )
    changed: dict[str, tuple[Any, Any]] = {}
    for field, new in changes.items():
        if not hasattr(row, field):
            raise AttributeError(f"{entity} has no field {field}")
        old = getattr(row, field)
        if old != new:
            changed[field] = (old, new)
            setattr(row, field, new)
    if not changed:
        return changed
    if current_version is not None:
        row.version = current_version + 1
    if hasattr(row, "updated_at"):
        row.updated_at = utcnow()
    session.add(row)
    audit(
        session,
        entity,
        row.id,  # type: ignore[attr-defined]
        "update",
        summary or f"{entity} {', '.join(changed)} changed",
        before={k: v[0] for k, v in changed.items()},
        after={k: v[1] for k, v in changed.items()},
    )
    return changed
