"""The large demo looks like a real partnership at scale (issue 17): 15-35 cases a meeting,
cases open 2-18 months, 30-80 live actions when a meeting starts, attendance that differs by
agency, every operation and outcome used. Counted from the database, not from the loader."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from sqlmodel import select

from spp_tui.db import demo_data
from spp_tui.db.database import Database
from spp_tui.db.demo_plan import plan_cases, schedule
from spp_tui.db.models import (
    LIVE_ACTION_STATUSES,
    Action,
    ActionUpdate,
    Attendance,
    Case,
    CaseDiscussion,
    CaseOutcome,
    Meeting,
)

pytestmark = pytest.mark.slow


def test_sizes_for_the_benchmarks(large_demo_db: Database) -> None:
    with large_demo_db.read() as s:
        assert len(s.exec(select(Action.id)).all()) >= 20_000
        assert len(s.exec(select(ActionUpdate.id)).all()) >= 40_000
        assert 1_400 <= len(s.exec(select(Case.id)).all()) <= 1_600
        days = s.exec(select(Meeting.date)).all()
    assert (max(days) - min(days)).days >= 5 * 365 - 30


def test_every_held_meeting_hears_15_to_35_cases(large_demo_db: Database) -> None:
    with large_demo_db.read() as s:
        per_meeting = Counter(s.exec(select(CaseDiscussion.meeting_id)).all())
        held = s.exec(
            select(Meeting.id, Meeting.kind).where(Meeting.status == "minutes approved")
        ).all()
    counts = {kind: [per_meeting[m] for m, k in held if k == kind] for _, kind in held}
    for kind in ("PSG", "Youth PSG"):
        assert len(counts[kind]) == 60
        assert min(counts[kind]) >= 15 and max(counts[kind]) <= 35, kind
    assert all(1 <= n <= 5 for n in counts["Extraordinary PSG"])  # called for one flare-up


def test_cases_stay_open_two_to_eighteen_months(large_demo_db: Database) -> None:
    with large_demo_db.read() as s:
        cases = s.exec(select(Case)).all()
    closed = [(c.closed_on - c.opened_on).days for c in cases if c.closed_on]
    assert len(closed) > len(cases) // 2
    assert min(closed) >= 55 and max(closed) <= 18 * 31
    statuses = Counter(c.status for c in cases)
    assert {"open", "monitoring", "closed", "escalated"} <= set(statuses)
    assert all(c.closure_reason for c in cases if c.status == "closed")


def test_live_actions_when_each_meeting_starts(large_demo_db: Database) -> None:
    """Live = raised at an earlier meeting and not finished by the meeting's date."""
    with large_demo_db.read() as s:
        meetings = s.exec(select(Meeting).order_by(Meeting.date)).all()
        actions = s.exec(select(Action.meeting_id, Action.closed_on, Action.status)).all()
    date_of = {m.id: m.date for m in meetings}
    live_counts = []
    for meeting in meetings[6:]:
        if meeting.kind == "Extraordinary PSG":
            continue
        live_counts.append(
            sum(
                1
                for raised_at, closed_on, _ in actions
                if raised_at
                and date_of[raised_at] < meeting.date
                and (closed_on is None or closed_on >= meeting.date)
            )
        )
    print(f"\nlive actions when a meeting starts: {min(live_counts)}-{max(live_counts)}")
    assert min(live_counts) >= 20 and max(live_counts) <= 85
    live_now = sum(1 for *_, status in actions if status in LIVE_ACTION_STATUSES)
    assert 30 <= live_now <= 80


def test_attendance_differs_by_agency(large_demo_db: Database) -> None:
    with large_demo_db.read() as s:
        rows = s.exec(select(Attendance.agency_id, Attendance.status)).all()
    by_agency: dict[int, Counter] = {}
    for agency_id, status in rows:
        by_agency.setdefault(agency_id, Counter())[status] += 1
    rates = sorted(c["present"] / sum(c.values()) for c in by_agency.values())
    assert rates[-1] - rates[0] > 0.3
    assert all(sum(c[k] for c in by_agency.values()) for k in ("present", "apologies", "absent"))


def test_every_operation_category_and_outcome_is_used(large_demo_db: Database) -> None:
    with large_demo_db.read() as s:
        operations = set(s.exec(select(Case.operation)).all())
        categories = set(s.exec(select(Case.category)).all())
        outcomes = set(s.exec(select(CaseDiscussion.outcome)).all())
        statuses = set(s.exec(select(Action.status)).all())
    seed_operations = {op for shape in demo_data.CATEGORY_SHAPES.values() for op in shape[1]}
    assert seed_operations <= operations
    assert set(demo_data.CATEGORY_SHAPES) == categories
    assert {o.value for o in CaseOutcome} <= outcomes
    assert {"open", "in progress", "complete", "not possible", "closed"} <= statuses


def test_the_plan_is_seeded() -> None:
    first = plan_cases(random.Random(5), schedule(random.Random(5)))
    again = plan_cases(random.Random(5), schedule(random.Random(5)))
    assert [(c.category, c.location, c.events) for c in first] == [
        (c.category, c.location, c.events) for c in again
    ]
    assert schedule(random.Random(5))["PSG"][0].date == dt.date(2019, 1, 8)
