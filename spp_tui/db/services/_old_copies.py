"""Old copies of purged text: the bytes a committed purge leaves in the store until nobody can
read them any more, and the work that clears them.

A session that was reading when the purge committed may still see the old rows, so the store
keeps them for it: SQLite in its main file (the checkpoint cannot copy the new pages over them
while that reader lasts), PostgreSQL as dead row versions that even VACUUM FULL copies into the
rewritten table. So the purge waits a while for such readers to finish, then clears what it
can, and says how many were still reading: the caller can tell the user, and clearing again
later (``clear_old_copies``) finishes the job.
"""

from __future__ import annotations

import time

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from spp_tui.db.database import Database

#: How long a purge waits for earlier readers to finish before clearing what it can.
WAIT_FOR_READERS_S = 10.0
#: Between two looks at the readers.
_LOOK_EVERY_S = 0.2
#: A PostgreSQL rewrite waits at most this long for a table lock a reader holds.
_LOCK_TIMEOUT = "5s"

#: Tables a purge changes; on PostgreSQL they are rewritten (VACUUM FULL).
PURGED_TABLES = ("case", "caseparty", "casediscussion", "action", "actionupdate", "auditentry")


def _pause() -> None:
    """Between looks at the readers (a seam: tests end a reader here instead of sleeping)."""
    time.sleep(_LOOK_EVERY_S)


def purge_marker(conn: Connection) -> int | None:
    """Within the purge's transaction on PostgreSQL: its transaction id, so the readers that
    began before it committed can be told from those after. None on SQLite."""
    if conn.dialect.name == "sqlite":
        return None
    return int(conn.exec_driver_sql("SELECT txid_current()").scalar_one())


def clear_old_copies(db: Database, marker: int | None = None) -> int:
    """Clear the old copies a purge left: wait up to ``WAIT_FOR_READERS_S`` for earlier readers,
    then checkpoint (SQLite) or rewrite the purged tables (PostgreSQL). Returns how many
    sessions still held old copies (0: none is left). ``marker`` is the purge's
    ``purge_marker``; without one every other reader of the database counts."""
    deadline = time.monotonic() + WAIT_FOR_READERS_S
    if db.is_sqlite:
        while (busy := _checkpoint(db)) and time.monotonic() < deadline:
            _pause()
        return busy
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        while (readers := _earlier_readers(conn, marker)) and time.monotonic() < deadline:
            _pause()
        # With such a reader left, a rewrite would copy the old rows too: leave it for later.
        return readers or _rewrite(conn, marker)


def _checkpoint(db: Database) -> int:
    """Fold the WAL into the main file without waiting (busy_timeout 0 for this one call);
    1 if a reader kept it from finishing. SQLite zeroes freed space (secure_delete), so once
    the checkpoint is done no old page image is left on disk."""
    with db.engine.connect() as conn:
        busy_ms = conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
        conn.exec_driver_sql("PRAGMA busy_timeout = 0")
        try:
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(busy_ms)}")
    return 1 if busy else 0


def _rewrite(conn: Connection, marker: int | None) -> int:
    """VACUUM FULL writes each purged table afresh, but keeps a dead row that a snapshot from
    before the purge may still see; so the count of such sessions after it is what is left."""
    conn.exec_driver_sql(f"SET lock_timeout = '{_LOCK_TIMEOUT}'")
    tables = ", ".join(f'"{name}"' for name in PURGED_TABLES)
    try:
        conn.exec_driver_sql(f"VACUUM (FULL, ANALYZE) {tables}")
    except OperationalError:  # a reader held a table lock past the timeout
        return max(_earlier_readers(conn, marker), 1)
    return _earlier_readers(conn, marker)


def _earlier_readers(conn: Connection, marker: int | None) -> int:
    """Other sessions of this database whose oldest snapshot goes back to the purge or before
    (autovacuum's ANALYZE counts: it holds a snapshot too)."""
    older = (
        ""
        if marker is None
        else " AND age(backend_xmin) >= age(mod(:marker, 4294967296)::text::xid)"
    )
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        f"AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL{older}"
    )
    return int(conn.execute(query, {"marker": marker} if marker is not None else {}).scalar_one())
