"""The screen shown instead of the app when its database cannot be opened."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, Static

from spp_tui.widgets.footer import Footer


class ErrorScreen(Screen[None]):
    """The database could not be opened: one clear line and a key to quit, no traceback."""

    # q is said in the screen's own line; the footer keeps the app's one Quit (^q), not two.
    BINDINGS = [Binding("q,escape", "app.quit", "Quit", id="error.quit", show=False)]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-box"):
            yield Label("spp-tui cannot open its database", classes="dialog-title")
            yield Static(self.message, id="error-message", markup=False)
            yield Static("Press q to quit, fix the problem, then start spp-tui again.")
        yield Footer()
