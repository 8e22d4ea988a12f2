"""Open the database: preflight, engine with SQLite pragmas, migrations, short sessions.

``open_database(target)`` is the one entry point. Nothing here runs at import time: the App
factory and the CLI call it with the URL or path they were given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import NoSuchModuleError, OperationalError
from sqlmodel import Session, create_engine

from spp_tui.db import field_checks  # noqa: F401 - registers the date check on every flush
from spp_tui.db.preflight import check_sqlite_file
from spp_tui.errors import DatabaseBusyError, DatabaseOpenError, ReadOnlyError
from spp_tui.paths import parse_db_target, restrict_to_user

BUSY_TIMEOUT_MS = 10_000
#: How many busy timeouts a save waits for the other instance before giving up.
WRITE_LOCK_ATTEMPTS = 3


class Database:
    """An engine plus the two kinds of short transaction the services use."""

    def __init__(
        self, url: str | URL, path: Path | None = None, *, read_only: bool = False
    ) -> None:
        self.url = url.render_as_string() if isinstance(url, URL) else url
        self.path = path
        #: A window that must never change the record (the projector view): every write is
        #: refused here, and the connection itself refuses writes (SQLite query_only).
        self.read_only = read_only
        self.engine = make_engine(url, read_only=read_only)
        # Writers take SQLite's write lock up front (BEGIN IMMEDIATE) so two instances queue on
        # the busy timeout instead of failing with "database is locked" mid-transaction.
        self._write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read-only session; objects stay usable after it closes."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One short write transaction: commits on success, rolls back on any error."""
        if self.read_only:
            raise ReadOnlyError("this window is read-only; nothing was saved.")
        with Session(self._write_engine, expire_on_commit=False) as session:
            self._take_write_lock(session)
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def _take_write_lock(self, session: Session) -> None:
        """Start the transaction now (BEGIN IMMEDIATE), before the service body runs.

        If the other instance keeps the file busy past the busy timeout (a long burst of
        saves can starve the waiter), try again a few times, then give one clear line instead
        of "database is locked". Nothing of the edit has run yet, so retrying is safe.
        """
        if not self.is_sqlite:
            return
        for attempt in range(1, WRITE_LOCK_ATTEMPTS + 1):
            try:
                session.connection()
                return
            except OperationalError as exc:
                session.rollback()
                if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
                    raise
                if attempt == WRITE_LOCK_ATTEMPTS:
                    raise DatabaseBusyError(
                        "another spp-tui has been saving to this file for too long; "
                        "nothing was saved, try again."
                    ) from None

    def dispose(self) -> None:
        self.engine.dispose()


def sqlite_url(path: Path) -> URL:
    """The URL of a database file, built from its parts: a file name holding ``?``, ``%`` or
    ``#`` stays that file (a URL string would read them as query, escape or fragment)."""
    return URL.create("sqlite", database=str(Path(path).resolve()))


def make_engine(url: str | URL, *, read_only: bool = False) -> Engine:
    """Create an engine; for SQLite turn on foreign keys, WAL and a busy timeout.

    ``read_only``: every connection refuses writes (SQLite ``query_only``, PostgreSQL
    read-only transactions), whatever the code above it tries.
    """
    if not str(url).startswith("sqlite"):
        try:
            server = create_engine(url, pool_pre_ping=True)
        except (ImportError, NoSuchModuleError):
            raise DatabaseOpenError(
                "the database driver for this URL is not installed; "
                "install it with: pip install 'spp-tui[postgres]'."
            ) from None
        if read_only:

            @event.listens_for(server, "connect")
            def _read_only(dbapi_connection, _record) -> None:  # pragma: no cover - PG only
                cursor = dbapi_connection.cursor()
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                cursor.close()
                dbapi_connection.commit()

        return server
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no cover - trivial
        # Let us emit BEGIN ourselves (pysqlite's implicit BEGIN is deferred and late).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if str(url) not in ("sqlite://", "sqlite:///:memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed edit survives a power cut, not just a crash of the app.
        cursor.execute("PRAGMA synchronous = FULL")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # pragma: no cover - trivial
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
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
        db = Database(parsed.url, read_only=read_only)
        if migrate and not read_only:
            _upgrade(db)
        return db
    path = parsed.path
    assert path is not None
    state = check_sqlite_file(path, create_parent=create_parent)
    if read_only:
        if not path.exists():
            raise DatabaseOpenError(f"{path} does not exist yet: open it in spp-tui first.")
        if not state.up_to_date:
            raise DatabaseOpenError(
                f"{path} needs upgrading: open it once in spp-tui (not --projector) first."
            )
        return Database(sqlite_url(path), path=path, read_only=True)
    if not path.exists():
        _create_private(path)
    db = Database(sqlite_url(path), path=path)
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
    if "readonly" in text or "read-only" in text:
        return "the file is read-only"
    if "malformed" in text or "not a database" in text:
        return "the file is damaged; restore it from a backup"
    if "locked" in text:
        return "another program holds it locked; try again"
    return text
