"""Errors a user can cause. Each carries one plain sentence to show instead of a traceback."""

from __future__ import annotations

import re
import sys
from typing import NoReturn

_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][\w+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?P<tail>@)")
_KEYWORD_PASSWORD = re.compile(r"(?P<head>password\s*=\s*)(?P<pw>'[^']*'|\S+)", re.IGNORECASE)


#: Passwords of the stores opened in this process: masked wherever they appear, even outside
#: a URL (a driver quoting its connection string, a password holding ``@``).
_KNOWN_SECRETS: set[str] = set()


def remember_secret(secret: str | None) -> None:
    """Mask ``secret`` in every later message and log line (a store's password)."""
    if secret and len(secret) >= 3:  # a one- or two-letter "password" would mask every word
        _KNOWN_SECRETS.add(secret)


def mask_secrets(message: str) -> str:
    """Hide every password in ``message`` (``user:secret@host``, ``password=secret``): every
    line spp-tui prints or logs goes through here, so a server URL never shows its password."""
    for secret in sorted(_KNOWN_SECRETS, key=len, reverse=True):
        message = message.replace(secret, "***")
    message = _URL_PASSWORD.sub(lambda m: f"{m['head']}***{m['tail']}", message)
    return _KEYWORD_PASSWORD.sub(lambda m: f"{m['head']}***", message)


class UserError(Exception):
    """A problem the user can fix; ``str(err)`` is the one-line message shown to them."""


class DatabaseOpenError(UserError):
    """The database file cannot be used (missing folder, not SQLite, corrupt, read-only...)."""


class NewerDatabaseError(DatabaseOpenError):
    """The file was written by a newer spp-tui; we refuse rather than damage it."""


class DatabaseBusyError(UserError):
    """Another instance kept the file busy for too long; the edit was not saved."""


class FileHeldError(DatabaseBusyError):
    """The write lock is held by another process and this thread may not wait for it (the UI
    thread): the save is handed to the background lane, which waits."""


class DatabaseUnavailableError(UserError):
    """The database server cannot be reached or refused us (down, wrong password, no database);
    nothing was saved by the step that met it."""


class ValidationError(UserError):
    """Input that does not make sense (empty owner, bad date...): nothing was saved."""


class StaleEditError(UserError):
    """The record changed in another window since it was shown; the user must choose."""


class NotFoundError(UserError):
    """A meeting, case or action asked for does not exist."""


class ExportError(UserError):
    """An export could not be written (folder not writable, file open in Word...)."""


class ReadOnlyError(UserError):
    """A write from a read-only window (the projector view): refused, nothing changed."""


class LockedError(ValidationError):
    """A change to a meeting whose minutes are approved: unlock them (audited) first."""


def one_line(message: str) -> str:
    """``message`` as one line of plain text: a message quotes what was typed or stored
    (``'0\\n0' is not a meeting``), and a line break or an escape sequence in it must neither
    break the one line nor reach the terminal as a command. Breaks and tabs become spaces,
    other control characters their visible symbols (U+2400...)."""
    flat = " ".join(message.split())
    return "".join(
        chr(0x2400 + ord(c)) if ord(c) < 0x20 else "␡" if c == "\x7f" else
        "\ufffd" if 0x80 <= ord(c) < 0xA0 else c
        for c in flat
    )  # fmt: skip


def fail(message: str) -> NoReturn:
    """One line on stderr and exit status 2: how every user error ends (passwords masked)."""
    print(f"spp-tui: error: {one_line(mask_secrets(message))}", file=sys.stderr)
    sys.exit(2)


class StorageError(UserError):
    """The disk or folder would not take a write (full, read-only, I/O error); the data
    already saved is intact. Never "damaged": that verdict is integrity_check's alone."""


class DiskFullError(StorageError):
    """The disk is full: the edit was not saved; what is on screen must be kept and retried."""


#: What a chair sees when a save hits a full disk (the edit stays on screen and is retried).
DISK_FULL = "disk full: your text is kept on screen; free some space"
#: What a command line prints for the same (nothing half-written; the file is intact).
DISK_FULL_CLI = "disk full: nothing more was written and the database is intact; free some space."

_FULL = ("database or disk is full", "no space left on device", "disk is full")
_READ_ONLY = ("readonly database", "read-only file system", "attempt to write a readonly")
_IO = ("disk i/o error", "input/output error")


def storage_problem(exc: BaseException) -> StorageError | None:
    """The plain-language ``StorageError`` behind an OS, sqlite3 or SQLAlchemy error that
    means "the disk would not take it", or None if ``exc`` is something else."""
    import errno

    inner = getattr(exc, "orig", None) or exc
    text = str(inner).lower()
    code = getattr(inner, "errno", None)
    if code == errno.ENOSPC or any(p in text for p in _FULL):
        return DiskFullError(DISK_FULL)
    if code == errno.EROFS or any(p in text for p in _READ_ONLY):
        return StorageError(
            "the database cannot be written here (read-only file or folder); nothing was saved."
        )
    if code == errno.EIO or any(p in text for p in _IO):
        return StorageError(
            "the disk did not take the write (disk I/O error: is it full or removed?); "
            "nothing was saved, free some space and try again."
        )
    return None


def is_damage(problem: str) -> bool:
    """True when an integrity-check answer means the file itself is damaged, not that the
    disk cannot be read or written just now."""
    text = problem.lower()
    return bool(text) and not any(
        p in text for p in (*_FULL, *_READ_ONLY, *_IO, "unable to open", "locked", "busy")
    )


def one_line_failure(exc: BaseException) -> str:
    """The line a command prints for ``exc``, or re-raise it if it is a bug (a traceback
    for a real programming error is still wanted; a full disk or a locked folder is not)."""
    if isinstance(exc, DiskFullError):
        return DISK_FULL_CLI
    if isinstance(exc, UserError):
        return str(exc)
    problem = storage_problem(exc)
    if isinstance(problem, DiskFullError):
        return DISK_FULL_CLI
    if problem is not None:
        return str(problem)
    if type(exc).__name__ == "OperationalError":  # sqlite3's or SQLAlchemy's: the file, not us
        inner = getattr(exc, "orig", None) or exc
        return f"the database could not be used: {str(inner).splitlines()[0]}."
    if isinstance(exc, PermissionError):
        return f"permission denied: {exc.filename or exc}"
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{(exc.strerror or str(exc)).lower()}."
    if type(exc).__module__.split(".")[0] in ("sqlalchemy", "psycopg"):
        # A database driver error that reached here (the server went away between two
        # steps): one line, never the traceback with its connection string.
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return f"the database failed: {reason[0] if reason else type(exc).__name__}"
    raise exc
