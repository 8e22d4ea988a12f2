"""Disk full and read-only folders (issue 12 item 5): one line, nothing confirmed lost, and a
healthy file is never called damaged.

A real full disk is a small tmpfs mounted for the test (needs root, as CI runs; skipped
otherwise). Inside one process, SQLite's own SQLITE_FULL is produced by capping the file
with ``PRAGMA max_page_count``: the same error a full disk gives, at the same layer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from test_safety_bad_input import assert_one_line, read_only, run_spp_tui

from spp_tui.db.backup import check_backup_file
from spp_tui.db.database import Database
from spp_tui.db.preflight import integrity_problem
from spp_tui.db.services import actions, directory, meetings
from spp_tui.errors import DISK_FULL, DiskFullError


@contextlib.contextmanager
def capped(db: Database) -> Iterator[None]:
    """Every new connection of ``db`` may not grow the file: SQLITE_FULL on the next page."""

    def cap(dbapi_connection, _record) -> None:  # noqa: ANN001 - sqlite3 connection
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(db.engine, "connect", cap)
    db.engine.dispose()
    try:
        yield
    finally:
        event.remove(db.engine, "connect", cap)
        db.engine.dispose()


def test_a_save_on_a_full_disk_says_so_keeps_what_was_saved_and_works_once_freed(
    demo_db: Database,
) -> None:
    scheduled = next(m for m in meetings.list_meetings(demo_db) if m.status == "scheduled")
    owner = directory.list_people(demo_db)[0].id
    meetings.update_meeting(demo_db, scheduled.id, aob_notes="saved before the disk filled")
    typed = "Long note pasted in: " + "the residents' letter " * 2000
    with capped(demo_db):
        with pytest.raises(DiskFullError) as caught:
            meetings.update_meeting(demo_db, scheduled.id, aob_notes=typed)
        assert str(caught.value) == DISK_FULL
        with pytest.raises(DiskFullError):
            for n in range(200):  # the audit trail grows with every action: soon full
                actions.create_action(
                    demo_db,
                    f"Action {n} " + "x" * 500,
                    owner,
                    dt.date(2023, 5, 2),
                    meeting_id=scheduled.id,
                )
        assert meetings.get_meeting(demo_db, scheduled.id).aob_notes == (
            "saved before the disk filled"
        )
    assert integrity_problem(demo_db.path) == ""
    meetings.update_meeting(demo_db, scheduled.id, aob_notes=typed)  # the retry, once freed
    assert meetings.get_meeting(demo_db, scheduled.id).aob_notes == typed


# --- a real full disk ----------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs of our own (root only)."""
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small disk needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path) -> Path:
    """Fill ``disk`` to the last byte; returns the filler to delete to free it."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as fh:
        for chunk in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    fh.write(b"\0" * chunk)
    return filler


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    text = result.stdout + result.stderr
    assert "Traceback" not in text and "Exception ignored" not in text, text


def test_demo_on_a_full_disk_is_one_line_and_the_file_is_not_called_damaged(
    small_disk: Path,
) -> None:
    target = small_disk / "psg.sqlite3"
    result = run_spp_tui("--db", str(target), "demo")
    assert_no_traceback(result)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "disk" in result.stderr and "damaged" not in result.stderr
    # Whatever the state the disk left it in, every command now says "cannot write", never
    # "damaged", and SQLite's own check agrees the file is healthy.
    again = run_spp_tui("--db", str(target), "check", "last")
    assert_no_traceback(again)
    assert "damaged" not in again.stderr, again.stderr
    if target.exists() and target.stat().st_size:
        assert integrity_problem(target) in ("", "disk I/O error")


def test_exports_on_a_full_disk_are_one_line_and_leave_nothing(
    small_disk: Path, demo_db_path: Path
) -> None:
    fill(small_disk)
    before = sorted(p.name for p in small_disk.iterdir())
    runs = {
        "minutes": ["export", "minutes", "last", "--out", str(small_disk / "m.docx")],
        "actions": ["export", "actions", "--out", str(small_disk / "a.docx")],
        "audit": ["audit", "--out", str(small_disk / "trail.csv")],
    }
    for name, args in runs.items():
        result = run_spp_tui("--db", str(demo_db_path), *args)
        assert_no_traceback(result)
        line = assert_one_line(result, "the disk is full")
        assert "nothing was written" in line, (name, line)
    assert sorted(p.name for p in small_disk.iterdir()) == before


def test_circulate_on_a_full_disk_is_one_error_line(small_disk: Path, demo_db_path: Path) -> None:
    fill(small_disk)
    result = run_spp_tui(
        "--db", str(demo_db_path), "circulate", "last", "--out", str(small_disk / "out")
    )
    assert_no_traceback(result)
    assert result.returncode == 2
    errors = [x for x in result.stderr.splitlines() if x.startswith("spp-tui: error: ")]
    assert len(errors) == 1 and "the disk is full" in errors[0], result.stderr
    assert all(x.startswith("spp-tui: ") for x in result.stderr.strip().splitlines())


def test_a_database_on_a_disk_that_fills_is_never_called_damaged(
    small_disk: Path, demo_db_path: Path
) -> None:
    target = small_disk / "psg.sqlite3"
    shutil.copyfile(demo_db_path, target)
    filler = fill(small_disk)
    for args in (["check", "last"], ["backup"], ["demo"]):
        result = run_spp_tui("--db", str(target), *args)
        assert_no_traceback(result)
        assert result.returncode == 2, (args, result.stderr)
        assert "damaged" not in result.stderr, (args, result.stderr)
    filler.unlink()
    result = run_spp_tui("--db", str(target), "check", "last")
    assert result.returncode in (0, 1), result.stderr  # gaps listed: the file is fine
    assert integrity_problem(target) == ""
    con = sqlite3.connect(target)
    assert con.execute("SELECT COUNT(*) FROM meeting").fetchone()[0] == 5
    con.close()


# --- a read-only folder ------------------------------------------------------------------


def test_a_database_in_a_read_only_folder_is_refused_in_one_line(demo_db_path: Path) -> None:
    folder = demo_db_path.parent / "shared"
    folder.mkdir()
    target = folder / "psg.sqlite3"
    shutil.copyfile(demo_db_path, target)
    with read_only(folder):
        for args in ([], ["check", "last"], ["demo"]):
            result = run_spp_tui("--db", str(target), *args)
            assert_one_line(result, "is in a folder spp-tui cannot write to")
        assert sorted(p.name for p in folder.iterdir()) == ["psg.sqlite3"]
        # ...but a backup kept there can still be checked and restored from.
        assert check_backup_file(target).meetings == 5
