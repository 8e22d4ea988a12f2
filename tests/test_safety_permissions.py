"""Files spp-tui writes hold personal data: readable by the user alone (0600) on POSIX."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from cli_run import run_cli

from spp_tui.db.backup import make_backup, restore_database
from spp_tui.db.database import Database, open_database
from spp_tui.db.services import meetings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_database_and_its_wal_files_are_private_from_the_start(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # the usual default: new files readable by everyone
    path = tmp_path / "new.sqlite3"
    db = open_database(str(path))
    os.umask(previous)
    try:
        meetings.create_meeting(db, "PSG", dt.date(2023, 4, 4))
        side_files = [Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(p.exists() for p in side_files)  # the latest edits live here until checkpoint
        assert [mode(p) for p in (path, *side_files)] == [0o600, 0o600, 0o600]
    finally:
        db.dispose()


def test_an_existing_world_readable_database_is_made_private_on_open(
    demo_db_path: Path,
) -> None:
    demo_db_path.chmod(0o644)
    db = open_database(str(demo_db_path))
    try:
        scheduled = next(m for m in meetings.list_meetings(db) if m.status == "scheduled")
        meetings.update_meeting(db, scheduled.id, venue="Town Hall, Bridge Street")
        assert mode(demo_db_path) == 0o600
        assert mode(Path(f"{demo_db_path}-wal")) == 0o600
    finally:
        db.dispose()


def test_demo_command_creates_a_private_database(tmp_path: Path) -> None:
    path = tmp_path / "cli.sqlite3"
    assert run_cli("demo", "--db", str(path)).returncode == 0
    assert mode(path) == 0o600


def test_backups_and_restored_databases_are_private(demo_db: Database, tmp_path: Path) -> None:
    backup = make_backup(demo_db)
    assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
    out = make_backup(demo_db, tmp_path / "chosen.sqlite3")
    assert mode(out) == 0o600
    fresh = tmp_path / "restored.sqlite3"
    restore_database(out, fresh)
    assert mode(fresh) == 0o600


def test_exports_are_private(demo_db_path: Path, tmp_path: Path) -> None:
    csv_out = tmp_path / "audit.csv"
    assert run_cli("audit", "--db", str(demo_db_path), "--out", str(csv_out)).returncode == 0
    assert mode(csv_out) == 0o600
    from spp_tui.exports.minutes import export_minutes

    db = open_database(str(demo_db_path))
    try:
        docx = export_minutes(db, 1, tmp_path / "minutes.docx")
    finally:
        db.dispose()
    assert mode(docx) == 0o600
    # Overwriting an export that someone made world-readable makes it private again.
    docx.chmod(0o644)
    db = open_database(str(demo_db_path))
    try:
        assert mode(export_minutes(db, 1, docx)) == 0o600
    finally:
        db.dispose()


def test_every_folder_the_app_creates_is_private(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Default export folder (and its missing parents), backups folder, audit folder, every
    circulation folder (the top one too) and a new data folder: 0700 under the usual umask."""
    from spp_tui.exports.audit_trail import export_audit_trail
    from spp_tui.exports.circulation import circulate
    from spp_tui.exports.minutes import export_minutes
    from spp_tui.paths import data_dir, documents_export_dir

    previous = os.umask(0o022)
    try:
        documents = tmp_path / "home" / "Documents"
        monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
        docx = export_minutes(demo_db, 1)
        assert docx.parent == documents_export_dir()
        assert [mode(p) for p in (documents, documents_export_dir())] == [0o700, 0o700]
        assert mode(docx) == 0o600
        csv_path, _ = export_audit_trail(demo_db)
        assert mode(csv_path.parent) == 0o700 and mode(csv_path) == 0o600
        backup = make_backup(demo_db)
        assert mode(backup.parent) == 0o700 and mode(backup) == 0o600
        march = meetings.resolve_meeting(demo_db, "2023-03-07")
        out = tmp_path / "new" / "circulation"
        result = circulate(demo_db, march.id, out)
        folders = [out.parent, out, *(s.folder for s in result.sets)]
        assert {mode(p) for p in folders} == {0o700}
        files = [p for p in out.rglob("*") if p.is_file()]
        assert len(files) > 2 and {mode(p) for p in files} == {0o600}
        assert not data_dir().exists()
        db = open_database(str(data_dir() / "spp-tui.sqlite3"), create_parent=True)
        db.dispose()
        assert mode(data_dir()) == 0o700 and mode(data_dir().parent) == 0o700
    finally:
        os.umask(previous)


def test_audit_out_takes_a_folder_like_export(demo_db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "trail"
    folder.mkdir()
    result = run_cli("audit", "--db", str(demo_db_path), "--out", str(folder))
    assert result.returncode == 0, result.stderr
    written = folder / "all-audit-trail.csv"
    assert f"entries written to {written}" in result.stderr
    from spp_tui.db.services.audit_log import AUDIT_CSV_COLUMNS

    lines = written.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == ",".join(AUDIT_CSV_COLUMNS) and len(lines) > 10
    assert mode(written) == 0o600
