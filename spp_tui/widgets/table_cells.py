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

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text


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
