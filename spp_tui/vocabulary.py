"""The PSG vocabulary: meeting types, statuses, risks, categories (domain.md).

Plain enums with no database or UI imports, so the screens can offer the same choices the
models store without loading SQLAlchemy, and every list of statuses has one source.
"""

from __future__ import annotations

from enum import StrEnum


class MeetingKind(StrEnum):
    PSG = "PSG"
    YOUTH_PSG = "Youth PSG"
    EXTRAORDINARY = "Extraordinary PSG"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in progress"
    HELD = "held"
    MINUTES_DRAFT = "minutes draft"
    MINUTES_APPROVED = "minutes approved"


class AgendaItemKind(StrEnum):
    WELCOME = "welcome"
    CONFIDENTIALITY = "confidentiality"
    PREVIOUS_MINUTES = "previous minutes"
    ACTION_REVIEW = "action review"
    NEW_REFERRALS = "new referrals"
    CASE_REVIEWS = "case reviews"
    YOUTH = "youth"
    AOB = "aob"
    NEXT_MEETING = "next meeting"
    OTHER = "other"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class AttendanceRole(StrEnum):
    MEMBER = "member"
    DEPUTY = "deputy"
    OBSERVER = "observer"
    INVITED = "invited"


class CaseCategory(StrEnum):
    ASB = "ASB"
    DRUGS = "drugs"
    YOUTH = "youth"
    EXPLOITATION = "exploitation"
    STREET_SEX_WORK = "street sex work"
    STREET_DRINKING = "street drinking/begging"
    KNIFE_CRIME = "knife crime"
    ENVIRONMENTAL = "environmental"


class Risk(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class CaseStatus(StrEnum):
    REFERRED = "referred"
    OPEN = "open"
    MONITORING = "monitoring"
    CLOSED = "closed"
    ESCALATED = "escalated"


class CaseOutcome(StrEnum):
    KEEP_OPEN = "keep open"
    MONITORING = "monitoring"
    CLOSE = "close"
    ESCALATE = "escalate"


class PartyRole(StrEnum):
    RESIDENT = "resident"
    VICTIM = "victim"
    SUSPECT = "suspect"
    YOUNG_PERSON = "young person"
    WITNESS = "witness"
    OTHER = "other"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    COMPLETE = "complete"
    NOT_POSSIBLE = "not possible"
    NOT_DONE = "not done"
    CLOSED = "closed"


#: Statuses after which an action no longer carries forward to the next meeting.
FINISHED_ACTION_STATUSES = frozenset(
    {ActionStatus.COMPLETE, ActionStatus.NOT_POSSIBLE, ActionStatus.CLOSED}
)
#: Statuses that carry forward ("not done" stays live until someone closes it).
LIVE_ACTION_STATUSES = tuple(s.value for s in ActionStatus if s not in FINISHED_ACTION_STATUSES)
LIVE_CASE_STATUSES = (CaseStatus.OPEN.value, CaseStatus.MONITORING.value)
