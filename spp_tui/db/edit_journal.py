"""Edits typed while the server is unreachable: kept in memory and in a journal file in the
data folder, written in order when the server is back (or at the next start).

Why a file: the chair may quit, or the laptop may die, before the server comes back; what was
typed must survive both. Why data, not code: each line names one of a fixed set of writes
(``WRITES``) and the fields it may change, so a damaged or hostile journal can do no more than
the chair could from the screen. The journal is readable by the user alone (it holds notes).

One-off writes (a new action, an attendance mark...: ``spp_tui.db.one_offs``) queue the same
way, in the same order; each carries an id (``once``) so it is written once, however often it
is replayed.

Order and versions: every queued edit carries the version (or, for the AOB notes, the text)
the chair was looking at. Edits queued one after another against one record all carry the
same base; once the first is written, ``Replayer`` rebases the next ones onto the version it
wrote, so only a change made elsewhere meanwhile is a stale edit (and asked about).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spp_tui.db import one_offs
from spp_tui.errors import StaleEditError

if TYPE_CHECKING:
    from spp_tui.db.database import Database

#: What each kind of queued edit may change (anything else in a journal line is refused).
FIELDS = {
    "case": frozenset({"interventions", "operation"}),
    "discussion": frozenset({"summary", "decisions", "risk", "outcome", "outcome_reason"}),
    "aob": frozenset({"aob_notes"}),
}
#: The folder in the data folder holding one journal per store.
JOURNAL_DIR = "unsaved-edits"


@dataclass
class QueuedEdit:
    """One save that could not reach the server: ``kind`` names the write, ``base`` is the
    version (the AOB text) the chair started from, None for "over anything" (keep mine)."""

    kind: str
    record_id: int
    changes: dict[str, Any]
    base: int | str | None
    label: str = ""
    typed_at: str = field(default_factory=lambda: _now())
    #: A one-off's id (``spp_tui.db.one_offs``): written once however often it is replayed.
    once: str = ""

    @classmethod
    def one_off(
        cls, kind: str, record_id: int, args: dict[str, Any], label: str, base: int | None = None
    ) -> QueuedEdit:
        """A one-off write (``one_offs.ONE_OFFS``) as an edit that can wait, with a new id."""
        changes = {name: one_offs.encode(value) for name, value in args.items()}
        if not one_offs.valid(kind, changes):
            raise ValueError(f"not a {kind} one-off: {sorted(changes)}")
        return cls(kind, record_id, changes, base, label, once=one_offs.new_id())

    @property
    def is_one_off(self) -> bool:
        return self.kind in one_offs.ONE_OFFS

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.record_id)

    @classmethod
    def from_json(cls, line: str) -> QueuedEdit | None:
        """One journal line, or None if it is not a well-formed edit (torn by a crash)."""
        try:
            data = json.loads(line)
            edit = cls(
                kind=str(data["kind"]),
                record_id=int(data["record_id"]),
                changes=dict(data["changes"]),
                base=data.get("base"),
                label=str(data.get("label", "")),
                typed_at=str(data.get("typed_at", "")),
                once=str(data.get("once", "")),
            )
        except (ValueError, TypeError, KeyError):
            return None
        if edit.is_one_off:
            if not edit.once or not one_offs.valid(edit.kind, edit.changes):
                return None
            return edit if isinstance(edit.base, int | type(None)) else None
        allowed = FIELDS.get(edit.kind)
        if allowed is None or not edit.changes or not set(edit.changes) <= allowed:
            return None
        if not isinstance(edit.base, int | str | type(None)):
            return None
        return edit


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class EditJournal:
    """The journal file of one store: appended line by line (flushed to disk), rewritten
    whole when edits have been written, removed when nothing is left."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_store(cls, target: str, folder: Path | None = None) -> EditJournal:
        """The journal of the store at ``target`` (a path or URL; the password is not part
        of its name), in the data folder unless ``folder`` is given."""
        from spp_tui.paths import data_dir

        digest = hashlib.sha256(_without_password(target).encode()).hexdigest()[:16]
        return cls((folder or data_dir() / JOURNAL_DIR) / f"{digest}.jsonl")

    def edits(self) -> list[QueuedEdit]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        return [edit for line in lines if (edit := QueuedEdit.from_json(line)) is not None]

    def append(self, edit: QueuedEdit) -> None:
        """Add one edit at the end, on disk before this returns (OSError if it cannot be)."""
        from spp_tui.paths import make_private_dir

        make_private_dir(self.path.parent)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(edit)) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def rewrite(self, edits: list[QueuedEdit]) -> None:
        """Keep only ``edits`` (atomically: a crash leaves the old journal or the new one)."""
        if not edits:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for edit in edits:
                fh.write(json.dumps(asdict(edit)) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)


def _without_password(target: str) -> str:
    if "://" not in target:
        return str(Path(target).expanduser().resolve())
    from sqlalchemy.engine import make_url

    try:
        return make_url(target).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL still names one journal
        return target


