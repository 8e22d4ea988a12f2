"""Open the database: preflight, engine with SQLite pragmas, migrations, short sessions.

``open_database(target)`` is the one entry point. Nothing here runs at import time: the App
factory and the CLI call it with the URL or path they were given.

Concurrency, the same rule on both engines: writers queue for one write lock (SQLite's BEGIN
IMMEDIATE; on PostgreSQL a transaction-level advisory lock), and every versioned row's UPDATE
carries ``WHERE version = <the version read>`` (the mappers' ``version_id_col``), so an edit
made to a stale copy is refused (``StaleEditError``), never written over a newer one.
Serialisation on the lock means READ COMMITTED writers can neither deadlock nor meet a
serialization failure; a lock wait that lasts too long is retried, then one clear line.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, create_engine

from spp_tui.db import field_checks  # noqa: F401 - registers the date check on every flush
from spp_tui.db.once import mark_written, written
from spp_tui.db.preflight import check_sqlite_file
from spp_tui.db.server import (
    WRITE_LOCK_KEY,
    check_schema,
    connection_problem,
    create_server_engine,
    display_target,
    normalise_url,
)
from spp_tui.db.share import notice_once, on_network_share
from spp_tui.errors import (
    DatabaseBusyError,
    DatabaseOpenError,
    FileHeldError,
    ReadOnlyError,
    StaleEditError,
    remember_secret,
    storage_problem,
)
from spp_tui.paths import parse_db_target, restrict_to_user

BUSY_TIMEOUT_MS = 10_000
#: How many busy timeouts a save waits for the other instance before giving up.
WRITE_LOCK_ATTEMPTS = 3
#: A write that found the lock held and was not allowed to wait (the UI thread).
FILE_HELD = "the file is held by another user (a backup or another spp-tui); nothing was saved yet."
STALE_MESSAGE = "this record was changed elsewhere since you opened it; reload to see the change."
#: SQLSTATEs meaning the server cannot be used now: connection (08), login (28), no database
#: (3D), out of resources (53), shutting down (57), not accepting connections (55000).
_GONE_CLASSES = ("08", "28", "3D", "53", "57")
_GONE_STATES = ("55000",)
#: How long writes in this thread wait for the write lock (``lock_wait``); unset: the default.
_lock_policy = threading.local()


@contextmanager
def lock_wait(ms: int, attempts: int = 1) -> Iterator[None]:
    """Writes in this thread wait at most ``ms`` for the write lock, ``attempts`` times.

    Why: the UI thread must never freeze behind another process's lock (a backup, a second
    instance); it tries without waiting (``ms=0``: ``FileHeldError`` at once) and hands the
    save to a background lane, which waits in short steps so it can be told to stop.
    """
    before = getattr(_lock_policy, "wait", None)
    _lock_policy.wait = (ms, attempts)
    try:
        yield
    finally:
        _lock_policy.wait = before


#: How long a write made on the app's UI thread waits for the lock, whatever made it (a
#: dialog saving directly, a handler): a blink, then a one-line "held" refusal.
UI_LOCK_WAIT_MS = 300
_ui_thread: list[int] = []


def mark_ui_thread(running: bool) -> None:
    """The calling thread is (or no longer is) the app's UI thread: its writes never wait
    longer than ``UI_LOCK_WAIT_MS`` for another process's lock, so the screen never freezes."""
    _ui_thread.clear()
    if running:
        _ui_thread.append(threading.get_ident())


def _lock_wait_now() -> tuple[int, int]:
    policy: tuple[int, int] | None = getattr(_lock_policy, "wait", None)
    if policy is not None:
        return policy
    if _ui_thread and _ui_thread[0] == threading.get_ident():
        return (UI_LOCK_WAIT_MS, 1)
    return (BUSY_TIMEOUT_MS, WRITE_LOCK_ATTEMPTS)


