"""The PSG records (see ``shared/domain.md``) as SQLModel tables.

Enumerations are stored as plain strings (portable to PostgreSQL, readable in a raw dump).
Overdue is never stored: it is derived from ``due_on`` and ``status`` (see ``Action.is_overdue``).
Tables that two instances may edit at once carry a ``version`` counter for stale-edit detection.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, cast

from sqlalchemy import Column, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlmodel import Field, SQLModel

# Re-exported: the vocabulary lives in spp_tui.vocabulary (no database imports) for the UI.
from spp_tui.vocabulary import (  # noqa: F401
    FINISHED_ACTION_STATUSES,
    LIVE_ACTION_STATUSES,
    LIVE_CASE_STATUSES,
    ActionStatus,
    AgendaItemKind,
    AttendanceRole,
    AttendanceStatus,
    CaseCategory,
    CaseOutcome,
    CaseStatus,
    MeetingKind,
    MeetingStatus,
    PartyRole,
    Risk,
)


def utcnow() -> dt.datetime:
    """Aware UTC timestamp; SQLModel stores it as UTC and shows it in local time on screen."""
    return dt.datetime.now(dt.UTC)


class _Stored(Protocol):
    id: int | None


def stored_id(row: _Stored) -> int:
    """The id of a row the database has stored: a table's ``id`` is ``None`` only until the
    first flush, so a ``None`` here is a bug (a row used before it was flushed), said loudly
    rather than written as a NULL key somewhere else."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush the session first")
    return row.id


def id_col(column: int | None) -> Mapped[int]:
    """A table's own ``id`` in a query, typed ``int``: a stored row always has one (the model
    says ``int | None`` only for the moment before the first flush). Not for the ``id`` of an
    outer-joined table, which can be NULL."""
    return cast("Mapped[int]", column)


def enum_str(length: int = 32) -> String:
    """Column type for enum-valued fields: a short VARCHAR, portable everywhere."""
    return String(length)


def _versioned() -> tuple[Column[int], dict[str, object]]:
    """A ``version`` column and the mapper arguments that put it in every UPDATE's WHERE.

    Why: the version a user's edit was based on must still be the stored one when the row is
    written, checked by the database in the same statement (``UPDATE ... WHERE id = :id AND
    version = :v``, row count checked: ``StaleDataError``), on every path that writes the row,
    not only by a read before it. Services bump the number themselves (``apply_changes``).
    """
    column = Column("version", Integer, nullable=False, default=1)
    return column, {"version_id_col": column, "version_id_generator": False}


class Agency(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=String(200), unique=True)
    short_name: str = Field(default="", sa_type=String(40))
    email: str = Field(default="", sa_type=String(200))
    #: Signed the information-sharing agreement: may receive unredacted minutes.
    signed_isa: bool = False
    is_partner: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=String(200), index=True)
    agency_id: int | None = Field(default=None, foreign_key="agency.id", index=True)
    role: str = Field(default="", sa_type=String(200))
    email: str = Field(default="", sa_type=String(200))
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)


_MEETING_VERSION, _MEETING_MAPPER_ARGS = _versioned()


