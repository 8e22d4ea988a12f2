"""The app's link to the store: service calls from the app itself, a server that goes away,
and quitting without losing a save that waits for the file or for the server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from spp_tui.shell.base import ShellBase

T = TypeVar("T")


class StoreLink(ShellBase):
    """App mixin (before ``App``): ``run_service``, ``server_unreachable`` and Ctrl+Q."""

    #: Ctrl+Q was pressed while saves waited for the file: a second one closes at once.
    _quit_asked: bool

    async def action_quit(self) -> None:
        """Quit, never with a save still waiting for the file: every form saves what it
        holds, and while a save waits (another process holds the lock, a full disk) the app
        says so and closes once it has landed; Ctrl+Q again closes at once (it is lost). Edits
        typed while the server is unreachable are said too, and kept in the journal."""
        from rich.text import Text

        from spp_tui.widgets.autosave import AutosaveForm
        from spp_tui.widgets.save_lane import lane_of

        for screen in self.screen_stack:
            for node in screen.walk_children(with_self=False):
                if isinstance(node, AutosaveForm):
                    node.flush()
        if self.outage is not None and not self.outage.may_quit():
            return  # edits wait for the server: said once, Ctrl+Q again quits
        said = self.outage.said_on_quit if self.outage is not None else None
        lane = lane_of(self)
        if not lane.busy() or self._quit_asked:
            lane.stop()
            self.exit(message=Text(said) if said else None)
            return
        self._quit_asked = True
        self.notify(
            "Closing as soon as your text is saved (the file is held by another user or the "
            "disk is full). Ctrl+Q again closes now and loses what is not saved.",
            severity="warning",
            timeout=3600,
            markup=False,
        )
        lane.when_drained(self.exit)

    def run_service(
        self,
        service: Callable[..., T],
        *args: Any,
        saved: str | None = None,
        on_stale: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> T | None:
        """Call a service from the app itself (screens, panels and dialogs use their
        ``ServiceDoor.call``, the same flow): toast, one-line refusal, reload offer."""
        from spp_tui.dialogs.door import call_service

        return call_service(self, service, *args, saved=saved, on_stale=on_stale, **kwargs)

    def server_unreachable(self, exc: Exception) -> None:
        """The store went away (server stopped, network dropped): one line, the app stays up
        and what was typed stays on screen to be saved again once the server is back."""
        if self.outage is not None:
            if self.outage.offline:  # the banner says so already; this step was not done
                self.notify(
                    "server unreachable: not done; do it again once the server is back.",
                    severity="warning",
                    timeout=4,
                    markup=False,
                )
                return
            self.outage.lost(exc)
        self.notify(
            f"server unreachable ({exc}): your typing and the meeting's steps are kept and "
            "written when it is back; a step that cannot be kept says so.",
            severity="error",
            timeout=10,
            markup=False,
        )
