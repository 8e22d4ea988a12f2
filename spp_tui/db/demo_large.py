"""The large demo: five years of a believable partnership, for benchmarks and scale tests.

A monthly PSG and a monthly Youth PSG (plus one extraordinary PSG a year) each hear 15-35
cases; a case is open 2-18 months (referred, reviewed, then closed, escalated or still open);
most actions are done between meetings, so 30-80 are live when a meeting starts; attendance
differs by agency. Seeded: the same database every time. Bulk inserts, one audit line.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlmodel import col, select

from spp_tui.db import demo_data as data
from spp_tui.db.database import Database
from spp_tui.db.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Case,
    CaseDiscussion,
    CaseParty,
    Meeting,
    MeetingKind,
    MeetingStatus,
    utcnow,
)
from spp_tui.db.services import references
from spp_tui.db.templates import template_for

FIRST_YEAR = 2019
YEARS = 5
N_ACTIONS = 20_400
MAX_CASES_PER_MEETING = 35
MIN_CASES_PER_MEETING = 15


@dataclass
class _Meeting:
    kind: str
    date: dt.date
    id: int = 0
    items: dict[str, int] = field(default_factory=dict)


@dataclass
class _Case:
    n: int
    series: str
    category: str
    location: str
    ward: str
    referred: int  # index into the series' meetings
    months: int  # how long it is meant to stay open
    events: list[int] = field(default_factory=list)  # meeting indexes it is discussed at
    ending: str = "close"  # close / escalate / open (still open when the data ends)
    id: int = 0


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _schedule(rng: random.Random) -> dict[str, list[_Meeting]]:
    psg, youth = [], []
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        for month in range(1, 13):
            psg.append(_Meeting(MeetingKind.PSG.value, _nth_weekday(year, month, 1, 2)))
            youth.append(_Meeting(MeetingKind.YOUTH_PSG.value, _nth_weekday(year, month, 1, 4)))
        day = _nth_weekday(year, rng.randint(2, 11), 3, 1)  # a Thursday when something flares
        psg.append(_Meeting(MeetingKind.EXTRAORDINARY.value, day))
    psg.sort(key=lambda m: m.date)
    return {"PSG": psg, "Youth PSG": youth}


def _plan_cases(rng: random.Random, series: dict[str, list[_Meeting]]) -> list[_Case]:
    """Which case is discussed at which meeting: referral, reviews, the closing decision,
    at most ``MAX_CASES_PER_MEETING`` a meeting (a review that does not fit waits a month)."""
    cases: list[_Case] = []
    for name, meetings in series.items():
        weights = data.YOUTH_CATEGORIES if name == "Youth PSG" else data.PSG_CATEGORIES
        load: dict[int, int] = {}
        for index, meeting in enumerate(meetings):
            if meeting.kind == MeetingKind.EXTRAORDINARY:
                new = rng.randint(1, 2)
            else:
                new = rng.randint(16, 20) if index < 2 else rng.randint(10, 15)
            for _ in range(new):
                location, ward = rng.choice(data.LOCATIONS[: rng.choice((6, 12, 20))])
                months = 2 + int(16 * rng.random() ** 2)
                case = _Case(
                    len(cases), name, _weighted(rng, weights), location, ward, index, months
                )
                cases.append(case)
                case.events.append(index)
                load[index] = load.get(index, 0) + 1
        # Reviews and closing decisions, fitted under the cap of each meeting.
        for case in cases:
            if case.series != name:
                continue
            start = meetings[case.referred].date
            wanted = [case.months] if case.months <= 10 else [case.months // 2, case.months]
            case.ending = rng.choices(["close", "escalate"], weights=[30, 1])[0]
            for months_on in wanted:
                target = start + dt.timedelta(days=30 * months_on)
                k = next((i for i, m in enumerate(meetings) if m.date >= target), None)
                while k is not None and (
                    load.get(k, 0) >= MAX_CASES_PER_MEETING
                    or meetings[k].kind == MeetingKind.EXTRAORDINARY
                    or k <= case.events[-1]
                ):
                    k = k + 1 if k + 1 < len(meetings) else None
                if k is None:
                    case.ending = "open"
                    break
                case.events.append(k)
                load[k] = load.get(k, 0) + 1
        _fill_quiet_meetings(rng, [c for c in cases if c.series == name], meetings, load)
    return cases


def _fill_quiet_meetings(
    rng: random.Random, cases: list[_Case], meetings: list[_Meeting], load: dict[int, int]
) -> None:
    """A meeting with fewer than 15 cases takes extra reviews of cases open at the time."""
    for k, meeting in enumerate(meetings):
        if meeting.kind == MeetingKind.EXTRAORDINARY:
            continue
        wanted = MIN_CASES_PER_MEETING + rng.randint(0, 3)
        live = [
            c
            for c in cases
            if c.events[0] < k and k not in c.events and (k < c.events[-1] or c.ending == "open")
        ]
        rng.shuffle(live)
        for case in live[: max(0, wanted - load.get(k, 0))]:
            case.events = sorted([*case.events, k])
            load[k] = load.get(k, 0) + 1


def load_large(db: Database, people: list, agency_ids: dict[str, int]) -> str:  # noqa: ANN001
    """Five years of PSGs in bulk; returns what was loaded, in one line."""
    from spp_tui.db.demo import max_ref_number

    rng = random.Random(5)
    now = utcnow()
    series = _schedule(rng)
    cases = _plan_cases(rng, series)
    all_meetings = sorted((m for ms in series.values() for m in ms), key=lambda m: m.date)
    chair, taker = people[0], people[1]
    with db.write() as s:
        for meeting in all_meetings:
            meeting.id = s.execute(
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
                )
            ).inserted_primary_key[0]
            for position, item in enumerate(template_for(meeting.kind), start=1):
                meeting.items[item.kind.value] = s.execute(
                    insert(AgendaItem).values(
                        meeting_id=meeting.id,
                        position=position,
                        kind=item.kind.value,
                        title=item.title,
                        planned_minutes=item.planned_minutes,
                        elapsed_seconds=item.planned_minutes * 60,
                        notes="",
                    )
                ).inserted_primary_key[0]
        s.connection().execute(insert(Attendance.__table__), _attendance(rng, all_meetings, people))

        case_rows, discussion_plan = _case_rows(rng, cases, series, agency_ids, now, db)
        s.connection().execute(insert(Case.__table__), case_rows)
        ids = dict(
            s.exec(
                select(Case.reference, Case.id).where(
                    col(Case.reference).in_([c["reference"] for c in case_rows])
                )
            ).all()
        )
        for case, row in zip(cases, case_rows, strict=True):
            case.id = ids[row["reference"]]
        discussions = _discussion_rows(rng, cases, series, discussion_plan, now)
        s.connection().execute(insert(CaseDiscussion.__table__), discussions)
        s.connection().execute(
            insert(CaseParty.__table__),
            [
                dict(
                    case_id=c.id, name=f"Resident {c.id}", role="resident", notes="", created_at=now
                )
                for c in cases[::3]
            ],
        )
        action_rows, update_plan = _action_rows(rng, cases, series, people, now, max_ref_number, db)
        s.connection().execute(insert(Action.__table__), action_rows)
        action_ids = dict(
            s.exec(
                select(Action.reference, Action.id).where(
                    col(Action.reference).in_([a["reference"] for a in action_rows])
                )
            ).all()
        )
        updates = [dict(u, action_id=action_ids[ref], created_at=now) for ref, u in update_plan]
        s.connection().execute(insert(ActionUpdate.__table__), updates)
        references.catch_up_all(s)  # bulk rows did not go through the counters
    return (
        f"{len(all_meetings)} meetings, {len(cases)} cases, {len(discussions)} discussions, "
        f"{len(action_rows)} actions, {len(updates)} updates"
    )


def _attendance(rng: random.Random, meetings: list[_Meeting], people: list) -> list[dict]:  # noqa: ANN001
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


def _case_rows(rng, cases, series, agency_ids, now, db):  # noqa: ANN001, ANN202
    from spp_tui.db.demo import max_ref_number

    per_year: dict[int, int] = {}
    rows, plan = [], {}
    for case in cases:
        meetings = series[case.series]
        referred = meetings[case.referred].date
        titles, operations, leads, interventions = data.CATEGORY_SHAPES[case.category]
        if referred.year not in per_year:
            per_year[referred.year] = max_ref_number(db, Case.reference, f"PSG-{referred.year}-")
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
                referring_agency_id=agency_ids[_weighted(rng, data.REFERRERS)],
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


def _discussion_rows(rng, cases, series, status_of, now):  # noqa: ANN001, ANN202
    rows = []
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


def _action_rows(rng, cases, series, people, now, max_ref_number, db):  # noqa: ANN001, ANN202, PLR0913
    """Actions raised at each discussion; most done between meetings (an update when
    started, one when finished), a few reviewed at the next meetings, the last still live."""
    raised = [(case, k) for case in cases for k in case.events]
    per_discussion = N_ACTIONS / len(raised)
    per_year: dict[int, int] = {}
    rows, updates = [], []
    carry = 0.0
    for case, k in raised:
        carry += per_discussion
        count, carry = int(carry), carry - int(carry)
        meetings = series[case.series]
        for _ in range(count):
            day = meetings[k].date
            if day.year not in per_year:
                per_year[day.year] = max_ref_number(db, Action.reference, f"A-{day.year}-")
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


def _life(rng, ref, meetings, k, lives, due, updates):  # noqa: ANN001, ANN202, PLR0913
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
