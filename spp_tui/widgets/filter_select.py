"""Filter lists whose choices arrive from the database after the screen is drawn, and the
one-widget stand-in a filter list shows until it is used.

Why a stand-in: a Textual ``Select`` is five widgets (its current line, label, two arrows and
the list it opens), each styled when the screen opens; the action log's five filter lists
were half of its widgets and most of the time its first screen took with 10,000 live actions
(issue 13 item 10). ``SelectStandIn`` draws the same line as a compact ``Select`` in one
widget; the screen puts the real list in its place when the chair goes to that filter (its
key, Tab or a click), so every filter is still reached the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from spp_tui.widgets.lists import Select
from spp_tui.widgets.safe_text import visible


def fill_filter(select: Select[Any], choices: Sequence[tuple[str, Any]], wanted: Any) -> None:
    """Give ``select`` its choices and show ``wanted`` (the filter the screen was opened with)
    if it is one of them, without firing a Changed that would reload the list again."""
    with select.prevent(Select.Changed):
        select.set_options(choices)
        if wanted is not None and any(value == wanted for _, value in choices):
            select.value = wanted


def choice_label(choices: Sequence[tuple[str, Any]], value: Any) -> str | None:
    """The label of ``value`` among ``choices`` (None: no value, or not among them)."""
    if value is None:
        return None
    return next((label for label, v in choices if v == value), None)


class SelectStandIn(Widget, can_focus=True):
    """Looks like a compact ``Select`` (its prompt, or the choice made, and ▼) and asks for
    the real one (``Wanted``) when it is focused or clicked."""

    DEFAULT_CSS = """
    SelectStandIn {
        width: 1fr;
        height: 1;
        background: $surface;
        padding: 0 1 0 0;
        color: $foreground 50%;
        pointer: pointer;
    }
    SelectStandIn.-has-value {
        color: $foreground;
    }
    SelectStandIn > .select-stand-in--arrow {
        color: $foreground 50%;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"select-stand-in--arrow"}

    class Wanted(Message):
        """The chair went to this filter: put the real list here (``expand``: open it)."""

        def __init__(self, stand_in: SelectStandIn, expand: bool) -> None:
            super().__init__()
            self.stand_in = stand_in
            self.expand = expand

    def __init__(self, prompt: str, *, id: str, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self.prompt = prompt
        self.label: str | None = None

    def show(self, label: str | None) -> None:
        """Show ``label`` as the choice made (None: the prompt)."""
        self.label = label
        self.set_class(label is not None, "-has-value")
        self.refresh()

    def render(self) -> Text:
        width = self.content_region.width
        arrow = Text(" ▼", style=self.get_component_rich_style("select-stand-in--arrow"))
        text = Text(
            visible(self.prompt if self.label is None else self.label),
            no_wrap=True,
            overflow="ellipsis",
            end="",
        )
        text.truncate(max(width - 2, 0), overflow="ellipsis", pad=True)
        return text + arrow

    def _on_focus(self, event: events.Focus) -> None:
        self.post_message(self.Wanted(self, expand=False))

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Wanted(self, expand=True))
