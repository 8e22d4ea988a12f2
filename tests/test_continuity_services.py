"""Continuity across meetings (issue 4): action history, agenda pre-population, case timeline,
search, and a constant number of SQL statements however long the history."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from spp_tui.db.database import Database
from spp_tui.db.services import actions, cases, directory, meetings, search
from spp_tui.db.services.actions import ActionFilter

pytestmark = pytest.mark.both_engines  # services and exports on SQLite and PostgreSQL


@contextmanager
def count_statements(db: Database):
    """Count every SQL statement sent to the database inside the block."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _people(db: Database) -> tuple[int, int]:
    agency = directory.add_agency(db, "Cambridgeshire Constabulary", "Police")
    owner = directory.add_person(db, "PC Daniel Kowalski", agency.id, "Beat Manager")
    other = directory.add_person(db, "Rebecca Moore", agency.id, "Tenancy Enforcement")
    return owner.id, other.id


# --- the three-meeting story -------------------------------------------------------------


def test_action_raised_updated_and_closed_across_three_meetings(db: Database) -> None:
    owner_id, _ = _people(db)
    case = cases.create_case(
        db,
        "Drug dealing from a flat",
        "Towler Street",
        "Central",
        "drugs",
        "high",
        referred_on=dt.date(2023, 2, 20),
    )
    march = meetings.create_meeting(db, "PSG", dt.date(2023, 3, 7))
    april = meetings.create_meeting(db, "PSG", dt.date(2023, 4, 4))
    may = meetings.create_meeting(db, "PSG", dt.date(2023, 5, 2))

    action = actions.create_action(
        db,
        "Apply for a Closure Notice",
        owner_id,
        dt.date(2023, 3, 28),
        case_id=case.id,
        meeting_id=march.id,
    )
    # April: overdue by a week, reviewed as in progress with a new date.
    april_review = actions.actions_to_carry(db, april.id)
    assert [r.reference for r in april_review] == [action.reference]
    assert april_review[0].days_overdue(april.date) == 7
    actions.record_action_update(
        db,
        action.id,
        "in progress",
        meeting_id=april.id,
        new_due_on=dt.date(2023, 4, 30),
        note="Court date requested",
    )
    assert actions.updates_at_meeting(db, april.id)[action.id].new_status == "in progress"
    # May: still carried (live), then closed.
    assert [r.id for r in actions.actions_to_carry(db, may.id)] == [action.id]
    actions.record_action_update(
        db, action.id, "closed", meeting_id=may.id, note="Closure Order granted"
    )

    history = actions.action_history(db, action.id)
    assert [(u.new_status, m.date, u.note) for u, m in history] == [
        ("in progress", dt.date(2023, 4, 4), "Court date requested"),
        ("closed", dt.date(2023, 5, 2), "Closure Order granted"),
    ]
    assert history[0][0].new_due_on == dt.date(2023, 4, 30)

    # The action log agrees with the history: last status, last due date, raised in March.
    [row] = actions.list_actions(db, ActionFilter(text=action.reference))
    assert row.status == history[-1][0].new_status == "closed"
    assert row.due_on == dt.date(2023, 4, 30)
    assert row.raised_on == march.date
    assert actions.get_action(db, action.id).closed_on == may.date
    # Closed: no longer live, no longer carried to a June meeting, not overdue.
    assert actions.count_actions(db, ActionFilter(status="live")) == 0
    june = meetings.create_meeting(db, "PSG", dt.date(2023, 6, 6))
    assert actions.actions_to_carry(db, june.id) == []
    assert not row.is_overdue(june.date)

    # The case timeline tells the same story in date order.
    timeline = cases.case_timeline(db, case.id)
    lines = [(e.on, e.kind, e.text) for e in timeline.events if e.action_id == action.id]
    assert lines == [
        (march.date, "action", f"{action.reference} raised: Apply for a Closure Notice"),
        (april.date, "update", f"{action.reference} in progress, due 30 Apr 2023"),
        (may.date, "update", f"{action.reference} closed"),
    ]


def test_annotate_update_sets_the_note_afterwards(db: Database) -> None:
    owner_id, _ = _people(db)
    first = meetings.create_meeting(db, "PSG", dt.date(2023, 3, 7))
    second = meetings.create_meeting(db, "PSG", dt.date(2023, 4, 4))
    action = actions.create_action(
        db, "Deliver warning letters", owner_id, dt.date(2023, 3, 20), meeting_id=first.id
    )
    update = actions.record_action_update(db, action.id, "complete", meeting_id=second.id)
    actions.annotate_update(db, update.id, "  Letters delivered to 12 households ")
    [(stored, _)] = actions.action_history(db, action.id)
    assert stored.note == "Letters delivered to 12 households"


