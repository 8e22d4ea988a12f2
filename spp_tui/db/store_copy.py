"""Move a whole store between engines: a laptop's SQLite file to the partnership's server, the
server to a portable SQLite file (its backup), and back.

Why through SQLAlchemy Core, table by table in foreign-key order, in one target transaction:
the same code serves every pair of engines, and a failure half-way leaves the target as it
was. The copy is checked, not trusted: row counts and a content checksum per table (values
normalised so that SQLite's and PostgreSQL's ways of returning dates, times and booleans
compare equal) must match the source's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, Table, func, select, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import spp_tui.db.models  # noqa: F401  (registers every table on SQLModel.metadata)
from spp_tui.errors import UserError

if TYPE_CHECKING:
    from spp_tui.db.database import Database

BATCH = 1000


class CopyError(UserError):
    """The copy was refused or did not verify; the target was left as it was."""


@dataclass(frozen=True)
class CopyReport:
    """Rows copied per table and the checksum both stores agreed on."""

    rows: dict[str, int]
    checksum: str

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every spp-tui table, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


def row_counts(connection: Connection) -> dict[str, int]:
    return {
        t.name: int(connection.execute(select(func.count()).select_from(t)).scalar_one())
        for t in tables()
    }


def _normal(value: Any) -> Any:
    """One form per value whatever the engine returned (the checksum's input)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def content_checksum(connection: Connection) -> str:
    """SHA-256 over every row of every table, in primary-key order."""
    digest = hashlib.sha256()
    for table in tables():
        digest.update(table.name.encode())
        columns = sorted(table.columns, key=lambda c: c.name)
        query = select(*columns).order_by(*table.primary_key.columns)
        for row in connection.execute(query):
            digest.update(json.dumps([_normal(v) for v in row], default=str).encode())
    return digest.hexdigest()


def revision(connection: Connection) -> str | None:
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def copy_store(source: Database, target: Database, *, replace: bool = False) -> CopyReport:
    """Copy every row of ``source`` into ``target`` and verify it.

    ``target`` must hold the same schema revision and (unless ``replace``, which restore uses)
    no rows at all: a copy never merges into someone's data.
    """
    with source.engine.connect() as src, target.engine.begin() as dst:
        if dst.dialect.name == "postgresql":
            dst.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _write_lock_key()})
        if revision(src) != revision(dst):
            raise CopyError(
                f"the two stores have different schemas ({revision(src)} and {revision(dst)}); "
                "run spp-tui db upgrade on the older one first."
            )
        counts = row_counts(src)
        expected = content_checksum(src)
        held = {name: n for name, n in row_counts(dst).items() if n}
        if held and not replace:
            raise CopyError(
                f"the target already holds data ({_describe(held)}); copy only into an empty store."
            )
        if held:
            _empty(dst)
        for table in tables():
            _copy_table(src, dst, table)
        _reset_sequences(dst)
        if dst.dialect.name == "postgresql":
            dst.execute(text("ANALYZE"))  # fresh statistics: the planner's first queries are fast
        if row_counts(dst) != counts or content_checksum(dst) != expected:
            raise CopyError("the copy did not match the source; the target was left as it was.")
    return CopyReport(counts, expected)


def _write_lock_key() -> int:
    from spp_tui.db.server import WRITE_LOCK_KEY

    return WRITE_LOCK_KEY


def _describe(held: dict[str, int]) -> str:
    shown = [f"{n} {name}" for name, n in sorted(held.items()) if name in ("meeting", "case")]
    return ", ".join(shown) or ", ".join(f"{n} {name}" for name, n in sorted(held.items()))


def _empty(dst: Connection) -> None:
    """Remove every row, children first (restore replaces the whole content)."""
    for table in reversed(tables()):
        dst.execute(table.delete())


def _copy_table(src: Connection, dst: Connection, table: Table) -> None:
    result = src.execute(select(table).order_by(*table.primary_key.columns))
    while batch := result.mappings().fetchmany(BATCH):
        dst.execute(table.insert(), [dict(row) for row in batch])


def _reset_sequences(dst: Connection) -> None:
    """PostgreSQL hands out ids from sequences, which explicit ids do not move: set each to the
    highest id copied, or the next row saved would collide with a copied one."""
    if dst.dialect.name != "postgresql":
        return
    for table in tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer) or pk[0].autoincrement is False:
            continue
        name = f'"{table.name}"'
        sequence = dst.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": name, "c": pk[0].name}
        ).scalar()
        if sequence:
            dst.execute(
                text(
                    f"SELECT setval(:s, COALESCE((SELECT MAX({pk[0].name}) FROM {name}), 0) + 1, "
                    "false)"
                ),
                {"s": sequence},
            )


def open_copy_target(target: str) -> Database:
    """Open (creating or upgrading, explicitly: this is an admin command) the copy's target."""
    from spp_tui.db.database import open_database
    from spp_tui.db.server import create_server_engine, is_server_url, normalise_url
    from spp_tui.db.server import upgrade_schema as upgrade

    if is_server_url(target):
        url = normalise_url(target)
        engine = create_server_engine(url)
        upgrade(engine, url)
        engine.dispose()
    return open_database(target)


def copy_to_new_file(source: Database, out: Path) -> CopyReport:
    """Write ``source`` (a server store) to a new self-contained SQLite file ``out``: written
    beside it under a temporary name and renamed into place only once it verified, so ``out``
    is never half-written; readable by the user alone."""
    from spp_tui.db.backup import BackupError, integrity_problem
    from spp_tui.db.database import open_database
    from spp_tui.paths import restrict_to_user

    out = Path(out).expanduser()
    if out.exists():
        raise BackupError(f"{out} already exists; choose a new file name.")
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist.")
    tmp = out.parent / f".{out.name}.{os.getpid()}.tmp"
    try:
        copy_db = open_database(str(tmp))
        try:
            report = copy_store(source, copy_db)
        finally:
            copy_db.dispose()
        con = sqlite3.connect(tmp)  # one self-contained file: no -wal beside the copy
        try:
            con.execute("PRAGMA journal_mode = DELETE")
        finally:
            con.close()
        problem = integrity_problem(tmp)
        if problem:
            raise BackupError(f"the copy failed its check ({problem}); nothing was saved.")
        os.replace(tmp, out)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    restrict_to_user(out)
    return report


def restore_into(backup_file: Path, target: Database) -> CopyReport:
    """Replace everything in ``target`` with a backup file's content. The backup is read from a
    private copy (an older backup is upgraded there), so the file itself stays unchanged."""
    import shutil
    import tempfile

    from spp_tui.db.database import open_database

    with tempfile.TemporaryDirectory(prefix="spp-tui-restore-") as folder:
        private = Path(folder) / "backup.sqlite3"
        shutil.copyfile(backup_file, private)
        source = open_database(str(private))
        try:
            return copy_store(source, target, replace=True)
        finally:
            source.dispose()
