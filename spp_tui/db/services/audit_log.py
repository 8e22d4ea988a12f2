"""Read the audit trail (who changed what, when)."""

from __future__ import annotations

from collections.abc import Collection

from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import Action, ActionUpdate, AuditEntry, Case, CaseDiscussion, CaseParty
from spp_tui.db.services._audit import audit


def audit_entries(
    db: Database,
    entity: str | None = None,
    entity_id: int | None = None,
    limit: int | None = 500,
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


def case_by_reference(db: Database, reference: str) -> Case:
    """A case by its reference (PSG-2023-014), case-insensitively."""
    from sqlmodel import func

    from spp_tui.errors import NotFoundError

    ref = reference.strip()
    with db.read() as s:
        case = s.exec(select(Case).where(func.upper(Case.reference) == ref.upper())).first()
    if case is None:
        raise NotFoundError(f"no case has the reference '{ref}'.")
    return case


def case_audit_entries(db: Database, case_id: int) -> list[AuditEntry]:
    """Everything audited about one case, oldest first: the case itself, its discussions,
    parties (removed ones too), actions and their updates."""
    import json

    with db.read() as s:
        discussion_ids = set(
            s.exec(select(CaseDiscussion.id).where(CaseDiscussion.case_id == case_id)).all()
        )
        action_ids = set(s.exec(select(Action.id).where(Action.case_id == case_id)).all())
        update_ids = (
            set(
                s.exec(
                    select(ActionUpdate.id).where(col(ActionUpdate.action_id).in_(action_ids))
                ).all()
            )
            if action_ids
            else set()
        )
        party_ids = set(s.exec(select(CaseParty.id).where(CaseParty.case_id == case_id)).all())
        # Removed parties are gone from their table; their audit snapshots name the case.
        for entry in s.exec(
            select(AuditEntry).where(col(AuditEntry.entity).in_(("party", "caseparty")))
        ):
            for raw in (entry.before, entry.after):
                try:
                    if raw and json.loads(raw).get("case_id") == case_id:
                        party_ids.add(entry.entity_id)
                except (ValueError, AttributeError):
                    continue
        # Creates are audited under a short name, updates under the model's name.
        wanted: dict[str, Collection[int | None]] = {
            "case": {case_id},
            "discussion": discussion_ids,
            "casediscussion": discussion_ids,
            "action": action_ids,
            "actionupdate": update_ids,
            "party": party_ids,
            "caseparty": party_ids,
        }
        found: list[AuditEntry] = []
        for entity, ids in wanted.items():
            if ids:
                found.extend(
                    s.exec(
                        select(AuditEntry).where(
                            AuditEntry.entity == entity, col(AuditEntry.entity_id).in_(ids)
                        )
                    )
                )
    return sorted(found, key=lambda e: e.id or 0)


AUDIT_CSV_COLUMNS = ("when_utc", "user", "what", "id", "operation", "summary", "before", "after")


def _csv_cell(value: object) -> str:
    """Text as typed, except a leading = + - @ is quoted so a spreadsheet never runs it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def audit_csv(entries: list[AuditEntry]) -> str:
    """The audit trail as CSV (opens in Excel and LibreOffice)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_CSV_COLUMNS)
    for e in entries:
        at = e.at.isoformat(timespec="seconds") if e.at else ""
        row = (at, e.user, e.entity, e.entity_id, e.operation, e.summary, e.before, e.after)
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue()
