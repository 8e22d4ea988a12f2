"""The names a redacted copy hides and keeps, loaded in a fixed number of queries, and the
redaction engine built from them (for services below the exports).

``spp_tui.exports.redaction.Redactor.for_meeting`` is the public way in; services in this
layer (the readiness check, the name review) build the same engine here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    Agency,
    AgendaItem,
    Case,
    CaseDiscussion,
    CaseParty,
    Meeting,
    NameReview,
)
from spp_tui.db.services.minutes_data import (
    SENSITIVE_NAMES_KEY,
    PartyName,
    _people_names,
    _sensitive_names,
    _settings,
)
from spp_tui.names import Redactor


@dataclass(frozen=True)
class RedactionNames:
    """Who a redacted copy hides (every case party, extra sensitive names) and keeps
    (professionals, places, operations, agencies); ``order``: the meeting's parties in
    agenda order, numbered first so placeholders are the same in every copy."""

    parties: tuple[PartyName, ...]
    professional_names: tuple[str, ...]
    sensitive_names: tuple[str, ...]
    places: tuple[str, ...] = ()
    order: tuple[str, ...] = ()


def redaction_names(db: Database, meeting_id: int | None = None) -> RedactionNames:
    """Everything the redaction engine needs, in a fixed number of queries."""
    with db.read() as s:
        parties = tuple(
            PartyName(p.case_id, p.name, p.role)
            for p in s.exec(select(CaseParty).order_by(col(CaseParty.case_id), col(CaseParty.id)))
        )
        names = _people_names(s)
        values = _settings(s, SENSITIVE_NAMES_KEY)
        places: set[str] = set()
        for location, ward, operation in s.exec(
            select(Case.location, Case.ward, Case.operation)
        ).all():
            places.update(p for p in (location, ward, operation) if p)
            if ward:
                places.add(f"{ward} ward")
            if operation:
                places.add(f"Operation {operation}")
        for name, short in s.exec(select(Agency.name, Agency.short_name)).all():
            places.update(p for p in (name, short) if p)
        places.update(v for v in s.exec(select(Meeting.venue)).all() if v)
        marked = tuple(
            s.exec(select(NameReview.phrase).where(NameReview.decision == "party")).all()
        )
        order: list[str] = []
        if meeting_id is not None:
            discussions = s.exec(
                select(CaseDiscussion.case_id)
                .join(AgendaItem, col(AgendaItem.id) == CaseDiscussion.agenda_item_id, isouter=True)
                .where(CaseDiscussion.meeting_id == meeting_id)
                .order_by(
                    col(AgendaItem.position), col(CaseDiscussion.position), col(CaseDiscussion.id)
                )
            ).all()
            by_case: dict[int, list[str]] = defaultdict(list)
            for party in parties:
                by_case[party.case_id].append(party.name)
            for case_id in discussions:
                order.extend(by_case.get(case_id, ()))
    return RedactionNames(
        parties,
        tuple(sorted(set(names.values()))),
        _sensitive_names(values[SENSITIVE_NAMES_KEY]) + marked,
        tuple(sorted(places)),
        tuple(order),
    )


def meeting_redactor(db: Database, meeting_id: int | None = None, **options: bool) -> Redactor:
    """Every recorded name, professional and place, as ``Redactor.for_meeting`` loads them."""
    names = redaction_names(db, meeting_id)
    return Redactor(
        ((p.name, p.role) for p in names.parties),
        keep=names.professional_names,
        extra=names.sensitive_names,
        places=names.places,
        order=names.order,
        **options,
    )
