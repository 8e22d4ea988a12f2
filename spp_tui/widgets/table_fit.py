"""Give one DataTable column the width the others leave, so the text that matters (an action,
a case title) uses the whole screen: DataTable has no flexible columns of its own."""

from __future__ import annotations

from typing import Any

from textual.widgets.data_table import ColumnKey

from spp_tui.widgets.lists import DataTable

SCROLLBAR = 2


def fit_column(table: DataTable[Any], key: str, total_width: int, minimum: int = 20) -> bool:
    """Set column ``key`` to fill the table (``total_width`` until it has been laid out);
    call before (re)adding the rows.

    Returns True if the width changed (the rows must then be laid out again).
    """
    column = table.columns.get(ColumnKey(key))
    total_width = table.size.width or total_width  # the table's own width once laid out
    if column is None or total_width <= 0:
        return False
    padding = 2 * table.cell_padding
    others = sum(c.get_render_width(table) for k, c in table.columns.items() if k != ColumnKey(key))
    width = max(minimum, total_width - others - padding - SCROLLBAR)
    if column.width == width and not column.auto_width:
        return False
    column.auto_width = False
    column.width = width
    return True
