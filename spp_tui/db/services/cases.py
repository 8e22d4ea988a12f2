"""Cases, the people named in them, and what each meeting said about them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    AgendaItem,
    Case,
    CaseDiscussion,
    CaseOutcome,
    CaseParty,
    CaseStatus,
    Meeting,
    PartyRole,
    Risk,
    id_col,
)
from spp_tui.db.services._audit import apply_changes, audit, fetch, snapshot
from spp_tui.db.services._like import like_pattern

# The timeline lives in ``services.case_timeline``; its names stay reachable from here.
from spp_tui.db.services.case_timeline import (  # noqa: F401
    CaseTimeline,
    TimelineEvent,
    case_timeline,
    meeting_label,
)
from spp_tui.db.services.references import next_case_reference
from spp_tui.errors import ValidationError

#: What a discussion outcome does to the case's status.
OUTCOME_TO_STATUS = {
    CaseOutcome.KEEP_OPEN.value: CaseStatus.OPEN.value,
    CaseOutcome.MONITORING.value: CaseStatus.MONITORING.value,
    CaseOutcome.CLOSE.value: CaseStatus.CLOSED.value,
    CaseOutcome.ESCALATE.value: CaseStatus.ESCALATED.value,
}

#: Interventions vocabulary (domain.md), grouped as the chair thinks of them.
INTERVENTIONS: dict[str, tuple[str, ...]] = {
    "Early": (
        "Warning letter",
        "Acceptable Behaviour Contract (ABC)",
        "Parenting contract",
        "Community Protection Warning (CPW)",
        "Referral to support services",
        "Youth Disruption Notice",
    ),
    "Formal": (
        "Community Protection Notice (CPN)",
        "Civil Injunction",
        "Criminal Behaviour Order (CBO)",
        "Dispersal Power",
        "Closure Notice / Closure Order",
        "Public Space Protection Order (PSPO)",
        "Possession / tenancy enforcement",
        "ASB Case Review",
    ),
    "Place-based": (
        "Patrols",
        "CCTV (fixed or re-deployable)",
        "Designing out crime",
        "Graffiti and litter removal",
    ),
}
ALL_INTERVENTIONS = tuple(i for group in INTERVENTIONS.values() for i in group)
OPERATIONS = ("Jetfire", "Guardian", "Beaufighter", "Electron", "Spotlight", "Glazier", "Luscombe")
#: The operation column's width (``Case.operation``).
MAX_OPERATION = 100


def known_operations(s: Session) -> list[str]:
    """The seed's operations and every one typed on a case since, sorted."""
    used = s.exec(select(Case.operation).where(Case.operation != "").distinct()).all()
    return sorted(set(OPERATIONS) | {o for o in used if o})


def operation_names(db: Database) -> list[str]:
    """What the operation fields offer (``known_operations``)."""
    with db.read() as s:
        return known_operations(s)


def canonical_operation(s: Session, typed: str) -> str:
    """An operation as stored: "operation electron " is the known "Electron" (one spelling
    per operation, so filters and counts find every case); a new name is kept as typed."""
    name = " ".join(typed.split())
    if name.lower().startswith("operation "):
        name = name[len("operation ") :].strip()
    if len(name) > MAX_OPERATION:
        raise ValidationError(f"an operation's name is at most {MAX_OPERATION} characters.")
    if not name:
        return ""
    return next((o for o in known_operations(s) if o.lower() == name.lower()), name)


def split_interventions(stored: str) -> tuple[list[str], list[str]]:
    """Stored interventions (one per line) -> (from the vocabulary, free text)."""
    lines = [line.strip() for line in stored.splitlines() if line.strip()]
    known = [line for line in lines if line in ALL_INTERVENTIONS]
    return known, [line for line in lines if line not in ALL_INTERVENTIONS]


