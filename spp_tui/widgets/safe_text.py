"""The one safe path from data to the screen: plain ``Text``, control characters visible.

Why: case titles, action text and names are typed by many people and pasted from emails and
police systems. Given to a widget as a ``str`` they are read as markup (``[/]`` crashes with
MarkupError, ``[@click=app.quit]`` becomes an action, ``[link=...]`` a link), and an ESC in
them reaches the terminal as an escape sequence (``ESC[2J`` clears the screen, OSC 52 writes
the clipboard, OSC 8 makes a hyperlink). Every user string is shown through ``safe_text``:
a ``rich.text.Text`` (never markup) whose C0, C1, ESC and DEL characters are replaced, one
for one, by visible symbols (U+2400 block: ␛ for ESC, ␀ for NUL...), and whose lone
surrogates (which a terminal cannot encode) are U+FFFD. Newlines and tabs are kept where a
widget shows several lines.

``install()`` makes the same rule the default for every DataTable cell given as ``str``
(Textual would parse it as markup), so no table can forget it; ``install_plain_choices`` and
``install_plain_palette`` do the same for option lists, Selects and the command palette,
``install_plain_toasts`` for a toast a widget raises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from rich.text import Text

#: C0 controls -> the U+2400 "control pictures"; DEL -> ␡; C1 controls -> a visible box.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_PICTURES[0x7F] = "\u2421"
_PICTURES.update({code: "\u2426" for code in range(0x80, 0xA0)})  # ␦ stands for any C1
_MULTILINE = dict(_PICTURES)
del _MULTILINE[0x0A], _MULTILINE[0x09]
_SINGLE_LINE = dict(_PICTURES)
#: A character ``visible`` would replace (a control character or a lone surrogate).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def visible(value: object, *, multiline: bool = False) -> str:
    """``value`` as a string that is safe to draw: control characters as visible symbols
    (newline and tab kept when ``multiline``), lone surrogates as U+FFFD. Same length as
    the input for ``str`` values, so styles laid over it keep their places."""
    text = value if isinstance(value, str) else str(value)
    text = text.translate(_MULTILINE if multiline else _SINGLE_LINE)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join(
            "\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text
        )  # one for one: keeps the length
    return text


def safe_text(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """A user string as plain ``Text`` for any widget: never markup, nothing hidden."""
    if isinstance(value, Text):
        return safe_copy(value, multiline=multiline)
    return Text(visible("" if value is None else value, multiline=multiline), style=style)


def safe_copy(text: Text, *, multiline: bool = True) -> Text:
    """``text`` with its characters made visible and its styles kept (replacement is one
    character for one, so every span still covers the same characters)."""
    plain = visible(text.plain, multiline=multiline)
    if plain == text.plain:
        return text
    copy = text.copy()
    copy.plain = plain
    return copy


def safe_cell(obj: object, wrap: bool = True, height: int = 0) -> RenderableType:
    """DataTable's cell formatter with ``str`` taken as plain text, not markup."""
    from textual.widgets._data_table import _find_newline

    if isinstance(obj, Text):
        return safe_copy(obj)
    if isinstance(obj, str):
        content = obj
        if height:
            trim = _find_newline(content, height)
            if trim not in (-1, len(content) - 1):
                content = content[:trim]
        text = Text(visible(content, multiline=True), end="")
        text.no_wrap = not wrap
        return text
    assert _ORIGINAL_CELL_FORMATTER is not None  # install() put safe_cell in its place
    return _ORIGINAL_CELL_FORMATTER(obj, wrap, height)


_ORIGINAL_CELL_FORMATTER: Callable[[object, bool, int], RenderableType] | None = None


def install() -> None:
    """Make every DataTable show ``str`` cells as plain, visible text (idempotent)."""
    global _ORIGINAL_CELL_FORMATTER
    from textual.widgets import _data_table

    if _ORIGINAL_CELL_FORMATTER is None:
        _ORIGINAL_CELL_FORMATTER = _data_table.default_cell_formatter
        _data_table.default_cell_formatter = safe_cell


def install_plain_choices() -> None:
    """Every option list and Select shows its choices as plain, visible text (idempotent).

    Why: choices are people, agencies, cases, operations and wards from the data, and Textual
    reads a ``str`` choice as markup, in an option list, a Select's open list and the line
    showing the choice made (a case located at ``a[/]b`` offered to a guest was a MarkupError
    that ended the app; a chair named ``a[b]c`` was drawn ``ac`` in bold). Here an option
    list never reads markup and every ``str`` choice of a Select becomes a ``Text``.
    """
    from textual.widgets import OptionList, Select

    if getattr(Select._setup_variables_for_options, "_spp_plain", False):
        return
    original_setup = Select._setup_variables_for_options
    original_init = OptionList.__init__

    def setup(self: Select[Any], options: Any) -> None:
        plain = [
            (safe_text(prompt) if isinstance(prompt, str | Text) else prompt, value)
            for prompt, value in options
        ]
        original_setup(self, plain)

    def init(self: OptionList, *content: Any, **kwargs: Any) -> None:
        original_init(self, *content, **{**kwargs, "markup": False})

    setup._spp_plain = True  # type: ignore[attr-defined]
    Select._setup_variables_for_options = setup  # type: ignore[method-assign]
    OptionList.__init__ = init  # type: ignore[method-assign]


