"""Many rows put in a ``DataTable`` at once, with the table's bookkeeping done once.

Why: Textual's ``add_row`` does, for every row, what only the last one needs: it sets the
cursor again (validated, compared, watched), lists the columns in order twice and asks for an
idle check. Filling the 200 rows of an action log page spent about as long on that as on the
rows themselves (issue 13 item 10). ``add_rows_at_once`` puts each row in the same places
``add_row`` does, then does the rest once; ``tests/test_lists.py`` checks that a table so
filled is the same, row for row and event for event, as one filled by ``add_row``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from textual.widgets._data_table import DataTable, DuplicateKey, Row, RowKey

if TYPE_CHECKING:
    _Base = DataTable[Any]
else:
    _Base = object

#: One row: its cells, its key, its height in lines.
RowSpec = tuple[Sequence[Any], str, int]


class RowsAtOnce(_Base):
    """Mixin for a ``DataTable``: ``add_rows_at_once``."""

    def add_rows_at_once(self, rows: Iterable[RowSpec]) -> None:
        """Add ``rows`` at the bottom, as ``add_row(*cells, key=key, height=height)`` would one
        by one (no labels; a height of at least one line)."""
        columns = self.ordered_columns
        was_empty = self.row_count == 0
        added = 0
        for cells, key, height in rows:
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            if len(cells) > len(columns):
                raise ValueError("More values provided than there are columns.")
            self._row_locations[row_key] = self.row_count
            self._data[row_key] = {column.key: cell for column, cell in zip_longest(columns, cells)}
            self.rows[row_key] = Row(row_key, height, None, False)
            self._new_rows.add(row_key)
            added += 1
        if not added:
            return
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += added
        self.check_idle()
