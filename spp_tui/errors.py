"""Errors a user can cause. Each carries one plain sentence to show instead of a traceback."""

from __future__ import annotations

import re
import sys
from typing import NoReturn

_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][\w+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?P<tail>@)")
_KEYWORD_PASSWORD = re.compile(r"(?P<head>password\s*=\s*)(?P<pw>'[^']*'|\S+)", re.IGNORECASE)


def mask_secrets(message: str) -> str:
    """Hide every password in ``message`` (``user:secret@host``, ``password=secret``): every
    line spp-tui prints or logs goes through here, so a server URL never shows its password."""
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


def fail(message: str) -> NoReturn:
    """One line on stderr and exit status 2: how every user error ends (passwords masked)."""
    print(f"spp-tui: error: {mask_secrets(message)}", file=sys.stderr)
    sys.exit(2)
