"""Consistent copies of the database, made while the app may be open, and restoring them.

Why SQLite's online backup API (``sqlite3.Connection.backup``) and not a file copy: the
database runs in WAL mode, so the main file alone can miss recent commits, and a copy taken
mid-write can be torn. The backup API copies a consistent snapshot through SQLite itself; in
WAL mode it does not block the other instance's writers.

Only the standard library is used here, so the CLI and the meeting start stay light.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spp_tui.db.preflight import integrity_problem, read_only_uri
from spp_tui.errors import UserError
from spp_tui.paths import backups_dir, default_db_path, make_private_dir, restrict_to_user

if TYPE_CHECKING:
    from spp_tui.db.database import Database

log = logging.getLogger(__name__)

#: Automatic backups (one per meeting started) kept per database; older ones are deleted.
KEEP_AUTOMATIC = 10
AUTO_TAG = "auto"
MANUAL_TAG = "manual"
SUFFIX = ".sqlite3"
_BUSY_TIMEOUT_S = 10


class BackupError(UserError):
    """A backup or restore could not be made (no space, folder not writable, bad file...)."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup file holds, shown before restoring it."""

    path: Path
    revision: str | None
    meetings: int
    cases: int
    actions: int
    last_change: str


def database_path(db: Database) -> Path:
    """The file behind ``db``; a server database (PostgreSQL) is backed up by its admin."""
    if db.path is None:
        raise BackupError(
            "this database is not a file; ask its administrator for a backup instead."
        )
    return Path(db.path)


def backup_folder_for(db_file: Path) -> Path:
    """Where automatic backups of ``db_file`` go: the user's backups folder for the default
    database, else a ``<name>-backups`` folder beside a custom ``--db`` file (so backups of
    two databases never mix and they travel with the file)."""
    db_file = Path(db_file)
    with contextlib.suppress(OSError):
        if db_file.resolve() == default_db_path().resolve():
            return backups_dir()
    return db_file.parent / f"{db_file.stem}-backups"


