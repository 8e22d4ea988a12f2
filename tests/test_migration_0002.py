"""Migration 0002 (distribution list): a database made by the first release keeps its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from spp_tui.db.database import open_database
from spp_tui.db.migrate import alembic_config
from spp_tui.db.preflight import check_sqlite_file, head_revision


def _database_at(path: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
    engine.dispose()


def _rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_0001_database_with_data_upgrades_to_0002_with_data_intact(db_path: Path) -> None:
    _database_at(db_path, "0001")
    con = sqlite3.connect(db_path)
    now = "2023-03-07 09:00:00.000000"
    con.execute(
        "INSERT INTO agency (id, name, short_name, email, signed_isa, is_partner, created_at) "
        "VALUES (1, 'Cross Keys Homes', 'CKH', 'psg@ckh.example.org', 1, 1, ?)",
        (now,),
    )
    con.execute(
        "INSERT INTO person (id, name, agency_id, role, email, active, created_at) "
        "VALUES (1, 'Rebecca Moore', 1, 'Tenancy', '', 1, ?)",
        (now,),
    )
    con.execute(
        "INSERT INTO meeting (id, kind, date, planned_start, planned_end, venue, status, marking,"
        " previous_minutes_corrections, aob_notes, version, created_at, updated_at) VALUES "
        "(1, 'PSG', '2023-03-07', '10:00:00', '12:00:00', 'Room 2', 'minutes approved',"
        " 'OFFICIAL-SENSITIVE', '', '', 3, ?, ?)",
        (now, now),
    )
    con.execute(
        "INSERT INTO action (id, reference, meeting_id, text, owner_id, owner_agency_id, due_on,"
        " status, version, created_at, updated_at) VALUES (1, 'A-2023-001', 1,"
        " 'Check tenancy conditions', 1, 1, '2023-04-04', 'open', 1, ?, ?)",
        (now, now),
    )
    con.commit()
    con.close()
    before = {
        table: _rows(db_path, f"SELECT * FROM {table} ORDER BY 1")
        for table in ("agency", "person", "meeting", "action")
    }
    assert check_sqlite_file(db_path).revision == "0001"

    db = open_database(str(db_path))  # the app upgrades on open
    db.dispose()

    assert check_sqlite_file(db_path).revision == head_revision()  # 0002 and later
    for table, rows in before.items():
        assert _rows(db_path, f"SELECT * FROM {table} ORDER BY 1") == rows, table
    assert _rows(db_path, "SELECT count(*) FROM distributionentry") == [(0,)]


def test_the_distribution_list_refuses_an_agency_twice_in_one_series(db_path: Path) -> None:
    open_database(str(db_path)).dispose()
    con = sqlite3.connect(db_path)
    con.execute(
        "INSERT INTO agency (id, name, short_name, email, signed_isa, is_partner, created_at) "
        "VALUES (1, 'Cross Keys Homes', 'CKH', '', 1, 1, '2023-01-01 00:00:00')"
    )
    insert = (
        "INSERT INTO distributionentry (series, agency_id, email, created_at) "
        "VALUES (?, 1, '', '2023-01-01 00:00:00')"
    )
    con.execute(insert, ("PSG",))
    con.execute(insert, ("Youth PSG",))
    try:
        con.execute(insert, ("PSG",))
    except sqlite3.IntegrityError:
        duplicate_refused = True
    else:
        duplicate_refused = False
    con.close()
    assert duplicate_refused


def test_downgrade_to_0001_drops_only_the_distribution_list(db_path: Path) -> None:
    open_database(str(db_path)).dispose()
    engine = create_engine(f"sqlite:///{db_path}")
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0001")
    engine.dispose()
    tables = {r[0] for r in _rows(db_path, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert "distributionentry" not in tables
    assert {"meeting", "action", "agency"} <= tables
    assert check_sqlite_file(db_path).revision == "0001"
