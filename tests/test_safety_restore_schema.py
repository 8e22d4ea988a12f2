"""Restore checks the schema (issue 12 item 7): only a backup whose schema is exactly what
this version's migrations make, and whose rows all point somewhere, is restored."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from test_safety_backup import run_cli

from spp_tui.db.backup import BackupError, check_backup_file
from spp_tui.db.database import open_database
from spp_tui.db.preflight import head_revision, known_revisions
from spp_tui.db.schema_check import read_schema, reference_schema


def _tamper(sql: str, *, foreign_keys: bool = True) -> Callable[[sqlite3.Connection], None]:
    def run(con: sqlite3.Connection) -> None:
        if not foreign_keys:
            con.execute("PRAGMA foreign_keys = OFF")
        con.executescript(sql)

    return run


#: name -> (what is done to a good backup, what the one line names)
TAMPERED = {
    "a trigger rewriting saves": (
        _tamper(
            "CREATE TRIGGER quiet AFTER UPDATE ON action BEGIN "
            "UPDATE action SET text = 'nothing to see' WHERE id = new.id; END;"
        ),
        "an extra trigger quiet, which spp-tui never makes",
    ),
    "a hidden copy of personal data": (
        _tamper(
            "CREATE TABLE shadow (name TEXT);"
            "CREATE TRIGGER copy AFTER INSERT ON caseparty BEGIN "
            "INSERT INTO shadow VALUES (new.name); END;"
        ),
        "an extra table shadow",
    ),
    "a view": (_tamper("CREATE VIEW everyone AS SELECT * FROM person;"), "an extra view everyone"),
    "an extra index": (
        _tamper("CREATE INDEX ix_sneaky ON action (text);"),
        "an extra index ix_sneaky",
    ),
    "the action tables dropped": (
        _tamper("DROP TABLE actionupdate; DROP TABLE action;", foreign_keys=False),
        "the table action is missing",
    ),
    "a column dropped": (
        _tamper("ALTER TABLE meeting DROP COLUMN aob_notes;"),
        "the column meeting.aob_notes is missing",
    ),
    "a column added": (
        _tamper("ALTER TABLE person ADD COLUMN pin TEXT;"),
        "an extra column person.pin",
    ),
    "an index dropped": (
        _tamper("DROP INDEX ix_distributionentry_series;"),
        "the index ix_distributionentry_series is missing",
    ),
    "a row pointing nowhere": (
        _tamper("UPDATE action SET owner_id = 999999 WHERE id = 1;", foreign_keys=False),
        "row 1 of action points at a person that is not there",
    ),
}


def _good_backup(demo_db_path: Path, tmp_path: Path) -> Path:
    good = tmp_path / "good.sqlite3"
    con = sqlite3.connect(demo_db_path)
    try:
        dst = sqlite3.connect(good)
        con.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.close()
    finally:
        con.close()
    return good


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_good_backup_is_accepted(demo_db_path: Path, tmp_path: Path) -> None:
    summary = check_backup_file(_good_backup(demo_db_path, tmp_path))
    assert summary.meetings == 5 and summary.revision == head_revision()


@pytest.mark.parametrize("case", list(TAMPERED))
def test_a_tampered_backup_is_refused_naming_the_difference(
    demo_db_path: Path, tmp_path: Path, case: str
) -> None:
    tamper, fragment = TAMPERED[case]
    bad = _good_backup(demo_db_path, tmp_path)
    con = sqlite3.connect(bad)
    tamper(con)
    con.commit()
    con.close()
    before = sha(bad)
    with pytest.raises(BackupError) as caught:
        check_backup_file(bad)
    message = str(caught.value)
    assert fragment in message and "\n" not in message, message
    assert sha(bad) == before  # checked read-only


def test_restore_of_a_trojan_backup_is_one_line_and_changes_nothing(
    demo_db_path: Path, tmp_path: Path
) -> None:
    bad = _good_backup(demo_db_path, tmp_path)
    con = sqlite3.connect(bad)
    TAMPERED["a trigger rewriting saves"][0](con)
    con.commit()
    con.close()
    before = sha(demo_db_path)
    result = run_cli("restore", str(bad), "--db", str(demo_db_path), "--yes")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "extra trigger quiet" in lines[0], lines
    assert sha(demo_db_path) == before


def test_the_reference_is_what_the_migrations_make(tmp_path: Path) -> None:
    """A fresh database opened by the app has exactly the reference schema; and so would a
    database after any future migration, because the reference is built by running them."""
    db = open_database(str(tmp_path / "fresh.sqlite3"))
    db.dispose()
    con = sqlite3.connect(tmp_path / "fresh.sqlite3")
    try:
        assert read_schema(con) == reference_schema(head_revision())
    finally:
        con.close()
    assert ("table", "action") in reference_schema(head_revision())
    assert not any(kind in ("trigger", "view") for kind, _ in reference_schema(head_revision()))


@pytest.mark.skipif(len(known_revisions()) < 2, reason="only one revision so far")
def test_a_backup_from_an_older_revision_is_checked_against_that_revision(
    tmp_path: Path,
) -> None:
    """An older backup is compared with what the migrations made at *its* revision (restore
    then upgrades it)."""
    from alembic import command

    from spp_tui.db.database import make_engine, sqlite_url
    from spp_tui.db.migrate import alembic_config

    older = known_revisions()[-2]
    path = tmp_path / "older.sqlite3"
    engine = make_engine(sqlite_url(path))
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, older)
    engine.dispose()
    shutil.copyfile(path, tmp_path / "copy.sqlite3")
    assert check_backup_file(path).revision == older