class Replayer:
    """Writes queued edits in order, rebasing each onto the version our previous write of the
    same record left (see the module's docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._moves: dict[tuple[str, int], dict[object, object]] = {}

    def write(self, edit: QueuedEdit, *, force: bool = False) -> Any:
        """Write ``edit`` (``force``: over a change made elsewhere); StaleEditError when the
        record changed elsewhere, DatabaseUnavailableError when the server is gone again."""
        base = None if force else self._rebased(edit.key, edit.base)
        if edit.is_one_off:
            result = write_one_off(self.db, edit, base)
            version = getattr(result, "version", None)
            if edit.base is not None and version is not None:  # an action edited twice
                self._moved(edit.key, edit.base, version)
            return result
        result, moves = WRITES[edit.kind](self.db, edit.record_id, edit.changes, base)
        for key, old, new in moves:
            if key == edit.key:  # later edits made on the same screen start where this ended
                self._moved(key, edit.base, new)
                if base is not None and base != edit.base:
                    self._moved(key, base, new)
            elif old is not None:
                self._moved(key, old, new)
        return result

    def _rebased(self, key: tuple[str, int], base: object) -> Any:
        return self._moves.get(key, {}).get(base, base)

    def _moved(self, key: tuple[str, int], old: object, new: object) -> None:
        moves = self._moves.setdefault(key, {})
        for start, now in moves.items():
            if now == old:
                moves[start] = new
        moves[old] = new


def write_one_off(db: Database, edit: QueuedEdit, base: Any = None, *, mark: bool = True) -> Any:
    """Write a one-off: its result, or None when its mark shows it written already.

    ``mark``: write its id with it (``spp_tui.db.once``), as every replay from the queue does
    (a crash after the write, two instances opening one journal); a save made at once, or in
    the lane, is never replayed and leaves no mark (no row per action in normal use).
    """
    from spp_tui.db.once import AlreadyWritten, is_written, written_once

    if not mark:
        return one_offs.write(db, edit.kind, edit.record_id, edit.changes, base)
    if is_written(db, edit.once):
        return None
    try:
        with written_once(edit.once):
            return one_offs.write(db, edit.kind, edit.record_id, edit.changes, base)
    except AlreadyWritten:
        return None


def adopt_fields(held: Any, row: Any) -> None:
    """Copy every column of ``row`` (just written) onto ``held``, the detached copy a screen
    keeps: its version moves on with the store's."""
    for name in type(row).model_fields:
        setattr(held, name, getattr(row, name))


#: A write: (db, record id, changes, base) -> (result, [(record key, old base, new base)]).
Write = Callable[
    ["Database", int, dict[str, Any], Any], tuple[Any, list[tuple[tuple[str, int], object, object]]]
]


def _write_case(db: Database, case_id: int, changes: dict[str, Any], base: Any) -> Any:
    from spp_tui.db.services import cases

    case = cases.update_case(db, case_id, expected_version=base, **changes)
    return case, [(("case", case_id), base, case.version)]


def _write_discussion(db: Database, discussion_id: int, changes: dict[str, Any], base: Any) -> Any:
    """The discussion, and the case it may move on (risk, outcome): a later queued case edit
    is rebased onto the case version this write left."""
    from spp_tui.db.models import Case, CaseDiscussion
    from spp_tui.db.services import cases

    with db.read() as s:
        discussion = s.get(CaseDiscussion, discussion_id)
        case = None if discussion is None else s.get(Case, discussion.case_id)
        before = None if case is None else (int(case.id or 0), case.version)
    saved = cases.save_discussion(db, discussion_id, expected_version=base, **changes)
    moves: list[tuple[tuple[str, int], object, object]] = [
        (("discussion", discussion_id), base, saved.discussion.version)
    ]
    if before is not None and before[1] != saved.case.version:
        moves.append((("case", before[0]), before[1], saved.case.version))
    return saved, moves


def _write_aob(db: Database, meeting_id: int, changes: dict[str, Any], base: Any) -> Any:
    text = str(changes["aob_notes"])
    save_aob_notes(db, meeting_id, text, base)
    return text, [(("aob", meeting_id), base, text)]


def save_aob_notes(db: Database, meeting_id: int, text: str, before: str | None) -> bool:
    """Save the notes over ``before`` (what the chair started from; None: over anything)."""
    from spp_tui.db.services import meetings

    current = meetings.get_meeting(db, meeting_id)
    if before is not None and current.aob_notes != before:
        raise StaleEditError("The AOB notes were changed in another window.")
    version = None if before is None else current.version
    meetings.update_meeting(db, meeting_id, expected_version=version, aob_notes=text)
    return True


WRITES: dict[str, Write] = {
    "case": _write_case,
    "discussion": _write_discussion,
    "aob": _write_aob,
}
