"""The key bar at the foot of every screen and dialog: Textual's Footer, built once per change.

Why: Textual's ``FooterKey`` starts compact and is then bound to the footer's (not compact)
setting, so every key in the bar had its styles worked out twice each time the bar was rebuilt
(on every focus move): about a quarter of the time it took to open a meeting. Each key here
starts with the footer's setting, so the binding changes nothing. It looks the same.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    """Textual's Footer whose bound keys start as compact as the footer is."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            # The palette key is not bound to the footer: it keeps its own (compact) look.
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
