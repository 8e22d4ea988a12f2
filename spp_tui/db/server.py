"""The shared server store (PostgreSQL): URLs, masked passwords, one-line connection errors and
the schema checks a client makes before it touches a database many people share.

Why a module of its own: a laptop's SQLite file and a partnership's server fail in different
ways (a refused connection, a wrong password, a database that another application owns), and
every one of them must reach the user as one plain line that never shows the password.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from spp_tui.errors import (
    DatabaseOpenError,
    DatabaseUnavailableError,
    NewerDatabaseError,
    mask_secrets,
)

POSTGRES_EXTRA = "pip install 'spp-tui[postgres]'"
#: pg_advisory_*lock keys: every spp-tui writer queues on WRITE_LOCK (the server twin of
#: SQLite's BEGIN IMMEDIATE); ``db upgrade`` holds SCHEMA_LOCK while it migrates.
WRITE_LOCK_KEY = 0x5350505455490001
SCHEMA_LOCK_KEY = 0x5350505455490002
#: Tables every spp-tui schema has; a database holding tables but not these is someone else's.
OWN_TABLES = frozenset({"meeting", "case", "action", "agency", "person", "auditentry"})
SCHEMA_HINT = "see README, One store for the partnership"


def display_target(target: str) -> str:
    """A database path or URL as it may be shown or logged (password masked)."""
    return mask_secrets(target)


def normalise_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` mean psycopg 3 (the driver the extra installs)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def is_server_url(target: str) -> bool:
    return "://" in target and not target.startswith("sqlite")


#: Seconds a session may sit in an open transaction without a word from its client before
#: the server ends it. Every write holds the partnership's one write lock (an advisory lock)
#: for its transaction; a client that stops half way (a laptop shut mid-save, a process
#: stopped, a lost connection the server has not noticed) would otherwise hold it and stop
#: every other chair saving, forever. A write of the app is a few short statements.
IDLE_IN_TRANSACTION_SECONDS = 30


def server_options(theirs: object = None) -> str:
    """The ``options`` the app connects with: the URL's own (``?options=...``) and ours."""
    ours = f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_SECONDS * 1000}"
    if isinstance(theirs, tuple):  # the option given twice in the URL
        theirs = " ".join(theirs)
    return f"{theirs} {ours}" if theirs else ours


def create_server_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for a server URL, or one line for a missing driver or a malformed URL.
    ``read_only``: every transaction on it is READ ONLY (the projector window)."""
    from sqlmodel import create_engine

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseOpenError(
            f"{display_target(url)} is not a database URL "
            "(expected postgresql+psycopg://user@host/database)."
        ) from None
    try:
        # A server that vanished from the network must not hold a save (the UI) for minutes.
        connect_args: dict[str, object] = (
            {} if "connect_timeout" in parsed.query else {"connect_timeout": 5}
        )
        connect_args["options"] = server_options(parsed.query.get("options"))
        engine = create_engine(
            parsed,
            pool_pre_ping=True,
            isolation_level="READ COMMITTED",
            connect_args=connect_args,
        )
    except ModuleNotFoundError as exc:
        raise DatabaseOpenError(
            f"the driver for {parsed.drivername} is not installed ({exc.name}); "
            f"for PostgreSQL: {POSTGRES_EXTRA}."
        ) from None
    except NoSuchModuleError:
        raise DatabaseOpenError(
            f"{parsed.drivername} databases are not supported; use a file path or "
            "postgresql+psycopg://user@host/database."
        ) from None
    if read_only:
        from sqlalchemy import event

        @event.listens_for(engine, "connect")
        def _read_only(dbapi_connection: Any, _record: Any) -> None:  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cursor.close()
            dbapi_connection.commit()

    return engine


def where(url: str) -> str:
    """'database psg on host:port' for messages (never the password)."""
    parsed = make_url(url)
    place = parsed.host or "the local socket"
    if parsed.port:
        place = f"{place}:{parsed.port}"
    return f"database {parsed.database or '(none)'} on {place}"


def connection_problem(url: str, exc: BaseException) -> DatabaseUnavailableError:
    """The one line for a failure to reach or log in to the server."""
    reason = str(getattr(exc, "orig", None) or exc)
    lowered = reason.lower()
    parsed = make_url(url)
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        user = parsed.username or "(default user)"
        line = (
            f"the server refused the password for user {user} ({where(url)}); "
            "check PGPASSWORD or PGPASSFILE."
        )
    elif "does not exist" in lowered and "database" in lowered:
        line = f"the {where(url)} does not exist; create it first ({SCHEMA_HINT})."
    elif "role" in lowered and "does not exist" in lowered:
        line = f"the server has no user {parsed.username}; create the role first ({SCHEMA_HINT})."
    elif "connection refused" in lowered or "could not connect" in lowered:
        line = f"cannot reach the {where(url)}: connection refused (is the server running?)."
    elif "timeout" in lowered or "timed out" in lowered:
        line = f"cannot reach the {where(url)}: the connection timed out."
    elif "ssl" in lowered:
        line = f"the {where(url)} refused the TLS settings: {_first_line(reason)}"
    else:
        line = f"cannot use the {where(url)}: {_first_line(reason)}"
    return DatabaseUnavailableError(mask_secrets(line))


def _first_line(reason: str) -> str:
    first = reason.strip().splitlines()[0] if reason.strip() else "unknown error"
    return first.removeprefix("connection failed: ").rstrip(".") + "."


@dataclass(frozen=True)
class SchemaState:
    """What a server database holds: nothing, someone else's tables, or spp-tui at a revision."""

    revision: str | None
    has_tables: bool
    foreign: bool


