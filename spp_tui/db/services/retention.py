"""Retention: remove closed cases' personal data once the local retention period has passed.

What goes (per closed case): the parties named in it, what each meeting said about it
(summary, decisions, outcome reason), its SARA notes and closure reason, the text of its
actions and the notes of their updates. What stays: the reference, title, location, ward,
category, risk, status and dates, so the partnership can still count and report its work.

The audit trail must not keep what retention removed, so the purged values are also scrubbed
from earlier audit entries of those rows; the purge itself is audited with counts only.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    Action,
    ActionUpdate,
    AuditEntry,
    Case,
    CaseDiscussion,
    CaseParty,
    CaseStatus,
    stored_id,
)
from spp_tui.db.services._audit import audit, fetch
from spp_tui.db.services._lock import allow_locked_changes
from spp_tui.db.services._old_copies import clear_old_copies, purge_marker
from spp_tui.db.services.settings import RETENTION_YEARS, get_setting
from spp_tui.errors import ValidationError
from spp_tui.text import plural

#: What stands in for removed text (non-empty so nobody mistakes it for "never written").
PURGED = "[removed under retention]"

#: The personal-data fields purged, per audited entity name (``AuditEntry.entity``).
CASE_FIELDS = ("scanning", "analysis", "response", "assessment", "closure_reason")
DISCUSSION_FIELDS = ("summary", "decisions", "outcome_reason")
ACTION_FIELDS = ("text",)
UPDATE_FIELDS = ("note",)
PARTY_FIELDS = ("name", "notes")
SCRUB_FIELDS: dict[str, tuple[str, ...]] = {
    "case": CASE_FIELDS,
    "discussion": DISCUSSION_FIELDS,
    "action": ACTION_FIELDS,
    "actionupdate": UPDATE_FIELDS,
    "party": PARTY_FIELDS,
}
#: Creates are audited under a short name, updates (``apply_changes``) under the model's name.
AUDIT_NAMES: dict[str, tuple[str, ...]] = {
    "case": ("case",),
    "discussion": ("discussion", "casediscussion"),
    "action": ("action",),
    "actionupdate": ("actionupdate",),
    "party": ("party", "caseparty"),
}


@dataclass
class PurgeCandidate:
    """A closed case due for purging and what would go."""

    case_id: int
    reference: str
    title: str
    closed_on: dt.date
    parties: int = 0
    discussions: int = 0
    actions: int = 0


@dataclass
class PurgeReport:
    closed_before: dt.date
    cases: list[PurgeCandidate] = field(default_factory=list)
    audit_entries_scrubbed: int = 0
    #: Sessions (or, on a server, transactions) begun before the purge that still held old
    #: copies of the purged text once it stopped waiting for them (``finish_purge`` clears
    #: what they kept).
    readers_left: int = 0

    @property
    def parties(self) -> int:
        return sum(c.parties for c in self.cases)

    @property
    def discussions(self) -> int:
        return sum(c.discussions for c in self.cases)

    @property
    def actions(self) -> int:
        return sum(c.actions for c in self.cases)


#: Longer than any record is kept; past it the cut-off year would not exist.
MAX_RETENTION_YEARS = 100


def cutoff_for_years(years: int, today: dt.date | None = None) -> dt.date:
    """Cases closed before this day are older than ``years`` (29 February becomes the 28th)."""
    if years < 1:
        raise ValidationError("the retention period must be at least 1 year.")
    if years > MAX_RETENTION_YEARS:
        raise ValidationError(
            f"the retention period must be at most {MAX_RETENTION_YEARS} years "
            f"(there is no year {dt.date.today().year - years})."
        )
    today = today or dt.date.today()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def default_retention_years(db: Database) -> int:
    """The ``RETENTION_YEARS`` setting (6 unless the partnership changed it)."""
    raw = get_setting(db, RETENTION_YEARS).strip()
    try:
        years = int(raw)
    except ValueError:
        raise ValidationError(
            f"the retention setting '{raw}' is not a whole number of years; fix it in settings."
        ) from None
    if years < 1:
        raise ValidationError("the retention setting must be at least 1 year.")
    return years


def _already_purged(s: Session) -> set[int]:
    entries = s.exec(
        select(AuditEntry.entity_id).where(
            AuditEntry.entity == "case", AuditEntry.operation == "purge"
        )
    ).all()
    return {case_id for case_id in entries if case_id is not None}


def _candidates(s: Session, closed_before: dt.date) -> list[PurgeCandidate]:
    done = _already_purged(s)
    cases = s.exec(
        select(Case)
        .where(Case.status == CaseStatus.CLOSED.value)
        .where(col(Case.closed_on).is_not(None))
        .where(col(Case.closed_on) < closed_before)
        .order_by(col(Case.closed_on), col(Case.reference))
    ).all()
    found = []
    for case in cases:
        if case.id in done or case.closed_on is None:  # (the query asked for a closed_on)
            continue
        found.append(
            PurgeCandidate(
                case_id=stored_id(case),
                reference=case.reference,
                title=case.title,
                closed_on=case.closed_on,
                parties=len(s.exec(select(CaseParty.id).where(CaseParty.case_id == case.id)).all()),
                discussions=len(
                    s.exec(select(CaseDiscussion.id).where(CaseDiscussion.case_id == case.id)).all()
                ),
                actions=len(s.exec(select(Action.id).where(Action.case_id == case.id)).all()),
            )
        )
    return found


def purge_preview(db: Database, closed_before: dt.date) -> PurgeReport:
    """What ``purge_closed_cases`` would remove, changing nothing (shown before asking)."""
    _check_date(closed_before)
    with db.read() as s:
        return PurgeReport(closed_before, _candidates(s, closed_before))


def _check_date(value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(f"'{value}' is not a date: use YYYY-MM-DD, e.g. 2020-04-01.")
    if value > dt.date.today():
        raise ValidationError("the purge date cannot be in the future.")


def purge_closed_cases(
    db: Database, closed_before: dt.date, case_ids: list[int] | None = None
) -> PurgeReport:
    """Remove the personal data of cases closed before ``closed_before``, in one transaction.

    ``case_ids`` limits the purge to the cases the user was shown and agreed to (a case closed
    meanwhile by another instance is left for next time).
    """
    _check_date(closed_before)
    with db.write() as s:
        allow_locked_changes(s, "retention purge")  # approved minutes hold purged data too
        if db.is_sqlite:
            # Overwrite deleted content with zeros instead of leaving it in free pages.
            s.connection().exec_driver_sql("PRAGMA secure_delete = ON")
        marker = purge_marker(s.connection())
        candidates = _candidates(s, closed_before)
        if case_ids is not None:
            wanted = set(case_ids)
            candidates = [c for c in candidates if c.case_id in wanted]
        report = PurgeReport(closed_before, candidates)
        touched: dict[str, set[int]] = {name: set() for name in SCRUB_FIELDS}
        for candidate in candidates:
            _purge_case(s, candidate, touched)
        report.audit_entries_scrubbed = _scrub_audit(s, touched)
        for candidate in candidates:
            audit(
                s,
                "case",
                candidate.case_id,
                "purge",
                f"case {candidate.reference}: personal data removed under retention "
                f"(closed {candidate.closed_on}; "
                f"{plural(candidate.parties, 'party', 'parties')}, "
                f"{plural(candidate.discussions, 'discussion')}, "
                f"{plural(candidate.actions, 'action')})",
            )
        audit(
            s,
            "retention",
            None,
            "purge",
            f"retention purge of cases closed before {closed_before}: "
            f"{plural(len(candidates), 'case')}, "
            f"{plural(report.audit_entries_scrubbed, 'audit entry', 'audit entries')} scrubbed",
            after={
                "closed_before": closed_before.isoformat(),
                "cases": [c.reference for c in candidates],
            },
        )
    # The purge has committed; the old copies go once no earlier reader can still see them.
    report.readers_left = clear_old_copies(db, marker)
    return report


def _purge_case(s: Session, candidate: PurgeCandidate, touched: dict[str, set[int]]) -> None:
    case = fetch(s, Case, candidate.case_id)
    for name in CASE_FIELDS:
        if getattr(case, name):
            setattr(case, name, PURGED)
    _bump(case)
    s.add(case)
    touched["case"].add(candidate.case_id)
    for party in s.exec(select(CaseParty).where(CaseParty.case_id == candidate.case_id)).all():
        touched["party"].add(stored_id(party))
        s.delete(party)
    for discussion in s.exec(
        select(CaseDiscussion).where(CaseDiscussion.case_id == candidate.case_id)
    ).all():
        for name in DISCUSSION_FIELDS:
            if getattr(discussion, name):
                setattr(discussion, name, PURGED)
        _bump(discussion)
        s.add(discussion)
        touched["discussion"].add(stored_id(discussion))
    for action in s.exec(select(Action).where(Action.case_id == candidate.case_id)).all():
        action.text = PURGED
        _bump(action)
        s.add(action)
        touched["action"].add(stored_id(action))
        for update in s.exec(select(ActionUpdate).where(ActionUpdate.action_id == action.id)):
            if update.note:
                update.note = PURGED
                s.add(update)
            touched["actionupdate"].add(stored_id(update))


def _bump(row: Case | CaseDiscussion | Action) -> None:
    """A purged row gets a new version: a window still showing the old text cannot save it
    back (its edit is refused as stale)."""
    if _modified(row):
        row.version += 1


def _modified(row: object) -> bool:
    from sqlalchemy import inspect

    state = inspect(row)
    return any(attr.history.has_changes() for attr in state.attrs)


def _scrub_json(raw: str, fields: tuple[str, ...]) -> str:
    if not raw:
        return raw
    try:
        data: Any = json.loads(raw)
    except ValueError:
        return PURGED
    if not isinstance(data, dict):
        return PURGED
    for name in fields:
        if data.get(name):
            data[name] = PURGED
    return json.dumps(data, default=str, ensure_ascii=False)


def _scrub_audit(s: Session, touched: dict[str, set[int]]) -> int:
    """Replace purged values in the before/after of earlier audit entries of those rows."""
    scrubbed = 0
    for entity, ids in touched.items():
        if not ids:
            continue
        fields = SCRUB_FIELDS[entity]
        id_list = sorted(ids)
        for start in range(0, len(id_list), 500):  # stay under SQL parameter limits
            chunk = id_list[start : start + 500]
            entries = s.exec(
                select(AuditEntry)
                .where(col(AuditEntry.entity).in_(AUDIT_NAMES[entity]))
                .where(col(AuditEntry.entity_id).in_(chunk))
            ).all()
            for entry in entries:
                before = _scrub_json(entry.before, fields)
                after = _scrub_json(entry.after, fields)
                if (before, after) != (entry.before, entry.after):
                    entry.before, entry.after = before, after
                    s.add(entry)
                    scrubbed += 1
    return scrubbed


def finish_purge(db: Database) -> int:
    """Clear the old copies an earlier purge had to leave for a reader (``readers_left``);
    how many sessions still hold them."""
    return clear_old_copies(db)
