"""The app's side of navigation messages (``spp_tui.widgets.navigation``): what opens when a
dialog or panel asks. A mixin for the App, so any app that hosts our screens answers alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from spp_tui.widgets.navigation import OpenCase


class Navigator:
    """Mixed into an ``App``: opens the screens that lower layers may only ask for."""

    def on_open_case(self: App[object], message: OpenCase) -> None:  # type: ignore[misc]
        from spp_tui.screens.case_screen import CaseScreen

        self.push_screen(CaseScreen(message.case_id))