def read_schema_state(connection: Connection) -> SchemaState:
    tables = set(inspect(connection).get_table_names())
    if not tables:
        return SchemaState(None, has_tables=False, foreign=False)
    if "alembic_version" not in tables or not tables >= OWN_TABLES:
        return SchemaState(None, has_tables=True, foreign=True)
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return SchemaState(revision, has_tables=True, foreign=False)


def check_schema(engine: Engine, url: str) -> None:
    """Refuse a database this client must not use; never change it (no implicit migration)."""
    from spp_tui.db.preflight import head_revision, known_revisions

    try:
        with engine.connect() as connection:
            state = read_schema_state(connection)
    except DBAPIError as exc:
        raise connection_problem(url, exc) from None
    place = where(url)
    if state.foreign:
        raise DatabaseOpenError(
            f"the {place} holds another application's tables; spp-tui left it untouched "
            "(give spp-tui a database of its own)."
        )
    if state.revision is None:
        raise DatabaseOpenError(
            f"the {place} has no spp-tui schema yet; run: spp-tui db upgrade --db URL"
        )
    if state.revision not in known_revisions():
        raise NewerDatabaseError(
            f"the {place} has a newer spp-tui schema ({state.revision}); "
            "install the newer spp-tui to use it."
        )
    if state.revision != head_revision():
        raise DatabaseOpenError(
            f"the {place} schema is behind this spp-tui ({state.revision}, needs "
            f"{head_revision()}); ask whoever looks after it to run: spp-tui db upgrade"
        )


def upgrade_schema(engine: Engine, url: str) -> tuple[str | None, str]:
    """Migrate a server database to head under an advisory lock (two upgrades never overlap);
    refuse another application's database. Returns (revision before, revision after)."""
    from spp_tui.db.migrate import upgrade_on
    from spp_tui.db.preflight import head_revision, known_revisions

    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK_KEY})
            state = read_schema_state(connection)
            if state.foreign:
                raise DatabaseOpenError(
                    f"the {where(url)} holds another application's tables; "
                    "spp-tui will not add its own beside them."
                )
            if state.revision is not None and state.revision not in known_revisions():
                raise NewerDatabaseError(
                    f"the {where(url)} has a newer spp-tui schema ({state.revision}); "
                    "this spp-tui cannot upgrade it."
                )
            if state.revision != head_revision():
                upgrade_on(connection)
            return state.revision, head_revision()
    except DBAPIError as exc:
        raise connection_problem(url, exc) from None
