"""Widgets made compact as they are made, without a restyle.

Why: Textual's ``compact=True`` sets a reactive that adds the ``-textual-compact`` class, and
adding a class restyles the widget then and there, though it is not mounted yet and is styled
again as it mounts: about 2 ms a field, four fields on the action log's filter rows (issue 13
item 10). Here the widget is made with ``compact=False`` and then given the value and the
class directly; it looks and behaves as Textual's compact one (``tests/test_compact.py``).
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

COMPACT_CLASS = "-textual-compact"


def made_compact(widget: Widget, compact: bool) -> None:
    """Make ``widget`` (one with a ``compact`` reactive) compact, if asked, without a restyle:
    call right after its ``__init__`` was given ``compact=False``."""
    if compact:
        widget.set_reactive(type(widget).compact, True)  # type: ignore[attr-defined]
        widget.add_class(COMPACT_CLASS, update=False)


class CompactAtBirth:
    """Mixin, before the Textual widget in the bases: its ``compact=True`` costs no restyle."""

    def __init__(self, *args: Any, compact: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self, Widget)
        made_compact(self, compact)
