"""The large demo's plan (see ``demo_large``): the meetings of five years and which case is
discussed at which of them, drawn from a seeded ``random.Random``; no database.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from spp_tui.db import demo_data as data
from spp_tui.db.models import MeetingKind

FIRST_YEAR = 2019
YEARS = 5
MAX_CASES_PER_MEETING = 35
MIN_CASES_PER_MEETING = 15
#: The meetings of each series (PSG, Youth PSG), in date order.
Series = dict[str, list["PlanMeeting"]]


@dataclass
class PlanMeeting:
    kind: str
    date: dt.date
    id: int = 0
    items: dict[str, int] = field(default_factory=dict)


@dataclass
class PlanCase:
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


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def schedule(rng: random.Random) -> dict[str, list[PlanMeeting]]:
    psg, youth = [], []
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        for month in range(1, 13):
            psg.append(PlanMeeting(MeetingKind.PSG.value, _nth_weekday(year, month, 1, 2)))
            youth.append(PlanMeeting(MeetingKind.YOUTH_PSG.value, _nth_weekday(year, month, 1, 4)))
        day = _nth_weekday(year, rng.randint(2, 11), 3, 1)  # a Thursday when something flares
        psg.append(PlanMeeting(MeetingKind.EXTRAORDINARY.value, day))
    psg.sort(key=lambda m: m.date)
    return {"PSG": psg, "Youth PSG": youth}


def plan_cases(rng: random.Random, series: dict[str, list[PlanMeeting]]) -> list[PlanCase]:
    """Which case is discussed at which meeting: referral, reviews, the closing decision,
    at most ``MAX_CASES_PER_MEETING`` a meeting (a review that does not fit waits a month)."""
    cases: list[PlanCase] = []
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
                case = PlanCase(
                    len(cases), name, weighted(rng, weights), location, ward, index, months
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
    rng: random.Random, cases: list[PlanCase], meetings: list[PlanMeeting], load: dict[int, int]
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
