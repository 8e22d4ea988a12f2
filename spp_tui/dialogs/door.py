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

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from spp_tui.errors import DatabaseUnavailableError, StaleEditError, UserError
from spp_tui.widgets.autosave import StaleAnswer

if TYPE_CHECKING:
    from textual.app import App

    from spp_tui.app import SppApp
    from spp_tui.db.database import Database

T = TypeVar("T")

#: What the chair reads when the database is not open yet (the app opens it in a thread).
NOT_OPEN = "The database is still opening; try again in a moment."


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

    def when_db_ready(self, callback: Callable[[], None]) -> None:
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
    db = getattr(app, "db", None)
    if db is None:
        app.notify(NOT_OPEN, markup=False)
        return None
    try:
        result = service(db, *args, **kwargs)
    except StaleEditError as exc:
        if stale is not None:
            stale()
        else:
            decide = _stale_answer(on_stale, on_keep)
            ask_stale(app, str(exc), decide, can_keep=on_keep is not None)
        return None
    except DatabaseUnavailableError as exc:  # the server went away: the app's one line
        reporter = getattr(app, "server_unreachable", None)
        if reporter is not None:
            reporter(exc)
        else:
            app.notify(str(exc), severity="error", timeout=10, markup=False)
        return None
    except UserError as exc:
        if on_error is not None:
            on_error(exc)
        else:
            app.notify(str(exc), severity="error", timeout=6, markup=False)
        return None
    if saved:
        app.notify(saved, timeout=2, markup=False)
    return result


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