def join_interventions(selected: list[str], free_text: str | list[str]) -> str:
    """How interventions are stored: vocabulary picks in vocabulary order, then free text
    items (``;`` separates them when typed), one per line."""
    chosen = [i for i in ALL_INTERVENTIONS if i in selected]
    if not isinstance(free_text, str):
        free_text = ";".join(free_text)
    extra = [part.strip() for part in free_text.replace("\n", ";").split(";") if part.strip()]
    return "\n".join(chosen + [e for e in extra if e not in chosen])


def create_case(db: Database, title: str, *args: Any, **kwargs: Any) -> Case:
    """A new case (``new_case``'s arguments), in a transaction of its own."""
    with db.write() as s:
        return new_case(s, title, *args, **kwargs)


def new_case(
    s: Session,
    title: str,
    location: str = "",
    ward: str = "",
    category: str = "ASB",
    risk: str = Risk.MEDIUM.value,
    referring_agency_id: int | None = None,
    lead_agency_id: int | None = None,
    operation: str = "",
    referred_on: dt.date | None = None,
    status: str = CaseStatus.REFERRED.value,
) -> Case:
    """``create_case`` inside a write transaction (an urgent case is put on the agenda in
    the same one)."""
    title = title.strip()
    if not title:
        raise ValidationError("a case needs a title.")
    referred_on = referred_on or dt.date.today()
    case = Case(
        reference=next_case_reference(s, referred_on.year),
        title=title,
        location=location.strip(),
        ward=ward.strip(),
        category=category,
        risk=Risk(risk).value,
        referring_agency_id=referring_agency_id,
        lead_agency_id=lead_agency_id,
        operation=canonical_operation(s, operation),
        referred_on=referred_on,
        status=CaseStatus(status).value,
        opened_on=referred_on if status != CaseStatus.REFERRED else None,
    )
    s.add(case)
    s.flush()
    audit(s, "case", case.id, "create", f"case {case.reference} created", after=snapshot(case))
    return case


def get_case(db: Database, case_id: int) -> Case:
    with db.read() as s:
        return fetch(s, Case, case_id)


def update_case(
    db: Database, case_id: int, expected_version: int | None = None, **changes: object
) -> Case:
    with db.write() as s:
        case = fetch(s, Case, case_id)
        if "operation" in changes:
            changes["operation"] = canonical_operation(s, str(changes["operation"] or ""))
        apply_changes(
            s,
            case,
            changes,
            expected_version=expected_version,
            summary=f"case {case.reference}: {', '.join(changes)} changed",
        )
        return case


# --- on a meeting's agenda -------------------------------------------------------------


@dataclass(frozen=True)
class AgendaCase:
    """A case as it stands on one meeting's agenda."""

    discussion: CaseDiscussion
    case: Case


def meeting_cases(db: Database, meeting_id: int) -> list[AgendaCase]:
    with db.read() as s:
        rows = s.exec(
            select(CaseDiscussion, Case)
            .join(Case, col(Case.id) == CaseDiscussion.case_id)
            .where(CaseDiscussion.meeting_id == meeting_id)
            .order_by(col(CaseDiscussion.agenda_item_id), col(CaseDiscussion.position))
        ).all()
    return [AgendaCase(d, c) for d, c in rows]


def add_case_to_meeting(
    db: Database, meeting_id: int, case_id: int, agenda_item_id: int, risk: str | None = None
) -> CaseDiscussion:
    """Put a case on an agenda item; ``risk``: this meeting's, when already decided (an
    urgent case is added with the risk the chair gave it)."""
    with db.write() as s:
        return put_on_agenda(s, meeting_id, case_id, agenda_item_id, risk)


