"""The stdlib read that fills the home list before the ORM loads must match the service."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from spp_tui.db.quick_read import home_meetings
from spp_tui.db.services import meetings


def test_quick_read_matches_the_home_service_order_and_fields(demo_db, demo_db_path) -> None:
    meetings.start_meeting(demo_db, meetings.resolve_meeting(demo_db, "next").id)
    meetings.create_meeting(demo_db, "Youth PSG", dt.date(2023, 5, 16))
    quick = home_meetings(str(demo_db_path))
    full = meetings.list_meetings(demo_db)
    assert quick is not None and len(quick) == len(full) == 6
    assert [row[0] for row in quick] == [m.id for m in full]
    first = quick[0]
    assert first[4] == "in progress" and first[2] == dt.date(2023, 4, 4)
    assert first[3] == dt.time(10, 0) and first[7] == "Sarah Whitfield"


def test_quick_read_declines_what_it_cannot_read_safely(tmp_path: Path, demo_db_path) -> None:
    assert home_meetings("postgresql://example/psg") is None
    assert home_meetings(str(tmp_path / "missing.sqlite3")) is None
    assert home_meetings(str(tmp_path)) is None  # a folder
    con = sqlite3.connect(demo_db_path)
    con.execute("UPDATE alembic_version SET version_num = '0001'")  # needs a migration first
    con.commit()
    con.close()
    assert home_meetings(str(demo_db_path)) is None