class Meeting(SQLModel, table=True):
    __mapper_args__ = _MEETING_MAPPER_ARGS
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default=MeetingKind.PSG.value, sa_type=enum_str())
    date: dt.date = Field(index=True)
    planned_start: dt.time = dt.time(10, 0)
    planned_end: dt.time = dt.time(12, 0)
    actual_start: dt.datetime | None = None
    actual_end: dt.datetime | None = None
    venue: str = Field(default="", sa_type=String(200))
    chair_id: int | None = Field(default=None, foreign_key="person.id")
    minute_taker_id: int | None = Field(default=None, foreign_key="person.id")
    status: str = Field(default=MeetingStatus.SCHEDULED.value, sa_type=enum_str(), index=True)
    marking: str = Field(default="OFFICIAL-SENSITIVE", sa_type=String(60))
    #: The agenda item the chair is on, so a reopened meeting resumes there.
    current_item_id: int | None = None
    confidentiality_read_at: dt.datetime | None = None
    previous_minutes_agreed: bool | None = None
    previous_minutes_corrections: str = Field(default="", sa_type=Text)
    aob_notes: str = Field(default="", sa_type=Text)
    next_meeting_id: int | None = None
    minutes_approved_on: dt.date | None = None
    version: int = Field(default=1, sa_column=_MEETING_VERSION)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class AgendaItem(SQLModel, table=True):
    __table_args__ = (Index("ix_agendaitem_meeting_position", "meeting_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    position: int
    kind: str = Field(default=AgendaItemKind.OTHER.value, sa_type=enum_str())
    title: str = Field(sa_type=String(200))
    planned_minutes: int = 5
    actual_start: dt.datetime | None = None
    actual_end: dt.datetime | None = None
    #: Seconds spent in earlier, finished visits (the chair may come back to an item).
    elapsed_seconds: int = 0
    #: Start of the visit under way; NULL when the chair is not in this item.
    visit_started_at: dt.datetime | None = None
    notes: str = Field(default="", sa_type=Text)

    def elapsed(self, now: dt.datetime) -> int:
        """Seconds spent in the item so far, the open visit included."""
        if self.visit_started_at is None:
            return self.elapsed_seconds
        started = self.visit_started_at
        if started.tzinfo is None:
            started = started.replace(tzinfo=dt.UTC)
        return self.elapsed_seconds + max(0, int((now - started).total_seconds()))


class Attendance(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    agency_id: int | None = Field(default=None, foreign_key="agency.id")
    status: str = Field(default=AttendanceStatus.PRESENT.value, sa_type=enum_str())
    role: str = Field(default=AttendanceRole.MEMBER.value, sa_type=enum_str())
    deputy_for_id: int | None = Field(default=None, foreign_key="person.id")
    note: str = Field(default="", sa_type=String(500))
    #: A guest invited for one case: while present, screens show only that case in full.
    invited_for_case_id: int | None = Field(default=None, foreign_key="case.id")
    #: When a guest left; the minutes say "X left the meeting after item 6.2".
    left_at: dt.datetime | None = None
    #: The agenda item the chair was on when they left (the "after item" of the minutes).
    left_after_item_id: int | None = Field(default=None, foreign_key="agendaitem.id")


_CASE_VERSION, _CASE_MAPPER_ARGS = _versioned()


class Case(SQLModel, table=True):
    __mapper_args__ = _CASE_MAPPER_ARGS
    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(sa_type=String(40), unique=True)
    title: str = Field(sa_type=String(300))
    location: str = Field(default="", sa_type=String(300))
    ward: str = Field(default="", sa_type=String(100), index=True)
    category: str = Field(default=CaseCategory.ASB.value, sa_type=enum_str())
    referring_agency_id: int | None = Field(default=None, foreign_key="agency.id")
    referred_on: dt.date | None = None
    lead_agency_id: int | None = Field(default=None, foreign_key="agency.id")
    risk: str = Field(default=Risk.MEDIUM.value, sa_type=enum_str())
    status: str = Field(default=CaseStatus.REFERRED.value, sa_type=enum_str(), index=True)
    operation: str = Field(default="", sa_type=String(100))
    scanning: str = Field(default="", sa_type=Text)
    analysis: str = Field(default="", sa_type=Text)
    response: str = Field(default="", sa_type=Text)
    assessment: str = Field(default="", sa_type=Text)
    #: Interventions used, one per line (vocabulary or free text).
    interventions: str = Field(default="", sa_type=Text)
    opened_on: dt.date | None = None
    next_review_on: dt.date | None = Field(default=None, index=True)
    closed_on: dt.date | None = None
    closure_reason: str = Field(default="", sa_type=Text)
    version: int = Field(default=1, sa_column=_CASE_VERSION)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)

    @property
    def intervention_list(self) -> list[str]:
        return [line.strip() for line in self.interventions.splitlines() if line.strip()]


class CaseParty(SQLModel, table=True):
    """A resident, victim, suspect or young person named in a case: redacted in wide copies."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    name: str = Field(sa_type=String(200))
    role: str = Field(default=PartyRole.RESIDENT.value, sa_type=enum_str())
    notes: str = Field(default="", sa_type=Text)
    created_at: dt.datetime = Field(default_factory=utcnow)


_DISCUSSION_VERSION, _DISCUSSION_MAPPER_ARGS = _versioned()


class CaseDiscussion(SQLModel, table=True):
    __mapper_args__ = _DISCUSSION_MAPPER_ARGS
    """One case at one meeting; created when the case is put on the agenda."""

    __table_args__ = (UniqueConstraint("case_id", "meeting_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    agenda_item_id: int | None = Field(default=None, foreign_key="agendaitem.id")
    position: int = 0
    summary: str = Field(default="", sa_type=Text)
    decisions: str = Field(default="", sa_type=Text)
    risk: str | None = Field(default=None, sa_type=enum_str())
    outcome: str | None = Field(default=None, sa_type=enum_str())
    outcome_reason: str = Field(default="", sa_type=Text)
    version: int = Field(default=1, sa_column=_DISCUSSION_VERSION)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


_ACTION_VERSION, _ACTION_MAPPER_ARGS = _versioned()


class Action(SQLModel, table=True):
    __mapper_args__ = _ACTION_MAPPER_ARGS
    __table_args__ = (Index("ix_action_status_due", "status", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(sa_type=String(40), unique=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    text: str = Field(sa_type=Text)
    owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    owner_agency_id: int | None = Field(default=None, foreign_key="agency.id", index=True)
    due_on: dt.date | None = None
    status: str = Field(default=ActionStatus.OPEN.value, sa_type=enum_str())
    closed_on: dt.date | None = None
    version: int = Field(default=1, sa_column=_ACTION_VERSION)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return is_overdue(self.status, self.due_on, today)

    def days_overdue(self, today: dt.date | None = None) -> int:
        return days_overdue(self.status, self.due_on, today)


def is_overdue(status: str, due_on: dt.date | None, today: dt.date | None = None) -> bool:
    """Overdue = still live and past its due date. Derived, never stored."""
    today = today or dt.date.today()
    return due_on is not None and due_on < today and status in LIVE_ACTION_STATUSES


def days_overdue(status: str, due_on: dt.date | None, today: dt.date | None = None) -> int:
    """Days past the due date of a live action (0 when not overdue)."""
    today = today or dt.date.today()
    return (today - due_on).days if due_on and is_overdue(status, due_on, today) else 0


class ActionUpdate(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    made_on: dt.date
    new_status: str = Field(sa_type=enum_str())
    new_due_on: dt.date | None = None
    note: str = Field(default="", sa_type=Text)
    created_at: dt.datetime = Field(default_factory=utcnow)


class AuditEntry(SQLModel, table=True):
    __table_args__ = (Index("ix_auditentry_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    user: str = Field(default="", sa_type=String(100))
    entity: str = Field(sa_type=String(40))
    entity_id: int | None = None
    #: create / update / delete / export / purge / backup / restore / demo
    operation: str = Field(sa_type=String(20))
    summary: str = Field(default="", sa_type=Text)
    before: str = Field(default="", sa_type=Text)
    after: str = Field(default="", sa_type=Text)


class Setting(SQLModel, table=True):
    """Small key/value settings that travel with the database (statement text, template...)."""

    key: str = Field(sa_type=String(100), primary_key=True)
    value: str = Field(default="", sa_type=Text)


class DistributionEntry(SQLModel, table=True):
    """One recipient agency of a meeting series' minutes (the secretariat's circulation list).

    Whether the agency may see unredacted minutes is ``Agency.signed_isa``: the information-
    sharing agreement is signed by the agency, not per series. ``email`` overrides the agency's
    address for this series only (a Youth PSG often goes to a different mailbox); empty means
    "use ``Agency.email``".
    """

    __table_args__ = (
        UniqueConstraint("series", "agency_id", name="uq_distributionentry_series_agency"),
    )

    id: int | None = Field(default=None, primary_key=True)
    #: The meeting series (a ``MeetingKind`` value).
    series: str = Field(sa_type=enum_str(), index=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    email: str = Field(default="", sa_type=String(200))
    created_at: dt.datetime = Field(default_factory=utcnow)


class ReferenceCounter(SQLModel, table=True):
    """The last number handed out in one reference series and year (``A`` 2023 -> 54 for
    A-2023-054). Why a row: it is bumped inside the saving transaction, so two people adding
    actions at once get different numbers on every engine, whatever the database's collation."""

    series: str = Field(sa_type=String(10), primary_key=True)
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_number: int = 0


class NameReview(SQLModel, table=True):
    """The secretariat's decision on a capitalised phrase that looked like a name but was
    no recorded party (the redaction review): ``party`` (redacted from then on, everywhere)
    or ``not a person`` (never asked again). One row per phrase, whatever the meeting."""

    id: int | None = Field(default=None, primary_key=True)
    phrase: str = Field(sa_type=String(200))
    #: The phrase folded (no accents, lower case): what is unique.
    phrase_key: str = Field(sa_type=String(200), unique=True)
    decision: str = Field(sa_type=String(16))
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    decided_by: str = Field(default="", sa_type=String(100))
    decided_at: dt.datetime = Field(default_factory=utcnow)