# --- action log paging and search -------------------------------------------------------


def test_action_page_counts_all_and_pages_in_due_order(db: Database) -> None:
    owner_id, other_id = _people(db)
    meeting = meetings.create_meeting(db, "PSG", dt.date(2023, 3, 7))
    for n in range(7):
        actions.create_action(
            db,
            f"Patrol hot spot {n}",
            owner_id if n % 2 else other_id,
            dt.date(2023, 3, 10) + dt.timedelta(days=n),
            meeting_id=meeting.id,
        )
    page = actions.action_page(db, ActionFilter(), limit=3, offset=3)
    assert page.total == 7 and page.offset == 3
    assert [r.text for r in page.rows] == [f"Patrol hot spot {n}" for n in (3, 4, 5)]
    newest = actions.action_page(db, ActionFilter(), limit=3, descending=True)
    assert [r.text[-1] for r in newest.rows] == ["6", "5", "4"]
    # Past the end: the last page, not an empty one.
    assert actions.action_page(db, ActionFilter(), limit=3, offset=99).offset == 6
    # A text search pages the same way (it reads the matching ids once, then the page).
    for descending in (False, True):
        everything = actions.list_actions(db, ActionFilter(text="HOT SPOT"), descending=descending)
        for offset in (0, 3, 6, 42):
            page = actions.action_page(
                db, ActionFilter(text="HOT SPOT"), limit=3, offset=offset, descending=descending
            )
            assert page.total == 7
            assert [r.id for r in page.rows] == [r.id for r in everything[page.offset :][:3]]
        assert page.offset == 6 and len(page.rows) == 1
    assert actions.action_page(db, ActionFilter(text="no such words")).rows == []
    # Owner filter and a case-insensitive search on the owner's name agree.
    by_owner = actions.action_page(db, ActionFilter(owner_id=other_id))
    by_name = actions.action_page(db, ActionFilter(text="rebecca"))
    assert by_owner.total == by_name.total == 4
    assert {r.id for r in by_owner.rows} == {r.id for r in by_name.rows}


def test_search_text_is_taken_literally(db: Database) -> None:
    owner_id, _ = _people(db)
    actions.create_action(db, "Cut 50% of the shrubs", owner_id, dt.date(2023, 3, 1))
    actions.create_action(db, "Cut 50 metres of hedge", owner_id, dt.date(2023, 3, 1))
    actions.create_action(db, "Fix the light_post", owner_id, dt.date(2023, 3, 1))
    assert [r.text for r in actions.list_actions(db, ActionFilter(text="50%"))] == [
        "Cut 50% of the shrubs"
    ]
    assert actions.count_actions(db, ActionFilter(text="t_p")) == 1
    assert actions.count_actions(db, ActionFilter(text="CUT 50")) == 2


# --- agenda pre-population --------------------------------------------------------------


def test_demo_next_meeting_is_prepopulated(demo_db: Database) -> None:
    """The scheduled April PSG holds every case the March PSG left open or in monitoring
    (the demo sets their next review a month on) under case reviews or youth items, and the
    two cases referred since March under new referrals; the closed case is not there."""
    april = meetings.resolve_meeting(demo_db, "next")
    assert april.date == dt.date(2023, 4, 4)
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    items = {i.id: i.kind for i in meetings.agenda(demo_db, april.id)}
    on_agenda = {
        e.case.reference: items[e.discussion.agenda_item_id]
        for e in cases.meeting_cases(demo_db, april.id)
    }

    kept = [
        e.case
        for e in cases.meeting_cases(demo_db, march.id)
        if e.case.status in ("open", "monitoring")
    ]
    assert kept, "the demo's March meeting kept cases open"
    for case in kept:
        expected = "youth" if case.category == "youth" else "case reviews"
        assert on_agenda.get(case.reference) == expected, case.reference
    referred_since = [
        c for c in cases.list_cases(demo_db) if c.referred_on and c.referred_on > march.date
    ]
    assert len(referred_since) == 2
    for case in referred_since:
        assert on_agenda[case.reference] == "new referrals"
    closed = [c.reference for c in cases.list_cases(demo_db) if c.status == "closed"]
    assert closed and not set(closed) & set(on_agenda)
    # Nothing else is on it, and high risk cases come first within each item.
    assert len(on_agenda) == len(
        {c.reference for c in kept} | {c.reference for c in referred_since}
    )
    reviews = [
        e.case.risk
        for e in cases.meeting_cases(demo_db, april.id)
        if items[e.discussion.agenda_item_id] == "case reviews"
    ]
    rank = {"high": 0, "medium": 1, "low": 2}
    assert [rank[r] for r in reviews] == sorted(rank[r] for r in reviews)


