"""The app's text fields: Textual's ``Input`` and ``TextArea``, able to show what is typed
while privacy mode is on.

Why a subclass: privacy mode redacts every line on screen through one line filter, and the
setting ``privacy_show_focused`` lets the field being edited show the real text while it has
the focus (a minute-taker checking the spelling of a name). Textual asks each widget for its
line filters (``Widget.get_line_filters``), so the field leaves the names filter out while
it has the focus; every other widget, and this one once the focus moves on, stays redacted.
Same names as Textual's, so CSS and queries (``Input``, ``TextArea``) match as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import widgets
from textual.filter import LineFilter
from textual.widget import Widget

from spp_tui.widgets.screen_mask import without_mask


def _filters(field: Widget, filters: Sequence[LineFilter]) -> Sequence[LineFilter]:
    mask = getattr(field.app, "screen_mask", None)
    if mask is not None and mask.show_focused and field.has_focus:
        return without_mask(mask, filters)
    return filters


class Input(widgets.Input):
    """A one-line field (shows what is typed while focused, if the privacy setting says)."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        return _filters(self, super().get_line_filters())


class TextArea(widgets.TextArea):
    """A text box (shows what is typed while focused, if the privacy setting says)."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        return _filters(self, super().get_line_filters())