class Database:
    """An engine plus the two kinds of short transaction the services use."""

    def __init__(
        self,
        url: str | URL,
        path: Path | None = None,
        engine: Engine | None = None,
        journal_mode: str = "WAL",
        *,
        read_only: bool = False,
    ) -> None:
        self.url = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
        remember_secret(_password_of(self.url))
        self.path = path
        #: A window that must never change the record (the projector view): every write is
        #: refused here, and the connection itself refuses writes (SQLite query_only).
        self.read_only = read_only
        if engine is None:
            engine = make_engine(url, journal_mode, read_only=read_only)
        self.engine = engine
        #: One line to show the user once (a file on a network share), else None.
        self.notice: str | None = None
        # Writers take SQLite's write lock up front (BEGIN IMMEDIATE) so two instances queue on
        # the busy timeout instead of failing with "database is locked" mid-transaction.
        self._write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_url(self) -> str:
        """Where the data lives, as it may be shown (the password masked)."""
        return display_target(str(self.path) if self.path else self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read-only session; objects stay usable after it closes."""
        with _plain_storage_errors(), Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            except DBAPIError as exc:
                self._raise_if_gone(exc)
                raise

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One short write transaction: commits on success, rolls back on any error.

        A full disk (SQLITE_FULL), a read-only file or an I/O error becomes a one-line
        ``StorageError`` (``DiskFullError`` for the first): nothing of the edit was written,
        the file is intact, and the caller keeps the edit to try again.
        """
        if self.read_only:
            raise ReadOnlyError("this window is read-only; nothing was saved.")
        with (
            _plain_storage_errors(),
            Session(self._write_engine, expire_on_commit=False) as session,
        ):
            try:
                self._take_write_lock(session)
                mark_written(session)  # a replayed one-off: once (``db.once``)
                yield session
                session.commit()
                written()
            except StaleDataError:
                _rollback_quietly(session)
                raise StaleEditError(STALE_MESSAGE) from None
            except DBAPIError as exc:
                _rollback_quietly(session)
                self._raise_if_gone(exc)
                raise
            except BaseException:
                _rollback_quietly(session)
                raise

    def _raise_if_gone(self, exc: DBAPIError) -> None:
        """A lost or refused server connection becomes one line (never the URL's password)."""
        if self.is_sqlite:
            return
        state = getattr(exc.orig, "sqlstate", None)
        if (
            exc.connection_invalidated
            or state is None
            or state[:2] in _GONE_CLASSES
            or (state in _GONE_STATES)
        ):
            raise connection_problem(self.url, exc) from None

    def _take_write_lock(self, session: Session) -> None:
        """Start the transaction holding the write lock, before the service body runs.

        If the other instance keeps the lock past the busy timeout (a long burst of saves can
        starve the waiter), try again a few times, then give one clear line instead of
        "database is locked". Nothing of the edit has run yet, so retrying is safe.
        """
        wait_ms, attempts = _lock_wait_now()
        for attempt in range(1, attempts + 1):
            try:
                if self.is_sqlite:
                    session.connection()
                elif wait_ms == 0:
                    held = session.execute(
                        text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY}
                    ).scalar()
                    if not held:
                        raise FileHeldError(FILE_HELD)
                else:
                    session.execute(text(f"SET LOCAL lock_timeout = {wait_ms}"))
                    session.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY}
                    )
                    session.execute(text("SET LOCAL lock_timeout = DEFAULT"))
                return
            except OperationalError as exc:
                session.rollback()
                if not _is_busy(exc):
                    raise
                if attempt == attempts:
                    if wait_ms < BUSY_TIMEOUT_MS:
                        raise FileHeldError(FILE_HELD) from None
                    raise DatabaseBusyError(
                        "another spp-tui has been saving to this database for too long; "
                        "nothing was saved, try again."
                    ) from None

    def ping(self) -> None:
        """Ask the store for one row: ``DatabaseUnavailableError`` while the server is gone
        (the app retries with this before writing what was typed meanwhile)."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except DBAPIError as exc:
            self._raise_if_gone(exc)
            raise

    def dispose(self) -> None:
        self.engine.dispose()


def _password_of(url: str) -> str | None:
    """The URL's password, to be masked wherever it appears (None for a file)."""
    from sqlalchemy.engine import make_url

    with contextlib.suppress(Exception):
        password = make_url(url).password
        return None if password is None else str(password)
    return None


def _is_busy(exc: OperationalError) -> bool:
    if getattr(exc.orig, "sqlstate", None) == "55P03":  # PostgreSQL: lock_not_available
        return True
    return "locked" in str(exc.orig) or "busy" in str(exc.orig)


def _rollback_quietly(session: Session) -> None:
    """Roll back; on a connection that is already gone there is nothing to roll back."""
    with contextlib.suppress(DBAPIError):
        session.rollback()


@contextmanager
def _plain_storage_errors() -> Iterator[None]:
    """Turn "the disk would not take it" (SQLAlchemy, sqlite3 or OS errors) into one line."""
    try:
        yield
    except (SADatabaseError, OSError) as exc:
        problem = storage_problem(exc)
        if problem is None:
            raise
        raise problem from None