def test_chair_adds_drops_and_reorders_and_a_late_referral_joins_at_the_start(
    db: Database,
) -> None:
    early = cases.create_case(db, "Begging at cash machines", referred_on=dt.date(2023, 3, 1))
    other = cases.create_case(db, "Fly-tipping", referred_on=dt.date(2023, 3, 2))
    meeting = meetings.create_meeting(db, "PSG", dt.date(2023, 4, 4))
    referrals = next(i for i in meetings.agenda(db, meeting.id) if i.kind == "new referrals")

    def order() -> list[str]:
        return [e.case.title for e in cases.meeting_cases(db, meeting.id)]

    assert order() == ["Begging at cash machines", "Fly-tipping"]
    discussions = {e.case.id: e.discussion.id for e in cases.meeting_cases(db, meeting.id)}
    cases.move_case(db, discussions[other.id], -1)
    assert order() == ["Fly-tipping", "Begging at cash machines"]
    cases.remove_case_from_meeting(db, discussions[early.id])
    assert order() == ["Fly-tipping"]
    urgent = cases.create_case(db, "Knife seen near the underpass", referred_on=dt.date(2023, 4, 4))
    later = cases.create_case(db, "Referred after the meeting", referred_on=dt.date(2023, 4, 9))
    # Starting the meeting adds the referral made since it was scheduled, not the dropped
    # case, not the one referred after the meeting date, and keeps the chair's order.
    meetings.start_meeting(db, meeting.id)
    assert order() == ["Fly-tipping", "Knife seen near the underpass"]
    positions = [e.discussion.position for e in cases.meeting_cases(db, meeting.id)]
    assert positions == sorted(set(positions))
    # The chair can still add a case by hand (the dropped one, here) and move it up.
    added = cases.add_case_to_meeting(db, meeting.id, early.id, referrals.id)
    cases.move_case(db, added.id, -1)
    assert order() == ["Fly-tipping", "Begging at cash machines", "Knife seen near the underpass"]
    assert meetings.refresh_agenda_cases(db, meeting.id) == 0  # started: left alone
    assert later.id not in {e.case.id for e in cases.meeting_cases(db, meeting.id)}
    assert urgent.id in {e.case.id for e in cases.meeting_cases(db, meeting.id)}


def test_refresh_adds_a_case_that_became_due(db: Database) -> None:
    meeting = meetings.create_meeting(db, "PSG", dt.date(2023, 4, 4))
    case = cases.create_case(db, "Noise from a venue", status="open")
    cases.update_case(db, case.id, next_review_on=dt.date(2023, 4, 1))
    assert meetings.refresh_agenda_cases(db, meeting.id) == 1
    assert meetings.refresh_agenda_cases(db, meeting.id) == 0
    [entry] = cases.meeting_cases(db, meeting.id)
    kinds = {i.id: i.kind for i in meetings.agenda(db, meeting.id)}
    assert kinds[entry.discussion.agenda_item_id] == "case reviews"


# --- case timeline ----------------------------------------------------------------------


def _case_with_history(db: Database, owner_id: int, n_meetings: int) -> int:
    case = cases.create_case(db, f"Case over {n_meetings}", referred_on=dt.date(2020, 1, 1))
    previous_action = None
    for n in range(n_meetings):
        day = dt.date(2020, 1, 7) + dt.timedelta(days=28 * n)
        meeting = meetings.create_meeting(db, "PSG", day, prepopulate=False)
        item = next(i for i in meetings.agenda(db, meeting.id) if i.kind == "case reviews")
        discussion = cases.add_case_to_meeting(db, meeting.id, case.id, item.id)
        cases.update_discussion(
            db,
            discussion.id,
            summary=f"Update {n}",
            risk=("high", "medium")[n % 2],
            outcome="monitoring" if n % 3 == 2 else "keep open",
        )
        if previous_action is not None:
            actions.record_action_update(
                db,
                previous_action,
                "in progress",
                meeting_id=meeting.id,
                new_due_on=day + dt.timedelta(days=14),
                note=f"note {n}",
            )
        previous_action = actions.create_action(
            db,
            f"Action {n}",
            owner_id,
            day + dt.timedelta(days=14),
            case_id=case.id,
            meeting_id=meeting.id,
        ).id
    cases.add_party(db, case.id, "Kevin Doyle", "suspect")
    return case.id


