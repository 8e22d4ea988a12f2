"""Failures contained: a failing worker or callback is logged and told in one line while the
app stays up, and data in a toast is shown as text, never as markup or terminal sequences."""

from __future__ import annotations

from typing import Any

from spp_tui.errors import DatabaseUnavailableError
from spp_tui.shell.base import ShellBase


class FailureContainment(ShellBase):
    """App mixin (before ``App``): plain-text toasts, contained failures, a one-line exit."""

    def notify(self, message: str, *args: Any, markup: bool = False, **kwargs: Any) -> None:
        """Toasts carry data (titles, names, errors quoting input): plain text by default,
        control characters made visible."""
        from spp_tui.widgets.safe_text import visible

        super().notify(visible(message, multiline=True), *args, markup=markup, **kwargs)

    def _handle_exception(self, error: Exception) -> None:
        """A worker or callback failed: contained (logged, one line) once the app is up (a
        lost server is its own line); only a failure while the app itself starts ends it (one
        line, non-zero status)."""
        from spp_tui.failures import contain

        cause = getattr(error, "error", error)  # WorkerFailed wraps the worker's exception
        if isinstance(cause, DatabaseUnavailableError):  # a lost server met by a loading worker
            self.server_unreachable(cause)
            return
        if self.is_running and self.screen_stack:
            contain(self, error)
            if self.is_headless and self._exception is None:
                self._exception = error  # tests still hear of it when run_test ends
            return
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """The traceback goes to the log in the data folder, never the terminal (its locals
        hold personal data); the terminal gets one line."""
        from rich.text import Text

        from spp_tui.failures import log_failure, notice

        error = self._exception or RuntimeError("unknown failure")
        log_failure(error)
        # The line names the first failure: a later one (no screen left) is only its effect.
        first = next(iter(getattr(self, "contained_failures", [])), error)
        self._exit_renderables.append(Text(f"spp-tui: error: {notice(first)}"))
        self._close_messages_no_wait()
