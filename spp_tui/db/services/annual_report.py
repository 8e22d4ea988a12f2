"""The figures of the partnership's annual report (the seed's "91 case discussions ..."):
what the PSG did between two dates, counted from the records, for Word and the dashboard.

A handful of grouped queries, whatever the size of the database; no UI, no Word.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from sqlalchemy import true
from sqlmodel import col, func, select
from sqlmodel.sql.expression import Select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    FINISHED_ACTION_STATUSES,
    Action,
    Agency,
    Attendance,
    Case,
    CaseDiscussion,
    Meeting,
    MeetingKind,
    MeetingStatus,
    stored_id,
)
from spp_tui.errors import ValidationError

#: Meetings that took place (a scheduled or abandoned one does not count).
HELD_STATUSES = (
    MeetingStatus.HELD.value,
    MeetingStatus.MINUTES_DRAFT.value,
    MeetingStatus.MINUTES_APPROVED.value,
)
SERIES = {
    "PSG": (MeetingKind.PSG.value, MeetingKind.EXTRAORDINARY.value),
    "Youth PSG": (MeetingKind.YOUTH_PSG.value,),
}
TOP = 10


@dataclass(frozen=True)
class AgencyActions:
    raised: int = 0
    completed: int = 0
    on_time: int = 0
    overdue: int = 0


class ActionFigures(TypedDict):
    """The action figures of ``ReportFigures``, counted apart (``_actions``)."""

    actions_raised: int
    actions_completed: int
    actions_on_time: int
    actions_overdue: int
    median_days_to_complete: float | None
    actions_by_agency: dict[str, AgencyActions]


#: An action raised in the period: owner's agency, status, due, closed, raised (meeting date).
_ActionTuple = tuple[int | None, str, dt.date | None, dt.date | None, dt.date]


@dataclass(frozen=True)
class ReportFigures:
    """Every figure of the report for one period (``kinds``: the meeting series counted)."""

    start: dt.date
    end: dt.date
    kinds: tuple[str, ...]
    meetings_by_kind: dict[str, int]
    case_discussions: int
    cases_discussed: int
    new_referrals: int
    referrals_by_agency: dict[str, int]
    cases_closed: int
    closure_reasons: dict[str, int]
    decisions: dict[str, int]
    interventions: dict[str, int]
    operations: dict[str, int]
    locations: dict[str, int]
    wards: dict[str, int]
    youth_cases: int
    youth_referrals: int
    actions_raised: int
    actions_completed: int
    actions_on_time: int
    actions_overdue: int
    median_days_to_complete: float | None
    actions_by_agency: dict[str, AgencyActions]
    attendance_by_agency: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Case discussions in each month of the period (``2023-01``), empty months too.
    discussions_by_month: dict[str, int] = field(default_factory=dict)

    @property
    def meetings_held(self) -> int:
        return sum(self.meetings_by_kind.values())

    @property
    def interventions_used(self) -> int:
        return sum(self.interventions.values())

    @property
    def on_time_percent(self) -> int | None:
        """Of the actions completed, the share finished by their due date (None: none)."""
        if not self.actions_completed:
            return None
        return self.actions_on_time * 100 // self.actions_completed

    @property
    def attendance_rates(self) -> dict[str, int]:
        """Each agency's present share of the places expected of it, in percent."""
        return {
            name: c["present"] * 100 // max(1, sum(c.values()))
            for name, c in self.attendance_by_agency.items()
        }


def check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise ValidationError(f"--from {start} is after --to {end}; give the earlier date first.")


