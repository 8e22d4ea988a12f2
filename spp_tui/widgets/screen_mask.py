"""Privacy on screen: every line any widget draws passes through the redaction engine.

Why at the last step: a name reaches the screen through dozens of widgets (case list, case
panel, action review, palette, search results, dialogs, toasts, a DataTable cell, a
TextArea). Masking each string where it is set would miss the one nobody thought of; the
screen's compositor is the one place every drawn line passes. ``ScreenMask`` runs the same
``Redactor`` as the redacted minutes over each line a widget renders (consistent
placeholders within the meeting, ``[Person 2 (suspect)]``) and keeps the line's width, so
the layout does not move. The stored text is untouched: typing is saved as typed.

The field being edited may show the real text while it has the focus, if the setting says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.app import App

#: The cache of redacted segment texts is cleared past this many entries.
CACHE_LIMIT = 20_000


class ScreenMask:
    """Redacts the text of rendered lines, keeping each line's cell width and styles."""

    def __init__(self, redact: Callable[[str], str], *, show_focused: bool = False) -> None:
        self._redact = redact
        self.show_focused = show_focused
        self._cache: dict[str, str] = {}

    def text(self, text: str) -> str:
        """One string as the screen shows it."""
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[text] = self._redact(text) if text.strip() else text
        return found

    def lines(self, widget: Widget, strips: list[Strip]) -> list[Strip]:
        if self.show_focused and widget.has_focus:
            return strips
        return [self.line(strip) for strip in strips]

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


def _mask_of(widget: Widget) -> ScreenMask | None:
    try:
        return getattr(widget.app, "screen_mask", None)
    except Exception:  # noqa: BLE001 - a widget without an app draws nothing of ours
        return None


_original_get_renders = Compositor._get_renders


def _get_renders(
    self: Compositor, crop: Region | None = None
) -> Iterable[tuple[Region, Region, list[Strip]]]:
    """Textual's own renders, with the app's mask applied to each widget's lines."""
    visible = self.visible_widgets
    if not visible:
        yield from _original_get_renders(self, crop)
        return
    if crop:
        regions = [(w, r, c) for w, (r, c) in visible.items() if crop.overlaps(c)]
    else:
        regions = [(w, r, c) for w, (r, c) in visible.items()]
    for widget, region, clip in regions:
        if clip.contains_region(region):
            area = Region(0, 0, region.width, region.height)
        else:
            x, y, width, height = Region.intersection(region, clip)
            if not (width and height):
                continue
            area = Region(x - region.x, y - region.y, width, height)
        lines = widget.render_lines(area)
        mask = _mask_of(widget)
        yield region, clip, (mask.lines(widget, lines) if mask is not None else lines)


def install() -> None:
    """Route every screen's drawing through the app's ``screen_mask`` (None = as is).

    Idempotent; an app without the attribute draws exactly as Textual does."""
    if Compositor._get_renders is not _get_renders:
        Compositor._get_renders = _get_renders  # type: ignore[method-assign]


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
