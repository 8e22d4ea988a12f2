"""The key bar (``widgets.footer``): one widget drawing the keys that apply now, F1 first, the
palette key at the right edge, a click presses a key, a disabled key is dim and only rings."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from spp_tui.widgets.footer import PALETTE_RULE, Footer


class KeysApp(App[None]):
    """A screen with a key that works, a disabled one, a hidden one and two for one action."""

    BINDINGS = [
        Binding("o", "open", "Open case", id="t.open"),
        Binding("enter", "open", "Open case", id="t.open_enter"),
        Binding("x", "close", "Close case", id="t.close"),
        Binding("z", "secret", "Hidden", show=False, id="t.hidden"),
        Binding("f1", "help", "Help", id="t.help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "close" else True  # None: shown, disabled

    def action_open(self) -> None:
        self.done.append("open")

    def action_close(self) -> None:
        self.done.append("close")

    def action_help(self) -> None:
        self.done.append("help")

    def bell(self) -> None:
        self.bells += 1


def _line(footer: Footer) -> str:
    return footer.render().plain


async def test_the_bar_shows_each_action_once_f1_first_the_palette_at_the_right() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        assert footer.descriptions == ["Help", "Open case", "Close case", "palette"]
        line = _line(footer)
        assert len(line) == 80
        assert line.startswith(" f1 Help  o Open case  x Close case ")
        assert line.endswith(f"{PALETTE_RULE}^p palette ")
        assert "Hidden" not in line and "enter" not in line
        # The disabled key still shows, dim; the others are not.
        drawn = footer.render()

        def dim_at(text: str) -> bool:
            at = drawn.plain.index(text)
            return any(s.style.dim for s in drawn.spans if s.start <= at < s.end)

        assert dim_at("Close case") and dim_at(" x ")
        assert not dim_at("Open case") and not dim_at("Help")


async def test_a_click_presses_the_key_and_a_disabled_key_only_rings() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        line = _line(footer)
        await pilot.click(Footer, offset=(line.index("Open case"), 0))
        await pilot.pause()
        assert app.done == ["open"]
        await pilot.click(Footer, offset=(line.index("Close case"), 0))
        await pilot.pause()
        assert app.done == ["open"] and app.bells == 1
        await pilot.click(Footer, offset=(line.index("f1"), 0))
        await pilot.pause()
        assert app.done == ["open", "help"]
        # Between the keys and the palette key: nothing is pressed.
        await pilot.click(Footer, offset=(60, 0))
        await pilot.pause()
        assert app.done == ["open", "help"] and app.bells == 1


async def test_the_key_under_the_pointer_is_highlighted() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        plain = footer.render()
        at = _line(footer).index("Open case")
        await pilot.hover(Footer, offset=(at, 0))
        await pilot.pause()
        hovered = footer.render()
        assert hovered.plain == plain.plain
        style_at = {str(s.style) for s in hovered.spans if s.start <= at < s.end}
        before = {str(s.style) for s in plain.spans if s.start <= at < s.end}
        assert style_at != before  # a background of its own
        await pilot.hover(Static, offset=(0, 0))
        await pilot.pause()
        assert {str(s.style) for s in footer.render().spans if s.start <= at < s.end} == before


async def test_a_narrow_bar_shows_whole_keys_before_the_palette_key() -> None:
    """At any width (14-59) the keys that fit are shown whole, in order, and the rest left out (not
    "o Op" for "o Open case"); the palette key keeps the right edge; a click finds each key."""
    app = KeysApp()
    async with app.run_test(size=(60, 5)) as pilot:
        footer = app.query_one(Footer)
        seen = set()
        for width in range(14, 60):
            await pilot.resize_terminal(width, 5)
            await pilot.pause()
            line = _line(footer)
            assert len(line) == width
            palette = f"{PALETTE_RULE}^p palette "
            assert line.endswith(palette)
            keys = line[: -len(palette)]
            whole = ["f1 Help", "o Open case", "x Close case"]
            shown = [key for key in whole if key in keys]
            assert shown == whole[: len(shown)], width  # in order, none skipped
            assert keys.split() == " ".join(shown).split(), width  # nothing else: no cut key
            for start, end, index in footer._spans[:-1]:
                assert line[start:end].strip() == whole[index]
            seen.add(len(shown))
        assert seen == {0, 1, 2, 3}  # the widths walked show none, some and all