def test_case_timeline_shows_discussions_risk_status_actions_and_parties(db: Database) -> None:
    owner_id, _ = _people(db)
    case_id = _case_with_history(db, owner_id, 3)
    timeline = cases.case_timeline(db, case_id)
    kinds = [e.kind for e in timeline.events]
    assert kinds[0] == "referred"
    assert kinds.count("discussion") == 3 and timeline.meetings == 3
    risk = [e.text for e in timeline.events if e.kind == "risk"]
    assert risk == ["Risk high", "Risk high → medium", "Risk medium → high"]
    status = [e.text for e in timeline.events if e.kind == "status"]
    assert status == ["Status referred → open", "Status open → monitoring"]
    assert [e.text for e in timeline.events if e.kind == "update"] == [
        "A-2020-001 in progress, due 18 Feb 2020",
        "A-2020-002 in progress, due 17 Mar 2020",
    ]
    assert [(p.name, p.role) for p in timeline.parties] == [("Kevin Doyle", "suspect")]
    assert timeline.live_actions == 3
    days = [e.on for e in timeline.events]
    assert days == sorted(days)


def test_opening_a_case_costs_the_same_statements_for_1_or_30_meetings(db: Database) -> None:
    owner_id, _ = _people(db)
    short = _case_with_history(db, owner_id, 1)
    long = _case_with_history(db, owner_id, 30)
    with count_statements(db) as one:
        cases.case_timeline(db, short)
    with count_statements(db) as thirty:
        timeline = cases.case_timeline(db, long)
    assert timeline.meetings == 30 and len(timeline.events) > 100
    assert len(one) == len(thirty) <= 8


def test_action_log_page_costs_the_same_statements_for_any_page_size(db: Database) -> None:
    owner_id, other_id = _people(db)
    case = cases.create_case(db, "Street drinking", operation="Luscombe")
    meeting = meetings.create_meeting(db, "PSG", dt.date(2023, 3, 7))
    for n in range(60):
        actions.create_action(
            db,
            f"Action {n}",
            (owner_id, other_id)[n % 2],
            dt.date(2023, 3, 1),
            case_id=case.id if n % 3 else None,
            meeting_id=meeting.id,
        )
    filt = ActionFilter(status="live", operation="Luscombe", text="action")
    with count_statements(db) as small:
        assert len(actions.action_page(db, filt, limit=2).rows) == 2
    with count_statements(db) as large:
        assert len(actions.action_page(db, filt, limit=200).rows) == 40
    assert len(small) == len(large) <= 4


# --- search -------------------------------------------------------------------------------


def test_search_finds_cases_locations_actions_people_and_meetings(demo_db: Database) -> None:
    def kinds_for(text: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for hit in search.search(demo_db, text):
            found.setdefault(hit.kind, []).append(hit.label)
        return found

    assert kinds_for("towler")["case"] == [
        "PSG-2022-003 Drug dealing from a flat, visitors day and night"
    ]
    assert kinds_for("psg-2022-00")["case"][0].startswith("PSG-2022-006")
    assert any(label.startswith("A-2023-001 ") for label in kinds_for("a-2023-001")["action"])
    assert all("CCTV" in label for label in kinds_for("cctv")["action"])
    assert kinds_for("kowalski")["person"] == ["PC Daniel Kowalski"]
    for typed in ("2023-04-04", "4/4/2023", "4 April 2023", "april 2023"):
        assert kinds_for(typed).get("meeting") == ["PSG 04 Apr 2023"], typed
    assert kinds_for("youth psg")["meeting"] == ["Youth PSG 21 Feb 2023"]
    assert search.search(demo_db, "   ") == []
    assert search.search(demo_db, "no such thing anywhere") == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2023-4", "2023-04"),
        ("1/13/2023", None),
        ("March", "-03-"),
        ("7 mar", "-03-07"),
        ("hedge", None),
    ],
)
def test_date_fragments(typed: str, expected: str | None) -> None:
    assert search._date_fragment(typed) == expected
