"""Failures contained: an unexpected exception never ends the meeting.

Why: Textual ends the app on any exception that escapes a handler or worker, prints a
traceback with local variables (personal data) to the terminal and exits with status 0; and
the widget whose handler failed stops taking messages. Here, a failure in a handler, timer
or worker is caught where Textual dispatches the message: one line says what failed, the
traceback goes to ``spp-tui.log`` in the data folder (0600, never the terminal), and the
app and the widget keep running. Only a failure while building the app itself ends it, with
one line, the log, and a non-zero exit status.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

LOG_NAME = "spp-tui.log"


def log_path() -> Path:
    from spp_tui.paths import data_dir

    return data_dir() / LOG_NAME


def log_failure(error: BaseException) -> Path | None:
    """Append ``error``'s traceback to the log (readable by the user alone); None if even
    that cannot be written (a full disk): the one-line notice is still shown."""
    from spp_tui.errors import mask_secrets
    from spp_tui.paths import make_private_dir

    path = log_path()
    text = mask_secrets("".join(traceback.format_exception(error)))
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        make_private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as fh:
            fh.write(f"--- {stamp}\n{text}\n")
    except OSError:
        return None
    return path


class MaskSecrets(logging.Filter):
    """Every record the log handlers write has its passwords masked: the message, its
    arguments, the traceback and the stack (a connection failure logged with its URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from spp_tui.errors import mask_secrets

        record.msg, record.args = mask_secrets(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text)
            record.exc_info = None  # the masked text is what the formatter writes
        if record.stack_info:
            record.stack_info = mask_secrets(record.stack_info)
        return True


def install_log(level: int = logging.WARNING) -> logging.Handler:
    """Python logging (spp-tui's own and its libraries') goes to ``spp-tui.log`` in the data
    folder, created readable by the user alone, through ``MaskSecrets``; idempotent (a second
    call for another data folder replaces the handler)."""
    root = logging.getLogger()
    path = log_path()
    for handler in list(root.handlers):
        if getattr(handler, "_spp_log", False):
            if getattr(handler, "baseFilename", None) == str(path.resolve()):
                return handler
            root.removeHandler(handler)
            handler.close()
    handler = _PrivateFileHandler(path)
    handler._spp_log = True  # type: ignore[attr-defined]
    handler.setLevel(level)
    handler.addFilter(MaskSecrets())
    handler.setFormatter(logging.Formatter("--- %(asctime)s %(levelname)s %(name)s\n%(message)s"))
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return handler


class _PrivateFileHandler(logging.FileHandler):
    """A FileHandler whose file is created 0600 in a private folder, on the first record (a
    full disk or a read-only folder drops the record instead of failing the app)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, mode="a", encoding="utf-8", delay=True)

    def _open(self):  # noqa: ANN202 - the stream logging.FileHandler expects
        from spp_tui.paths import make_private_dir

        make_private_dir(Path(self.baseFilename).parent)
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return os.fdopen(fd, "a", encoding="utf-8", errors="replace")

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(OSError):  # opening the file is outside logging's own guard
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """No traceback to the terminal about the log itself (it would show the record)."""


def notice(error: BaseException) -> str:
    """The one line shown for an unexpected failure (what failed, where the details are)."""
    from spp_tui.widgets.safe_text import visible

    first = (str(error).strip().splitlines() or [""])[0]
    what = f"{type(error).__name__}: {first}" if first else type(error).__name__
    if len(what) > 100:
        what = what[:99] + "…"
    return f"Something failed ({visible(what)}); your work is kept. Details in {LOG_NAME}."


def contain(app: App, error: BaseException) -> None:
    """Log ``error`` and tell the user in one line; the app carries on."""
    log_failure(error)
    app.contained_failures.append(error)  # type: ignore[attr-defined]
    with contextlib.suppress(Exception):  # the notice itself must not fail the app
        app.notify(notice(error), severity="error", timeout=8, markup=False)


def install_dispatch_guard() -> None:
    """Contain exceptions where Textual dispatches each message (handlers, timers, callbacks
    after refresh), so the failing widget keeps its message loop (idempotent)."""
    from asyncio import CancelledError

    from textual.message_pump import MessagePump

    if getattr(MessagePump._dispatch_message, "_spp_guarded", False):
        return
    original = MessagePump._dispatch_message

    async def guarded(self: MessagePump, message):  # noqa: ANN001, ANN202
        try:
            return await original(self, message)
        except CancelledError:
            raise
        except Exception as error:
            app = _our_app(self)
            if app is None:
                raise
            contain(app, error)  # a failed mount too: the widget still gets its loop

    guarded._spp_guarded = True  # type: ignore[attr-defined]
    MessagePump._dispatch_message = guarded  # type: ignore[method-assign]


def _our_app(pump) -> App | None:  # noqa: ANN001
    try:
        app = pump.app
    except Exception:  # noqa: BLE001 - no active app
        return None
    return app if hasattr(app, "contained_failures") else None


def tolerate_undecodable_input() -> None:
    """A byte that is not UTF-8 from the terminal (a £ typed on a Latin-1 terminal) becomes
    U+FFFD instead of ending the app: Textual's Linux driver decodes keys strictly."""
    import codecs

    try:
        from textual.drivers import linux_driver
    except ImportError:  # Windows: keys arrive as Unicode already
        return

    def lenient(encoding: str):  # noqa: ANN202
        factory = codecs.getincrementaldecoder(encoding)
        return lambda errors="replace": factory(errors="replace")

    linux_driver.getincrementaldecoder = lenient
