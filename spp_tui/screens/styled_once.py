"""A screen styled once when it opens, not three times.

Textual styles every widget of a screen as it is mounted, then again, all of them, when the
pushed screen resumes (``ScreenResume`` asks for it, though nothing has changed since), and a
third time when its first resize gives it the app's breakpoint class (``-wide``...). On the
action log that was about a fifth of the time its first screen took (issue 13 item 10).
``StyledOnce`` gives the screen its breakpoint classes before its widgets are styled and
skips the restyle of its first resume; later resumes (back from a dialog) restyle as before.
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
        if not self._resumed_once:
            self._resumed_once = True
            event.refresh_styles = False  # styled as it mounted, nothing changed since
        super()._on_screen_resume(event)
