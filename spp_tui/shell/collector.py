"""Python's cycle collector, set for a TUI: the app's lasting objects frozen once it has
started, and fewer, larger young collections.

Why: drawing a screen makes hundreds of thousands of short-lived objects (segments, strips,
styles), and a closed screen leaves its widgets as cycles. With the default settings a full
collection ran while nearly every screen opened, walking every object the app holds
(Textual's stylesheet, SQLAlchemy's tables, the home screen): on the action log with 10,000
live actions that was about half of its first screen's CPU (issue 13 item 10). Frozen objects
are not walked again; the young generation is collected every 50,000 new objects rather than
700. ``release`` undoes both when the app ends (a test process runs many apps).

A closed screen's widgets are cycles that only the collector frees: ``collect_later`` frees
them a moment after the screen closes, while the chair reads the screen beneath, instead of
in a collection that falls due while the next screen opens (on the action log with 10,000
live actions such a collection was 80-130 ms of its opening, one opening in three).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.timer import Timer

#: Young collections every YOUNG new objects (Python's default is 700); the older
#: generations keep their default ratios.
YOUNG = 50_000
#: Seconds after a screen closes before its widgets are collected (the screen beneath is
#: drawn first; screens closed one after another are collected once; 0.25 s cost a test
#: run of many short screens 8% more CPU, 1 s about 2%).
AFTER_CLOSE = 1.0

_saved: tuple[int, int, int] | None = None
_pending: Timer | None = None


def settle() -> None:
    """Freeze what the started app holds and space out young collections (idempotent)."""
    global _saved
    if _saved is None:
        _saved = gc.get_threshold()
        gc.set_threshold(YOUNG, _saved[1], _saved[2])
    gc.freeze()


def collect_later(app: Any) -> None:
    """Collect a closed screen's widgets once the app has drawn what is beneath (idempotent:
    screens closed together are collected once)."""
    global _pending
    if _saved is None:
        return  # not settled (starting, or ended)
    if _pending is not None:
        _pending.stop()
    _pending = app.set_timer(AFTER_CLOSE, _collect, name="collect closed screens")


def _collect() -> None:
    global _pending
    _pending = None
    if _saved is not None:
        gc.collect()


def release() -> None:
    """Back to Python's settings: the frozen objects are collected as any others."""
    global _saved, _pending
    if _pending is not None:
        _pending.stop()
        _pending = None
    gc.unfreeze()
    if _saved is not None:
        gc.set_threshold(*_saved)
        _saved = None
