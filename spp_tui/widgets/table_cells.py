"""A table cell drawn without Rich's general layout, when that layout has nothing to do.

Why: Textual draws each cell of a ``DataTable`` through Rich (the cell padded, styled, wrapped,
cut to its width and height): about 0.2 ms a cell, 344 cells for the first screen of the
action log at 160x48, a fifth of the time that screen took with 10,000 live actions (issue 13
item 10). A one-line cell whose text fits its column, without styled parts, comes out of that
as four segments: the left padding, the text, the spaces that fill the column, the right
padding. ``plain_cell`` makes those four directly (``tests/test_lists.py`` checks them, cell
by cell, against what Textual draws through Rich); any other cell goes through Rich as before.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions


def plain_cell(
    cell: object, width: int, padding: int, pre_style: Style, post_style: Style | None
) -> list[list[Segment]] | None:
    """The one line of ``cell`` drawn ``width`` wide with ``padding`` each side, as Rich
    draws it inside Textual's table; None if the cell needs Rich (more than one line, styled
    parts, text wider than the column, tabs)."""
    if not isinstance(cell, Text) or cell.spans:
        return None
    plain = cell.plain
    if "\n" in plain or "\t" in plain or cell.justify not in (None, "default", "left"):
        return None
    room = width - 2 * padding
    used = cell_len(plain)
    if used > room or room < 0:
        return None
    own = cell.style
    if isinstance(own, str):
        own = Style.parse(own) if own else Style.null()
    text_style = pre_style + own if own else pre_style
    blank = pre_style
    if post_style:
        text_style = text_style + post_style
        blank = blank + post_style
    line: list[Segment] = []
    if padding:
        line.append(Segment(" " * padding, blank))
    line.append(Segment(plain, text_style))  # (Rich keeps an empty one too)
    if used < room:
        line.append(Segment(" " * (room - used), blank))
    if padding:
        line.append(Segment(" " * padding, blank))
    return [line]


def laid_out_cell(
    console: Console,
    options: ConsoleOptions,
    cell: object,
    width: int,
    height: int,
    padding: int,
    pre_style: Style,
    post_style: Style | None,
) -> list[list[Segment]] | None:
    """The ``height`` lines of a ``Text`` cell drawn ``width`` wide, as Textual's table draws
    it through Rich (the text padded, styled before and after, wrapped, cut to its height);
    None for any other cell (Textual draws it).

    Rich still lays out the text (wrapping, spans, tabs: the part that needs it); the padding
    and the table's styles, which Rich adds in three more passes over every segment
    (``Padding``, ``Styled``, the lines split again), are added here in one."""
    if not isinstance(cell, Text) or height < 1:
        return None
    room = width - 2 * padding
    if room < 1:
        return None
    text_lines = _unwrapped_lines(console, options, cell, room, height)
    if text_lines is None:
        inner = options.update_dimensions(room, height)
        if height == 1:
            inner = inner.update(no_wrap=True)
        text_lines = console.render_lines(cell, inner, style=_NONE, pad=True)

    def styled(style: Style | None) -> Style | None:
        if pre_style:
            style = pre_style + style
        if post_style:
            style = style + post_style if style else post_style
        return style

    blank = Segment(" " * padding, styled(_NONE)) if padding else None
    lines: list[list[Segment]] = []
    for text_line in text_lines:
        line = [
            Segment(text, None if control else styled(style), control)
            for text, style, control in text_line
        ]
        if blank is not None:
            line.insert(0, blank)
            line.append(blank)
        lines.append(line)
    return lines


def _unwrapped_lines(
    console: Console, options: ConsoleOptions, text: Text, room: int, height: int
) -> list[list[Segment]] | None:
    """The text's lines ``room`` wide as Rich lays them out, when every line fits (nothing to
    wrap, fold or cut) and nothing is justified or has tabs; else None (Rich lays it out).

    Rich's ``Text.wrap`` leaves such lines as ``split`` gives them; they are joined and drawn
    (``Text.render``) and split, padded and cut to ``height`` as ``Console.render_lines``
    does: the same calls, without the general renderer around them (a third of the time)."""
    if (text.justify or options.justify or "default") != "default" or "\t" in text.plain:
        return None
    lines = text.split("\n", allow_blank=True)
    if any(len(line) > room or cell_len(line.plain) > room for line in lines):
        return None
    segments = Text("\n").join(lines).render(console, end=text.end)
    laid_out = list(
        islice(
            Segment.split_and_crop_lines(
                segments, room, style=_NONE, pad=True, include_new_lines=False
            ),
            height,
        )
    )
    laid_out.extend([Segment(" " * room, _NONE)] for _ in range(height - len(laid_out)))
    return laid_out


#: ``Padding``'s own style ("none"), which Rich gives the padding and the text's blank ends.
_NONE = Style.null()
