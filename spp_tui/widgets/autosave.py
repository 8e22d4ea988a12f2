"""Every edit saved as it is made: the one autosave of the app (case form, AOB notes).

A form mixes ``AutosaveForm`` into a container and tells it each edit with ``remember``: a
choice is saved at once, typing half a second after the last key (one restartable timer), and
everything still waiting is saved when a field inside loses the focus and when the form leaves
the screen. Edits wait per record (a form may write to two: the discussion and the case) and
are forgotten only once saved, unless the chair typed more in the meantime.

The form says how to write a record (``write``); the chair is asked through ``ask_stale`` (the
service door's, ``spp_tui.dialogs.door``) when another window saved first. The strategy is the
same everywhere: while the question is open nothing is saved; "keep mine" writes again over
theirs, "reload theirs" drops the waiting edits and reloads, Esc decides later (the edits stay
on screen and are tried again on the next save).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.timer import Timer

from spp_tui.db.edit_journal import QueuedEdit

#: Seconds after the last key before typing is saved.
SAVE_DELAY = 0.5


class StaleAnswer(Enum):
    """The chair's answer to "changed in another window" (the stale-edit dialog's keys)."""

    RELOAD = "r"  # reload theirs: what I typed since is dropped
    KEEP = "k"  # keep mine: save it over theirs
    LATER = ""  # Esc: decide later, my edit stays on screen, nothing saved or reloaded

    @classmethod
    def from_key(cls, key: str | None) -> StaleAnswer:
        return next((answer for answer in cls if answer.value == key and key), cls.LATER)


class AutosaveForm:
    """Mixin for a container (``class CaseForm(AutosaveForm, Vertical)``): pending edits, one
    debounce, saves on blur and on unmount, one stale-edit strategy."""

    #: The records the form writes, in the order they are saved.
    RECORDS: ClassVar[tuple[str, ...]] = ("record",)

    def __init__(self, *args: Any, save_delay: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.save_delay = SAVE_DELAY if save_delay is None else save_delay
        self.pending: dict[str, dict[str, Any]] = {record: {} for record in self.RECORDS}
        #: A stale-edit question is open: nothing is saved until it is answered.
        self.asking = False
        #: The form is leaving the screen: say things in toasts, do not reload.
        self.closing = False
        self._save_timer: Timer | None = None

    # --- what the form provides -------------------------------------------------------

    def can_save(self) -> bool:
        """False while the form shows nothing that could be saved."""
        return True

    def collect_typing(self) -> None:
        """Read the typing fields into ``pending`` (their Changed messages may still be
        queued when the chair leaves a keystroke after typing)."""

    def write(self, record: str, changes: dict[str, Any], *, force: bool) -> None:
        """Save ``changes`` to ``record`` (``force``: over another window's save) and call
        ``saved`` or ``stale``; report a refusal in one line."""
        raise NotImplementedError

    if TYPE_CHECKING:  # the service door's (spp_tui.dialogs.door), or the form's own

        def save(
            self, key: Hashable, token: Any, run: Callable[[Any, Any], Any], **kwargs: Any
        ) -> str:
            """Save now if the file is free, else in the app's lane (``save_or_queue``)."""

        def ask_stale(
            self, question: str, decide: Callable[[StaleAnswer], None], *, can_keep: bool = True
        ) -> None:
            """Ask the chair ``question`` (reload theirs / keep mine / later)."""

    def reload(self) -> None:
        """Show what is saved now (after "reload theirs")."""

    def record_key(self, record: str) -> Hashable:
        """Which stored record ``record`` is now (a case form moves from case to case)."""
        return (type(self).__name__, record)

    # --- saving without freezing ----------------------------------------------------------

    def save_record(
        self,
        record: str,
        changes: dict[str, Any],
        token: Any,
        run: Callable[[Any, Any], Any],
        **kwargs: Any,
    ) -> None:
        """Save ``changes`` through the service door's ``save_or_queue``: at once if the file
        is free, else in the app's lane (the screen stays live). A queued edit belongs to the
        lane from then on (so a case switched meanwhile never receives it); if it comes back
        unsaved it is held again here, while the form still shows that record."""
        from spp_tui.errors import DatabaseUnavailableError
        from spp_tui.widgets.save_lane import QUEUED

        key = self.record_key(record)
        later = self.queued_edit(record, changes)  # kept by the app if the server goes
        if later is not None:
            later.base = token

        def failed(error: BaseException) -> None:
            if self.record_key(record) != key:
                outage = getattr(self.app, "outage", None)  # type: ignore[attr-defined]
                if isinstance(error, DatabaseUnavailableError) and outage and later:
                    outage.enqueue(later)  # the form moved on: the app keeps the edit
                return
            edits = self.pending[record]
            for name, value in changes.items():
                edits.setdefault(name, value)

        outcome = self.save(key, token, run, failed=failed, **kwargs)
        if outcome == QUEUED:
            self.saved(record, changes)

    # --- while the server is unreachable (``spp_tui.dialogs.outage``) --------------------

    def queued_edit(self, record: str, changes: dict[str, Any]) -> QueuedEdit | None:
        """``changes`` to ``record`` as an edit the app can keep while the server is
        unreachable and write later (None: this form's edits cannot wait)."""
        return None

    def keep_locally(self, edit: QueuedEdit) -> None:
        """The form's copy of the record shows ``edit`` (queued, not yet stored)."""

    def shows(self, kind: str, record_id: int) -> bool:
        """True when the form is showing that record (a queued edit's ``kind``)."""
        return False

    def adopt(self, kind: str, record_id: int, result: Any) -> None:
        """A queued edit of that record was written after an outage: start from what it
        left (its new version), so the next save is not taken for someone else's."""

    # --- edits --------------------------------------------------------------------------

    def remember(
        self, record: str, name: str, value: Any, saved: Any, *, now: bool = False
    ) -> None:
        """Note an edit (unless it is what is saved already); save it now (a choice) or after
        a pause in typing."""
        edits = self.pending[record]
        if value == saved and name not in edits:
            return
        edits[name] = value
        if now:
            self.flush()
        else:
            self.restart_timer()

    def restart_timer(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(  # type: ignore[attr-defined]
            self.save_delay, self.flush, name="autosave"
        )

    def has_pending(self) -> bool:
        return any(self.pending.values())

    def discard_pending(self) -> None:
        for edits in self.pending.values():
            edits.clear()

    def flush(self) -> None:
        """Save every pending edit now (one short transaction per record)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.asking or not self.can_save():
            return
        self.collect_typing()
        for record in self.RECORDS:
            changes = dict(self.pending[record])
            if changes and not self.asking and not self._hold(record, changes):
                self.write(record, changes, force=False)
                self._hold(record, changes)  # the save just found the server gone

    def _hold(self, record: str, changes: dict[str, Any]) -> bool:
        """While the server is unreachable, give the edit to the app's queue (kept in memory
        and in the journal, written when it is back): True when it was queued."""
        outage = getattr(self.app, "outage", None)  # type: ignore[attr-defined]
        if outage is None or not outage.holding:
            return False
        if any(self.pending[record].get(name) != value for name, value in changes.items()):
            return False  # saved meanwhile, or typed over: nothing of this to keep
        edit = self.queued_edit(record, changes)
        if edit is None:
            return False
        outage.enqueue(edit)
        self.keep_locally(edit)
        self.saved(record, changes)
        return True

    def saved(self, record: str, changes: dict[str, Any]) -> None:
        """Forget the edits just saved, unless the chair typed more in the meantime."""
        edits = self.pending[record]
        for name, value in changes.items():
            if edits.get(name) == value:
                edits.pop(name)

    def stale(self, record: str, changes: dict[str, Any], question: str) -> None:
        """Another window saved first: the chair decides, nothing is overwritten silently."""
        self.asking = True

        def decide(answer: StaleAnswer) -> None:
            self.asking = False
            if answer is StaleAnswer.KEEP:
                self.write(record, changes, force=True)
            elif answer is StaleAnswer.RELOAD:
                self.discard_pending()
                if not self.closing:  # still on screen
                    self.reload()

        self.ask_stale(question, decide)

    # --- when to save -------------------------------------------------------------------

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.flush()

    def on_unmount(self) -> None:
        self.closing = True
        self.flush()
