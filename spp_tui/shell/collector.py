"""Python's cycle collector, set for a TUI: the app's lasting objects frozen once it has
started, and fewer, larger young collections.

Why: drawing a screen makes hundreds of thousands of short-lived objects (segments, strips,
styles), and a closed screen leaves its widgets as cycles. With the default settings a full
collection ran while nearly every screen opened, walking every object the app holds
(Textual's stylesheet, SQLAlchemy's tables, the home screen): on the action log with 10,000
live actions that was about half of its first screen's CPU (issue 13 item 10). Frozen objects
are not walked again; the young generation is collected every 10,000 new objects rather than
700. ``release`` undoes both when the app ends (a test process runs many apps).
"""

from __future__ import annotations

import gc

#: Young collections every YOUNG new objects (Python's default is 700); the older
#: generations keep their default ratios.
YOUNG = 10_000

_saved: tuple[int, int, int] | None = None


def settle() -> None:
    """Freeze what the started app holds and space out young collections (idempotent)."""
    global _saved
    if _saved is None:
        _saved = gc.get_threshold()
        gc.set_threshold(YOUNG, _saved[1], _saved[2])
    gc.freeze()


def release() -> None:
    """Back to Python's settings: the frozen objects are collected as any others."""
    global _saved
    gc.unfreeze()
    if _saved is not None:
        gc.set_threshold(*_saved)
        _saved = None
