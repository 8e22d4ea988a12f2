"""The large demo: five years of a believable partnership, for benchmarks and scale tests.

A monthly PSG and a monthly Youth PSG (plus one extraordinary PSG a year) each hear 15-35
cases; a case is open 2-18 months (referred, reviewed, then closed, escalated or still open);
most actions are done between meetings, so 30-80 are live when a meeting starts; attendance
differs by agency. Seeded: the same database every time. Bulk inserts, one audit line.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Insert, insert
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, select

from spp_tui.db import demo_data as data
from spp_tui.db.database import Database
from spp_tui.db.demo_plan import (
    FIRST_YEAR,
    YEARS,
    PlanCase,
    PlanMeeting,
    Series,
    plan_cases,
    schedule,
    weighted,
)
from spp_tui.db.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Case,
    CaseDiscussion,
    CaseParty,
    Meeting,
    MeetingStatus,
    id_col,
    utcnow,
)
from spp_tui.db.services import references
from spp_tui.db.templates import template_for
from spp_tui.text import plural

N_ACTIONS = 20_400

#: A row for a bulk insert: column name -> value.
Row = dict[str, Any]
#: ``demo.max_ref_number``: the highest reference number used after a prefix.
MaxRef = Callable[[Database, Mapped[str], str], int]


@dataclass(frozen=True)
class BulkPerson:
    """A person of the small demo's directory, as the bulk rows need them."""

    id: int
    agency_id: int | None
    agency_short: str


def load_large(db: Database, people: list[BulkPerson], agency_ids: dict[str, int]) -> str:
    """Five years of PSGs in bulk; returns what was loaded, in one line."""
    from spp_tui.db.demo import max_ref_number

    rng = random.Random(5)
    now = utcnow()
    series = schedule(rng)
    cases = plan_cases(rng, series)
    all_meetings = sorted((m for ms in series.values() for m in ms), key=lambda m: m.date)
    chair, taker = people[0], people[1]
    with db.write() as s:
        for meeting in all_meetings:
            meeting.id = _new_id(
                s,
                insert(Meeting).values(
                    kind=meeting.kind,
                    date=meeting.date,
                    planned_start=dt.time(10 if meeting.kind != "Youth PSG" else 14),
                    planned_end=dt.time(12 if meeting.kind != "Youth PSG" else 16),
                    actual_start=dt.datetime.combine(meeting.date, dt.time(10), tzinfo=dt.UTC),
                    actual_end=dt.datetime.combine(meeting.date, dt.time(12), tzinfo=dt.UTC),
                    venue="Sand Martin House" if meeting.kind != "Youth PSG" else "Bayard Place",
                    chair_id=chair.id,
                    minute_taker_id=taker.id,
                    status=MeetingStatus.MINUTES_APPROVED.value,
                    marking="OFFICIAL-SENSITIVE",
                    previous_minutes_agreed=True,
                    previous_minutes_corrections="",
                    aob_notes="",
                    version=1,
                    created_at=now,
                    updated_at=now,
                ),
            )
            for position, item in enumerate(template_for(meeting.kind), start=1):
                meeting.items[item.kind.value] = _new_id(
                    s,
                    insert(AgendaItem).values(
                        meeting_id=meeting.id,
                        position=position,
                        kind=item.kind.value,
                        title=item.title,
                        planned_minutes=item.planned_minutes,
                        elapsed_seconds=item.planned_minutes * 60,
                        notes="",
                    ),
                )
        s.connection().execute(insert(Attendance), _attendance(rng, all_meetings, people))

        case_rows, discussion_plan = _case_rows(rng, cases, series, agency_ids, now, db)
        s.connection().execute(insert(Case), case_rows)
        ids = dict(
            s.exec(
                select(col(Case.reference), id_col(Case.id)).where(
                    col(Case.reference).in_([c["reference"] for c in case_rows])
                )
            ).all()
        )
        for case, row in zip(cases, case_rows, strict=True):
            case.id = ids[row["reference"]]
        discussions = _discussion_rows(rng, cases, series, discussion_plan, now)
        s.connection().execute(insert(CaseDiscussion), discussions)
        s.connection().execute(
            insert(CaseParty),
            [
                dict(
                    case_id=c.id, name=f"Resident {c.id}", role="resident", notes="", created_at=now
                )
                for c in cases[::3]
            ],
        )
        action_rows, update_plan = _action_rows(rng, cases, series, people, now, max_ref_number, db)
        s.connection().execute(insert(Action), action_rows)
        action_ids = dict(
            s.exec(
                select(col(Action.reference), id_col(Action.id)).where(
                    col(Action.reference).in_([a["reference"] for a in action_rows])
                )
            ).all()
        )
        updates = [dict(u, action_id=action_ids[ref], created_at=now) for ref, u in update_plan]
        s.connection().execute(insert(ActionUpdate), updates)
        references.catch_up_all(s)  # bulk rows did not go through the counters
    return (
        f"{plural(len(all_meetings), 'meeting')}, {plural(len(cases), 'case')}, "
        f"{plural(len(discussions), 'discussion')}, {plural(len(action_rows), 'action')}, "
        f"{plural(len(updates), 'update')}"
    )


