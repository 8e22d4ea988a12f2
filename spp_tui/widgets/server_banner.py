"""The lasting "server unreachable" line: on top of every screen while the shared store cannot
be reached, so the chair can read at any moment that typing is kept locally, not yet stored.

Why text and a line of its own (not a toast, not a colour): a toast goes away while the
outage lasts, and a colour alone is not seen by everyone. Mounted on every screen in the stack
(and on each one opened meanwhile), removed when the server is back; below the privacy line
when both show.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Static

from spp_tui.widgets.privacy_banner import PrivacyBanner

#: What the chair reads while the server is unreachable (the issue's words).
TEXT = "server unreachable: your typing is kept, retrying"


def store_offline(app: object) -> bool:
    """The shared store cannot be reached now (the line above shows): steps are kept, and a
    read would only wait to fail. Any host app without an outage keeper is never offline."""
    outage = getattr(app, "outage", None)
    return bool(outage is not None and outage.offline)


def banner_text(waiting: int) -> str:
    """The line, with how many edits wait to be written."""
    if not waiting:
        return TEXT
    return f"{TEXT} · {waiting} edit{'s' if waiting != 1 else ''} waiting"


class ServerBanner(Static):
    """The one-line outage notice, docked at the top of its screen."""

    DEFAULT_CSS = """
    ServerBanner {
        dock: top;
        height: 1;
        width: 100%;
        padding: 0 1;
        background: $error;
        color: $text;
        text-style: bold;
    }
    ServerBanner.-below-privacy {
        margin-top: 1;
    }
    """

    def __init__(self, text: str = TEXT) -> None:
        super().__init__(text, id="server-banner", markup=False)


def show_on(screen: Screen[Any], text: str | None) -> None:
    """Mount, update or remove the banner on one screen (``text`` None: the server is back)."""
    found = screen.query(ServerBanner)
    if text is None:
        if found:
            found.remove()
        return
    if isinstance(screen, CommandPalette) or not screen.is_attached:
        return
    below = bool(screen.query(PrivacyBanner))
    if found:
        banner = found.first()
        banner.update(text)
    else:
        banner = ServerBanner(text)
        screen.mount(banner)
    banner.set_class(below, "-below-privacy")


def show_everywhere(app: App[Any], text: str | None) -> None:
    for screen in app.screen_stack:
        show_on(screen, text)