def put_on_agenda(
    s: Session, meeting_id: int, case_id: int, agenda_item_id: int, risk: str | None = None
) -> CaseDiscussion:
    """``add_case_to_meeting`` inside a write transaction."""
    case = fetch(s, Case, case_id)
    item = fetch(s, AgendaItem, agenda_item_id)
    if item.meeting_id != meeting_id:
        raise ValidationError("that agenda item belongs to another meeting.")
    existing = s.exec(
        select(CaseDiscussion).where(
            CaseDiscussion.meeting_id == meeting_id, CaseDiscussion.case_id == case_id
        )
    ).first()
    if existing:
        raise ValidationError(f"{case.reference} is already on this meeting's agenda.")
    last = s.exec(
        select(func.max(CaseDiscussion.position)).where(
            CaseDiscussion.agenda_item_id == agenda_item_id
        )
    ).one()
    discussion = CaseDiscussion(
        case_id=case_id,
        meeting_id=meeting_id,
        agenda_item_id=agenda_item_id,
        position=(last or 0) + 1,
        risk=Risk(risk).value if risk else None,
    )
    s.add(discussion)
    s.flush()
    audit(
        s,
        "discussion",
        discussion.id,
        "create",
        f"{case.reference} added to the agenda",
        after=snapshot(discussion),
    )
    return discussion


def remove_case_from_meeting(db: Database, discussion_id: int) -> None:
    with db.write() as s:
        discussion = fetch(s, CaseDiscussion, discussion_id)
        audit(
            s,
            "discussion",
            discussion.id,
            "delete",
            "case dropped from the agenda",
            before=snapshot(discussion),
        )
        s.delete(discussion)


def move_case(db: Database, discussion_id: int, offset: int) -> None:
    """Move a case up (-1) or down (+1) within its agenda item."""
    with db.write() as s:
        discussion = fetch(s, CaseDiscussion, discussion_id)
        siblings = list(
            s.exec(
                select(CaseDiscussion)
                .where(CaseDiscussion.agenda_item_id == discussion.agenda_item_id)
                .order_by(col(CaseDiscussion.position), col(CaseDiscussion.id))
            )
        )
        index = next(i for i, d in enumerate(siblings) if d.id == discussion_id)
        target = index + offset
        if not 0 <= target < len(siblings):
            return
        siblings.insert(target, siblings.pop(index))
        for position, sibling in enumerate(siblings, start=1):
            if sibling.position != position:
                sibling.position = position
                s.add(sibling)
        audit(s, "discussion", discussion_id, "update", "agenda order changed")


def update_discussion(
    db: Database, discussion_id: int, expected_version: int | None = None, **changes: object
) -> CaseDiscussion:
    """Save what was said; an outcome or risk decided here moves the case itself on."""
    return save_discussion(db, discussion_id, expected_version, **changes).discussion


def save_discussion(
    db: Database, discussion_id: int, expected_version: int | None = None, **changes: object
) -> AgendaCase:
    """``update_discussion`` that also returns the case as it now stands (status, risk,
    closure moved on by the outcome), from the same transaction: the screen shows both."""
    with db.write() as s:
        discussion = fetch(s, CaseDiscussion, discussion_id)
        case = fetch(s, Case, discussion.case_id)
        outcome = changes.get("outcome", discussion.outcome)
        reason = str(changes.get("outcome_reason", discussion.outcome_reason) or "")
        if "outcome" in changes and outcome is not None:
            outcome = CaseOutcome(str(outcome)).value
            changes["outcome"] = outcome
            if outcome == CaseOutcome.CLOSE and not reason.strip():
                raise ValidationError("give a reason for closing the case.")
        if changes.get("risk") is not None:
            changes["risk"] = Risk(str(changes["risk"])).value
        apply_changes(
            s,
            discussion,
            changes,
            expected_version=expected_version,
            summary=f"{case.reference} discussion: {', '.join(changes)} changed",
        )
        meeting = fetch(s, Meeting, discussion.meeting_id)
        case_changes: dict[str, object] = {}
        if "risk" in changes and discussion.risk:
            case_changes["risk"] = discussion.risk
        if "outcome" in changes and discussion.outcome:
            status = OUTCOME_TO_STATUS[discussion.outcome]
            case_changes["status"] = status
            if case.opened_on is None:
                case_changes["opened_on"] = meeting.date
            if status == CaseStatus.CLOSED:
                case_changes["closed_on"] = meeting.date
                case_changes["closure_reason"] = reason.strip()
            else:
                case_changes["closed_on"] = None
        elif "outcome_reason" in changes and discussion.outcome == CaseOutcome.CLOSE:
            case_changes["closure_reason"] = reason.strip()
        if case_changes:
            apply_changes(
                s,
                case,
                case_changes,
                summary=f"{case.reference} updated at the meeting of {meeting.date}",
            )
        return AgendaCase(discussion, case)


