"""Demo data: a believable Safer Peterborough PSG (small) or five years of it (large).

Small goes through the real services (so it also exercises them and leaves an audit trail);
large uses bulk inserts so 20,000 actions load in seconds, for the benchmarks.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy.orm import Mapped
from sqlmodel import col, func, select

from spp_tui.db.database import Database
from spp_tui.db.demo_data import ACTION_TEXTS, AGENCIES, CASES, PARTIES, PEOPLE
from spp_tui.db.models import (
    Action,
    ActionUpdate,
    AgendaItemKind,
    AttendanceRole,
    Meeting,
    MeetingStatus,
    Setting,
    stored_id,
)
from spp_tui.db.services import actions as action_svc
from spp_tui.db.services import cases as case_svc
from spp_tui.db.services import directory, distribution, meetings
from spp_tui.db.services._audit import audit
from spp_tui.errors import UserError
from spp_tui.text import plural

DEMO_MARKER = "demo_loaded"


def demo_already_loaded(db: Database) -> str | None:
    with db.read() as s:
        row = s.get(Setting, DEMO_MARKER)
    return row.value if row else None


def meeting_count(db: Database) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(Meeting)).one()


def load_demo(db: Database, scale: str = "small", force: bool = False) -> str:
    """Load demo data; returns a one-line report. Refuses real data unless ``force``."""
    loaded = demo_already_loaded(db)
    count = meeting_count(db)
    if loaded and not force:
        return f"demo data ({loaded}) is already loaded; nothing changed."
    if count and not loaded and not force:
        raise UserError(
            f"this database already holds {count} real meeting(s); "
            "add --force to load demo data into it anyway."
        )
    if scale == "small":
        report = _load_small(db)
    elif scale == "large":
        report = _load_large(db)
    else:
        raise UserError(f"unknown demo scale '{scale}'; use small or large.")
    with db.write() as s:
        s.merge(Setting(key=DEMO_MARKER, value=scale))
        audit(s, "database", None, "demo", f"{scale} demo data loaded: {report}")
    return report


# --- small ------------------------------------------------------------------------------


@dataclass
class _Directory:
    agency_ids: dict[str, int]
    people: list[directory.PersonRow]

    def person(self, index: int) -> directory.PersonRow:
        return self.people[index % len(self.people)]

    def agency(self, short: str) -> int:
        return self.agency_ids[short]


def _ensure_directory(db: Database) -> _Directory:
    existing = {a.name: a for a in directory.list_agencies(db)}
    ids: dict[str, int] = {}
    for name, short, signed in AGENCIES:
        agency = existing.get(name) or directory.add_agency(
            db, name, short, email=f"psg@{short.lower()}.example.org", signed_isa=signed
        )
        ids[short] = stored_id(agency)
    known = {p.name for p in directory.list_people(db)}
    for name, short, role in PEOPLE:
        if name not in known:
            directory.add_person(
                db,
                name,
                ids[short],
                role,
                email=f"{name.split()[-1].lower()}@{short.lower()}.example.org",
            )
    people = [p for p in directory.list_people(db) if p.name in {n for n, _, _ in PEOPLE}]
    people.sort(key=lambda p: [n for n, _, _ in PEOPLE].index(p.name))
    return _Directory(ids, people)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def _run_meeting(
    db: Database,
    meeting: Meeting,
    directory_: _Directory,
    rng: random.Random,
    case_ids: list[int],
    stop_at: str = "held",
) -> list[int]:
    """Hold a meeting through the services: attendance, every item, cases, actions."""
    day, meeting_id = meeting.date, stored_id(meeting)
    meetings.start_meeting(db, meeting_id, now=_at(day, 10, 2))
    for index, person in enumerate(directory_.people[:14]):
        status = "apologies" if index in (9, 12) else "present"
        meetings.record_attendance(db, meeting_id, person.id, status=status)
    deputy = directory_.people[14 + rng.randrange(5)]
    meetings.record_attendance(
        db,
        meeting_id,
        deputy.id,
        role=AttendanceRole.DEPUTY.value,
        deputy_for_id=directory_.people[9].id,
    )
    meetings.record_confidentiality(db, meeting_id, now=_at(day, 10, 6))
    raised: list[int] = []
    minute = 2
    for item in meetings.agenda(db, meeting_id):
        minute += item.planned_minutes + rng.randint(-2, 4)
        meetings.enter_item(
            db, meeting_id, stored_id(item), now=_at(day, 10) + dt.timedelta(minutes=minute)
        )
        if item.kind == AgendaItemKind.PREVIOUS_MINUTES and meetings.previous_meeting(db, meeting):
            meetings.record_previous_minutes(db, meeting_id, agreed=True)
        if item.kind == AgendaItemKind.ACTION_REVIEW:
            _review_actions(db, meeting, rng)
        if item.kind == AgendaItemKind.AOB:
            meetings.update_meeting(
                db,
                meeting_id,
                aob_notes="Fire service offered home safety visits on the estates discussed.",
            )
    for n, entry in enumerate(case_svc.meeting_cases(db, meeting_id)):
        case = entry.case
        outcome = (
            "close"
            if stored_id(case) == case_ids[5] and n > 2
            else rng.choice(["keep open", "keep open", "monitoring"])
        )
        changes: dict[str, object] = {
            "summary": f"Partners reported on {case.location}: calls down in the last month "
            f"but residents still concerned. {rng.choice(['Police', 'Housing', 'Outreach'])} "
            "gave an update on visits made.",
            "decisions": "Keep the joint approach; review next month.",
            "risk": case.risk,
            "outcome": outcome,
        }
        if outcome == "close":
            changes["outcome_reason"] = "Problem resolved: no calls for two months."
        case_svc.update_discussion(db, stored_id(entry.discussion), None, **changes)
        for _ in range(rng.randint(1, 3)):
            owner = directory_.person(rng.randrange(len(directory_.people)))
            due = day + dt.timedelta(days=rng.choice([14, 21, 28, 42, 56, 70]))
            action = action_svc.create_action(
                db,
                rng.choice(ACTION_TEXTS),
                owner.id,
                due,
                case_id=stored_id(case),
                meeting_id=meeting_id,
            )
            raised.append(stored_id(action))
    if stop_at == "held":
        meetings.end_meeting(db, meeting_id, now=_at(day, 12, rng.randint(0, 15)))
    return raised


def _review_actions(db: Database, meeting: Meeting, rng: random.Random) -> None:
    outcomes = ["complete", "in progress", "not possible", "not done", "closed", "complete"]
    offset = rng.randrange(len(outcomes))
    meeting_id = stored_id(meeting)
    for index, row in enumerate(action_svc.actions_to_carry(db, meeting_id)):
        outcome = outcomes[(index + offset) % len(outcomes)]
        new_due = meeting.date + dt.timedelta(days=28) if outcome == "in progress" else None
        action_svc.record_action_update(
            db,
            row.id,
            outcome,
            meeting_id=meeting_id,
            new_due_on=new_due,
            note={
                "complete": "Done and confirmed by the owner.",
                "in progress": "Started; more time needed.",
                "not possible": "Circumstances changed: tenant moved out.",
                "not done": "Owner absent; chase before next meeting.",
                "closed": "Superseded by the closure order application.",
            }[outcome],
        )


def _load_small(db: Database) -> str:
    rng = random.Random(2023)
    people = _ensure_directory(db)
    case_ids: list[int] = []
    for index, (title, location, ward, category, op, risk, lead) in enumerate(CASES):
        referred = dt.date(2022, 12, 1) + dt.timedelta(days=index * 6)
        if index >= 10:
            referred = dt.date(2023, 3, 20)  # referred since March: new referrals in April
        case = case_svc.create_case(
            db,
            title,
            location,
            ward,
            category,
            risk,
            referring_agency_id=people.agency(rng.choice(["Police", "PCC", "CKH"])),
            lead_agency_id=people.agency(lead),
            operation=op,
            referred_on=referred,
        )
        case_ids.append(stored_id(case))
    for case_index, name, role in PARTIES:
        case_svc.add_party(db, case_ids[case_index], name, role)

    chair, taker = people.people[0].id, people.people[1].id
    dates = [dt.date(2023, 1, 10), dt.date(2023, 2, 7), dt.date(2023, 3, 7)]
    held: list[Meeting] = []
    for day in dates:
        meeting = meetings.create_meeting(
            db, "PSG", day, dt.time(10), "Sand Martin House, Room 2", chair, taker
        )
        _run_meeting(db, meeting, people, rng, case_ids)
        held.append(meeting)
        # Cases met once become open with a next review next month.
        for entry in case_svc.meeting_cases(db, stored_id(meeting)):
            if entry.case.status in ("open", "monitoring"):
                case_svc.update_case(
                    db, stored_id(entry.case), next_review_on=day + dt.timedelta(days=28)
                )
    youth = meetings.create_meeting(
        db, "Youth PSG", dt.date(2023, 2, 21), dt.time(14), "Bayard Place, Room 4", chair, taker
    )
    _run_meeting(db, youth, people, rng, case_ids)

    last_id = stored_id(held[-1])
    # Gaps the secretariat's readiness check must find on the last meeting.
    gap_case = case_svc.meeting_cases(db, last_id)[0].case
    action_svc.create_action(
        db,
        "Write to the landlord about the communal door",
        None,
        None,
        case_id=stored_id(gap_case),
        meeting_id=last_id,
        allow_incomplete=True,
    )
    action_svc.create_action(
        db,
        "Confirm funding for the extra CCTV camera",
        people.people[2].id,
        None,
        meeting_id=last_id,
        allow_incomplete=True,
    )
    # ... a case left without an outcome, and another case's suspect named in a summary.
    discussion_of = {stored_id(e.case): e.discussion for e in case_svc.meeting_cases(db, last_id)}
    case_svc.update_discussion(db, stored_id(discussion_of[case_ids[9]]), outcome=None)
    towler = discussion_of[case_ids[2]]
    case_svc.update_discussion(
        db, stored_id(towler), summary=f"{towler.summary} Kevin Doyle was seen visiting the flat."
    )
    meetings.update_meeting(db, last_id, status=MeetingStatus.MINUTES_DRAFT.value)
    for series in ("PSG", "Youth PSG"):  # every partner receives the minutes
        distribution.fill_from_partners(db, series)
    nxt = meetings.schedule_next_meeting(db, last_id, dt.date(2023, 4, 4))
    with db.read() as s:
        n_actions = s.exec(select(func.count()).select_from(Action)).one()
        n_updates = s.exec(select(func.count()).select_from(ActionUpdate)).one()
    return (
        f"{plural(len(AGENCIES), 'agency', 'agencies')}, "
        f"{plural(len(PEOPLE), 'person', 'people')}, "
        f"{plural(len(CASES), 'case')}, 5 meetings (next {nxt.date}), "
        f"{plural(n_actions, 'action')}, {plural(n_updates, 'update')}"
    )


# --- large ------------------------------------------------------------------------------


def max_ref_number(db: Database, column: Mapped[str], prefix: str) -> int:
    """The highest number used after ``prefix`` (bulk references continue from it)."""
    with db.read() as s:
        refs = s.exec(select(column).where(col(column).like(f"{prefix}%"))).all()
    return max((int(r.rsplit("-", 1)[1]) for r in refs if r.rsplit("-", 1)[1].isdigit()), default=0)


def _load_large(db: Database) -> str:
    """Five years of PSGs (see ``demo_large``), then the next PSG scheduled."""
    from spp_tui.db.demo_large import BulkPerson, load_large
    from spp_tui.db.demo_plan import FIRST_YEAR, YEARS

    people = _ensure_directory(db)
    short_of: dict[int | None, str] = {i: short for short, i in people.agency_ids.items()}
    bulk = [BulkPerson(p.id, p.agency_id, short_of.get(p.agency_id, "")) for p in people.people]
    report = load_large(db, bulk, people.agency_ids)
    meetings.create_meeting(
        db,
        "PSG",
        dt.date(FIRST_YEAR + YEARS, 1, 14),
        dt.time(10),
        "Sand Martin House",
        people.people[0].id,
        people.people[1].id,
    )
    return report
