"""Migration 0004_reference_counter: reference counters seeded from the references already
stored, so the next case or action after an upgrade carries on from the highest number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from spp_tui.db.database import open_database
from spp_tui.db.migrate import alembic_config
from spp_tui.db.services import actions, cases, directory


def test_counters_carry_on_from_the_highest_stored_number(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = open_database(str(path))
    owner = directory.add_person(db, "Sam Patel", None)
    case = cases.create_case(db, "Street drinking at Queensgate", referred_on=dt.date(2023, 2, 1))
    first = actions.create_action(db, "Patrol", owner.id, dt.date(2023, 3, 1), case_id=case.id)
    series = first.reference[: -len("001")]  # A-<year of the action>-
    with db.write() as s:  # references as older versions left them: a gap, a 4-digit number
        conn = s.connection()
        conn.exec_driver_sql(f"UPDATE \"case\" SET reference = 'PSG-2023-009' WHERE id = {case.id}")
        conn.exec_driver_sql(f"UPDATE action SET reference = '{series}0120' WHERE id = {first.id}")
    db.dispose()
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0003_attendance_guest")
        command.upgrade(cfg, "head")
    engine.dispose()

    db = open_database(str(path))
    try:
        assert cases.create_case(db, "Begging", referred_on=dt.date(2023, 4, 1)).reference == (
            "PSG-2023-010"
        )
        nxt = actions.create_action(db, "CCTV", owner.id, dt.date(2023, 4, 1), case_id=case.id)
        assert nxt.reference == f"{series}121"
    finally:
        db.dispose()