def case_discussions(db: Database, case_id: int) -> list[tuple[CaseDiscussion, Meeting]]:
    with db.read() as s:
        return list(
            s.exec(
                select(CaseDiscussion, Meeting)
                .join(Meeting, col(Meeting.id) == CaseDiscussion.meeting_id)
                .where(CaseDiscussion.case_id == case_id)
                .order_by(col(Meeting.date))
            ).all()
        )


# --- parties ----------------------------------------------------------------------------


def add_party(
    db: Database, case_id: int, name: str, role: str = PartyRole.RESIDENT.value, notes: str = ""
) -> CaseParty:
    name = name.strip()
    if not name:
        raise ValidationError("a party needs a name.")
    with db.write() as s:
        case = fetch(s, Case, case_id)
        party = CaseParty(case_id=case_id, name=name, role=PartyRole(role).value, notes=notes)
        s.add(party)
        s.flush()
        audit(
            s,
            "party",
            party.id,
            "create",
            f"party added to {case.reference}",
            after=snapshot(party),
        )
        return party


def remove_party(db: Database, party_id: int) -> None:
    with db.write() as s:
        party = fetch(s, CaseParty, party_id)
        audit(s, "party", party.id, "delete", "party removed", before=snapshot(party))
        s.delete(party)


def parties(db: Database, case_ids: list[int] | None = None) -> list[CaseParty]:
    with db.read() as s:
        query = select(CaseParty).order_by(col(CaseParty.case_id), col(CaseParty.id))
        if case_ids is not None:
            query = query.where(col(CaseParty.case_id).in_(case_ids))
        return list(s.exec(query))


# --- lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None
    risk: str | None = None
    category: str | None = None
    operation: str | None = None
    ward: str | None = None
    text: str = ""


def list_cases(db: Database, filt: CaseFilter | None = None, limit: int = 500) -> list[Case]:
    filt = filt or CaseFilter()
    with db.read() as s:
        query = select(Case)
        for column, value in (
            (Case.status, filt.status),
            (Case.risk, filt.risk),
            (Case.category, filt.category),
            (Case.operation, filt.operation),
            (Case.ward, filt.ward),
        ):
            if value:
                query = query.where(column == value)
        if filt.text.strip():
            needle = like_pattern(filt.text.strip()).lower()
            query = query.where(
                func.lower(Case.reference).like(needle, escape="\\")
                | func.lower(Case.title).like(needle, escape="\\")
                | func.lower(Case.location).like(needle, escape="\\")
                | func.lower(Case.operation).like(needle, escape="\\")
            )
        return list(s.exec(query.order_by(col(Case.reference).desc()).limit(limit)))


@dataclass(frozen=True)
class CaseChoices:
    """What the filters of the case list and action log offer (three statements)."""

    cases: list[tuple[int, str, str]]  # (id, reference, title), newest reference first
    operations: list[str]
    wards: list[str]


def case_choices(db: Database) -> CaseChoices:
    with db.read() as s:
        rows = s.exec(
            select(id_col(Case.id), col(Case.reference), col(Case.title)).order_by(
                col(Case.reference).desc()
            )
        ).all()
        operations = known_operations(s)
        wards = s.exec(
            select(Case.ward).where(Case.ward != "").distinct().order_by(col(Case.ward))
        ).all()
    return CaseChoices([(i, r, t) for i, r, t in rows], operations, list(wards))
