"""Demo data: a believable Safer Peterborough PSG (small) or five years of it (large).

Small goes through the real services (so it also exercises them and leaves an audit trail);
large uses bulk inserts so 20,000 actions load in seconds, for the benchmarks.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import insert
from sqlmodel import col, func, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Case,
    CaseDiscussion,
    CaseParty,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Setting,
    utcnow,
)
from spp_tui.db.services import actions as action_svc
from spp_tui.db.services import cases as case_svc
from spp_tui.db.services import directory, distribution, meetings
from spp_tui.db.services._audit import audit
from spp_tui.db.templates import template_for
from spp_tui.errors import UserError

DEMO_MARKER = "demo_loaded"

AGENCIES = [
    ("Peterborough City Council", "PCC", True),
    ("Office of the Police and Crime Commissioner", "OPCC", True),
    ("Cambridgeshire Constabulary", "Police", True),
    ("Cambridgeshire Fire and Rescue Service", "CFRS", True),
    ("Cambridgeshire and Peterborough Clinical Commissioning Group", "CCG", True),
    ("National Probation Service", "NPS", True),
    ("Community Rehabilitation Company (BeNCH)", "CRC", False),
    ("Adults' and Children's Safeguarding Partnership Board", "Safeguarding", True),
    ("Peterborough Council for Voluntary Services", "PCVS", False),
    ("Cross Keys Homes", "CKH", True),
    ("Change Grow Live", "CGL", True),
    ("Targeted Youth Service", "TYS", True),
    ("Neighbourhood Watch", "NHW", False),
    ("Citizens Advice Peterborough", "CAP", False),
]

PEOPLE = [
    ("Sarah Whitfield", "PCC", "Community Safety Manager"),
    ("Tom Okafor", "PCC", "Prevention and Enforcement Officer"),
    ("Aisha Rahman", "PCC", "Housing Options Lead"),
    ("Insp. Mark Dalton", "Police", "Neighbourhood Inspector"),
    ("PS Claire Hughes", "Police", "Neighbourhood Sergeant"),
    ("PC Daniel Kowalski", "Police", "Beat Manager, Central"),
    ("PC Priya Nair", "Police", "Beat Manager, Millfield"),
    ("Gareth Lewis", "CFRS", "Community Safety Officer"),
    ("Helen Marsh", "OPCC", "Partnership Officer"),
    ("Dr Ruth Ellison", "CCG", "Safeguarding Nurse"),
    ("James Boateng", "NPS", "Senior Probation Officer"),
    ("Nicola Grant", "CRC", "Case Manager"),
    ("Fiona Carter", "Safeguarding", "Board Manager"),
    ("Oliver Stone", "PCVS", "Development Worker"),
    ("Rebecca Moore", "CKH", "Tenancy Enforcement Manager"),
    ("Adam Price", "CKH", "Neighbourhood Officer"),
    ("Leanne Foster", "CGL", "Outreach Team Leader"),
    ("Marcus Bell", "TYS", "Youth Worker"),
    ("Janet Hollis", "NHW", "Coordinator"),
    ("Pauline Adeyemi", "CAP", "Advice Manager"),
]

CASES = [
    (
        "Street drinking and begging outside shops",
        "Lincoln Road / Millfield",
        "Central",
        "street drinking/begging",
        "Luscombe",
        "high",
        "CGL",
    ),
    (
        "Youth group ASB and intimidation at the parade",
        "Henry Street",
        "Park",
        "youth",
        "Jetfire",
        "medium",
        "TYS",
    ),
    (
        "Drug dealing from a flat, visitors day and night",
        "Towler Street",
        "Central",
        "drugs",
        "Spotlight",
        "high",
        "Police",
    ),
    (
        "Street sex work and discarded needles in the alley",
        "Burghley Road",
        "Park",
        "street sex work",
        "Glazier",
        "high",
        "Police",
    ),
    (
        "Knife carried by young people near the underpass",
        "Queensgate",
        "Central",
        "knife crime",
        "Guardian",
        "high",
        "Police",
    ),
    (
        "Fly-tipping and rat infestation behind terraces",
        "Granville Street",
        "Central",
        "environmental",
        "",
        "low",
        "PCC",
    ),
    (
        "Noise and disorder from a licensed venue",
        "City centre, Cowgate",
        "Central",
        "ASB",
        "Electron",
        "medium",
        "PCC",
    ),
    (
        "Child at risk of exploitation seen with older males",
        "Park Road",
        "Park",
        "exploitation",
        "Beaufighter",
        "high",
        "Safeguarding",
    ),
    (
        "Alley used for drug use, residents ask for gating",
        "Burghley Road back alley",
        "Park",
        "drugs",
        "Spotlight",
        "medium",
        "PCC",
    ),
    (
        "Off-road bikes on the recreation ground",
        "Millfield recreation ground",
        "North",
        "youth",
        "Jetfire",
        "low",
        "TYS",
    ),
    (
        "Begging at cash machines",
        "Queensgate / Westgate",
        "Central",
        "street drinking/begging",
        "Luscombe",
        "medium",
        "CGL",
    ),
    (
        "Tenant's visitors causing ASB to neighbours",
        "Granville Street flats",
        "Central",
        "ASB",
        "",
        "medium",
        "CKH",
    ),
]

PARTIES = [
    (0, "Kevin Doyle", "suspect"),
    (2, "Shane Carver", "suspect"),
    (2, "Mrs Edna Pryce", "victim"),
    (3, "Tanya Reeve", "resident"),
    (4, "Jordan Miles", "young person"),
    (7, "Leah Sutton", "young person"),
    (7, "Carl Benton", "suspect"),
    (11, "Mr Anil Desai", "victim"),
]

ACTION_TEXTS = [
    "Deliver warning letters to the households identified",
    "Arrange a joint patrol with the beat team on Friday and Saturday evenings",
    "Refer the individual to Change Grow Live outreach",
    "Install re-deployable CCTV for six weeks and review footage",
    "Draft a Community Protection Warning and serve it",
    "Check tenancy conditions and arrange a home visit",
    "Cut back the shrubs and repair the lighting in the alley",
    "Consult residents on gating the alley under a PSPO",
    "Share the safeguarding referral with Children's Services",
    "Arrange an Acceptable Behaviour Contract meeting with the family",
    "Apply for a Closure Notice on the property",
    "Remove the graffiti and clear the fly-tipping",
    "Visit the venue licensee about the door policy",
    "Map the hot spot times from the last three months of calls",
    "Offer a place on the youth diversion programme",
]


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
        ids[short] = agency.id
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
    day = meeting.date
    meetings.start_meeting(db, meeting.id, now=_at(day, 10, 2))
    for index, person in enumerate(directory_.people[:14]):
        status = "apologies" if index in (9, 12) else "present"
        meetings.record_attendance(db, meeting.id, person.id, status=status)
    deputy = directory_.people[14 + rng.randrange(5)]
    meetings.record_attendance(
        db,
        meeting.id,
        deputy.id,
        role=AttendanceRole.DEPUTY.value,
        deputy_for_id=directory_.people[9].id,
    )
    meetings.record_confidentiality(db, meeting.id, now=_at(day, 10, 6))
    raised: list[int] = []
    minute = 2
    for item in meetings.agenda(db, meeting.id):
        minute += item.planned_minutes + rng.randint(-2, 4)
        meetings.enter_item(
            db, meeting.id, item.id, now=_at(day, 10) + dt.timedelta(minutes=minute)
        )
        if item.kind == AgendaItemKind.PREVIOUS_MINUTES and meetings.previous_meeting(db, meeting):
            meetings.record_previous_minutes(db, meeting.id, agreed=True)
        if item.kind == AgendaItemKind.ACTION_REVIEW:
            _review_actions(db, meeting, rng)
        if item.kind == AgendaItemKind.AOB:
            meetings.update_meeting(
                db,
                meeting.id,
                aob_notes="Fire service offered home safety visits on the estates discussed.",
            )
    for n, entry in enumerate(case_svc.meeting_cases(db, meeting.id)):
        case = entry.case
        outcome = (
            "close"
            if case.id == case_ids[5] and n > 2
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
        case_svc.update_discussion(db, entry.discussion.id, **changes)
        for _ in range(rng.randint(1, 3)):
            owner = directory_.person(rng.randrange(len(directory_.people)))
            due = day + dt.timedelta(days=rng.choice([14, 21, 28, 42, 56, 70]))
            action = action_svc.create_action(
                db,
                rng.choice(ACTION_TEXTS),
                owner.id,
                due,
                case_id=case.id,
                meeting_id=meeting.id,
            )
            raised.append(action.id)
    if stop_at == "held":
        meetings.end_meeting(db, meeting.id, now=_at(day, 12, rng.randint(0, 15)))
    return raised


def _review_actions(db: Database, meeting: Meeting, rng: random.Random) -> None:
    outcomes = ["complete", "in progress", "not possible", "not done", "closed", "complete"]
    offset = rng.randrange(len(outcomes))
    for index, row in enumerate(action_svc.actions_to_carry(db, meeting.id)):
        outcome = outcomes[(index + offset) % len(outcomes)]
        new_due = meeting.date + dt.timedelta(days=28) if outcome == "in progress" else None
        action_svc.record_action_update(
            db,
            row.id,
            outcome,
            meeting_id=meeting.id,
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
        case_ids.append(case.id)
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
        for entry in case_svc.meeting_cases(db, meeting.id):
            if entry.case.status in ("open", "monitoring"):
                case_svc.update_case(db, entry.case.id, next_review_on=day + dt.timedelta(days=28))
    youth = meetings.create_meeting(
        db, "Youth PSG", dt.date(2023, 2, 21), dt.time(14), "Bayard Place, Room 4", chair, taker
    )
    _run_meeting(db, youth, people, rng, case_ids)

    last = held[-1]
    # Gaps the secretariat's readiness check must find on the last meeting.
    gap_case = case_svc.meeting_cases(db, last.id)[0].case
    action_svc.create_action(
        db,
        "Write to the landlord about the communal door",
        None,
        None,
        case_id=gap_case.id,
        meeting_id=last.id,
        allow_incomplete=True,
    )
    action_svc.create_action(
        db,
        "Confirm funding for the extra CCTV camera",
        people.people[2].id,
        None,
        meeting_id=last.id,
        allow_incomplete=True,
    )
    # ... a case left without an outcome, and another case's suspect named in a summary.
    discussion_of = {e.case.id: e.discussion for e in case_svc.meeting_cases(db, last.id)}
    case_svc.update_discussion(db, discussion_of[case_ids[9]].id, outcome=None)
    towler = discussion_of[case_ids[2]]
    case_svc.update_discussion(
        db, towler.id, summary=f"{towler.summary} Kevin Doyle was seen visiting the flat."
    )
    meetings.update_meeting(db, last.id, status=MeetingStatus.MINUTES_DRAFT.value)
    for series in ("PSG", "Youth PSG"):  # every partner receives the minutes
        distribution.fill_from_partners(db, series)
    nxt = meetings.schedule_next_meeting(db, last.id, dt.date(2023, 4, 4))
    with db.read() as s:
        n_actions = s.exec(select(func.count()).select_from(Action)).one()
        n_updates = s.exec(select(func.count()).select_from(ActionUpdate)).one()
    return (
        f"{len(AGENCIES)} agencies, {len(PEOPLE)} people, {len(CASES)} cases, "
        f"5 meetings (next {nxt.date}), {n_actions} actions, {n_updates} updates"
    )


# --- large ------------------------------------------------------------------------------


def _max_ref_number(db: Database, column, prefix: str) -> int:  # noqa: ANN001
    with db.read() as s:
        refs = s.exec(select(column).where(col(column).like(f"{prefix}%"))).all()
    return max((int(r.rsplit("-", 1)[1]) for r in refs if r.rsplit("-", 1)[1].isdigit()), default=0)


def _load_large(
    db: Database,
    n_cases: int = 1500,
    n_actions: int = 20_000,
    n_updates: int = 40_000,
    years: int = 5,
) -> str:
    """Five years of monthly PSGs in bulk (no per-row audit: one audit line says what loaded)."""
    rng = random.Random(5)
    people = _ensure_directory(db)
    person_rows = people.people
    start = dt.date(2019, 1, 8)
    now = utcnow()
    with db.write() as s:
        meeting_rows = []
        for month in range(years * 12):
            day = dt.date(start.year + month // 12, month % 12 + 1, 8)
            meeting_rows.append(
                dict(
                    kind=MeetingKind.PSG.value,
                    date=day,
                    planned_start=dt.time(10),
                    planned_end=dt.time(12),
                    actual_start=_at(day, 10),
                    actual_end=_at(day, 12),
                    venue="Sand Martin House",
                    chair_id=person_rows[0].id,
                    minute_taker_id=person_rows[1].id,
                    status=MeetingStatus.MINUTES_APPROVED.value,
                    marking="OFFICIAL-SENSITIVE",
                    previous_minutes_corrections="",
                    aob_notes="",
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
        s.execute(insert(Meeting), meeting_rows)
        meeting_ids = list(
            s.exec(
                select(Meeting.id, Meeting.date)
                .where(col(Meeting.date) >= start)
                .where(Meeting.venue == "Sand Martin House")
                .order_by(Meeting.date)
            ).all()
        )
        item_rows = []
        for meeting_id, _day in meeting_ids:
            for position, item in enumerate(template_for("PSG"), start=1):
                item_rows.append(
                    dict(
                        meeting_id=meeting_id,
                        position=position,
                        kind=item.kind.value,
                        title=item.title,
                        planned_minutes=item.planned_minutes,
                        elapsed_seconds=item.planned_minutes * 60,
                        notes="",
                    )
                )
            for index, person in enumerate(person_rows[:12]):
                s.execute(
                    insert(Attendance),
                    [
                        dict(
                            meeting_id=meeting_id,
                            person_id=person.id,
                            agency_id=person.agency_id,
                            status=AttendanceStatus.PRESENT.value if index != 5 else "apologies",
                            role=AttendanceRole.MEMBER.value,
                            note="",
                        )
                    ],
                )
        s.execute(insert(AgendaItem), item_rows)
        items = {
            (m, k): i
            for i, m, k in s.exec(
                select(AgendaItem.id, AgendaItem.meeting_id, AgendaItem.kind)
            ).all()
        }

        per_year: dict[int, int] = {}
        case_rows = []
        statuses = ["closed"] * 6 + ["open"] * 2 + ["monitoring", "escalated"]
        for n in range(n_cases):
            meeting_id, day = meeting_ids[
                min(len(meeting_ids) - 1, n * len(meeting_ids) // n_cases)
            ]
            prefix = f"PSG-{day.year}-"
            if day.year not in per_year:
                per_year[day.year] = _max_ref_number(db, Case.reference, prefix)
            per_year[day.year] += 1
            title, location, ward, category, op, risk, _lead = CASES[n % len(CASES)]
            status = rng.choice(statuses)
            case_rows.append(
                dict(
                    reference=f"{prefix}{per_year[day.year]:03d}",
                    title=title,
                    location=location,
                    ward=ward,
                    category=category,
                    risk=risk,
                    status=status,
                    operation=op,
                    referred_on=day,
                    opened_on=day,
                    scanning="",
                    analysis="",
                    response="",
                    assessment="",
                    interventions="Patrols\nWarning letter",
                    next_review_on=day + dt.timedelta(days=28),
                    closed_on=day + dt.timedelta(days=120) if status == "closed" else None,
                    closure_reason="Resolved" if status == "closed" else "",
                    referring_agency_id=people.agency("Police"),
                    lead_agency_id=people.agency("PCC"),
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
        s.execute(insert(Case), case_rows)
        cases = list(
            s.exec(
                select(Case.id, Case.referred_on).where(
                    col(Case.reference).in_([c["reference"] for c in case_rows])
                )
            ).all()
        )

        meeting_index = {m: i for i, (m, _) in enumerate(meeting_ids)}
        by_date = {d: m for m, d in meeting_ids}
        discussion_rows = []
        for case_id, referred in cases:
            first = meeting_index[by_date[referred]]
            for k in range(first, min(first + 30, len(meeting_ids)), max(1, rng.randint(1, 3))):
                m_id = meeting_ids[k][0]
                discussion_rows.append(
                    dict(
                        case_id=case_id,
                        meeting_id=m_id,
                        agenda_item_id=items[(m_id, "case reviews")],
                        position=len(discussion_rows) % 40,
                        summary="Partners updated on progress; calls to police reduced.",
                        decisions="Continue joint patrols.",
                        risk=rng.choice(["high", "medium", "low"]),
                        outcome="keep open",
                        outcome_reason="",
                        version=1,
                        created_at=now,
                        updated_at=now,
                    )
                )
        s.execute(insert(CaseDiscussion), discussion_rows)
        s.execute(
            insert(CaseParty),
            [
                dict(
                    case_id=case_id,
                    name=f"Resident {case_id}",
                    role="resident",
                    notes="",
                    created_at=now,
                )
                for case_id, _ in cases[::3]
            ],
        )

        action_rows = []
        action_years: dict[int, int] = {}
        for n in range(n_actions):
            case_id, referred = cases[n % len(cases)]
            k = min(len(meeting_ids) - 1, meeting_index[by_date[referred]] + rng.randint(0, 6))
            m_id, day = meeting_ids[k]
            if day.year not in action_years:
                action_years[day.year] = _max_ref_number(db, Action.reference, f"A-{day.year}-")
            action_years[day.year] += 1
            owner = person_rows[rng.randrange(len(person_rows))]
            status = rng.choice(list(ActionStatus))
            action_rows.append(
                dict(
                    reference=f"A-{day.year}-{action_years[day.year]:04d}",
                    text=rng.choice(ACTION_TEXTS),
                    case_id=case_id,
                    meeting_id=m_id,
                    owner_id=owner.id,
                    owner_agency_id=owner.agency_id,
                    due_on=day + dt.timedelta(days=rng.choice([14, 28, 56])),
                    status=status.value,
                    closed_on=None,
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
        s.execute(insert(Action), action_rows)
        action_ids = list(
            s.exec(
                select(Action.id, Action.meeting_id, Action.status).where(
                    col(Action.reference).in_([a["reference"] for a in action_rows])
                )
            ).all()
        )
        update_rows = []
        for n in range(n_updates):
            action_id, m_id, status = action_ids[n % len(action_ids)]
            k = min(len(meeting_ids) - 1, meeting_index[m_id] + 1 + n // len(action_ids))
            later_id, later_day = meeting_ids[k]
            update_rows.append(
                dict(
                    action_id=action_id,
                    meeting_id=later_id,
                    made_on=later_day,
                    new_status=status if n >= len(action_ids) else "in progress",
                    new_due_on=later_day + dt.timedelta(days=28),
                    note="Reviewed at PSG.",
                    created_at=now,
                )
            )
        s.execute(insert(ActionUpdate), update_rows)
    meetings.create_meeting(
        db,
        "PSG",
        dt.date(start.year + years, 1, 8),
        dt.time(10),
        "Sand Martin House",
        person_rows[0].id,
        person_rows[1].id,
    )
    return (
        f"{len(meeting_rows)} meetings, {n_cases} cases, {len(discussion_rows)} discussions, "
        f"{n_actions} actions, {n_updates} updates"
    )
