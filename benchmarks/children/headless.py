"""The real entry point (``spp-tui --db PATH``) run headless with an auto-pilot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot


def run_entry_point(db_path: str, pilot: Callable[[Pilot[Any]], Awaitable[None]]) -> None:
    """``spp-tui --db db_path``, with App.run made headless (100x30) and driven by ``pilot``."""
    from spp_tui.app import SppApp
    from spp_tui.launch import main

    def headless_run(self: SppApp, **_kwargs: Any) -> Any:
        return App.run(self, headless=True, size=(100, 30), auto_pilot=pilot)

    SppApp.run = headless_run  # type: ignore[method-assign]
    main(["--db", db_path])