def report_figures(
    db: Database, start: dt.date, end: dt.date, series: str | None = None
) -> ReportFigures:
    """The figures for ``start``..``end`` (both included), of one series or of all. With a
    series, referrals and closures count only the cases that series has discussed."""
    check_period(start, end)
    if series is not None and series not in SERIES:
        raise ValidationError(f"unknown series '{series}'; use PSG or Youth PSG.")
    kinds = SERIES[series] if series else tuple(k.value for k in MeetingKind)
    with db.read() as s:
        held = (
            select(Meeting.id)
            .where(Meeting.date >= start, Meeting.date <= end)
            .where(col(Meeting.status).in_(HELD_STATUSES), col(Meeting.kind).in_(kinds))
        )
        in_series = select(Meeting.id).where(col(Meeting.kind).in_(kinds))
        series_cases = select(CaseDiscussion.case_id).where(
            col(CaseDiscussion.meeting_id).in_(in_series)
        )
        meetings_by_kind = dict(
            s.exec(
                select(Meeting.kind, func.count())
                .where(col(Meeting.id).in_(held))
                .group_by(Meeting.kind)
            ).all()
        )
        discussed = s.exec(
            select(
                col(CaseDiscussion.case_id),
                col(CaseDiscussion.outcome),
                col(Meeting.kind),
                col(Meeting.date),
            )
            .join(Meeting, col(Meeting.id) == CaseDiscussion.meeting_id)
            .where(col(CaseDiscussion.meeting_id).in_(held))
        ).all()
        case_ids = {case_id for case_id, _, _, _ in discussed}
        cases = {
            stored_id(c): c
            for c in s.exec(
                select(Case).where(
                    col(Case.id).in_(case_ids)
                    | (
                        (col(Case.id).in_(series_cases) if series else true())
                        & (
                            (col(Case.referred_on) >= start) & (col(Case.referred_on) <= end)
                            | (col(Case.closed_on) >= start) & (col(Case.closed_on) <= end)
                        )
                    )
                )
            ).all()
        }
        agencies: dict[int | None, str] = {a.id: a.name for a in s.exec(select(Agency)).all()}
        # Select() itself, as select() does for several columns: select() is typed up to four.
        raised: Select[*_ActionTuple] = Select(
            col(Action.owner_agency_id),
            col(Action.status),
            col(Action.due_on),
            col(Action.closed_on),
            col(Meeting.date),
        )
        actions = s.exec(
            raised.join(Meeting, col(Meeting.id) == Action.meeting_id).where(
                col(Action.meeting_id).in_(held)
            )
        ).all()
        attendance = s.exec(
            select(col(Attendance.agency_id), col(Attendance.status), func.count())
            .where(col(Attendance.meeting_id).in_(held))
            .group_by(col(Attendance.agency_id), col(Attendance.status))
        ).all()
    referred = [c for c in cases.values() if c.referred_on and start <= c.referred_on <= end]
    closed = [c for c in cases.values() if c.closed_on and start <= c.closed_on <= end]
    in_period = [cases[i] for i in case_ids]
    youth_kind = MeetingKind.YOUTH_PSG.value
    action_figures = _actions(actions, end, agencies)
    return ReportFigures(
        start=start,
        end=end,
        kinds=kinds,
        meetings_by_kind={k: meetings_by_kind[k] for k in kinds if meetings_by_kind.get(k)},
        case_discussions=len(discussed),
        cases_discussed=len(case_ids),
        new_referrals=len(referred),
        referrals_by_agency=_ranked(
            agencies.get(c.referring_agency_id, "not recorded") for c in referred
        ),
        cases_closed=len(closed),
        closure_reasons=_ranked(c.closure_reason.strip() or "not recorded" for c in closed),
        decisions=_ranked(outcome or "not decided" for _, outcome, _, _ in discussed),
        interventions=_ranked(i for c in in_period for i in c.intervention_list),
        operations=_ranked(c.operation for c in in_period if c.operation),
        locations=_ranked((c.location for c in in_period if c.location), TOP),
        wards=_ranked((c.ward for c in in_period if c.ward), TOP),
        youth_cases=len({case_id for case_id, _, kind, _ in discussed if kind == youth_kind}),
        youth_referrals=sum(1 for c in referred if c.category == "youth"),
        attendance_by_agency=_attendance(attendance, agencies),
        discussions_by_month=_by_month(start, end, (day for *_, day in discussed)),
        **action_figures,
    )


def _ranked(values: Iterable[str], limit: int | None = None) -> dict[str, int]:
    """Counts, most first (ties by name), the first ``limit`` of them."""
    counts = sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0]))
    return dict(counts[:limit] if limit else counts)


def _by_month(start: dt.date, end: dt.date, days: Iterable[dt.date]) -> dict[str, int]:
    """Counts per calendar month from ``start``'s to ``end``'s, months with none as 0."""
    counts = Counter(f"{day:%Y-%m}" for day in days)
    months: dict[str, int] = {}
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        key = f"{year:04d}-{month:02d}"
        months[key] = counts.get(key, 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _actions(
    rows: Sequence[_ActionTuple], end: dt.date, agencies: Mapping[int | None, str]
) -> ActionFigures:
    """Raised at a meeting of the period; completed = finished by the end of the period;
    on time = finished by its due date; overdue = live at the end and past its due date."""
    finished = {s.value for s in FINISHED_ACTION_STATUSES}
    by_agency: dict[str, list[int]] = {}
    days: list[int] = []
    completed = on_time = overdue = 0
    for agency_id, status, due_on, closed_on, raised_on in rows:
        counts = by_agency.setdefault(agencies.get(agency_id, "no agency"), [0, 0, 0, 0])
        counts[0] += 1
        if status in finished and closed_on is not None and closed_on <= end:
            completed += 1
            counts[1] += 1
            days.append((closed_on - raised_on).days)
            if due_on is not None and closed_on <= due_on:
                on_time += 1
                counts[2] += 1
        elif due_on is not None and due_on < end:
            overdue += 1
            counts[3] += 1
    ordered = sorted(by_agency.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return {
        "actions_raised": len(rows),
        "actions_completed": completed,
        "actions_on_time": on_time,
        "actions_overdue": overdue,
        "median_days_to_complete": statistics.median(days) if days else None,
        "actions_by_agency": {name: AgencyActions(*c) for name, c in ordered},
    }


def _attendance(
    rows: Sequence[tuple[int | None, str, int]], agencies: Mapping[int | None, str]
) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for agency_id, status, count in rows:
        name = agencies.get(agency_id, "no agency")
        counts = table.setdefault(name, {"present": 0, "apologies": 0, "absent": 0})
        counts[status] = counts.get(status, 0) + count
    return dict(sorted(table.items(), key=lambda kv: (-kv[1]["present"], kv[0])))


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before (a year before a year)."""
    length = end - start
    before = start - dt.timedelta(days=1)
    return before - length, before


def comparison(db: Database, figures: ReportFigures) -> ReportFigures | None:
    """The previous period's figures, when a meeting was held in it."""
    start, end = previous_period(figures.start, figures.end)
    series = next((name for name, kinds in SERIES.items() if kinds == figures.kinds), None)
    before = report_figures(db, start, end, series)
    return before if before.meetings_held else None


def latest_held_year(db: Database) -> int | None:
    """The year of the last meeting held (the dashboard opens on it), None before any."""
    with db.read() as s:
        day = s.exec(
            select(func.max(Meeting.date)).where(col(Meeting.status).in_(HELD_STATUSES))
        ).one()
    return day.year if day else None
