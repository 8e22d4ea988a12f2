"""Calling services from the continuity screens the way the app does everywhere else.

The real app (``SppApp``) opens the database in a worker and offers ``run_service`` (one-line
toasts for user errors, a reload offer for stale edits) and ``when_db_ready``. These helpers
use them when present and fall back to the plain behaviour, so a panel also runs inside a
small test app that only has ``db``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode

from spp_tui.errors import UserError

T = TypeVar("T")


def run_service(
    node: DOMNode, service: Callable[..., T], *args: Any, saved: str | None = None, **kwargs: Any
) -> T | None:
    """``service(db, *args, **kwargs)``; a ``UserError`` becomes a toast and returns None."""
    app = node.app
    runner = getattr(app, "run_service", None)
    if runner is not None:
        return runner(service, *args, saved=saved, **kwargs)
    try:
        result = service(app.db, *args, **kwargs)  # type: ignore[attr-defined]
    except UserError as exc:
        app.notify(str(exc), severity="error", timeout=6)
        return None
    if saved:
        app.notify(saved, timeout=2)
    return result


def when_db_ready(node: DOMNode, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the app's database is open (at once if it already is)."""
    waiter = getattr(node.app, "when_db_ready", None)
    if waiter is not None:
        waiter(callback)
    else:
        callback()
