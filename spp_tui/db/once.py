"""A one-off edit written once, however often it is replayed.

Why: an edit kept while the store was away (a new action, ``spp_tui.db.one_offs``) is replayed
from the journal; a crash just after its write, before the journal is rewritten, or two
instances opening one journal, would replay it again and make two actions. ``written_once``
marks the edit's id in the store (a settings row) in the same transaction as the write, under
the write lock, so a write and its mark are never apart and the second replay finds the mark.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from spp_tui.db.database import Database

#: The settings key of a one-off edit already written: its id follows.
WRITTEN_PREFIX = "written-edit:"
_once = threading.local()


class AlreadyWritten(Exception):  # noqa: N818 - not an error: the edit is in the store
    """The one-off's mark is in the store: it was written before and is not written again."""


@contextmanager
def written_once(edit_id: str) -> Iterator[None]:
    """The next write transaction in this thread (``Database.write``) marks ``edit_id`` as
    written, or raises ``AlreadyWritten`` if the mark is there already."""
    before = getattr(_once, "edit_id", None)
    _once.edit_id = edit_id
    try:
        yield
    finally:
        _once.edit_id = before


def mark_written(session: Session) -> None:
    """In a write transaction holding the write lock: the pending mark, or AlreadyWritten."""
    edit_id: str | None = getattr(_once, "edit_id", None)
    if not edit_id:
        return
    from spp_tui.db.models import Setting, utcnow

    key = f"{WRITTEN_PREFIX}{edit_id}"
    if session.get(Setting, key) is not None:
        raise AlreadyWritten(edit_id)
    session.add(Setting(key=key, value=utcnow().isoformat(timespec="seconds")))


def written() -> None:
    """The transaction with the mark committed: the service's later writes are its own."""
    _once.edit_id = None


def is_written(db: Database, edit_id: str) -> bool:
    """The mark is in the store already: looked at before a replayed one-off runs, so a step
    that first reads what it changes (a row removed by its own first replay) is not refused
    for a row it took away itself. The mark in the write transaction still decides a race."""
    from spp_tui.db.models import Setting

    with db.read() as s:
        return s.get(Setting, f"{WRITTEN_PREFIX}{edit_id}") is not None
