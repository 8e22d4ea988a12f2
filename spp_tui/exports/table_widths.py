"""Tables shaped by their content: no column narrower than its longest word, so
Word and LibreOffice never break "Safeguarding" or a case reference mid-word; a long table
cut into parts LibreOffice can lay out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

#: A character of the table font is at most this wide (twips per point of size), bold
#: capitals included, in the widest fallback font (DejaVu Sans Bold in LibreOffice on Linux).
CHAR_TWIPS_PER_PT = 13


def longest_words(
    headers: Sequence[str], rows: Sequence[Any], text_of: Callable[[Any], str]
) -> list[int]:
    """Per column, the longest word (header included) in characters; rows that are not
    sequences of cells (a group row) are skipped."""
    longest = [max((len(w) for w in head.split()), default=0) for head in headers]
    for values in rows:
        if not isinstance(values, (list, tuple)):
            continue
        for index, value in enumerate(values):
            text = text_of(value)
            for word in text.split():
                if len(word) > longest[index]:
                    longest[index] = len(word)
    return longest


def fit_widths(
    weights: Sequence[float], longest: Sequence[int], usable: int, font_pt: int
) -> list[int]:
    """Column widths (twips) in proportion to ``weights``, but never narrower than the
    column's longest word (so Word and LibreOffice do not break "Safeguarding" mid-word),
    the extra taken from the columns that have room to spare."""
    char = CHAR_TWIPS_PER_PT * font_pt
    need = [(n + 1) * char + 230 for n in longest]  # 230: the cell's left and right margins
    total = sum(weights)
    widths = [usable * w / total for w in weights]
    for _ in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < need[i]]
        if not short:
            break
        deficit = sum(need[i] - widths[i] for i in short)
        for i in short:
            widths[i] = need[i]
        spare = [i for i, w in enumerate(widths) if i not in short and w > need[i]]
        room = sum(widths[i] - need[i] for i in spare)
        if room <= 0:
            break
        take = min(1.0, deficit / room)
        for i in spare:
            widths[i] -= (widths[i] - need[i]) * take
    scale = min(1.0, usable / sum(widths))  # words longer than the page: shrink all alike
    return [int(w * scale) for w in widths]


#: The most rows one Word table holds: a longer one is written as consecutive tables (each
#: with the header row), broken before a group row where there is one. LibreOffice lays out
#: one long table in time that grows with the square of its length (2,000 rows: over 150 s;
#: the same rows as ten tables: 47 s), Word slows down too.
TABLE_ROWS = 200


def table_parts(rows: Sequence[Any], group: type) -> list[list[Any]]:
    """``rows`` cut into tables of about ``TABLE_ROWS``: before a ``group`` row once a part
    is that long (a group stays with its rows), or anywhere at twice that."""
    parts: list[list[Any]] = [[]]
    for row in rows:
        current = parts[-1]
        full = len(current) >= TABLE_ROWS
        if current and (full and isinstance(row, group) or len(current) >= 2 * TABLE_ROWS):
            parts.append([])
        parts[-1].append(row)
    return parts
