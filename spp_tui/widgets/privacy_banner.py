"""The lasting privacy indicator: one line of text on top of every screen while names are hidden.

Why text and a line of its own: a toast goes away and a colour is not seen by everyone (nor on
a washed-out projector), so the chair and the room must be able to read, at any moment, that
the screen is a redacted view and not the record. The line is mounted on every screen in the
stack while privacy mode is on (and on each screen opened meanwhile) and removed when it goes
off; the room's view always shows it.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Static

#: What the chair's screen says while privacy mode is on.
CHAIR_TEXT = "PRIVATE VIEW: names hidden · F6 shows them"
#: What the room's view always says.
ROOM_TEXT = "PRIVATE VIEW: names hidden · room view, read-only"


class PrivacyBanner(Static):
    """The one-line indicator, docked at the top of its screen."""

    DEFAULT_CSS = """
    PrivacyBanner {
        dock: top;
        height: 1;
        width: 100%;
        padding: 0 1;
        background: $warning;
        color: $text;
        text-style: bold;
    }
    """

    def __init__(self, text: str = CHAIR_TEXT) -> None:
        super().__init__(text, id="privacy-banner", markup=False)


def _carries_banner(screen: Screen[Any]) -> bool:
    """Every screen but the command palette (it opens over a screen that shows the line)."""
    return not isinstance(screen, CommandPalette)


def show_on(screen: Screen[Any], on: bool) -> None:
    """Mount or remove the banner on one screen, so it matches ``on``."""
    found = screen.query(PrivacyBanner)
    if on and not found and _carries_banner(screen) and screen.is_attached:
        screen.mount(PrivacyBanner())
    elif not on and found:
        found.remove()


def show_everywhere(app: App[Any], on: bool) -> None:
    """Every screen in the stack shows (or stops showing) the banner."""
    for screen in app.screen_stack:
        show_on(screen, on)
