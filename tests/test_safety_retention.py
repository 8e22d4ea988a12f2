"""Retention purge: closed cases lose their personal data, everywhere, after asking."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from cli_run import run_cli
from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    Action,
    ActionUpdate,
    AgendaItemKind,
    AuditEntry,
    Case,
    CaseDiscussion,
    CaseParty,
    Meeting,
)
from spp_tui.db.services import actions, cases, directory, meetings, retention, settings
from spp_tui.db.services.audit_log import audit_entries
from spp_tui.errors import ValidationError

SECRET = "Zebedee Quartermaine"  # a name that appears nowhere in the demo data
KEPT = "Philippa Ostrowska"  # named in a case that stays open


@dataclass
class Story:
    closed_case_id: int
    open_case_id: int
    recent_case_id: int
    action_id: int


def _case_at_meeting(db: Database, day: dt.date, name: str, close: bool) -> tuple[int, int]:
    """A case discussed at a meeting on ``day``, naming ``name`` everywhere a user can type."""
    owner = directory.list_people(db)[0]
    case = cases.create_case(db, f"Noise on Henry Street ({day})", location="Henry Street")
    cases.update_case(
        db, case.id, scanning=f"Complaints about {name}", analysis=f"{name} hosts parties"
    )
    cases.add_party(db, case.id, name, role="suspect", notes=f"{name} lives at no. 12")
    meeting = meetings.create_meeting(db, "Extraordinary PSG", day, prepopulate=False)
    item = next(
        i for i in meetings.agenda(db, meeting.id) if i.kind != AgendaItemKind.WELCOME.value
    )
    discussion = cases.add_case_to_meeting(db, meeting.id, case.id, item.id)
    cases.update_discussion(
        db, discussion.id, summary=f"{name} was warned", decisions=f"CPW for {name}"
    )
    action = actions.create_action(
        db, f"Serve a CPW on {name}", owner.id, day + dt.timedelta(days=14), case_id=case.id
    )
    actions.record_action_update(
        db, action.id, "complete", note=f"Served on {name} in person", made_on=day
    )
    if close:
        cases.update_discussion(
            db, discussion.id, outcome="close", outcome_reason=f"{name} moved away"
        )
    return case.id, action.id


def make_story(demo_db: Database) -> Story:
    """A case closed in 2019 naming SECRET, one still open naming KEPT, one closed in 2024."""
    closed, action_id = _case_at_meeting(demo_db, dt.date(2019, 5, 7), SECRET, close=True)
    still_open, _ = _case_at_meeting(demo_db, dt.date(2019, 5, 8), KEPT, close=False)
    recent, _ = _case_at_meeting(demo_db, dt.date(2024, 2, 6), "Recent Person", close=True)
    return Story(closed, still_open, recent, action_id)


@pytest.fixture
def story(demo_db: Database) -> Story:
    return make_story(demo_db)


pytestmark = pytest.mark.both_engines


def _raw_bytes(db: Database) -> bytes:
    """Every byte the store keeps: the file and its WAL; on PostgreSQL every page of every
    table, dead tuples included (read with pageinspect)."""
    if not db.is_sqlite:
        return _server_pages(db)
    data = Path(db.path).read_bytes()
    wal = Path(f"{db.path}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def _server_pages(db: Database) -> bytes:
    pages = []
    with db.engine.connect() as conn:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
        tables = conn.exec_driver_sql(
            "SELECT c.oid::regclass::text, pg_relation_size(c.oid) / current_setting('block_size')"
            "::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 't') AND n.nspname IN ('public', 'pg_toast')"
        ).all()
        for table, blocks in tables:
            for block in range(int(blocks)):
                pages.append(
                    conn.exec_driver_sql(
                        "SELECT get_raw_page(%(t)s, %(b)s)", {"t": table, "b": block}
                    ).scalar_one()
                )
        conn.commit()
    return b"".join(bytes(p) for p in pages)


def test_preview_lists_only_closed_cases_before_the_date_and_changes_nothing(
    demo_db: Database, story: Story
) -> None:
    audit_count = len(audit_entries(demo_db, limit=None))
    preview = retention.purge_preview(demo_db, dt.date(2020, 1, 1))
    ids = [c.case_id for c in preview.cases]
    assert story.closed_case_id in ids
    assert story.open_case_id not in ids and story.recent_case_id not in ids
    ours = next(c for c in preview.cases if c.case_id == story.closed_case_id)
    assert (ours.parties, ours.discussions, ours.actions) == (1, 1, 1)
    assert len(audit_entries(demo_db, limit=None)) == audit_count
    assert len(cases.parties(demo_db, [story.closed_case_id])) == 1


def test_purge_removes_personal_data_everywhere_including_the_audit_trail(
    demo_db: Database, story: Story
) -> None:
    assert SECRET.encode() in _raw_bytes(demo_db)
    report = retention.purge_closed_cases(demo_db, dt.date(2020, 1, 1))
    assert story.closed_case_id in [c.case_id for c in report.cases]
    assert report.audit_entries_scrubbed > 0

    with demo_db.read() as s:
        case = s.get(Case, story.closed_case_id)
        assert case.reference.startswith("PSG-") and case.title.startswith("Noise on Henry")
        assert case.scanning == case.analysis == case.closure_reason == retention.PURGED
        assert (
            len(s.exec(select(CaseParty).where(CaseParty.case_id == story.closed_case_id)).all())
            == 0
        )
        discussion = s.exec(
            select(CaseDiscussion).where(CaseDiscussion.case_id == story.closed_case_id)
        ).one()
        assert discussion.summary == discussion.decisions == retention.PURGED
        assert discussion.outcome == "close"  # the decision stays; the words about people go
        assert s.get(Action, story.action_id).text == retention.PURGED
        assert s.exec(
            select(ActionUpdate).where(ActionUpdate.action_id == story.action_id)
        ).one().note == (retention.PURGED)
        every_audit = " ".join(
            f"{e.summary}{e.before}{e.after}" for e in s.exec(select(AuditEntry))
        )
    assert SECRET not in every_audit
    assert KEPT in every_audit  # the open case's trail is untouched
    # Not lingering in free pages or the WAL either.
    assert SECRET.encode() not in _raw_bytes(demo_db)
    assert KEPT.encode() in _raw_bytes(demo_db)
    assert [p.name for p in cases.parties(demo_db, [story.open_case_id])] == [KEPT]


def test_the_purge_is_audited_without_the_purged_data(demo_db: Database, story: Story) -> None:
    retention.purge_closed_cases(demo_db, dt.date(2020, 1, 1))
    purges = [e for e in audit_entries(demo_db, limit=50) if e.operation == "purge"]
    whole = next(e for e in purges if e.entity == "retention")
    assert "cases closed before 2020-01-01" in whole.summary
    per_case = next(e for e in purges if e.entity_id == story.closed_case_id)
    assert "1 party, 1 discussion, 1 action" in per_case.summary
    assert all(SECRET not in f"{e.summary}{e.before}{e.after}" for e in purges)


def test_a_second_purge_finds_nothing_new(demo_db: Database, story: Story) -> None:
    first = retention.purge_closed_cases(demo_db, dt.date(2020, 1, 1))
    assert first.cases
    assert retention.purge_preview(demo_db, dt.date(2020, 1, 1)).cases == []


def test_purge_only_touches_the_cases_the_user_agreed_to(demo_db: Database, story: Story) -> None:
    report = retention.purge_closed_cases(demo_db, dt.date(2025, 1, 1), case_ids=[])
    assert report.cases == []
    assert len(cases.parties(demo_db, [story.closed_case_id])) == 1


@pytest.mark.parametrize("bad", ["2020-13-01", "next year", 20200101, None])
def test_dates_that_are_not_dates_are_refused(demo_db: Database, bad: object) -> None:
    with pytest.raises(ValidationError, match="is not a date"):
        retention.purge_closed_cases(demo_db, bad)  # type: ignore[arg-type]


def test_a_purge_date_in_the_future_is_refused(demo_db: Database) -> None:
    with pytest.raises(ValidationError, match="cannot be in the future"):
        retention.purge_preview(demo_db, dt.date.today() + dt.timedelta(days=1))


@time_machine.travel(dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.UTC), tick=False)
def test_years_count_back_from_today_and_default_to_the_setting(demo_db: Database) -> None:
    assert retention.cutoff_for_years(3) == dt.date(2025, 2, 28)
    assert retention.default_retention_years(demo_db) == 6
    settings.set_setting(demo_db, settings.RETENTION_YEARS, "4")
    assert retention.default_retention_years(demo_db) == 4
    settings.set_setting(demo_db, settings.RETENTION_YEARS, "four")
    with pytest.raises(ValidationError, match="not a whole number"):
        retention.default_retention_years(demo_db)
    with pytest.raises(ValidationError, match="at least 1 year"):
        retention.cutoff_for_years(0)


# --- the command ------------------------------------------------------------------------


def _close_case_in_file(path: Path, closed_on: str) -> str:
    """Give the demo file a case closed long ago with a named party (through the services)."""
    from spp_tui.db.database import open_database

    db = open_database(str(path))
    try:
        case_id, _ = _case_at_meeting(db, dt.date.fromisoformat(closed_on), SECRET, close=True)
        return cases.get_case(db, case_id).reference
    finally:
        db.dispose()


def test_purge_command_shows_what_will_go_and_refuses_without_a_terminal(
    demo_db_path: Path,
) -> None:
    reference = _close_case_in_file(demo_db_path, "2018-03-06")
    result = run_cli("purge", "--db", str(demo_db_path), "--closed-before", "2019-01-01")
    assert result.returncode == 2
    assert reference in result.stdout and "1 party," in result.stdout
    assert result.stderr.strip().splitlines() == [
        "spp-tui: error: not running in a terminal, so nobody can confirm; add --yes to go ahead."
    ]
    con = sqlite3.connect(demo_db_path)
    assert con.execute("SELECT count(*) FROM caseparty WHERE name = ?", (SECRET,)).fetchone()[0]
    con.close()


def test_purge_command_with_yes(demo_db_path: Path) -> None:
    _close_case_in_file(demo_db_path, "2018-03-06")
    result = run_cli("purge", "--db", str(demo_db_path), "--years", "5", "--yes")
    assert result.returncode == 0, result.stderr
    assert "Purged 1 case: 1 party removed" in result.stdout
    assert SECRET.encode() not in demo_db_path.read_bytes()
    again = run_cli("purge", "--db", str(demo_db_path), "--years", "5", "--yes")
    assert again.returncode == 0 and "nothing to purge" in again.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--closed-before", "31/02/2019"],
            "'31/02/2019' is not a date: February 2019 has no day 31.",
        ),
        (["--closed-before", "2019-01-01", "--years", "3"], "either --closed-before or --years"),
        (["--years", "0"], "the retention period must be at least 1 year."),
    ],
)
def test_purge_command_bad_input_is_one_line(
    demo_db_path: Path, args: list[str], message: str
) -> None:
    before = demo_db_path.read_bytes()
    result = run_cli("purge", "--db", str(demo_db_path), *args, "--yes")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert demo_db_path.read_bytes() == before


def test_purge_reaches_discussions_in_approved_minutes(demo_db: Database) -> None:
    """Closed cases were discussed at meetings whose minutes are approved and locked; the
    retention purge must still erase what was said there."""
    from spp_tui.db.services import _lock  # noqa: F401 - the approved-minutes guard is active

    closed = retention.purge_preview(demo_db, dt.date(2023, 2, 1)).cases
    assert closed, "the demo has a case closed in January 2023"
    with demo_db.read() as s:
        held_at = s.exec(
            select(Meeting.status)
            .join(CaseDiscussion, col(CaseDiscussion.meeting_id) == Meeting.id)
            .where(CaseDiscussion.case_id == closed[0].case_id)
        ).all()
    assert "minutes approved" in held_at
    retention.purge_closed_cases(demo_db, dt.date(2023, 2, 1))
    with demo_db.read() as s:
        said = s.exec(
            select(CaseDiscussion).where(CaseDiscussion.case_id == closed[0].case_id)
        ).all()
    assert said and all(d.summary in ("", retention.PURGED) for d in said)
    assert any(d.summary == retention.PURGED for d in said)
