"""A purge and what was open while it committed: the old copies of the purged text go only
once nothing can still see them, so the purge waits for readers of the store begun before it
(and, on PostgreSQL, for any transaction on the server begun before it: one in another
database left a purged name in the pages in CI), and one that outlasts the wait is reported,
not passed over."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError
from test_safety_retention import SECRET, Story, _raw_bytes, make_story

from spp_tui.db.database import Database
from spp_tui.db.services import _old_copies, cases, retention

pytestmark = pytest.mark.both_engines


@pytest.fixture
def story(demo_db: Database) -> Story:
    return make_story(demo_db)


@contextmanager
def reader_from_before(db: Database) -> Iterator[Any]:
    """Another session in the middle of a read: its snapshot still shows the rows as they are
    now. Ends when its ``commit`` is called or the block ends."""
    if db.is_sqlite:
        with closing(sqlite3.connect(db.path, isolation_level=None)) as raw:
            raw.execute("BEGIN")
            raw.execute("SELECT count(*) FROM caseparty").fetchone()
            yield raw
        return
    engine = create_engine(db.engine.url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            conn.exec_driver_sql("SELECT count(*) FROM caseparty").scalar_one()
            yield conn
    finally:
        engine.dispose()


def test_the_purge_waits_for_a_reader_from_before_it_then_leaves_no_copy(
    demo_db: Database, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    looks: list[int] = []
    with reader_from_before(demo_db) as reader:

        def reader_finishes() -> None:
            looks.append(1)
            reader.commit()

        monkeypatch.setattr(_old_copies, "_pause", reader_finishes)
        report = retention.purge_closed_cases(demo_db, dt.date(2020, 1, 1))
    assert looks, "the purge did not wait for the reader"
    assert report.readers_left == 0
    assert story.closed_case_id in [c.case_id for c in report.cases]
    assert SECRET.encode() not in _raw_bytes(demo_db)


def test_on_a_server_the_purge_waits_for_a_transaction_in_another_database_begun_before_it(
    demo_db: Database, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every snapshot taken while a transaction that began before the purge still runs, in any
    database of the server, counts it as running, so VACUUM FULL kept the purged rows for it
    (how the name was found in CI: another test's database was busy)."""
    if demo_db.is_sqlite:
        pytest.skip("a PostgreSQL server's transactions")
    engine = create_engine(demo_db.engine.url.set(database="postgres"))
    other = engine.connect()
    other.exec_driver_sql("SELECT txid_current()").scalar_one()  # begun, with its own id
    looks: list[int] = []

    def other_ends() -> None:
        looks.append(1)
        other.commit()

    monkeypatch.setattr(_old_copies, "_pause", other_ends)
    try:
        report = retention.purge_closed_cases(demo_db, dt.date(2020, 1, 1))
    finally:
        other.close()
        engine.dispose()
    assert looks, "the purge did not wait for the transaction begun before it"
    assert report.readers_left == 0
    assert SECRET.encode() not in _raw_bytes(demo_db)


def test_a_reader_that_outlasts_the_wait_is_reported_and_a_later_run_clears_the_copies(
    demo_db: Database, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_old_copies, "WAIT_FOR_READERS_S", 0.0)
    with reader_from_before(demo_db):
        report = retention.purge_closed_cases(demo_db, dt.date(2020, 1, 1))
        assert report.readers_left >= 1
        # Honest: the old copies really are still there while the reader lasts.
        assert SECRET.encode() in _raw_bytes(demo_db)
    assert retention.finish_purge(demo_db) == 0
    assert SECRET.encode() not in _raw_bytes(demo_db)


def test_the_purge_command_says_when_a_reader_kept_old_copies_and_again_clears_them(
    demo_db: Database, demo_db_target: str, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spp_tui.cli import cli

    monkeypatch.setattr(_old_copies, "WAIT_FOR_READERS_S", 0.0)
    runner = CliRunner()
    with reader_from_before(demo_db):
        first = runner.invoke(cli, ["purge", "--db", demo_db_target, "--years", "5", "--yes"])
    assert first.exit_code == 0, first.output
    assert "Purged 1 case" in first.output
    assert "Another session begun before the purge was still open" in first.output
    again = runner.invoke(cli, ["purge", "--db", demo_db_target, "--years", "5", "--yes"])
    assert again.exit_code == 0, again.output
    assert "nothing to purge" in again.output and "Another session" not in again.output
    assert SECRET.encode() not in _raw_bytes(demo_db)


def test_a_failure_clearing_the_old_copies_is_told_as_copies_left_not_raised(
    demo_db: Database, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The purge has committed when the clearing starts: a failure there must not make the
    command fail as if nothing had been purged; it is told as copies left to clear later."""

    def fails(*_args: object) -> int:
        raise OperationalError("VACUUM", {}, Exception("the server went away"))

    monkeypatch.setattr(_old_copies, "_checkpoint" if demo_db.is_sqlite else "_rewrite", fails)
    report = retention.purge_closed_cases(demo_db, dt.date(2020, 1, 1))
    assert report.readers_left == 1
    assert cases.parties(demo_db, [story.closed_case_id]) == []  # the purge itself stands
