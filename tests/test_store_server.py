"""The shared server store from the command line: one line and exit 2 for every way a
connection fails, no password ever printed, no implicit migration of a shared database, and
``db copy`` / ``backup`` / ``restore`` between SQLite and PostgreSQL, verified."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import cli_run
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from spp_tui.db.database import open_database
from spp_tui.db.server import normalise_url
from spp_tui.db.services import actions, directory, meetings
from spp_tui.db.store_copy import content_checksum

PASSWORD = "spp-test-pw"
MakeDb = Callable[..., str]


def run_cli(*args: str, env: dict[str, str] | None = None, code: str | None = None):
    if code is None:
        return cli_run.run_cli(*args, env=env, timeout=300)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("spp-tui: error: "), done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert "Traceback" not in done.stderr
    assert PASSWORD not in done.stdout + done.stderr


def with_password(url: str, password: str) -> str:
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def test_connection_failures_are_one_line_with_no_password(pg_database: MakeDb) -> None:
    url = pg_database("schema")
    parsed = make_url(url)
    refused = parsed.set(port=1).render_as_string(hide_password=False)
    assert_one_line_error(run_cli("--db", refused, "demo"), "connection refused")
    wrong = with_password(url, "not-" + PASSWORD)
    assert_one_line_error(run_cli("--db", wrong, "demo"), "refused the password", "PGPASSWORD")
    missing = parsed.set(database="no_such_psg").render_as_string(hide_password=False)
    assert_one_line_error(run_cli("--db", missing, "demo"), "no_such_psg", "does not exist")
    # The password may come from PGPASSWORD instead of the URL (never printed either way).
    bare = parsed.set(password=None).render_as_string(hide_password=False)
    done = run_cli("--db", bare, "audit", env={"PGPASSWORD": PASSWORD})
    assert done.returncode == 0, done.stderr


def test_a_missing_driver_names_the_extra(pg_database: MakeDb) -> None:
    url = pg_database("schema")
    no_driver = (
        "import sys; sys.modules['psycopg'] = None; sys.argv[0] = 'spp-tui'; "
        "from spp_tui.launch import main; main()"
    )
    done = run_cli("--db", url, "demo", code=no_driver)
    assert_one_line_error(done, "not installed", "spp-tui[postgres]")


def test_demo_on_the_server_never_prints_the_password(pg_database: MakeDb) -> None:
    url = pg_database("schema")
    done = run_cli("--db", url, "demo")
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    assert "spp_test:***@" in done.stdout


def _tables(url: str) -> set[str]:
    engine = create_engine(normalise_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _sql(url: str, statement: str) -> None:
    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.exec_driver_sql(statement)
    engine.dispose()


def test_clients_never_migrate_a_shared_database(pg_database: MakeDb) -> None:
    empty = pg_database("empty")
    assert_one_line_error(run_cli("--db", empty, "demo"), "no spp-tui schema", "db upgrade")
    assert _tables(empty) == set()  # nothing was created behind the user's back

    behind = pg_database("schema")
    _sql(
        behind,
        "DROP TABLE namereview; DROP TABLE referencecounter; "
        "UPDATE alembic_version SET version_num = '0003_attendance_guest'",
    )
    assert_one_line_error(run_cli("--db", behind, "audit"), "behind", "db upgrade")
    ahead = pg_database("schema")
    _sql(ahead, "UPDATE alembic_version SET version_num = '9999'")
    assert_one_line_error(run_cli("--db", ahead, "audit"), "newer")
    assert_one_line_error(run_cli("--db", ahead, "db", "upgrade"), "newer")

    done = run_cli("--db", behind, "db", "upgrade")
    assert done.returncode == 0 and "upgraded from 0003_attendance_guest" in done.stdout, (
        done.stderr
    )
    assert run_cli("--db", behind, "audit").returncode == 0


def test_another_applications_database_is_refused_and_left_alone(pg_database: MakeDb) -> None:
    url = pg_database("empty")
    _sql(url, "CREATE TABLE invoice (id integer primary key, total numeric)")
    assert_one_line_error(run_cli("--db", url, "demo"), "another application")
    assert_one_line_error(run_cli("--db", url, "db", "upgrade"), "another application")
    assert _tables(url) == {"invoice"}


def test_two_upgrades_at_once_queue_on_the_lock(pg_database: MakeDb) -> None:
    url = pg_database("empty")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "spp_tui", "--db", url, "db", "upgrade"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    said = sorted("upgraded" if "upgraded" in out else "nothing" for out, _ in outs)
    assert said == ["nothing", "upgraded"]


def _checksum(target: str) -> str:
    db = open_database(target)
    try:
        with db.engine.connect() as conn:
            return content_checksum(conn)
    finally:
        db.dispose()


def test_db_copy_round_trip_sqlite_to_server_and_back_is_identical(
    demo_db_path: Path, pg_database: MakeDb, tmp_path: Path
) -> None:
    server = pg_database("empty")  # db copy upgrades an empty target explicitly
    back = tmp_path / "back.sqlite3"
    there = run_cli("db", "copy", "--from", str(demo_db_path), "--to", server)
    assert there.returncode == 0, there.stderr
    assert "checksum" in there.stdout and PASSWORD not in there.stdout
    home = run_cli("db", "copy", "--from", server, "--to", str(back))
    assert home.returncode == 0, home.stderr
    assert _checksum(str(demo_db_path)) == _checksum(server) == _checksum(str(back))

    # A copy never merges into someone's data.
    again = run_cli("db", "copy", "--from", str(demo_db_path), "--to", server)
    assert_one_line_error(again, "already holds data")
    # The server keeps working after the copy: ids and references carry on from the copied.
    db = open_database(server)
    try:
        meeting = next(m for m in meetings.list_meetings(db) if m.status == "scheduled")
        owner = directory.list_people(db)[0]
        before = {r.reference for r in actions.list_actions(db)}
        new = actions.create_action(
            db, "Fit new lighting", owner.id, meeting.date, meeting_id=meeting.id
        )
        assert new.reference not in before
        year = meeting.date.year
        highest = max(int(r.rsplit("-", 1)[1]) for r in before if r.startswith(f"A-{year}-"))
        assert new.reference == f"A-{year}-{highest + 1:03d}"
    finally:
        db.dispose()


def test_backup_of_the_server_is_a_portable_file_that_restores(
    pg_database: MakeDb, tmp_path: Path
) -> None:
    url = pg_database("demo")
    out = tmp_path / "server-backup.sqlite3"
    done = run_cli("--db", url, "backup", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.stat().st_mode & 0o077 == 0 and not Path(f"{out}-wal").exists()
    original = _checksum(url)
    # Something changes on the server after the backup...
    db = open_database(url)
    meeting = next(m for m in meetings.list_meetings(db) if m.status == "scheduled")
    meetings.update_meeting(db, meeting.id, aob_notes="Typed after the backup")
    db.dispose()
    assert _checksum(url) != original
    # ...and restore brings back exactly what the backup held.
    refused = run_cli("--db", url, "restore", str(out))
    assert_one_line_error(refused, "--yes")
    done = run_cli("--db", url, "restore", str(out), "--yes")
    assert done.returncode == 0, done.stderr
    assert "the replaced content was kept as" in done.stdout
    db = open_database(url)
    try:
        assert meetings.get_meeting(db, meeting.id).aob_notes != "Typed after the backup"
        # The restore is itself audited; apart from that entry the content is the backup's.
        meetings.update_meeting(db, meeting.id, aob_notes="After the restore")
        assert meetings.get_meeting(db, meeting.id).aob_notes == "After the restore"
    finally:
        db.dispose()


def test_meeting_start_on_the_server_says_why_there_is_no_automatic_backup(
    pg_database: MakeDb,
) -> None:
    from spp_tui.db.backup import SERVER_BACKUP_NOTE
    from spp_tui.db.services.audit_log import audit_entries
    from spp_tui.paths import backups_dir

    url = pg_database("demo")
    db = open_database(url)
    try:

        def notes() -> int:
            return sum(e.summary == SERVER_BACKUP_NOTE for e in audit_entries(db, limit=None))

        before = notes()
        meeting = next(m for m in meetings.list_meetings(db) if m.status == "scheduled")
        meetings.start_meeting(db, meeting.id)
        assert meetings.get_meeting(db, meeting.id).status == "in progress"
        assert notes() == before + 1
    finally:
        db.dispose()
    assert not backups_dir().exists() or not any(backups_dir().iterdir())


def test_a_client_stuck_in_its_write_does_not_stop_the_others_saving(
    pg_database: MakeDb, monkeypatch
) -> None:  # noqa: ANN001
    """A session that took the write lock and then went silent (a laptop shut half way
    through a save, a stopped process) is ended by the server after
    ``IDLE_IN_TRANSACTION_SECONDS``, freeing the lock: the next save goes through. (Without
    it, found in CI, the save lane waited for ever behind such a session.)"""
    from sqlalchemy import text

    from spp_tui.db import server
    from spp_tui.db.database import WRITE_LOCK_KEY

    monkeypatch.setattr(server, "IDLE_IN_TRANSACTION_SECONDS", 1)
    url = pg_database("demo")
    stuck, other = open_database(url), open_database(url)
    try:
        silent = stuck.engine.connect()
        silent.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
        # ...and says nothing more. The other chair's save waits its turn, then is stored.
        person = directory.add_person(other, "Pat Waiting", None)
        assert [p.name for p in directory.search_people(other, "Waiting")] == ["Pat Waiting"]
        assert person.id is not None
        silent.invalidate()
    finally:
        stuck.dispose()
        other.dispose()


def test_every_connection_ends_a_silent_transaction(pg_database: MakeDb) -> None:
    from sqlalchemy import text

    from spp_tui.db.server import IDLE_IN_TRANSACTION_SECONDS

    database = open_database(pg_database("schema") + "?options=-c%20statement_timeout%3D9000")
    try:
        with database.engine.connect() as conn:
            shown = conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar()
            theirs = conn.execute(text("SHOW statement_timeout")).scalar()
        assert shown == f"{IDLE_IN_TRANSACTION_SECONDS}s"
        assert theirs == "9s"  # the URL's own options are kept
    finally:
        database.dispose()
