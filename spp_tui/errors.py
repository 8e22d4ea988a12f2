"""Errors a user can cause. Each carries one plain sentence to show instead of a traceback."""

from __future__ import annotations

import sys
from typing import NoReturn


class UserError(Exception):
    """A problem the user can fix; ``str(err)`` is the one-line message shown to them."""


class DatabaseOpenError(UserError):
    """The database file cannot be used (missing folder, not SQLite, corrupt, read-only...)."""


class NewerDatabaseError(DatabaseOpenError):
    """The file was written by a newer spp-tui; we refuse rather than damage it."""


class DatabaseBusyError(UserError):
    """Another instance kept the file busy for too long; the edit was not saved."""


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
    """One line on stderr and exit status 2: how every user error ends."""
    print(f"spp-tui: error: {message}", file=sys.stderr)
    sys.exit(2)
