"""Standing agendas for each meeting type (domain.md, "The standing agenda")."""

from __future__ import annotations

from dataclasses import dataclass

from spp_tui.db.models import AgendaItemKind as K
from spp_tui.db.models import MeetingKind


@dataclass(frozen=True)
class TemplateItem:
    kind: K
    title: str
    planned_minutes: int


PSG_AGENDA = (
    TemplateItem(K.WELCOME, "Welcome, introductions and apologies", 5),
    TemplateItem(K.CONFIDENTIALITY, "Confidentiality and information-sharing statement", 2),
    TemplateItem(K.PREVIOUS_MINUTES, "Minutes of the last meeting", 5),
    TemplateItem(K.ACTION_REVIEW, "Review of the action log", 20),
    TemplateItem(K.NEW_REFERRALS, "New referrals", 20),
    TemplateItem(K.CASE_REVIEWS, "Case reviews", 45),
    TemplateItem(K.YOUTH, "Youth items", 10),
    TemplateItem(K.AOB, "Any other business", 10),
    TemplateItem(K.NEXT_MEETING, "Date of the next meeting", 3),
)

YOUTH_PSG_AGENDA = (
    TemplateItem(K.WELCOME, "Welcome, introductions and apologies", 5),
    TemplateItem(K.CONFIDENTIALITY, "Confidentiality and information-sharing statement", 2),
    TemplateItem(K.PREVIOUS_MINUTES, "Minutes of the last meeting", 5),
    TemplateItem(K.ACTION_REVIEW, "Review of the action log", 15),
    TemplateItem(K.NEW_REFERRALS, "New referrals (schools and police)", 25),
    TemplateItem(K.CASE_REVIEWS, "Case reviews", 40),
    TemplateItem(K.AOB, "Any other business", 5),
    TemplateItem(K.NEXT_MEETING, "Date of the next meeting", 3),
)

EXTRAORDINARY_AGENDA = (
    TemplateItem(K.WELCOME, "Welcome, introductions and apologies", 5),
    TemplateItem(K.CONFIDENTIALITY, "Confidentiality and information-sharing statement", 2),
    TemplateItem(K.NEW_REFERRALS, "Urgent case(s)", 40),
    TemplateItem(K.AOB, "Any other business", 5),
    TemplateItem(K.NEXT_MEETING, "Date of the next meeting", 3),
)

TEMPLATES: dict[str, tuple[TemplateItem, ...]] = {
    MeetingKind.PSG: PSG_AGENDA,
    MeetingKind.YOUTH_PSG: YOUTH_PSG_AGENDA,
    MeetingKind.EXTRAORDINARY: EXTRAORDINARY_AGENDA,
}

#: Agenda items that hold cases (each case gets a CaseDiscussion under one of them).
CASE_ITEM_KINDS = (K.NEW_REFERRALS.value, K.CASE_REVIEWS.value, K.YOUTH.value)


def template_for(kind: str) -> tuple[TemplateItem, ...]:
    return TEMPLATES[MeetingKind(kind)]


DEFAULT_CONFIDENTIALITY_STATEMENT = (
    "The information discussed at this meeting is shared under section 115 of the Crime and "
    "Disorder Act 1998 for the purpose of preventing crime and disorder. It is confidential, "
    "must be used only for that purpose, and must not be shared outside the partner agencies "
    "without the agreement of the agency that provided it. Minutes are marked "
    "OFFICIAL-SENSITIVE and must be stored and handled accordingly."
)
