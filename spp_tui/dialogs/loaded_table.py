"""A screen or dialog whose table is filled by a query run off the UI thread.

Six screens did this by hand (home, the case list, the action log, the case screen, an action's
history, the audit trail), each with its own "loading" flag, worker, hop back to the UI thread,
check for a late answer and column fit. ``LoadedTable`` is that once: the screen says how to
read (in a worker thread) and how to fill the rows; the mixin runs one query at a time (while
one runs only the newest request waits: typing "patrol" fast runs at most two searches, not six
competing for the CPU), drops an answer that is no longer the newest, says a refusal in one
line, and fits the text column to the screen again when it is resized.

A screen may also give two sets of columns (``COLUMNS``, and ``NARROW_COLUMNS`` below
``NARROW_BELOW`` columns of screen): on a small screen the details go under the text, so no
column the chair needs (due, status, overdue, note) falls off the right edge (issue 13 item 9).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual import work

from spp_tui.errors import UserError
from spp_tui.widgets.lists import DataTable
from spp_tui.widgets.table_fit import fit_column

if TYPE_CHECKING:
    from textual.widget import Widget

    from spp_tui.dialogs.door import ServiceDoor

    class _Base(ServiceDoor, Widget):  # type: ignore[misc]  # app typed as SppApp
        pass
else:

    class _Base:
        """(At run time the screen's own bases give all of that.)"""


D = TypeVar("D")

#: A column: (heading, key, width); a width of 0 is the fitted column's (``FIT_COLUMN``).
Column = tuple[str, str, int]


class LoadedTable(_Base, Generic[D]):
    """Mixin, first in the bases: ``class CaseScreen(LoadedTable[CaseTimeline], ServiceDoor,
    Screen[None])``.

    A subclass gives ``read_table(*request)`` (the query, in a worker thread) and
    ``fill_rows(data)`` (the rows, on the UI thread); ``table_loaded(data)`` shows the rest
    (headings, counts). ``load_table(*request)`` runs them; ``table_data`` is the last answer.
    """

    #: The table, as a selector.
    TABLE: ClassVar[str] = "DataTable"
    #: The column that takes the width the others leave (None: the columns keep theirs).
    FIT_COLUMN: ClassVar[str | None] = None
    FIT_MINIMUM: ClassVar[int] = 20
    #: The columns, and those below ``NARROW_BELOW`` screen columns (None: one set, made by
    #: the screen itself in ``compose``).
    COLUMNS: ClassVar[Sequence[Column] | None] = None
    NARROW_COLUMNS: ClassVar[Sequence[Column] | None] = None
    NARROW_BELOW: ClassVar[int] = 0
    #: What a failed read may raise and still leave the screen in use (said in one line).
    READ_ERRORS: ClassVar[tuple[type[Exception], ...]] = (UserError,)

    table_data: D | None = None
    _table_generation = 0
    _table_reading = False
    _table_waiting: tuple[int, tuple[Any, ...]] | None = None
    _columns_shown: Sequence[Column] | None = None

    # --- for the subclass ----------------------------------------------------------------

    def read_table(self, *request: Any) -> D:
        """The query (runs in a worker thread)."""
        raise NotImplementedError

    def fill_rows(self, data: D) -> None:
        """Put ``data``'s rows in the table (it is cleared and fitted first)."""
        raise NotImplementedError

    def table_loaded(self, data: D) -> None:
        """After the rows are in: headings, counts, the cursor."""

    def table_failed(self, error: Exception) -> None:
        """The read was refused: one line (a screen may close instead)."""
        self.notify(str(error), severity="error", markup=False)

    # --- the mixin -----------------------------------------------------------------------

    @property
    def narrow(self) -> bool:
        """The narrow columns are shown (or would be, at this screen width)."""
        return self.NARROW_COLUMNS is not None and 0 < self.size.width < self.NARROW_BELOW

    def set_columns(self) -> bool:
        """Give the table the columns for the screen's width; True if they changed (the
        rows are then gone)."""
        if self.COLUMNS is None:
            return False
        wanted = self.NARROW_COLUMNS if self.narrow else self.COLUMNS
        assert wanted is not None
        if wanted is self._columns_shown:
            return False
        table = self.loaded_table
        table.clear(columns=True)
        for heading, key, width in wanted:
            table.add_column(heading, key=key, width=width or self.FIT_MINIMUM)
        self._columns_shown = wanted
        return True

    @property
    def loaded_table(self) -> DataTable[Any]:
        return self.query_one(self.TABLE, DataTable)

    def load_table(self, *request: Any) -> None:
        """Read again (``request`` is passed to ``read_table``); the newest request wins."""
        self._table_generation += 1
        wanted = (self._table_generation, request)
        if self._table_reading:
            self._table_waiting = wanted
            return
        self._table_reading = True
        self._read_in_thread(*wanted)

    @work(thread=True, group="loaded-table")
    def _read_in_thread(self, generation: int, request: tuple[Any, ...]) -> None:
        try:
            data = self.read_table(*request)
        except self.READ_ERRORS as exc:
            self.app.call_from_thread(self._table_refused, exc)
            return
        self.app.call_from_thread(self._table_answer, generation, data)

    def _next_read(self) -> None:
        self._table_reading = False
        if self._table_waiting is not None:
            wanted, self._table_waiting = self._table_waiting, None
            self._table_reading = True
            self._read_in_thread(*wanted)

    def _table_refused(self, error: Exception) -> None:
        self._next_read()
        if self.is_attached:
            self.loaded_table.loading = False
            self.table_failed(error)

    def _table_answer(self, generation: int, data: D) -> None:
        self._next_read()
        self._show_answer(generation, data)

    def _show_answer(self, generation: int, data: D, waits: int = 0) -> None:
        if generation != self._table_generation or not self.is_attached:
            return  # a newer request is on its way (or the screen has gone)
        table = self.loaded_table
        unsized = not table.size.width and not table.loading
        if self.FIT_COLUMN is not None and unsized and waits < 5:
            # The screen's first layout is still to come: the rows wait for it, so the text
            # column is fitted to the table's real width once, not guessed from the screen's
            # and every row filled and drawn a second time (a table shown ``loading`` has no
            # width until it is filled: such a screen still fills twice).
            self.call_after_refresh(self._show_answer, generation, data, waits + 1)
            return
        self.table_data = data
        self._fill(data)
        self.table_loaded(data)
        if self.FIT_COLUMN is not None:
            self.call_after_refresh(self.refit_table)

    def _fill(self, data: D) -> None:
        table = self.loaded_table
        self.set_columns()
        if self.FIT_COLUMN is not None:
            fit_column(table, self.FIT_COLUMN, self.size.width, minimum=self.FIT_MINIMUM)
        table.clear()
        self.fill_rows(data)
        table.loading = False

    def on_resize(self) -> None:
        self.refit_table()

    def on_data_table_sized(self, event: DataTable.Sized) -> None:
        event.stop()
        self.refit_table()

    def refit_table(self) -> None:
        """Widen the text column to the table's real width (known after layout)."""
        tables = self.query(self.TABLE)
        if self.FIT_COLUMN is None or self.table_data is None or not tables:
            return  # (a resize can arrive as the screen closes)
        table = tables.first(DataTable)
        cursor = table.cursor_row  # (new columns clear the table and its cursor)
        changed = self.set_columns()
        if changed or fit_column(table, self.FIT_COLUMN, self.size.width, self.FIT_MINIMUM):
            self._fill(self.table_data)
            table.move_cursor(row=cursor)
