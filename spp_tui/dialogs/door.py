"""The one door from the UI to the services: ``ServiceDoor``, mixed into screens, panels and
dialogs.

It gives a typed ``app`` and ``db`` and one ``call(service, ...)`` for writes: a save gets its
toast (``saved``), a refusal (``UserError``) one line and None, a stale edit (another window
saved first) the one "changed elsewhere" question, answered with a ``StaleAnswer``. Reads use
``db`` directly once the database is open (``when_db_ready``).

It lives with the dialogs because it asks the stale-edit question (a modal); panels and screens
sit above it, so they may use it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

from spp_tui.errors import DatabaseUnavailableError, FileHeldError, StaleEditError, UserError
from spp_tui.widgets.autosave import StaleAnswer
from spp_tui.widgets.save_lane import QUEUED, REFUSED, SAVED

if TYPE_CHECKING:
    from textual.app import App

    from spp_tui.app import SppApp
    from spp_tui.db.database import Database
    from spp_tui.db.edit_journal import QueuedEdit

T = TypeVar("T")

#: What the chair reads when the database is not open yet (the app opens it in a thread).
NOT_OPEN = "The database is still opening; try again in a moment."
#: How long a save that can wait in the lane first tries on the UI thread (a blink: two
#: instances saving in turn rarely need the lane, a held file always does).
TRY_NOW_WAIT_MS = 50
#: What the chair reads when that was not long enough.
HELD_NOT_SAVED = (
    "the file is held by another user (a backup or another spp-tui); nothing was saved, "
    "try again in a moment."
)


class ServiceDoor:
    """Mixin (before the Textual class): ``class HomeScreen(ServiceDoor, Screen[None])``."""

    if TYPE_CHECKING:

        @property
        def app(self) -> SppApp: ...

    @property
    def db(self) -> Database:
        """The open database (use after ``when_db_ready``)."""
        db = self.app.db
        assert db is not None, NOT_OPEN
        return db

    def when_db_ready(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` now if the database is open, otherwise as soon as it is."""
        if self.app.db is not None:
            callback()
        else:
            self.app.when_db_ready(callback)

    def call(
        self,
        service: Callable[..., T],
        *args: Any,
        saved: str | None = None,
        on_stale: Callable[[], None] | None = None,
        on_keep: Callable[[], None] | None = None,
        on_error: Callable[[UserError], None] | None = None,
        stale: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> T | None:
        """``service(db, *args, **kwargs)``, reported the way the chair expects everywhere.

        ``saved``: the toast after it worked. A ``StaleEditError`` asks the one question:
        reload theirs (``on_stale``) or, when ``on_keep`` is given, keep mine; Esc decides
        later; an ``AutosaveForm`` passes ``stale`` instead (its ``stale``: the same question,
        with its edits held while it is open). Any other ``UserError`` is one line
        (``on_error`` if given, else a toast). None is returned whenever the service did not
        run to the end.
        """
        return call_service(
            self.app,
            service,
            *args,
            saved=saved,
            on_stale=on_stale,
            on_keep=on_keep,
            on_error=on_error,
            stale=stale,
            **kwargs,
        )

    def done(self, service: Callable[..., object], *args: Any, **kwargs: Any) -> bool:
        """``call`` for a service that returns nothing: True when it ran to the end."""
        ran: list[bool] = []

        def run(db: Database, *a: Any, **kw: Any) -> bool:
            service(db, *a, **kw)
            ran.append(True)
            return True

        self.call(run, *args, **kwargs)
        return bool(ran)

    def save(
        self,
        key: Hashable,
        token: Any,
        run: Callable[[Database, Any], T],
        **kwargs: Any,
    ) -> str:
        """``save_or_queue`` from this node: never freezes behind another process's lock."""
        return save_or_queue(self.app, key, token, run, **kwargs)

    def one_off(self, edit: QueuedEdit, *, done: Callable[[Any], None], **kwargs: Any) -> str:
        """``save_one_off`` from this node: saved now, or kept until the store can take it."""
        return save_one_off(self.app, edit, done=done, **kwargs)

    def ask_stale(
        self, question: str, decide: Callable[[StaleAnswer], None], *, can_keep: bool = True
    ) -> None:
        """Another window saved first: ask the chair (reload theirs / keep mine / Esc later)."""
        ask_stale(self.app, question, decide, can_keep=can_keep)


def call_service(
    app: App[Any],
    service: Callable[..., T],
    *args: Any,
    saved: str | None = None,
    on_stale: Callable[[], None] | None = None,
    on_keep: Callable[[], None] | None = None,
    on_error: Callable[[UserError], None] | None = None,
    stale: Callable[[], None] | None = None,
    **kwargs: Any,
) -> T | None:
    """``ServiceDoor.call`` for code that holds the app rather than a node (the app itself)."""
    from spp_tui.db.database import UI_LOCK_WAIT_MS, lock_wait

    db = getattr(app, "db", None)
    if db is None:
        app.notify(NOT_OPEN, markup=False)
        return None
    try:
        with lock_wait(UI_LOCK_WAIT_MS):  # the screen never freezes behind another's lock
            result = service(db, *args, **kwargs)
    except UserError as exc:
        report_refusal(app, exc, on_stale=on_stale, on_keep=on_keep, on_error=on_error, stale=stale)
        return None
    if saved:
        app.notify(saved, timeout=2, markup=False)
    return result


def report_refusal(
    app: App[Any],
    exc: UserError,
    *,
    on_stale: Callable[[], None] | None = None,
    on_keep: Callable[[], None] | None = None,
    on_error: Callable[[UserError], None] | None = None,
    stale: Callable[[], None] | None = None,
) -> None:
    """What the chair hears when a service refused (``call_service``'s and the lane's)."""
    if isinstance(exc, StaleEditError):
        if stale is not None:
            stale()
        else:
            decide = _stale_answer(on_stale, on_keep)
            ask_stale(app, str(exc), decide, can_keep=on_keep is not None)
    elif isinstance(exc, DatabaseUnavailableError):  # the server went away: the app's line
        reporter = getattr(app, "server_unreachable", None)
        if reporter is not None:
            reporter(exc)
        else:
            app.notify(str(exc), severity="error", timeout=10, markup=False)
    elif isinstance(exc, FileHeldError):
        app.notify(HELD_NOT_SAVED, severity="error", timeout=6, markup=False)
    elif on_error is not None:
        on_error(exc)
    else:
        app.notify(str(exc), severity="error", timeout=6, markup=False)


def save_or_queue(
    app: App[Any],
    key: Hashable,
    token: Any,
    run: Callable[[Database, Any], T],
    *,
    done: Callable[[T], None],
    next_token: Callable[[T], Any] = lambda result: None,
    failed: Callable[[BaseException], None] | None = None,
    saved: str | None = None,
    stale: Callable[[], None] | None = None,
    on_error: Callable[[UserError], None] | None = None,
    unreachable: Callable[[DatabaseUnavailableError], None] | None = None,
) -> str:
    """A save that may wait for the file without freezing the screen.

    ``run(db, token)`` is tried now without waiting for the lock; if another process holds
    it, or the disk is full, the save joins the app's lane (``widgets.save_lane``) and runs
    there once the file is free. ``done(result)`` (and the ``saved`` toast) follow on the UI
    thread either way; a refusal is reported as ``call`` does; ``failed(error)`` hears of any
    failure that came back from the lane (the caller keeps the edit); ``unreachable(error)``,
    when given, takes a server that went away (the caller queued the edit for it: ``QUEUED``).
    Returns ``SAVED`` (done now), ``QUEUED`` (the lane holds the edit) or ``REFUSED``.
    """
    from spp_tui.db.database import lock_wait
    from spp_tui.errors import DiskFullError
    from spp_tui.failures import contain
    from spp_tui.widgets.save_lane import SaveJob, lane_of

    def finish(result: Any, error: BaseException | None) -> None:
        if error is None:
            if saved:
                app.notify(saved, timeout=2, markup=False)
            done(result)
            return
        if failed is not None:
            failed(error)
        if unreachable is not None and isinstance(error, DatabaseUnavailableError):
            unreachable(error)
        elif isinstance(error, UserError):
            report_refusal(app, error, stale=stale, on_error=on_error)
        else:
            contain(app, error)

    db = getattr(app, "db", None)
    if db is None:
        app.notify(NOT_OPEN, markup=False)
        return REFUSED
    lane = lane_of(app)
    job = SaveJob(key, token, run, finish, next_token)
    if lane.busy():  # saves already wait: this one goes behind them, in order
        lane.submit(job)
        return QUEUED
    try:
        with lock_wait(TRY_NOW_WAIT_MS):
            result = run(db, token)
    except (FileHeldError, DiskFullError) as exc:
        lane.submit(job, exc)
        return QUEUED
    except DatabaseUnavailableError as exc:
        if unreachable is None:
            report_refusal(app, exc)
            return REFUSED
        unreachable(exc)
        return QUEUED
    except UserError as exc:
        report_refusal(app, exc, stale=stale, on_error=on_error)
        return REFUSED
    finish(result, None)
    return SAVED


#: What the chair reads when a one-off waits (the action, the mark... is named before it).
KEPT_FOR_SERVER = "kept: saved when the server is back"
KEPT_FOR_FILE = "kept: saved when the file is free"


def save_one_off(
    app: App[Any],
    edit: QueuedEdit,
    *,
    done: Callable[[Any], None],
    saved: str | None = None,
    stale: Callable[[], None] | None = None,
    on_error: Callable[[UserError], None] | None = None,
    tell: bool = True,
) -> str:
    """A one-off write (a new action, an attendance mark: ``spp_tui.db.one_offs``) that is
    never refused for want of the store: saved now if it can be; while another process holds
    the file, in the lane (``save_or_queue``); while the server is unreachable, in the app's
    queue and its journal (``dialogs.outage``), written in order when it is back, or at the
    next start. Either way a toast names what waits (``tell=False``: a step the screen shows
    itself, such as moving to another item); ``done(result)`` follows a save made here or in
    the lane (None: it had been written already). Returns as ``save_or_queue``."""
    from spp_tui.db.edit_journal import write_one_off

    outage = getattr(app, "outage", None)

    def keep_for_server(exc: DatabaseUnavailableError | None = None) -> None:
        if outage is None:  # no keeper (the store is not open): said, not kept
            if exc is not None:
                report_refusal(app, exc)
            return
        if exc is not None:
            outage.lost(exc)
        outage.enqueue(edit)
        if tell:
            app.notify(f"{edit.label}: {KEPT_FOR_SERVER}.", severity="warning", markup=False)

    if outage is not None and outage.holding:  # behind the edits already waiting
        keep_for_server()
        return QUEUED
    outcome = save_or_queue(
        app,
        ("one-off", edit.once),
        edit.base,
        lambda db, base: write_one_off(db, edit, base, mark=False),
        done=done,
        saved=saved,
        stale=stale,
        on_error=on_error,
        unreachable=keep_for_server,
    )
    if tell and outcome == QUEUED and (outage is None or edit not in outage.queue):
        app.notify(f"{edit.label}: {KEPT_FOR_FILE}.", severity="warning", markup=False)
    return outcome


def _stale_answer(
    on_stale: Callable[[], None] | None, on_keep: Callable[[], None] | None
) -> Callable[[StaleAnswer], None]:
    def decide(answer: StaleAnswer) -> None:
        if answer is StaleAnswer.RELOAD and on_stale is not None:
            on_stale()
        elif answer is StaleAnswer.KEEP and on_keep is not None:
            on_keep()

    return decide


def ask_stale(
    app: App[Any], question: str, decide: Callable[[StaleAnswer], None], *, can_keep: bool = True
) -> None:
    """The one "changed elsewhere" question; ``decide`` gets the chair's ``StaleAnswer``."""
    from spp_tui.dialogs.choice import StaleEditDialog

    def answered(key: str | None) -> None:
        decide(StaleAnswer.from_key(key))

    app.push_screen(StaleEditDialog(question, can_keep=can_keep), answered)
