"""Read the audit trail (who changed what, when)."""

from __future__ import annotations

from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import AuditEntry
from spp_tui.db.services._audit import audit


def audit_entries(
    db: Database, entity: str | None = None, entity_id: int | None = None, limit: int = 500
) -> list[AuditEntry]:
    with db.read() as s:
        query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
        if entity:
            query = query.where(AuditEntry.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == entity_id)
        return list(s.exec(query))


def record_event(
    db: Database, entity: str, entity_id: int | None, operation: str, summary: str
) -> None:
    """Audit something that is not a row change: an export, a backup, a purge."""
    with db.write() as s:
        audit(s, entity, entity_id, operation, summary)
