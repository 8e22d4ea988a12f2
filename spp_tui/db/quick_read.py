"""The home list read with the standard library's sqlite3, before the ORM has loaded.

Why: importing SQLAlchemy and SQLModel takes most of a second on a slow laptop; the chair
should see the meetings at once. This read is plain, portable SQL on a file the preflight has
found up to date; anything else (a URL, a file needing migration) returns None and the home
screen waits for the full database as usual. Read-only: it never writes or migrates.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from spp_tui.db.preflight import check_sqlite_file
from spp_tui.errors import UserError
from spp_tui.paths import parse_db_target

WAITING = ("scheduled", "in progress")


@dataclass(frozen=True)
class MeetingRow:
    """What the home list shows of a meeting (plain data, built in the loading thread)."""

    id: int
    kind: str
    date: dt.date
    start: dt.time
    status: str
    venue: str
    chair_id: int | None
    chair: str
    minute_taker_id: int | None


#: id, kind, date, planned start, status, venue, chair id, chair name, minute-taker id
HomeMeetingTuple = tuple[int, str, dt.date, dt.time, str, str, int | None, str, int | None]

_QUERY = """
SELECT m.id, m.kind, m.date, m.planned_start, m.status, m.venue, m.chair_id, p.name,
       m.minute_taker_id
FROM meeting m LEFT JOIN person p ON p.id = m.chair_id
"""


def home_meetings(target: str, limit: int = 200) -> list[HomeMeetingTuple] | None:
    """Meetings in the home order (as ``meetings.list_meetings``), or None if not possible."""
    try:
        path = parse_db_target(target).path
        if path is None:
            return None
        state = check_sqlite_file(path)
    except UserError:
        return None
    if not state.exists or not state.up_to_date:
        return None
    try:
        from spp_tui.db.share import file_uri

        con = sqlite3.connect(f"{file_uri(path)}?mode=ro", uri=True, timeout=2)
        try:
            rows = con.execute(_QUERY).fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    meetings = [
        (
            mid,
            kind,
            dt.date.fromisoformat(day),
            dt.time.fromisoformat(start),
            status,
            venue or "",
            chair_id,
            chair or "",
            taker_id,
        )
        for mid, kind, day, start, status, venue, chair_id, chair, taker_id in rows
    ]
    upcoming = sorted(
        (m for m in meetings if m[4] in WAITING), key=lambda m: (m[4] != "in progress", m[2])
    )[:limit]
    past = sorted((m for m in meetings if m[4] not in WAITING), key=lambda m: m[2], reverse=True)[
        :limit
    ]
    return upcoming + past
