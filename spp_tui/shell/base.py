"""What the shell's mixins may assume of the app they are mixed into (for the type checker).

At run time each mixin is a plain class before ``App`` in ``SppApp``'s bases; for mypy it is an
``App`` with the app's shared attributes and the methods one mixin calls on another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")

if TYPE_CHECKING:
    from textual.app import App

    from spp_tui.db.database import Database
    from spp_tui.dialogs.outage import StoreOutage
    from spp_tui.widgets.screen_mask import ScreenMask

    class ShellBase(App[None]):
        db: Database | None
        outage: StoreOutage | None
        screen_mask: ScreenMask | None
        privacy_mode: bool
        _privacy_settings: tuple[str, str]

        def run_service(
            self,
            service: Callable[..., T],
            *args: Any,
            saved: str | None = None,
            on_stale: Callable[[], None] | None = None,
            **kwargs: Any,
        ) -> T | None: ...

        def server_unreachable(self, exc: Exception) -> None: ...

        def action_toggle_privacy(self) -> None: ...

        def action_toggle_theme(self) -> None: ...

        def use_theme(self, theme: str) -> None: ...

        def _save_privacy_start(self, on: bool) -> None: ...

        def _save_privacy_focused(self, on: bool) -> None: ...

else:
    ShellBase = object
