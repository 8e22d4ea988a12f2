"""Saves that wait for the file, off the UI thread: the app's one ordered lane.

Why: while another process holds the write lock (a backup, a second instance) a save on the
UI thread would freeze the screen for as long as the lock is held. A save is first tried on
the UI thread without waiting (``lock_wait(0)``); if the file is held, or the disk is full, it
joins this lane: one Textual thread worker runs the lane's saves in order, waiting for the
lock in short steps and retrying a full disk every ``DISK_RETRY_SECONDS``. Meanwhile the
screen stays live and a toast says "waiting for the file…"; each edit is kept by its job
(leaving the item or the form does not drop it) and stored once the file is free. Quitting
waits for the lane (``App.action_quit``).

Once a save has joined the lane, every later save joins it too (order is kept); a later save
of the same record checks its version against the one the earlier save left (``token``).
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spp_tui.errors import DISK_FULL, DatabaseBusyError, DiskFullError

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import Notification

    from spp_tui.db.database import Database

#: What the screen says while a save waits for another process's lock.
WAITING = "waiting for the file (held by another user)… your text is kept and saved when it is free"
WAIT, DISK = "waiting", "disk full"
#: What ``dialogs.door.save_or_queue`` did with a save.
SAVED, QUEUED, REFUSED = "saved", "queued", "refused"
#: How long one wait for the lock lasts in the lane before it looks whether to stop.
LANE_LOCK_WAIT_MS = 1_000
#: Seconds between two tries of a save that met a full disk.
DISK_RETRY_SECONDS = 5.0


@dataclass
class SaveJob:
    """One save: ``run(db, token)`` in the lane's thread, ``finish(outcome)`` back on the UI
    thread with the result or the exception. ``token`` is what the save checks the record
    against (a version, the text it started from); ``next_token(result)`` what it leaves."""

    key: Hashable
    token: Any
    run: Callable[[Database, Any], Any]
    finish: Callable[[Any, BaseException | None], None]
    next_token: Callable[[Any], Any] = lambda result: None
    what: str = "your edit"
    #: The same record's token, shared with the jobs behind it for the same key.
    box: list[Any] = field(default_factory=list)


class SaveLane:
    """The app's queue of saves waiting for the file (``lane_of(app)``)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.jobs: deque[SaveJob] = deque()
        #: key -> [token], while a job for that key is in the lane.
        self.tokens: dict[Hashable, list[Any]] = {}
        self.running = False
        self.state = ""  # "", WAIT or DISK
        self._toast: Notification | None = None
        self._stop = threading.Event()
        self._drained: list[Callable[[], None]] = []

    # --- the UI thread ---------------------------------------------------------------------

    def busy(self) -> bool:
        """Saves are waiting (new saves must join the lane to keep their order)."""
        return bool(self.jobs) or self.running

    def box_for(self, key: Hashable, token: Any) -> list[Any]:
        """The shared token of ``key``'s jobs in the lane (``token`` for the first)."""
        return self.tokens.setdefault(key, [token])

    def submit(self, job: SaveJob, reason: BaseException | None = None) -> None:
        job.box = self.box_for(job.key, job.token)
        self.jobs.append(job)
        if isinstance(reason, DiskFullError):
            self.tell(DISK)
        elif reason is not None:
            self.tell(WAIT)
        if not self.running:
            self.running = True
            self.app.run_worker(self._drain, thread=True, group="save-lane", exit_on_error=False)

    def when_drained(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once every save in the lane has landed (now if none waits)."""
        if self.busy():
            self._drained.append(callback)
        else:
            callback()

    def stop(self) -> None:
        """The app is closing without waiting: the thread stops at its next look."""
        self._stop.set()

    def tell(self, state: str) -> None:
        """Show (or clear) the lane's one line (a toast that stays while it is true)."""
        from textual.notifications import Notification, Notify

        if state == self.state:
            return
        self.state = state
        if self._toast is not None:
            with contextlib.suppress(KeyError):
                self.app._unnotify(self._toast)
            self._toast = None
        if state:
            message = f"{DISK_FULL} (tried again every few seconds)" if state == DISK else WAITING
            self._toast = Notification(message, "", "warning", 24 * 3600, markup=False)
            self.app.post_message(Notify(self._toast))

    def _landed(self, job: SaveJob, result: Any, error: BaseException | None) -> None:
        if self.jobs and self.jobs[0] is job:
            self.jobs.popleft()
        if not any(j.key == job.key for j in self.jobs):
            self.tokens.pop(job.key, None)
        if error is None and self.state:
            self.tell("")
        job.finish(result, error)

    def _next_job(self) -> SaveJob | None:
        """The first job (UI thread); when there is none the lane goes idle, at the same
        moment as a new ``submit`` would look, so two threads never drain at once."""
        if self.jobs and not self._stop.is_set():
            return self.jobs[0]
        self.running = False
        self.tell("")
        callbacks, self._drained = self._drained, []
        for callback in callbacks:
            callback()
        return None

    # --- the lane's thread -----------------------------------------------------------------

    def _drain(self) -> None:
        from spp_tui.db.database import lock_wait

        while True:
            try:
                job = self.app.call_from_thread(self._next_job)
            except RuntimeError:  # the app is no longer running
                return
            if job is None:
                return
            db: Database = self.app.db  # type: ignore[attr-defined]  # open: a save was made
            try:
                with lock_wait(LANE_LOCK_WAIT_MS):
                    result = job.run(db, job.box[0])
            except DatabaseBusyError:
                self._call(self.tell, WAIT)
                continue  # the lock is still held: wait again
            except DiskFullError:
                self._call(self.tell, DISK)
                self._stop.wait(DISK_RETRY_SECONDS)
                continue
            except Exception as error:  # noqa: BLE001 - the UI decides what it means
                self._call(self._landed, job, None, error)
                continue
            job.box[0] = job.next_token(result)
            self._call(self._landed, job, result, None)

    def _call(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback`` on the UI thread and wait for it (nothing once the app stopped);
        its own failure is contained there, never the end of the lane."""
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(callback, *args)


def lane_of(app: App[Any]) -> SaveLane:
    """The app's one lane (made on first use)."""
    lane: SaveLane | None = getattr(app, "_save_lane", None)
    if lane is None:
        lane = SaveLane(app)
        app._save_lane = lane  # type: ignore[attr-defined]
    return lane
