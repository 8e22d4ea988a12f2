"""The shared server went away mid-meeting: the app stays up, says so on every screen, keeps
what is typed (in memory and in the journal file) and writes it, in order, when the server is
back, asking the usual stale-edit question if a record changed meanwhile.

``StoreOutage`` is the app's one keeper of that state. The autosaving forms hand it their
edits while the server is unreachable (``holding``); a failed save or load tells it (``lost``);
it probes the server every few seconds off the UI thread and, once it answers, replays the
queue (``spp_tui.db.edit_journal``). Edits left in the journal (quit while unreachable, a
crash) are replayed the same way at the next start.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from spp_tui.db.database import UI_LOCK_WAIT_MS, lock_wait
from spp_tui.db.edit_journal import EditJournal, QueuedEdit, Replayer
from spp_tui.errors import (
    DatabaseBusyError,
    DatabaseUnavailableError,
    DiskFullError,
    FileHeldError,
    StaleEditError,
    UserError,
)
from spp_tui.widgets import server_banner
from spp_tui.widgets.autosave import AutosaveForm, StaleAnswer

if TYPE_CHECKING:
    from textual.timer import Timer

    from spp_tui.app import SppApp

#: Seconds between two tries to reach the server again.
RETRY_SECONDS = 3.0

log = logging.getLogger(__name__)


class StoreOutage:
    """Offline state, the queue of edits and its journal, the retries and the replay."""

    def __init__(self, app: SppApp, journal: EditJournal) -> None:
        self.app = app
        self.journal = journal
        #: Edits not yet on the server, oldest first (the journal holds the same).
        self.queue: list[QueuedEdit] = journal.edits()
        self.offline = False
        self.replaying = False
        #: Records whose stale edit the chair chose to decide later: their queued edits stay
        #: in the journal for the next start; the edits behind them are written meanwhile.
        self.deferred: set[tuple[str, int]] = set()
        self._timer: Timer | None = None
        self._probing = False
        self._journal_failed = False
        self._replayer: Replayer | None = None
        self._quit_warned = False
        #: Edits written since the queue last emptied (a replay retried after a held lock,
        #: or resumed after a question, is one "server back" line).
        self._count = 0
        #: The line for the terminal when the app quits with edits in the journal.
        self.said_on_quit: str | None = None

    @classmethod
    def start(cls, app: SppApp) -> StoreOutage:
        """The app's keeper, once its store is open; edits kept from last time (quit or a
        crash during an outage) are written now, in order."""
        outage = cls(app, EditJournal.for_store(app.db_target))
        if outage.queue:
            app.notify(
                f"writing {len(outage.queue)} edit(s) kept from when the server was "
                "unreachable last time.",
                timeout=5,
                markup=False,
            )
            outage.replay()
        return outage

    @property
    def holding(self) -> bool:
        """True while a new edit must join the queue (written after those before it); not
        for the edits the chair chose to decide later (those wait for the next start)."""
        return self.offline or self._next() is not None

    def _next(self) -> QueuedEdit | None:
        """The first queued edit to write now (those decided later are passed over)."""
        return next((e for e in self.queue if e.key not in self.deferred), None)

    # --- the server goes away -----------------------------------------------------------

    def lost(self, exc: Exception) -> None:
        """A save or a read met no server: banner on every screen, retry every few seconds."""
        db = self.app.db
        log.warning("server unreachable (%s): %s", db.display_url if db else "?", exc)
        if self.offline:
            return
        self.offline = True
        self._replayer = None
        self.show_banner()
        if self._timer is None:
            self._timer = self.app.set_interval(RETRY_SECONDS, self.retry, name="server-retry")

    def enqueue(self, edit: QueuedEdit) -> None:
        """Keep one edit: in memory, and on disk in case the app is quit or dies meanwhile."""
        self.queue.append(edit)
        try:
            self.journal.append(edit)
        except OSError as exc:
            if not self._journal_failed:
                self._journal_failed = True
                self.app.notify(
                    f"the journal of unsaved edits cannot be written ({exc.strerror}); your "
                    "typing is kept in memory until the server is back: do not quit.",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
        self.show_banner()

    def screen_opened(self, screen: Any) -> None:
        if self.offline:
            server_banner.show_on(screen, server_banner.banner_text(len(self.queue)))

    def show_banner(self) -> None:
        text = server_banner.banner_text(len(self.queue)) if self.offline else None
        server_banner.show_everywhere(self.app, text)

    # --- and comes back -----------------------------------------------------------------

    def retry(self) -> None:
        """Try the server off the UI thread (a dropped network may take seconds to say no)."""
        if self._probing or self.replaying or self.app.db is None:
            return
        self._probing = True
        self.app.run_worker(self._probe, thread=True, group="server-retry", exit_on_error=False)

    def _probe(self) -> None:
        assert self.app.db is not None
        try:
            self.app.db.ping()
        except DatabaseUnavailableError:
            self.app.call_from_thread(self._probed, False)
            return
        self.app.call_from_thread(self._probed, True)

    def _probed(self, answered: bool) -> None:
        self._probing = False
        if answered and self.offline:
            self.offline = False
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            self.show_banner()
            self.replay()

    def replay(self) -> None:
        """Write the queue in order; stop at a stale edit until the chair answers."""
        if self.offline:  # the retry finds the server first
            return
        if self.app.db is None or not self.queue:
            self._finished()
            return

        self.replaying = True
        replayer = self._replayer = self._replayer or Replayer(self.app.db)
        while (edit := self._next()) is not None:
            try:
                with lock_wait(UI_LOCK_WAIT_MS):  # never frozen behind another's lock
                    result = replayer.write(edit)
            except StaleEditError as exc:
                self._ask(edit, str(exc))
                return
            except DatabaseUnavailableError as exc:
                self.replaying = False
                self.lost(exc)
                return
            except (FileHeldError, DatabaseBusyError, DiskFullError):  # held: a moment later
                self.replaying = False
                self.app.set_timer(RETRY_SECONDS, self.replay, name="server-replay")
                return
            except UserError as exc:  # refused (a rule changed meanwhile): said, not retried
                self._drop(edit, f"not written ({edit.label}): {exc}")
                continue
            self._written(edit, result)
        self._finished()

    def _written(self, edit: QueuedEdit, result: Any) -> None:
        self.queue.remove(edit)
        self._count += 1
        self._save_journal()
        if edit.is_one_off:
            return  # no form holds it; a result of None: written already (``once``)
        for form in self._forms():
            form.adopt(edit.kind, edit.record_id, result)

    def _drop(self, edit: QueuedEdit, line: str) -> None:
        self.queue.remove(edit)
        self._save_journal()
        self.app.notify(line, severity="error", timeout=10, markup=False)

    def _ask(self, edit: QueuedEdit, question: str) -> None:
        from spp_tui.dialogs.door import ask_stale

        def decide(answer: StaleAnswer) -> None:
            if answer is StaleAnswer.KEEP:
                try:
                    with lock_wait(UI_LOCK_WAIT_MS):
                        result = self._replayer.write(edit, force=True) if self._replayer else None
                except DatabaseUnavailableError as exc:
                    self.replaying = False
                    self.lost(exc)
                    return
                except (FileHeldError, DatabaseBusyError, DiskFullError):
                    self.replaying = False
                    self.app.set_timer(RETRY_SECONDS, self.replay, name="server-replay")
                    return
                except UserError as exc:
                    self._drop(edit, f"not written ({edit.label}): {exc}")
                else:
                    self._written(edit, result)
                self.replay()
            elif answer is StaleAnswer.RELOAD:  # theirs stands: my queued edits of it go
                self.queue = [e for e in self.queue if e.key != edit.key]
                self._save_journal()
                for form in self._forms():
                    if form.shows(edit.kind, edit.record_id):
                        form.reload()
                self.replay()
            else:  # later: that record's edits stay in the journal, the others go on
                self.deferred.add(edit.key)
                kept = sum(1 for e in self.queue if e.key == edit.key)
                self.app.notify(
                    f"{kept} edit(s) of {edit.label or 'that record'} kept for later: written "
                    "(and asked about) when spp-tui next opens this store; the rest are "
                    "written now.",
                    timeout=10,
                    markup=False,
                )
                self.replay()

        label = f"{edit.label}: " if edit.label else ""
        ask_stale(self.app, f"{label}{question}", decide)

    def _finished(self) -> None:
        self.replaying = False
        self._replayer = None
        written, self._count = self._count, 0
        if written:
            self.app.notify(
                f"server back: {written} edit(s) typed meanwhile are written.",
                timeout=5,
                markup=False,
            )
            self.refresh_screens()

    def refresh_screens(self) -> None:
        """Every open screen and panel that shows stored rows reads them again
        (``store_replayed``), so the chair sees the record as written, not as kept."""
        for screen in list(self.app.screen_stack):
            for node in [screen, *screen.walk_children()]:
                hook = getattr(node, "store_replayed", None)
                if not callable(hook) or not node.is_attached:
                    continue
                try:
                    hook()
                except UserError as exc:  # a read refused now: said, the next replay tries
                    log.warning("a screen could not read the store again: %s", exc)

    def _save_journal(self) -> None:
        try:
            self.journal.rewrite(self.queue)
        except OSError as exc:
            log.warning("the journal of unsaved edits could not be rewritten: %s", exc)

    def _forms(self) -> list[AutosaveForm]:
        return [
            node
            for screen in self.app.screen_stack
            for node in screen.walk_children()
            if isinstance(node, AutosaveForm)
        ]

    # --- quitting -------------------------------------------------------------------------

    def flush_forms(self) -> None:
        """Every form's waiting typing to the server, or to the queue while it is away."""
        for form in self._forms():
            form.flush()

    def may_quit(self) -> bool:
        """With edits not yet on the server, the first Ctrl+Q says so and does not quit; the
        second quits and says it again on the terminal (the journal keeps them)."""
        if not self.queue:  # the app flushed every form first
            return True
        if not self._quit_warned:
            self._quit_warned = True
            self.app.notify(
                f"{self.quit_line()} Ctrl+Q again to quit.", severity="warning", markup=False
            )
            return False
        self.said_on_quit = f"spp-tui: {self.quit_line()}"
        return True

    def quit_line(self) -> str:
        count = len(self.queue)
        return (
            f"{count} edit{'s' if count != 1 else ''} not yet saved to the server "
            f"{'are' if count != 1 else 'is'} kept in {self.journal.path}; written when "
            "spp-tui next opens this store."
        )