def _timestamp(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def _free_name(folder: Path, stem: str) -> Path:
    """``stem.sqlite3``, or ``stem_01.sqlite3``... if taken; names still sort by time."""
    candidate = folder / f"{stem}{SUFFIX}"
    counter = 0
    while candidate.exists():
        counter += 1
        candidate = folder / f"{stem}_{counter:02d}{SUFFIX}"
    return candidate


def backup_database(db_file: Path, out: Path) -> Path:
    """Copy the live database ``db_file`` to ``out`` consistently and check the copy.

    The copy is written to a temporary file beside ``out`` and only renamed into place once
    ``PRAGMA integrity_check`` says ok, so ``out`` is never half-written. The copy uses the
    rollback journal (one self-contained file) and is readable by the user alone.
    """
    db_file, out = Path(db_file), Path(out).expanduser()
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give a file name for the backup.")
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist.")
    if out.resolve() == db_file.resolve():
        raise BackupError("the backup cannot overwrite the database itself; choose another file.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise BackupError(
            f"cannot write a backup in {out.parent}: {exc.strerror or exc}."
        ) from None
    os.close(fd)
    tmp = Path(tmp_name)
    restrict_to_user(tmp)
    try:
        _copy_with_backup_api(db_file, tmp)
        problem = integrity_problem(tmp)
        if problem:
            raise BackupError(f"the backup copy failed its check ({problem}); nothing was saved.")
        os.replace(tmp, out)
    except sqlite3.Error as exc:
        raise BackupError(f"the backup could not be made: {exc}.") from None
    except OSError as exc:
        raise BackupError(f"cannot write {out}: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    restrict_to_user(out)
    return out


def _copy_with_backup_api(source: Path, target: Path) -> None:
    from spp_tui.db.share import file_uri

    src = sqlite3.connect(f"{file_uri(source)}?mode=ro", uri=True, timeout=_BUSY_TIMEOUT_S)
    try:
        dst = sqlite3.connect(target, timeout=_BUSY_TIMEOUT_S)
        try:
            src.backup(dst)
            # One self-contained file: no -wal beside the copy when it is moved or mailed.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def make_backup(db: Database, out: Path | None = None, *, tag: str = MANUAL_TAG) -> Path:
    """Back up ``db`` to ``out`` (or a new time-stamped file in its backups folder).

    A server store (PostgreSQL) is written as a portable SQLite file through ``db copy``'s
    verified copy; ``restore --db URL`` accepts that file back.
    """
    if db.path is None:
        from spp_tui.db.store_copy import copy_to_new_file

        name = db.engine.url.database or "server"
        if out is None:
            out = _free_name(_private_folder(backups_dir()), f"{name}-{_timestamp()}-{tag}")
        copy_to_new_file(db, out)
        return out
    db_file = database_path(db)
    if out is None:
        folder = _private_folder(backup_folder_for(db_file))
        out = _free_name(folder, f"{db_file.stem}-{_timestamp()}-{tag}")
    return backup_database(db_file, out)


def _private_folder(folder: Path) -> Path:
    """Create the backups folder readable by the user alone (backups hold personal data)."""
    try:
        make_private_dir(folder)
    except OSError as exc:
        raise BackupError(
            f"cannot create the backups folder {folder}: {exc.strerror or exc}."
        ) from None
    return folder


def automatic_backups(db_file: Path) -> list[Path]:
    """The automatic backups of ``db_file``, oldest first (names sort by time)."""
    folder = backup_folder_for(db_file)
    if not folder.is_dir():
        return []
    pattern = f"{Path(db_file).stem}-*-{AUTO_TAG}*{SUFFIX}"
    return sorted(folder.glob(pattern))


def rotate(db_file: Path, keep: int = KEEP_AUTOMATIC) -> list[Path]:
    """Delete all but the newest ``keep`` automatic backups; manual ones are never touched."""
    old = automatic_backups(db_file)[:-keep] if keep > 0 else automatic_backups(db_file)
    for path in old:
        with contextlib.suppress(OSError):
            path.unlink()
    return old


def auto_backup(db: Database) -> Path | None:
    """The backup made when a meeting starts; keeps the last ``KEEP_AUTOMATIC``.

    Never raises: a meeting must start even if the backup cannot be made (full disk, read-only
    folder); the problem is logged as a warning instead.
    """
    if db.path is None:
        # A server store is not copied to each chair's laptop at every meeting (that would
        # spread the partnership's data): its backups are the server's. Said in the audit
        # trail, not skipped silently.
        _record_server_backup_note(db)
        return None
    try:
        path = make_backup(db, tag=AUTO_TAG)
        rotate(Path(db.path))
        from spp_tui.db.services.audit_log import record_event

        record_event(db, "database", None, "backup", f"automatic backup {path} before the meeting")
    except Exception as exc:  # noqa: BLE001 - the meeting start must never fail on this
        log.warning("automatic backup before the meeting failed: %s", exc)
        return None
    return path


SERVER_BACKUP_NOTE = (
    "no automatic backup before the meeting: a server store is backed up by the server "
    "(spp-tui backup --db URL writes a portable copy on demand)"
)


def _record_server_backup_note(db: Database) -> None:
    try:
        from spp_tui.db.services.audit_log import record_event

        record_event(db, "database", None, "backup", SERVER_BACKUP_NOTE)
    except Exception as exc:  # noqa: BLE001 - the meeting start must never fail on this
        log.warning("%s (and the note could not be recorded: %s)", SERVER_BACKUP_NOTE, exc)


# --- restore ------------------------------------------------------------------------------


def check_backup_file(path: Path) -> BackupSummary:
    """Check that ``path`` is a healthy spp-tui database this version can open, read-only.

    Raises a ``UserError`` with one line otherwise; the file is never modified.
    """
    from spp_tui.db.preflight import check_sqlite_file

    path = Path(path).expanduser()
    if not path.exists():
        raise BackupError(f"{path} does not exist.")
    state = check_sqlite_file(path, for_writing=False)
    if not state.exists or state.revision is None:
        raise BackupError(f"{path} is not an spp-tui database (it holds no spp-tui data).")
    problem = integrity_problem(path)
    if problem:
        raise BackupError(f"{path} is damaged ({problem}); choose another backup.")
    _check_schema_and_links(path, state.revision)
    return _summarise(path, state.revision)


def _check_schema_and_links(path: Path, revision: str) -> None:
    """Refuse a backup whose schema is not exactly what the migrations make (an extra
    trigger, view or table; a dropped table or column) or whose rows point nowhere."""
    from spp_tui.db.schema_check import (
        data_problem,
        first_difference,
        read_schema,
        reference_schema,
    )

    con = sqlite3.connect(read_only_uri(path), uri=True, timeout=5)
    try:
        difference = first_difference(read_schema(con), reference_schema(revision))
        if difference:
            raise BackupError(
                f"{path} is not a plain spp-tui backup ({difference}); it was not restored."
            )
        broken = data_problem(con)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is damaged ({exc}); choose another backup.") from None
    finally:
        con.close()
    if broken:
        raise BackupError(f"{path} is damaged ({broken}); choose another backup.")


def _summarise(path: Path, revision: str | None) -> BackupSummary:
    con = sqlite3.connect(read_only_uri(path), uri=True, timeout=5)
    try:

        def count(table: str) -> int:
            try:
                return int(con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
            except sqlite3.Error:
                return 0

        try:
            last = con.execute("SELECT MAX(at) FROM auditentry").fetchone()[0] or ""
        except sqlite3.Error:
            last = ""
        return BackupSummary(
            path, revision, count("meeting"), count("case"), count("action"), str(last)[:16]
        )
    finally:
        con.close()


def restore_database(source: Path, target: Path) -> None:
    """Replace the database at ``target`` with the content of the backup ``source``.

    Uses the backup API in reverse, inside one SQLite transaction on ``target``: another
    instance with the file open sees either the old or the restored data, never a mix, and the
    WAL of the old data cannot be replayed over the restored file (as it could after a plain
    file copy). ``source`` is opened read-only and left byte-for-byte unchanged.
    """
    source, target = Path(source).expanduser(), Path(target).expanduser()
    if source.resolve() == target.resolve():
        raise BackupError("that is the database itself; choose a backup file to restore.")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist.")
    creating = not target.exists()
    src = sqlite3.connect(read_only_uri(source), uri=True, timeout=5)
    try:
        dst = sqlite3.connect(target, timeout=_BUSY_TIMEOUT_S)
        try:
            if creating:
                restrict_to_user(target)
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = WAL")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        reason = str(exc)
        if "locked" in reason or "busy" in reason:
            reason = "the database is busy in another spp-tui; close it and try again"
        raise BackupError(f"the restore did not happen: {reason}.") from None
    finally:
        src.close()
    restrict_to_user(target)
