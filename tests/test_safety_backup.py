"""Backups: consistent online copies, the automatic one at meeting start, rotation, restore."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import sqlite3
import sys
from pathlib import Path

import pytest
from cli_run import run_cli

from spp_tui.db import backup as backup_mod
from spp_tui.db.backup import (
    KEEP_AUTOMATIC,
    BackupError,
    auto_backup,
    automatic_backups,
    backup_folder_for,
    check_backup_file,
    make_backup,
    restore_database,
)
from spp_tui.db.database import Database, open_database
from spp_tui.db.models import Meeting, MeetingStatus
from spp_tui.db.services import meetings
from spp_tui.paths import backups_dir, default_db_path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        con.close()


def scheduled_meeting_id(db: Database) -> int:
    return next(m.id for m in meetings.list_meetings(db) if m.status == MeetingStatus.SCHEDULED)


def test_backup_copies_every_commit_even_those_still_in_the_wal(
    demo_db: Database, tmp_path: Path
) -> None:
    """A commit that lives only in the -wal file (not yet checkpointed) is in the backup."""
    meeting_id = scheduled_meeting_id(demo_db)
    meetings.update_meeting(demo_db, meeting_id, aob_notes="only in the WAL so far")
    assert Path(f"{demo_db.path}-wal").stat().st_size > 0
    out = make_backup(demo_db, tmp_path / "copy.sqlite3")
    con = sqlite3.connect(out)
    notes = con.execute("SELECT aob_notes FROM meeting WHERE id = ?", (meeting_id,)).fetchone()[0]
    mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    con.close()
    assert notes == "only in the WAL so far"
    assert mode == "delete"  # one self-contained file, nothing to forget beside it
    assert not Path(f"{out}-wal").exists()
    assert check_backup_file(out).meetings == count(demo_db.path, "meeting")


def test_backup_while_another_connection_is_writing(demo_db: Database, tmp_path: Path) -> None:
    """The other instance holding the write lock mid-transaction does not stop a backup, and
    the backup holds the last committed state, not the half-done transaction."""
    other = sqlite3.connect(demo_db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE meeting SET venue = 'uncommitted' WHERE id = 1")
    try:
        out = make_backup(demo_db, tmp_path / "during-write.sqlite3")
    finally:
        other.execute("ROLLBACK")
        other.close()
    con = sqlite3.connect(out)
    venues = {row[0] for row in con.execute("SELECT venue FROM meeting")}
    con.close()
    assert "uncommitted" not in venues
    assert backup_mod.integrity_problem(out) == ""


def test_backup_never_leaves_a_half_written_file(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "b.sqlite3"
    out.write_bytes(b"an older backup")
    monkeypatch.setattr(backup_mod, "integrity_problem", lambda _p: "page 3 is never used")
    with pytest.raises(BackupError, match="failed its check"):
        make_backup(demo_db, out)
    assert out.read_bytes() == b"an older backup"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_backup_refuses_to_overwrite_the_database_itself(demo_db: Database) -> None:
    before = sha(demo_db.path)
    with pytest.raises(BackupError, match="cannot overwrite the database"):
        make_backup(demo_db, demo_db.path)
    assert sha(demo_db.path) == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_backups_are_private(demo_db: Database) -> None:
    path = make_backup(demo_db)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_custom_database_backs_up_beside_itself_default_in_the_backups_folder(
    tmp_path: Path,
) -> None:
    custom = tmp_path / "team" / "psg.sqlite3"
    assert backup_folder_for(custom) == tmp_path / "team" / "psg-backups"
    assert backup_folder_for(default_db_path()) == backups_dir()


def test_starting_a_meeting_makes_an_automatic_backup_once(demo_db: Database) -> None:
    meeting_id = scheduled_meeting_id(demo_db)
    assert automatic_backups(demo_db.path) == []
    meetings.start_meeting(demo_db, meeting_id)
    made = automatic_backups(demo_db.path)
    assert len(made) == 1
    # The backup is a full, healthy copy with the meeting already marked started.
    assert check_backup_file(made[0]).meetings == count(demo_db.path, "meeting")
    # Resuming a meeting in progress does not make another one.
    meetings.start_meeting(demo_db, meeting_id)
    assert len(automatic_backups(demo_db.path)) == 1
    from spp_tui.db.services.audit_log import audit_entries

    audited = audit_entries(demo_db, entity="database")
    assert audited[0].operation == "backup"
    assert str(automatic_backups(demo_db.path)[0]) in audited[0].summary


def test_automatic_backups_keep_the_last_ten_and_spare_manual_ones(demo_db: Database) -> None:
    manual = make_backup(demo_db)
    created = [auto_backup(demo_db) for _ in range(KEEP_AUTOMATIC + 3)]
    assert all(created)
    kept = automatic_backups(demo_db.path)
    assert kept == created[-KEEP_AUTOMATIC:]
    assert not any(p.exists() for p in created[:3])
    assert manual.exists()


def test_meeting_starts_even_when_the_backup_cannot_be_made(
    demo_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    # A file where the backups folder should be: the folder cannot be created.
    backup_folder_for(demo_db.path).write_text("in the way")
    meeting_id = scheduled_meeting_id(demo_db)
    with caplog.at_level(logging.WARNING, logger="spp_tui.db.backup"):
        started = meetings.start_meeting(demo_db, meeting_id)
    assert started.status == MeetingStatus.IN_PROGRESS
    assert meetings.get_meeting(demo_db, meeting_id).status == MeetingStatus.IN_PROGRESS
    assert "automatic backup before the meeting failed" in caplog.text


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(
    demo_db_path: Path, tmp_path: Path
) -> None:
    db = open_database(str(demo_db_path))
    good = make_backup(db, tmp_path / "good.sqlite3")
    meeting_id = scheduled_meeting_id(db)
    meetings.update_meeting(db, meeting_id, venue="changed after the backup")
    db.dispose()
    backup_hash = sha(good)

    result = run_cli("restore", str(good), "--db", str(demo_db_path), "--yes")
    assert result.returncode == 0, result.stderr
    assert "restored" in result.stdout and "was kept as" in result.stdout
    assert sha(good) == backup_hash  # the backup file itself is never modified
    db = open_database(str(demo_db_path))
    try:
        assert meetings.get_meeting(db, meeting_id).venue != "changed after the backup"
        with db.read() as s:
            assert s.get(Meeting, meeting_id) is not None
        from spp_tui.db.services.audit_log import audit_entries

        assert audit_entries(db, entity="database")[0].operation == "restore"
    finally:
        db.dispose()
    kept = next(backup_folder_for(demo_db_path).glob("*before-restore*.sqlite3"))
    con = sqlite3.connect(kept)
    venue = con.execute("SELECT venue FROM meeting WHERE id = ?", (meeting_id,)).fetchone()[0]
    con.close()
    assert venue == "changed after the backup"


def test_restore_asks_and_no_means_nothing_changes(demo_db_path: Path, tmp_path: Path) -> None:
    db = open_database(str(demo_db_path))
    good = make_backup(db, tmp_path / "good.sqlite3")
    meetings.update_meeting(db, scheduled_meeting_id(db), venue="keep me")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    before = sha(demo_db_path)
    # stdin is a pipe, not a terminal: without --yes it refuses rather than guess.
    refused = run_cli("restore", str(good), "--db", str(demo_db_path), stdin="y\n")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "spp-tui: error: not running in a terminal, so nobody can confirm; add --yes to go ahead."
    ]
    assert sha(demo_db_path) == before


def test_restore_while_another_instance_has_the_file_open(
    demo_db: Database, tmp_path: Path
) -> None:
    """The open instance sees the restored data on its next read; the old WAL is not replayed."""
    meeting_id = scheduled_meeting_id(demo_db)
    good = make_backup(demo_db, tmp_path / "good.sqlite3")
    meetings.update_meeting(demo_db, meeting_id, venue="after backup")
    restore_database(good, demo_db.path)
    assert meetings.get_meeting(demo_db, meeting_id).venue != "after backup"
    assert backup_mod.integrity_problem(demo_db.path) == ""
    meetings.update_meeting(demo_db, meeting_id, venue="edited after restore")
    assert meetings.get_meeting(demo_db, meeting_id).venue == "edited after restore"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 a Word document"), "is not an SQLite database"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(), "not an"),
        (lambda p: None, "does not exist"),
    ],
    ids=["word-file", "foreign-sqlite", "missing"],
)
def test_restore_refuses_a_file_that_is_not_a_backup(
    demo_db_path: Path, tmp_path: Path, make, message: str
) -> None:
    bad = tmp_path / "bad.sqlite3"
    make(bad)
    bad_hash = sha(bad) if bad.exists() else None
    before = sha(demo_db_path)
    result = run_cli("restore", str(bad), "--db", str(demo_db_path), "--yes")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert sha(demo_db_path) == before
    assert (sha(bad) if bad.exists() else None) == bad_hash


def test_restore_refuses_a_damaged_backup(demo_db_path: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(demo_db_path.read_bytes())
    page = 4096
    data[page * 5 : page * 5 + 200] = b"\xff" * 200  # scribble over a b-tree page
    damaged.write_bytes(bytes(data))
    before = sha(demo_db_path)
    result = run_cli("restore", str(damaged), "--db", str(demo_db_path), "--yes")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "damaged" in result.stderr
    assert sha(demo_db_path) == before


def test_backup_command_and_its_audit_entry(demo_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "manual.sqlite3"
    result = run_cli("backup", "--db", str(demo_db_path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"backup written: {out}"
    assert check_backup_file(out).cases == count(demo_db_path, "case")
    con = sqlite3.connect(demo_db_path)
    last = con.execute(
        "SELECT operation, summary FROM auditentry ORDER BY id DESC LIMIT 1"
    ).fetchone()
    con.close()
    assert last == ("backup", f"backup written to {out}")


def test_backup_to_a_missing_folder_is_one_line(demo_db_path: Path, tmp_path: Path) -> None:
    result = run_cli(
        "backup", "--db", str(demo_db_path), "--out", str(tmp_path / "nowhere" / "b.sqlite3")
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"spp-tui: error: the folder {tmp_path / 'nowhere'} does not exist."
    ]


def test_backup_names_sort_by_time_even_within_one_microsecond(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = dt.datetime(2023, 4, 4, 9, 59, tzinfo=dt.UTC)
    monkeypatch.setattr(
        backup_mod, "_timestamp", lambda now=None: frozen.strftime("%Y%m%dT%H%M%S%fZ")
    )
    paths = [auto_backup(demo_db) for _ in range(3)]
    assert len(set(paths)) == 3
    assert automatic_backups(demo_db.path) == paths


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")
def test_restore_in_a_terminal_asks_and_yes_restores(demo_db_path: Path, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    db = open_database(str(demo_db_path))
    good = make_backup(db, tmp_path / "good.sqlite3")
    meeting_id = scheduled_meeting_id(db)
    meetings.update_meeting(db, meeting_id, venue="typed after the backup")
    db.dispose()
    child = pexpect.spawn(
        sys.executable,
        ["-m", "spp_tui", "restore", str(good), "--db", str(demo_db_path)],
        env=os.environ.copy(),
        encoding="utf-8",
        timeout=60,
    )
    child.expect(r"Replace everything in .* with this backup\? \[y/N\]")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    db = open_database(str(demo_db_path))
    try:
        assert meetings.get_meeting(db, meeting_id).venue != "typed after the backup"
    finally:
        db.dispose()
