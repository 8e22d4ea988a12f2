"""The app's text fields: Textual's ``Input`` and ``TextArea``, able to show what is typed
while privacy mode is on.

Why a subclass: privacy mode redacts every line on screen through one line filter, and the
setting ``privacy_show_focused`` lets the field being edited show the real text while it has
the focus (a minute-taker checking the spelling of a name). Textual asks each widget for its
line filters (``Widget.get_line_filters``), so the field leaves the names filter out while
it has the focus; every other widget, and this one once the focus moves on, stays redacted.
Same names as Textual's, so CSS and queries (``Input``, ``TextArea``) match as before.

The text box also gives every line break one newline (on load and paste): a summary or
decisions pasted from mail (CR LF, a lone CR, a Unicode line separator) is split into lines by
Textual's document but measured with its one newline, so Ctrl+Z or a cursor move after it
reached past the last line and stopped the app (issue 13). Should an undo or redo still fail,
the text as it stood is kept, the history cleared and the chair told. Ctrl+Home and Ctrl+End go
to the start and end of the whole text (Textual's Home and End stop at the line's ends), as in
a word processor: a long summary is reviewed from the top and added to at the bottom.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import events, widgets
from textual.binding import Binding
from textual.filter import LineFilter
from textual.widget import Widget

from spp_tui.text import one_newline
from spp_tui.widgets.compact import CompactAtBirth
from spp_tui.widgets.screen_mask import without_mask


def _filters(field: Widget, filters: Sequence[LineFilter]) -> Sequence[LineFilter]:
    mask = getattr(field.app, "screen_mask", None)
    if mask is not None and mask.show_focused and field.has_focus:
        return without_mask(mask, filters)
    return filters


class Input(CompactAtBirth, widgets.Input):
    """A one-line field (shows what is typed while focused, if the privacy setting says)."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        return _filters(self, super().get_line_filters())


class TextArea(widgets.TextArea):
    """A text box (shows what is typed while focused, if the privacy setting says) with one
    kind of line break, an undo that cannot stop the app, and Ctrl+Home / Ctrl+End."""

    BINDINGS = [
        Binding("ctrl+home", "text_start", "Start of the text", show=False, id="text.start"),
        Binding("ctrl+end", "text_end", "End of the text", show=False, id="text.end"),
    ]

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(one_newline(text), **kwargs)

    def get_line_filters(self) -> Sequence[LineFilter]:
        return _filters(self, super().get_line_filters())

    def load_text(self, text: str) -> None:
        super().load_text(one_newline(text))

    async def _on_paste(self, event: events.Paste) -> None:
        event.text = one_newline(event.text)
        await super()._on_paste(event)

    def action_text_start(self) -> None:
        self.move_cursor((0, 0))

    def action_text_end(self) -> None:
        self.move_cursor(self.document.end)

    def undo(self) -> None:
        self._guarded(super().undo)

    def redo(self) -> None:
        self._guarded(super().redo)

    def _guarded(self, step: Callable[[], None]) -> None:
        before = self.text
        try:
            step()
        except (IndexError, ValueError):
            self.load_text(before)  # the text as it stood; the history that failed is gone
            self.notify("Nothing more to undo in this field.", timeout=3, markup=False)
