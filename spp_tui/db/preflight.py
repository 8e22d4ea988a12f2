"""Check a database file *before* SQLAlchemy touches it, using only the standard library.

Why: a user's mistake (``--db`` pointing at a folder, a Word document, a truncated copy, a
newer version's file) must produce one clear sentence and leave the file byte-for-byte
unchanged. Opening with SQLAlchemy first would switch the file to WAL mode (a write) before we
know it is ours. This module is also cheap enough to run before the first paint.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

from spp_tui.errors import DatabaseOpenError, NewerDatabaseError, is_damage
from spp_tui.paths import make_private_dir

SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).parent / "migrations" / "versions"


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*=\s*['\"]([^'\"]+)['\"]", re.M)


def known_revisions() -> list[str]:
    """Revision ids this version knows, oldest first, read from the migration files and put
    in the order their ``down_revision`` chains them (ids such as ``0003_topic`` are unique
    per branch of work, so the file name's number alone does not order them)."""
    parent: dict[str, str | None] = {}
    for path in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"):
        found = dict((k, v) for k, v in _REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            parent[found["revision"]] = found.get("down_revision")
    children = {down: rev for rev, down in parent.items()}
    chain: list[str] = []
    current = children.get(None)
    while current is not None and current not in chain:
        chain.append(current)
        current = children.get(current)
    return chain or sorted(parent)


def head_revision() -> str:
    return known_revisions()[-1]


@dataclass(frozen=True)
class FileState:
    """What the preflight found: whether the file exists yet and its schema revision."""

    path: Path
    exists: bool
    revision: str | None

    @property
    def up_to_date(self) -> bool:
        return self.revision == head_revision()


def check_sqlite_file(
    path: Path, *, create_parent: bool = False, for_writing: bool = True
) -> FileState:
    """Raise ``DatabaseOpenError`` with a one-line reason if ``path`` is unusable as our DB
    (``for_writing=False``: only to be read, as a backup on a read-only share is)."""
    path = Path(path).expanduser()
    _check_kind(path)
    parent = path.parent
    if not parent.exists():
        if create_parent:
            make_private_dir(parent)
        else:
            raise DatabaseOpenError(f"the folder {parent} does not exist.")
    if not path.exists():
        if not os.access(parent, os.W_OK):
            raise DatabaseOpenError(f"cannot create a database in {parent}: it is not writable.")
        return FileState(path, exists=False, revision=None)
    if not os.access(path, os.R_OK):
        raise DatabaseOpenError(f"{path} cannot be read (permission denied).")
    size = path.stat().st_size
    if size == 0:
        if not os.access(path, os.W_OK):
            raise DatabaseOpenError(f"{path} is read-only; spp-tui needs to save every edit.")
        return FileState(path, exists=False, revision=None)
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise DatabaseOpenError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if not header.startswith(SQLITE_MAGIC):
        raise DatabaseOpenError(f"{path} is not an SQLite database (is it the right file?).")
    # The header's page count can run ahead of the file while the pages sit in the -wal (after
    # a full disk stopped a checkpoint, say): only SQLite's own check may call a file damaged.
    if len(header) >= 100 and _truncated(header, size):
        _refuse_if_damaged(path, integrity_problem(path))
    if len(header) < 100:
        raise DatabaseOpenError(
            f"{path} is damaged or truncated; restore it from a backup (spp-tui restore)."
        )
    revision = _read_revision(path)
    if not for_writing:
        return FileState(path, exists=True, revision=revision)
    if not os.access(path, os.W_OK):
        raise DatabaseOpenError(f"{path} is read-only; spp-tui needs to save every edit.")
    if not os.access(parent, os.W_OK):
        # SQLite keeps its -wal and -shm beside the file: without them no edit can be saved.
        # Refused rather than opened read-only: the chair would type into a meeting that
        # cannot keep a word of it.
        raise DatabaseOpenError(
            f"{path} is in a folder spp-tui cannot write to ({parent}); every edit is saved "
            "beside the file, so copy it to a folder you can write to."
        )
    return FileState(path, exists=True, revision=revision)


def _check_kind(path: Path) -> None:
    """Refuse, in one line, anything at ``path`` that is not a regular file or nothing.

    Why: SQLite would happily "open" ``/dev/null`` (and leave ``/dev/null-journal``), a
    symbolic link that loops gives a traceback deep in pathlib, and a dangling link would
    create a file somewhere the user did not name.
    """
    try:
        info = os.stat(path)  # follows links: what SQLite would open
    except FileNotFoundError:
        if os.path.islink(path):
            raise DatabaseOpenError(
                f"{path} is a link to {os.readlink(path)}, which does not exist."
            ) from None
        return
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DatabaseOpenError(
                f"{path} goes through a symbolic link that loops back on itself; give a real file."
            ) from None
        raise DatabaseOpenError(f"{path} cannot be opened: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseOpenError(f"{path} is a folder, not a database file; give a file name.")
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseOpenError(
            f"{path} is not a regular file (a device, pipe or socket); give a database file."
        )


def _truncated(header: bytes, size: int) -> bool:
    """True if the file is shorter than the page count its own header promises."""
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    if page_size < 512 or page_count == 0 or valid_for != change_counter:
        return False
    return bool(size < page_size * page_count)


def read_only_uri(path: Path) -> str:
    """A URI that opens ``path`` read-only and leaves nothing beside it.

    A plain read-only open of a WAL-mode file creates ``-wal`` and ``-shm`` files that stay
    behind (a read-only connection cannot remove them). When no ``-wal`` exists, nothing is
    waiting to be checkpointed, so the file alone is complete: ``immutable=1`` reads it
    without creating either. When a ``-wal`` exists (the file is open elsewhere, or the app
    crashed), it must be read, and the side files are already there.
    """
    from spp_tui.db.share import file_uri, on_network_share

    uri = f"{file_uri(path)}?mode=ro"
    # On a share another machine may be writing through the rollback journal: read normally.
    if not Path(f"{path}-wal").exists() and not on_network_share(path):
        uri += "&immutable=1"
    return uri


def integrity_problem(path: Path) -> str:
    """'' if SQLite's own ``integrity_check`` passes on ``path`` (opened read-only, nothing
    written beside it), else the first problem. Tells "damaged" from "cannot write"."""
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True, timeout=5)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        con.close()
    first = rows[0][0] if rows else "no answer"
    return "" if first == "ok" else str(first)


def _refuse_if_damaged(path: Path, problem: str) -> None:
    """One line for a damaged file, another for a disk that cannot be read or written now:
    a healthy file on a full disk must never be sent to its backups."""
    if not problem:
        return
    if is_damage(problem):
        raise DatabaseOpenError(
            f"{path} is damaged or truncated; restore it from a backup (spp-tui restore)."
        )
    raise DatabaseOpenError(
        f"{path} cannot be opened just now ({problem}: is the disk full?); its saved data is "
        "intact, free some space and try again."
    )


def _read_revision(path: Path) -> str | None:
    """Read ``alembic_version`` read-only; refuse foreign or newer databases."""
    uri = read_only_uri(path)
    try:
        con = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error:
        raise DatabaseOpenError(f"{path} cannot be opened as an SQLite database.") from None
    try:
        tables = {
            row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise DatabaseOpenError(
                f"{path} is an SQLite database but not an spp-tui one; it was left untouched."
            )
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        _refuse_if_damaged(path, integrity_problem(path))
        raise DatabaseOpenError(f"{path} cannot be read just now ({exc}); try again.") from None
    finally:
        con.close()
    revision = row[0] if row else None
    if revision is not None and revision not in known_revisions():
        raise NewerDatabaseError(
            f"{path} was written by a newer version of spp-tui (schema {revision}); "
            "install the newer version to open it."
        )
    return revision
