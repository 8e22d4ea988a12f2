"""Opening the database: migrations, pragmas, refusals that leave the file untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from spp_tui.db.database import open_database
from spp_tui.db.preflight import head_revision, known_revisions
from spp_tui.errors import DatabaseOpenError, NewerDatabaseError


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrations_create_every_table_on_an_empty_file(db_path: Path) -> None:
    db_path.touch()  # an empty file is a new database
    db = open_database(str(db_path))
    db.dispose()
    con = sqlite3.connect(db_path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    con.close()
    assert {
        "meeting",
        "agendaitem",
        "attendance",
        "case",
        "caseparty",
        "casediscussion",
        "action",
        "actionupdate",
        "auditentry",
        "agency",
        "person",
        "setting",
    } <= tables
    assert revision == head_revision() == known_revisions()[-1]


def test_sqlite_pragmas_wal_foreign_keys_busy_timeout(db) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_reopening_an_up_to_date_database_skips_alembic(db_path: Path) -> None:
    open_database(str(db_path)).dispose()
    import subprocess
    import sys

    code = (
        "import sys\nfrom spp_tui.db.database import open_database\n"
        f"open_database({str(db_path)!r}).dispose()\n"
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_newer_version_is_refused_and_left_untouched(db_path: Path) -> None:
    open_database(str(db_path)).dispose()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = _digest(db_path)
    with pytest.raises(NewerDatabaseError, match="newer version of spp-tui"):
        open_database(str(db_path))
    assert _digest(db_path) == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: p.write_text("minutes.docx, not a database"), "not an SQLite database"),
    ],
)
def test_bad_files_are_refused_in_one_line(tmp_path: Path, make, message: str) -> None:
    target = tmp_path / "thing"
    make(target)
    with pytest.raises(DatabaseOpenError, match=message) as info:
        open_database(str(target))
    assert "\n" not in str(info.value)


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="does not exist"):
        open_database(str(tmp_path / "no" / "such" / "psg.sqlite3"))
    assert not (tmp_path / "no").exists()


def test_foreign_sqlite_database_is_not_touched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()
    before = _digest(other)
    with pytest.raises(DatabaseOpenError, match="not an spp-tui one"):
        open_database(str(other))
    assert _digest(other) == before


def test_truncated_database_is_refused(demo_db_path: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    shutil.copyfile(demo_db_path, damaged)
    data = damaged.read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    before = _digest(damaged)
    with pytest.raises(DatabaseOpenError, match="damaged or truncated"):
        open_database(str(damaged))
    assert _digest(damaged) == before