def install_plain_toasts() -> None:
    """A toast raised by a screen, panel or dialog is plain text too (idempotent).

    Why: the app's own ``notify`` reads text, not markup, but Textual's ``Widget.notify``
    passes ``markup=True`` on to it, so a screen's toast quoting data or an error (the action
    log's "could not be read: ...") would read ``[/]`` as markup again.
    """
    from textual.widget import Widget

    if getattr(Widget.notify, "_spp_plain", False):
        return
    original = Widget.notify

    def notify(self: Widget, message: str, *, markup: bool = False, **kwargs: Any) -> Any:
        return original(self, message, markup=markup, **kwargs)

    notify._spp_plain = True  # type: ignore[attr-defined]
    Widget.notify = notify  # type: ignore[method-assign]


def strip_text(strip: object) -> str:
    """The characters a rendered line (a Textual ``Strip``) sends to the terminal, made
    visible: what ``install_terminal_guard`` lets through."""
    return visible("".join(segment.text for segment in strip))  # type: ignore[attr-defined]


def install_terminal_guard() -> None:
    """The last line of defence (idempotent): every line drawn reaches the terminal with its
    control characters as visible symbols, whatever widget drew it (a TextArea or an Input
    holding stored text, a title, a Textual widget we do not own). Styles still become
    escape sequences; text never does."""
    from rich.segment import Segment
    from textual.strip import Strip

    if getattr(Strip.render, "_spp_guarded", False):
        return
    original = Strip.render

    def render(self: Strip, console):  # noqa: ANN001, ANN202
        if self._render_cache is None:
            segments = list(self._segments)
            if any(_UNSAFE.search(text) for text, _style, _control in segments):
                clean = Strip([Segment(visible(t), s, c) for t, s, c in segments], self.cell_length)
                self._render_cache = original(clean, console)
        return original(self, console)

    render._spp_guarded = True  # type: ignore[attr-defined]
    Strip.render = render  # type: ignore[method-assign]
    _keep_rich_controls_visible()


def _keep_rich_controls_visible() -> None:
    """Rich's ``Text`` and Textual's ``Content`` silently drop BEL, BS, VT, FF and CR (a
    ``Text(name)`` built from data would hide them); shown as their symbols instead, like every
    other control character."""
    import rich.text
    import textual.content

    pictures = {code: chr(0x2400 + code) for code in (0x07, 0x08, 0x0B, 0x0C, 0x0D)}

    def shown(text: str, _table: object = None) -> str:
        return text.translate(pictures)

    rich.text.strip_control_codes = shown  # type: ignore[assignment]
    textual.content._strip_control_codes = shown  # type: ignore[assignment]


def install_plain_palette() -> None:
    """The command palette shows commands and search hits as plain text (idempotent).

    Why: Textual's palette reads every prompt and help line given as ``str`` as markup, and
    its fuzzy matcher parses each candidate as markup to highlight it; our commands name
    cases, items and people ("Go to item 4: a[/]b" would be a MarkupError, ``[@click=...]``
    an action). Here both read a ``str`` as text, control characters visible.
    """
    from textual import command, fuzzy
    from textual.content import Content

    if getattr(fuzzy.Matcher.highlight, "_spp_plain", False):
        return

    def highlight(self: fuzzy.Matcher, candidate: str) -> Content:
        content = Content(visible(candidate))
        score, offsets = self.fuzzy_search.match(self.query, candidate)
        if not score:
            return content
        for offset in offsets:
            if not candidate[offset].isspace():
                content = content.stylize(self._match_style, offset, offset + 1)
        return content

    class PlainContent(Content):
        """``Content`` whose ``from_markup`` takes a ``str`` as plain text (palette only)."""

        @classmethod
        def from_markup(cls, markup: str | Content, **variables: object) -> Content:
            if isinstance(markup, Content):
                return markup
            return Content(visible(markup))

    original_init = fuzzy.Matcher.__init__

    def init(self: fuzzy.Matcher, query: str, *args: Any, **kwargs: Any) -> None:
        # The query as text is stored (NFC): a decomposed é typed finds the stored é.
        original_init(self, unicodedata.normalize("NFC", query), *args, **kwargs)

    highlight._spp_plain = True  # type: ignore[attr-defined]
    fuzzy.Matcher.highlight = highlight  # type: ignore[method-assign]
    fuzzy.Matcher.__init__ = init  # type: ignore[method-assign]
    command.Content = PlainContent  # type: ignore[misc]
