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
(Textual would parse it as markup), so no table can forget it.
"""

from __future__ import annotations

from rich.text import Text

#: C0 controls -> the U+2400 "control pictures"; DEL -> ␡; C1 controls -> a visible box.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_PICTURES[0x7F] = "\u2421"
_PICTURES.update({code: "\u2426" for code in range(0x80, 0xA0)})  # ␦ stands for any C1
_MULTILINE = dict(_PICTURES)
del _MULTILINE[0x0A], _MULTILINE[0x09]
_SINGLE_LINE = dict(_PICTURES)


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


def safe_cell(obj: object, wrap: bool = True, height: int = 0):  # noqa: ANN201
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
    return _ORIGINAL_CELL_FORMATTER(obj, wrap, height)


_ORIGINAL_CELL_FORMATTER = None


def install() -> None:
    """Make every DataTable show ``str`` cells as plain, visible text (idempotent)."""
    global _ORIGINAL_CELL_FORMATTER
    from textual.widgets import _data_table

    if _ORIGINAL_CELL_FORMATTER is None:
        _ORIGINAL_CELL_FORMATTER = _data_table.default_cell_formatter
        _data_table.default_cell_formatter = safe_cell
