"""The key bar at the foot of every screen and dialog: one widget drawing one line.

Why one widget: Textual's ``Footer`` is a container of a ``FooterKey`` widget per key, each
mounted, styled, measured and drawn on its own, and it stays empty until the screen first says
its bindings changed, which came after a screen's first page was drawn: the bar was then built
and drawn in two more frames. On the action log (17 keys) that was about a quarter of its
opening (issue 13 item 10). This bar draws the same line (each key in the footer's key style,
its description after it, the palette key at the right edge behind a thin rule) from the
screen's active bindings as it mounts, so it is in the first paint, and is drawn again only
when the keys it shows change.

F1 Help comes first: Textual lists the focused widget's keys, then the screen's, then the app's,
and cuts what does not fit, so at 80 columns the key to every other key fell off the end of the
home screen and of the case panels. A key that does not fit whole is left out, not cut in the
middle of its name ("w War" on the case list at 80 columns); F1 lists them all.

A click on a key presses it (a disabled key rings the bell), as on Textual's bar; the key under
the pointer is highlighted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

#: The action of the key shown first.
FIRST_ACTION = "help"
#: Drawn between the keys and the palette key at the right (Textual's ``vkey`` border).
PALETTE_RULE = "▏"


class ShownKey(NamedTuple):
    """One key of the bar, as drawn."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool


class Footer(Widget, can_focus=False):
    """The bar of the keys that apply now; F1 Help first, the palette key at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--hover",
        "footer--palette-rule",
    }
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--hover {
            background: $block-hover-background;
        }
        & > .footer--palette-rule {
            color: $foreground 20%;
        }
    }
    """

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, show_palette: bool = True
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.show_palette = show_palette
        self.keys: tuple[ShownKey, ...] = ()
        self.palette: ShownKey | None = None
        #: How many times the keys shown were worked out anew and differed (a test counts).
        self.rebuilds = 0
        #: The key under the pointer (its index in ``keys``; -1 the palette key).
        self._hover: int | None = None
        #: Each key's cells on the line drawn last: (start, end, index).
        self._spans: list[tuple[int, int, int]] = []

    # --- what it shows ---------------------------------------------------------------------

    @property
    def descriptions(self) -> list[str]:
        """The descriptions shown, in order (the palette key's last)."""
        shown = [key.description for key in self.keys]
        return shown + ([self.palette.description] if self.palette else [])

    def shows(self) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        """The keys the bar would show now: each action once, as Textual's bar shows it."""
        app = self.app
        seen: set[str] = set()
        keys: list[ShownKey] = []
        palette: ShownKey | None = None
        for _, binding, enabled, _tooltip in self.screen.active_bindings.values():
            is_palette = (
                binding.key == app.COMMAND_PALETTE_BINDING
                and self.show_palette
                and app.ENABLE_COMMAND_PALETTE
            )
            listed = binding.show and binding.action not in seen
            if not (is_palette or listed):
                continue
            display = app.get_key_display(binding)
            shown = ShownKey(binding.key, display, binding.description, binding.action, enabled)
            if is_palette:
                palette = shown
            if listed:
                seen.add(binding.action)
                keys.append(shown)
        keys.sort(key=lambda shown: shown.action != FIRST_ACTION)  # stable: F1 first
        return tuple(keys), palette

    def on_mount(self) -> None:
        self.keys, self.palette = self.shows()
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.rebuild)

    def rebuild(self) -> None:
        """Work out the keys again; drawn again only if they differ."""
        if not self.is_attached:
            return
        keys, palette = self.shows()
        if (keys, palette) == (self.keys, self.palette):
            return
        self.keys, self.palette = keys, palette
        self.rebuilds += 1
        self.refresh()

    # --- drawing ---------------------------------------------------------------------------

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        hover = self.get_component_rich_style("footer-key--hover", partial=True)

        def extra(index: int, shown: ShownKey) -> Style:
            """The key under the pointer highlighted, a disabled key dim."""
            return (hover if self._hover == index else Style()) + (
                Style() if shown.enabled else Style(dim=True)
            )

        width = self.size.width
        right = Text()
        if self.palette is not None:
            palette = self.palette
            right.append(PALETTE_RULE, self.get_component_rich_style("footer--palette-rule"))
            right.append(palette.display, key_style + extra(-1, palette))
            right.append(f" {palette.description}", description_style + extra(-1, palette))
            right.append(" ")  # the palette key's own right padding
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, int]] = []
        room = max(0, width - right.cell_len)
        for index, shown in enumerate(self.keys):
            start = line.cell_len
            key = Text(end="")
            if shown.description:
                key.append(f" {shown.display} ", key_style + extra(index, shown))
                key.append(f"{shown.description} ", description_style + extra(index, shown))
            else:
                key.append(shown.display, key_style + extra(index, shown))
            # Whole or not at all ("w War" read as a key; F1 lists them all); its trailing
            # space may go.
            if start + key.cell_len - (1 if shown.description else 0) > room:
                break
            line.append_text(key)
            spans.append((start, min(line.cell_len, room), index))
        line.truncate(room, overflow="crop")
        if right.cell_len:
            line.append(" " * (room - line.cell_len))
            spans.append((room, width, -1))
            line.append_text(right)
        self._spans = spans
        return line

    # --- the pointer -----------------------------------------------------------------------

    def _key_at(self, x: int) -> int | None:
        return next((index for start, end, index in self._spans if start <= x < end), None)

    def _shown(self, index: int | None) -> ShownKey | None:
        if index is None:
            return None
        return self.palette if index == -1 else self.keys[index]

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._key_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        shown = self._shown(self._key_at(event.x))
        if shown is None:
            return
        event.stop()
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()
