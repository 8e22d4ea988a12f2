"""Old copies of purged text: the bytes a committed purge leaves in the store until nobody can
read them any more, and the work that clears them.

A session that was reading when the purge committed may still see the old rows, so the store
keeps them for it: SQLite in its main file (the checkpoint cannot copy the new pages over them
while that reader lasts), PostgreSQL as dead row versions that even VACUUM FULL copies into the
rewritten table. On PostgreSQL that is also true of any transaction on the whole server (in
any database) that began before the purge and is still running: every snapshot taken
meanwhile, the rewrite's own included, still counts it as running, so it could still see the
rows the purge changed (a test once found a purged name left in the pages because another
database's transaction was running). So the purge waits a while for all of these to end,
then clears what it can, and says how many were still there: the caller can tell the user,
and clearing again later (``clear_old_copies``) finishes the job.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from spp_tui.db.database import Database

log = logging.getLogger(__name__)

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
    """Within the purge's transaction on PostgreSQL: its transaction id (64-bit), so what began
    before it committed can be told from what began after. None on SQLite."""
    if conn.dialect.name == "sqlite":
        return None
    return int(conn.exec_driver_sql("SELECT txid_current()").scalar_one())


def clear_old_copies(db: Database, marker: int | None = None) -> int:
    """Clear the old copies a purge left: wait up to ``WAIT_FOR_READERS_S`` for what began
    before it, then checkpoint (SQLite) or rewrite the purged tables (PostgreSQL). Returns how
    many sessions or transactions still held old copies (0: none is left). ``marker`` is the
    purge's ``purge_marker``; without one (clearing later), whatever began before now counts.
    The purge has committed by now, so a failure here is told as copies left, not raised: the
    user is asked to clear again later, which is true."""
    try:
        return _clear(db, marker)
    except SQLAlchemyError:
        log.warning("clearing the old copies of purged text failed", exc_info=True)
        return 1


def _clear(db: Database, marker: int | None) -> int:
    deadline = time.monotonic() + WAIT_FOR_READERS_S
    if db.is_sqlite:
        while (busy := _checkpoint(db)) and time.monotonic() < deadline:
            _pause()
        return busy
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if marker is None:
            marker = int(
                conn.exec_driver_sql(
                    "SELECT txid_snapshot_xmax(txid_current_snapshot()) - 1"
                ).scalar_one()
            )
        while (holders := _holders(conn, marker)) and time.monotonic() < deadline:
            _pause()
        # With one left, a rewrite would copy the old rows too: leave it for later.
        return holders or _rewrite(conn, marker)


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


def _rewrite(conn: Connection, marker: int) -> int:
    """VACUUM FULL writes each purged table afresh, without the rows no snapshot can see any
    more; what still held them once it has run (0 once the wait above was enough)."""
    conn.exec_driver_sql(f"SET lock_timeout = '{_LOCK_TIMEOUT}'")
    tables = ", ".join(f'"{name}"' for name in PURGED_TABLES)
    try:
        conn.exec_driver_sql(f"VACUUM (FULL, ANALYZE) {tables}")
    except OperationalError:  # a session held a table lock past the timeout
        return max(_holders(conn, marker), 1)
    return _holders(conn, marker)


def _holders(conn: Connection, marker: int) -> int:
    """What could still see the rows as they were before the purge (transaction ``marker``):
    sessions of this database whose snapshot goes back that far (autovacuum's ANALYZE too),
    plus 1 while any transaction on the server that began before it is still running (every
    new snapshot's oldest running transaction is then that one)."""
    query = text(
        "SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL "
        "AND age(backend_xmin) >= age(mod(:marker, 4294967296)::text::xid)) "
        "+ CASE WHEN txid_snapshot_xmin(txid_current_snapshot()) <= :marker THEN 1 ELSE 0 END"
    )
    return int(conn.execute(query, {"marker": marker}).scalar_one())
