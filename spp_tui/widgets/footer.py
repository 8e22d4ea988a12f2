"""The key bar at the foot of every screen and dialog: Textual's Footer, built once per change.

Why: Textual's ``FooterKey`` starts compact and is then bound to the footer's (not compact)
setting, so every key in the bar had its styles worked out twice each time the bar was rebuilt
(on every focus move): about a quarter of the time it took to open a meeting. Each key here
starts with the footer's setting, so the binding changes nothing.

Rebuilt only when what it shows changes: Textual rebuilds the bar (a widget per key, each
styled) on every change of the screen's bindings, and opening the action log changed them
about seven times with the same keys to show (the focus settling, the filter lists filled):
most of the styling that opening cost.

F1 Help comes first: Textual lists the focused widget's keys, then the screen's, then the app's,
and cuts what does not fit, so at 80 columns the key to every other key fell off the end of the
home screen and of the case panels.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

#: The action of the key shown first.
FIRST_ACTION = "help"


class Footer(TextualFooter):
    """Textual's Footer whose bound keys start as compact as the footer is, F1 Help first (the
    app has no key groups, so the order of the keys is all there is to change)."""

    _shown: tuple[Any, ...] | None = None

    def shows(self) -> tuple[Any, ...]:
        """What ``compose`` would draw now: each shown key with its label and state."""
        app = self.app
        keys = tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action)
            + (enabled, tooltip, binding.group)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )
        return (self.compact, self.show_command_palette, keys)

    async def recompose(self) -> None:
        """Rebuild the bar only if it would show something else."""
        if not self.is_attached:
            return
        shows = self.shows()
        if shows == self._shown:
            return
        self._shown = shows
        await super().recompose()

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        for widget in widgets:
            # The palette key is not bound to the footer: it keeps its own (compact) look.
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
        first = [w for w in widgets if isinstance(w, FooterKey) and w.action == FIRST_ACTION]
        yield from first
        yield from (w for w in widgets if w not in first)
