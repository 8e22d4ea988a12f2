"""A screen styled once when it opens, not three times.

Textual styles every widget of a screen as it is mounted, then again, all of them, when the
pushed screen resumes (``ScreenResume`` asks for it, though nothing has changed since), and a
third time when its first resize gives it the app's breakpoint class (``-wide``...). On the
action log that was about a fifth of the time its first screen took (issue 13 item 10).
``StyledOnce`` gives the screen its breakpoint classes before its widgets are styled and
skips the restyle of its first resume; later resumes (back from a dialog) restyle as before.

Laid out twice, too: the first resume lays the screen out at the app's size, which gives the
screen its size, and so a ``Resize`` event, whose handler lays it out again at that same
size and draws it all again (about 15 ms of the action log's opening). That one repeat is
skipped; a resize to any other size, then or later, is laid out as always.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[Any]
else:
    _Base = object


class StyledOnce(_Base):
    """Mixin, before ``Screen`` in the bases; the screen calls ``take_breakpoints()`` first
    thing in ``compose``."""

    _resumed_once = False
    #: The size the first resume laid the screen out at, until its own Resize has come.
    _laid_out_at: Any = None

    def take_breakpoints(self) -> None:
        """The breakpoint classes for the app's width now, set without a restyle (the
        widgets are styled with them as they mount); the first resize then changes none."""
        width, height = self.app.size
        for breakpoints, size in (
            (self.HORIZONTAL_BREAKPOINTS or self.app.HORIZONTAL_BREAKPOINTS or [], width),
            (self.VERTICAL_BREAKPOINTS or self.app.VERTICAL_BREAKPOINTS or [], height),
        ):
            wanted = self._get_breakpoint_classes(size, breakpoints)
            for _, name in breakpoints:
                if name in wanted:
                    self.add_class(name, update=False)
                else:
                    self.remove_class(name, update=False)

    def _on_screen_resume(self, event: Any) -> None:
        first = not self._resumed_once
        if first:
            self._resumed_once = True
            event.refresh_styles = False  # styled as it mounted, nothing changed since
        super()._on_screen_resume(event)
        if first:
            # The Resize that layout posted is queued; this runs after it.
            self._laid_out_at = self.app.size
            self.call_later(self._forget_first_layout)

    def _forget_first_layout(self) -> None:
        self._laid_out_at = None

    def _screen_resized(self, size: Any) -> None:
        if size == self._laid_out_at:
            self._laid_out_at = None
            return  # laid out at this size by the first resume, a moment ago
        super()._screen_resized(size)
