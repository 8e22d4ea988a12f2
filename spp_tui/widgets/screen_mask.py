"""Privacy on screen: every line any widget draws passes through the redaction engine.

Why at the last step: a name reaches the screen through dozens of widgets (case list, case
panel, action review, palette, search results, dialogs, toasts, a DataTable cell, a
TextArea). Masking each string where it is set would miss the one nobody thought of. Textual
passes every line every widget renders through the app's line filters (``App.
get_line_filters``, the supported hook its own NO_COLOR and dimming filters use), so
``NameFilter`` is one more such filter: it runs the same ``Redactor`` as the redacted minutes
over each line (consistent placeholders within the meeting, ``[Person 2 (suspect)]``) and
keeps the line's width, so the layout does not move. The stored text is untouched: typing is
saved as typed.

The field being edited may show the real text while it has the focus, if the setting says so:
the app's text fields (``widgets.fields``) leave this filter out of their own
``get_line_filters`` then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from textual.filter import LineFilter
from textual.strip import Strip

if TYPE_CHECKING:
    from textual.app import App
    from textual.color import Color

#: The cache of redacted segment texts is cleared past this many entries.
CACHE_LIMIT = 20_000


class ScreenMask:
    """Redacts the text of rendered lines, keeping each line's cell width and styles."""

    def __init__(self, redact: Callable[[str], str], *, show_focused: bool = False) -> None:
        self._redact = redact
        self.show_focused = show_focused
        self._cache: dict[str, str] = {}
        #: The line filter the app adds while this mask is on (one instance: Textual caches
        #: each filtered line by filter, so a new mask redraws and the same one reuses).
        self.filter = NameFilter(self)

    def text(self, text: str) -> str:
        """One string as the screen shows it."""
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[text] = self._redact(text) if text.strip() else text
        return found

    def line(self, strip: Strip) -> Strip:
        """A line with every name redacted; a name split across styled segments (a search
        highlight) is caught on the joined text and the line is redrawn in its first style."""
        width = strip.cell_length
        segments = list(strip)
        changed = False
        masked: list[Segment] = []
        for segment in segments:
            if segment.control or not segment.text:
                masked.append(segment)
                continue
            text = self.text(segment.text)
            if text != segment.text:
                changed = True
                masked.append(Segment(text, segment.style))
            else:
                masked.append(segment)
        joined = "".join(s.text for s in masked if not s.control)
        whole = self.text(joined)
        if whole != joined:
            style = next((s.style for s in masked if s.text.strip()), None)
            masked = [Segment(whole, style)]
            changed = True
        if not changed:
            return strip
        return Strip(masked).crop(0, width).adjust_cell_length(width)


class NameFilter(LineFilter):
    """The mask as a Textual line filter: applied to every line of every widget."""

    def __init__(self, mask: ScreenMask) -> None:
        super().__init__()
        self.mask = mask

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return list(self.mask.line(Strip(segments)))


def with_mask(mask: ScreenMask | None, filters: Sequence[LineFilter]) -> Sequence[LineFilter]:
    """The app's line filters with the names filter first while privacy mode is on (and
    the filter enabled: a test reads the same screen without it, to prove it hides)."""
    return filters if mask is None or not mask.filter.enabled else [mask.filter, *filters]


def without_mask(mask: ScreenMask | None, filters: Sequence[LineFilter]) -> Sequence[LineFilter]:
    """A widget's filters less the names filter (the focused field, when the setting says)."""
    if mask is None:
        return filters
    return [f for f in filters if f is not mask.filter]


def repaint(app: App[Any]) -> None:
    """Draw every screen again (after the mask is switched on or off)."""
    for screen in app.screen_stack:
        for widget in screen.walk_children(with_self=True):
            widget.refresh()
    app.refresh(repaint=True)


def screen_text(app: App[Any]) -> str:
    """The text of the screen as drawn (for tests and the leak check): one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(s.text for s in strip if not s.control) for strip in strips)