def _new_id(s: Session, statement: Insert) -> int:
    """Insert one row; its id."""
    key = s.connection().execute(statement).inserted_primary_key
    assert key is not None  # (one row inserted: one key)
    return int(key[0])


def _attendance(
    rng: random.Random, meetings: list[PlanMeeting], people: list[BulkPerson]
) -> list[Row]:
    rows = []
    for meeting in meetings:
        for person in people:
            short = person.agency_short
            if meeting.kind == "Youth PSG" and short not in data.YOUTH_AGENCIES:
                continue
            present, apologies = data.ATTENDANCE_RATES.get(short, (0.7, 0.2))
            roll = rng.random()
            status = (
                "present"
                if roll < present
                else "apologies"
                if roll < present + apologies
                else "absent"
            )
            rows.append(
                dict(
                    meeting_id=meeting.id,
                    person_id=person.id,
                    agency_id=person.agency_id,
                    status=status,
                    role="member",
                    note="",
                )
            )
    return rows


def _case_rows(
    rng: random.Random,
    cases: list[PlanCase],
    series: Series,
    agency_ids: dict[str, int],
    now: dt.datetime,
    db: Database,
) -> tuple[list[Row], dict[int, str]]:
    """The cases' rows, and each case's status (by its number) for its discussions."""
    from spp_tui.db.demo import max_ref_number

    per_year: dict[int, int] = {}
    rows: list[Row] = []
    plan: dict[int, str] = {}
    for case in cases:
        meetings = series[case.series]
        referred = meetings[case.referred].date
        titles, operations, leads, interventions = data.CATEGORY_SHAPES[case.category]
        if referred.year not in per_year:
            per_year[referred.year] = max_ref_number(
                db, col(Case.reference), f"PSG-{referred.year}-"
            )
        per_year[referred.year] += 1
        last = meetings[case.events[-1]].date
        status = (
            {"close": "closed", "escalate": "escalated"}[case.ending]
            if case.ending != "open"
            else rng.choice(["open", "open", "monitoring"])
        )
        if len(case.events) == 1 and case.ending != "open":
            status = "open"  # met once, its later reviews fall after the data ends
        risk = rng.choices(["high", "medium", "low"], weights=[3, 5, 2])[0]
        plan[case.n] = status
        rows.append(
            dict(
                reference=f"PSG-{referred.year}-{per_year[referred.year]:03d}",
                title=rng.choice(titles),
                location=case.location,
                ward=case.ward,
                category=case.category,
                risk=risk,
                status=status,
                operation=rng.choice(operations),
                referred_on=referred - dt.timedelta(days=rng.randint(3, 20)),
                opened_on=referred,
                scanning="",
                analysis="",
                response="",
                assessment="",
                interventions="\n".join(rng.sample(interventions, rng.randint(1, 3))),
                next_review_on=_next_review(rng, status, last),
                closed_on=last if status == "closed" else None,
                closure_reason=rng.choice(data.CLOSURE_REASONS) if status == "closed" else "",
                referring_agency_id=agency_ids[weighted(rng, data.REFERRERS)],
                lead_agency_id=agency_ids[rng.choice(leads)],
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
    return rows, plan


def _next_review(rng: random.Random, status: str, last: dt.date) -> dt.date | None:
    """Live cases come back within six months of the data's end (a few at the next PSG)."""
    if status not in ("open", "monitoring"):
        return None
    end = dt.date(FIRST_YEAR + YEARS, 1, 1)
    return max(last + dt.timedelta(days=28), end + dt.timedelta(days=30 * rng.randint(0, 5)))


def _discussion_rows(
    rng: random.Random,
    cases: list[PlanCase],
    series: Series,
    status_of: dict[int, str],
    now: dt.datetime,
) -> list[Row]:
    rows: list[Row] = []
    for case in cases:
        meetings = series[case.series]
        for n, k in enumerate(case.events):
            meeting = meetings[k]
            last = n == len(case.events) - 1
            if n == 0:
                item, outcome = "new referrals", "keep open"
            else:
                item = "case reviews"
                outcome = rng.choice(["keep open", "monitoring"])
            if last and status_of[case.n] in ("closed", "escalated"):
                outcome = "close" if status_of[case.n] == "closed" else "escalate"
            rows.append(
                dict(
                    case_id=case.id,
                    meeting_id=meeting.id,
                    agenda_item_id=meeting.items.get(item) or meeting.items["new referrals"],
                    position=len(rows) % 40,
                    summary=rng.choice(data.SUMMARIES).format(location=case.location),
                    decisions="Keep the joint approach; review at the next meeting.",
                    risk=rng.choice(["high", "medium", "low"]),
                    outcome=outcome,
                    outcome_reason="Agreed by partners."
                    if outcome in ("close", "escalate")
                    else "",
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
    return rows


def _action_rows(  # noqa: PLR0913
    rng: random.Random,
    cases: list[PlanCase],
    series: Series,
    people: list[BulkPerson],
    now: dt.datetime,
    max_ref_number: MaxRef,
    db: Database,
) -> tuple[list[Row], list[tuple[str, Row]]]:
    """Actions raised at each discussion; most done between meetings (an update when
    started, one when finished), a few reviewed at the next meetings, the last still live."""
    raised = [(case, k) for case in cases for k in case.events]
    per_discussion = N_ACTIONS / len(raised)
    per_year: dict[int, int] = {}
    rows: list[Row] = []
    updates: list[tuple[str, Row]] = []
    carry = 0.0
    for case, k in raised:
        carry += per_discussion
        count, carry = int(carry), carry - int(carry)
        meetings = series[case.series]
        for _ in range(count):
            day = meetings[k].date
            if day.year not in per_year:
                per_year[day.year] = max_ref_number(db, col(Action.reference), f"A-{day.year}-")
            per_year[day.year] += 1
            ref = f"A-{day.year}-{per_year[day.year]:04d}"
            owner = people[rng.randrange(len(people))]
            due = day + dt.timedelta(days=rng.choice([7, 10, 14, 21, 28]))
            lives = rng.choices([0, 1, 2, 3], weights=[89, 7, 3, 1])[0]
            status, closed, due = _life(rng, ref, meetings, k, lives, due, updates)
            rows.append(
                dict(
                    reference=ref,
                    text=rng.choice(data.ACTION_TEXTS),
                    case_id=case.id,
                    meeting_id=meetings[k].id,
                    owner_id=owner.id,
                    owner_agency_id=owner.agency_id,
                    due_on=due,
                    status=status,
                    closed_on=closed,
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
    return rows, updates


def _life(  # noqa: PLR0913
    rng: random.Random,
    ref: str,
    meetings: list[PlanMeeting],
    k: int,
    lives: int,
    due: dt.date,
    updates: list[tuple[str, Row]],
) -> tuple[str, dt.date | None, dt.date]:
    """The updates of one action: started, reviewed at ``lives`` later meetings, finished
    between two meetings (or still live when the data ends). Returns status, closed, due."""
    day = meetings[k].date
    started = day + dt.timedelta(days=rng.randint(1, 5))
    updates.append(
        (
            ref,
            dict(
                meeting_id=None,
                made_on=started,
                new_status="in progress",
                new_due_on=due,
                note="Started.",
            ),
        )
    )
    for j in range(k + 1, k + 1 + lives):
        if j >= len(meetings):
            return rng.choice(["open", "in progress", "not done"]), None, due
        due = meetings[j].date + dt.timedelta(days=28)
        updates.append(
            (
                ref,
                dict(
                    meeting_id=meetings[j].id,
                    made_on=meetings[j].date,
                    new_status="in progress",
                    new_due_on=due,
                    note="Reviewed at the meeting; more time agreed.",
                ),
            )
        )
    last = k + lives
    # Done within a fortnight of the meeting (before the other series meets): live actions
    # stay 30-80 when a meeting starts, even at 20,000 actions in five years.
    closed = meetings[last].date + dt.timedelta(days=rng.randint(2, 12))
    closed = max(closed, started + dt.timedelta(days=1))
    status = rng.choices(["complete", "closed", "not possible"], weights=[85, 8, 7])[0]
    updates.append(
        (
            ref,
            dict(
                meeting_id=None,
                made_on=closed,
                new_status=status,
                new_due_on=None,
                note="Reported by the owner.",
            ),
        )
    )
    return status, closed, due