def sqlite_url(path: Path) -> URL:
    """The URL of a database file, built from its parts: a file name holding ``?``, ``%`` or
    ``#`` stays that file (a URL string would read them as query, escape or fragment)."""
    return URL.create("sqlite", database=str(Path(path).resolve()))


def make_engine(url: str | URL, journal_mode: str = "WAL", *, read_only: bool = False) -> Engine:
    """Create an engine; for SQLite turn on foreign keys, WAL (the rollback journal on a
    network share, ``journal_mode="DELETE"``) and a busy timeout.

    ``read_only``: every connection refuses writes (SQLite ``query_only``, PostgreSQL
    read-only transactions), whatever the code above it tries.
    """
    if not str(url).startswith("sqlite"):
        return create_server_engine(normalise_url(str(url)), read_only=read_only)
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:  # pragma: no cover - trivial
        # Let us emit BEGIN ourselves (pysqlite's implicit BEGIN is deferred and late).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _record.info["busy_ms"] = BUSY_TIMEOUT_MS
        if str(url) not in ("sqlite://", "sqlite:///:memory:"):
            cursor.execute(f"PRAGMA journal_mode = {journal_mode}")
        # FULL: a committed edit survives a power cut, not just a crash of the app.
        cursor.execute("PRAGMA synchronous = FULL")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:  # pragma: no cover - trivial
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        wait_ms = _lock_wait_now()[0] if mode == "IMMEDIATE" else BUSY_TIMEOUT_MS
        info = conn.connection.info
        if info.get("busy_ms", BUSY_TIMEOUT_MS) != wait_ms:  # only when it changes
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {wait_ms}")
            info["busy_ms"] = wait_ms
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def open_database(
    target: str, *, create_parent: bool = False, migrate: bool = True, read_only: bool = False
) -> Database:
    """Open (creating or upgrading as needed) the database at a path or SQLAlchemy URL.

    ``read_only`` opens an existing, up-to-date database without changing anything.
    Raises ``DatabaseOpenError`` with a one-line message for every problem a user can cause.
    """
    parsed = parse_db_target(target)
    if parsed.url is not None:
        # A shared server is never migrated implicitly: ``spp-tui db upgrade`` does that.
        url = normalise_url(parsed.url)
        db = Database(url, engine=create_server_engine(url, read_only=read_only))
        db.read_only = read_only
        try:
            check_schema(db.engine, url)
        except BaseException:
            db.dispose()
            raise
        return db
    path = parsed.path
    assert path is not None
    state = check_sqlite_file(path, create_parent=create_parent)
    shared = on_network_share(path)
    journal = "DELETE" if shared else "WAL"
    if read_only:
        if not path.exists():
            raise DatabaseOpenError(f"{path} does not exist yet: open it in spp-tui first.")
        if not state.up_to_date:
            raise DatabaseOpenError(
                f"{path} needs upgrading: open it once in spp-tui (not --projector) first."
            )
        return Database(sqlite_url(path), path=path, journal_mode=journal, read_only=True)
    if not path.exists():
        _create_private(path)
    db = Database(sqlite_url(path), path=path, journal_mode=journal)
    if shared:
        db.notice = notice_once(path.resolve())
    try:
        if migrate and not state.up_to_date:
            _upgrade(db)
        for own_file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if own_file.exists():
                restrict_to_user(own_file)
    except (OperationalError, SADatabaseError) as exc:
        db.dispose()
        raise DatabaseOpenError(f"{path} could not be opened: {_sqlite_reason(exc)}.") from None
    return db


def _create_private(path: Path) -> None:
    """Create the empty database file readable by the user alone *before* SQLite opens it:
    SQLite gives the -wal and -shm files it creates the database file's permissions, and
    those hold the latest edits too (a chmod afterwards would leave them world-readable)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return
    except OSError as exc:
        raise DatabaseOpenError(f"{path} could not be created: {exc.strerror or exc}.") from None


def _upgrade(db: Database) -> None:
    """Apply Alembic migrations up to head (only imported when there is work to do)."""
    from spp_tui.db.migrate import upgrade_to_head

    upgrade_to_head(db.engine)


def _sqlite_reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)) or exc.__class__.__name__
    if "full" in text or "disk i/o" in text:
        return "the disk is full or would not take the write; free some space and try again"
    if "readonly" in text or "read-only" in text:
        return "the file is read-only"
    if "malformed" in text or "not a database" in text:
        return "the file is damaged; restore it from a backup"
    if "locked" in text:
        return "another program holds it locked; try again"
    return text
