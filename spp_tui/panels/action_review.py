"""Agenda item 4, review of the action log: every action still open from earlier meetings,
grouped by case, gone through one by one.

One key per outcome records an ActionUpdate tied to this meeting (the action's status and due
date follow) and moves to the next action, so the chair can go down the list at the pace of
the room. In progress asks for the new due date; a note can be added to any outcome after.
Overdue is counted from the meeting's date, not from today, so the list reads the same when
the secretariat tidies up a week later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import Static
from textual.widgets.data_table import RowKey

from spp_tui.panels.action_review_table import (
    GENERAL,
    NARROW_BELOW,
    NARROW_COLUMNS,
    WIDE_COLUMNS,
    ReviewTable,
    due_cell,
    progress_text,
    review_cell,
)
from spp_tui.panels.base import ItemPanel
from spp_tui.vocabulary import ActionStatus
from spp_tui.widgets.lists import DataTable
from spp_tui.widgets.table_fit import fit_column

if TYPE_CHECKING:
    from spp_tui.db.models import ActionUpdate
    from spp_tui.db.services.action_review import CarryKey, ReviewData, ReviewWindow
    from spp_tui.db.services.actions import ActionRow
    from spp_tui.widgets.table_rows import RowSpec

#: Outcome keys: (key, status, label shown in the footer).
OUTCOMES = (
    ("c", ActionStatus.COMPLETE, "Complete"),
    ("p", ActionStatus.IN_PROGRESS, "In progress"),
    ("x", ActionStatus.NOT_POSSIBLE, "Not possible"),
    ("d", ActionStatus.NOT_DONE, "Not done"),
    ("z", ActionStatus.CLOSED, "Closed"),
)
#: The table holds this many actions at a time (a screenful and more): a longer review (years
#: of data never reviewed) is read a window at a time, Down past the last action (Up past the
#: first) or ] and [ show the next (previous) one, so the first screen is as quick with 10,000
#: live actions as with 10.
WINDOW = 100


_NO_GROUP = object()


class ActionReviewPanel(ItemPanel):
    """Review of the action log: one key per outcome, progress "12 of 31 reviewed"."""

    HELP_TITLE = "Action review"
    READS_IN_THREAD = True
    DEFAULT_CSS = """
    ActionReviewPanel #review-table {
        height: 1fr;
    }
    ActionReviewPanel #review-progress {
        height: 1;
    }
    ActionReviewPanel .panel-hint {
        height: auto;
        color: $text-muted;
    }
    """
    BINDINGS = [
        *(
            Binding(key, f"record('{status}')", label, id=f"action_review.{binding_id}")
            for key, status, label in OUTCOMES
            for binding_id in [status.replace(" ", "_")]
        ),
        Binding("e", "note", "Note", id="action_review.note"),
        Binding("right_square_bracket", "window(1)", "More", id="action_review.next_page"),
        Binding("left_square_bracket", "window(-1)", "Earlier", id="action_review.prev_page"),
        Binding("h", "history", "History", id="action_review.history"),
    ]

    def __init__(self, meeting_id: int, item: Any, **kwargs: object) -> None:
        super().__init__(meeting_id, item, **kwargs)
        self.data: ReviewData | None = None
        #: Full rows and updates here of the actions shown so far (the window's are fresh).
        self.rows_by_id: dict[int, ActionRow] = {}
        self.updates: dict[int, ActionUpdate] = {}
        self._last_row = 0
        #: Keys of the columns shown (wide or narrow set).
        self.columns_shown: tuple[str, ...] = ()
        #: The action whose outcome was recorded last: ``e`` notes it without Up first.
        self.last_recorded: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading the actions to review…", id="review-progress")
        yield ReviewTable(id="review-table", cursor_type="row", zebra_stripes=False)
        yield Static(
            "c complete · p in progress (new date) · x not possible · d not done · z closed"
            " · e note · h history",
            classes="panel-hint",
        )

    # --- loading -----------------------------------------------------------------------

    def store_replayed(self) -> None:
        """Outcomes kept while the store was away are written: the review as stored."""
        self.load()

    def load(self) -> None:
        keep, start = self.current_action_id(), self.data.window.start if self.data else 0
        self.when_db_ready(lambda: self._load(start, keep))

    @work(thread=True, exclusive=True, group="action-review")
    def _load(self, start: int, keep: int | None) -> None:
        from spp_tui.db.services.action_review import load_review

        data = load_review(self.db, self.meeting_id, WINDOW, start, around=keep)
        self.app.call_from_thread(self._show, data)

    def _show(self, data: ReviewData) -> None:
        try:
            self._show_data(data)
        finally:
            self.first_shown()

    def _show_data(self, data: ReviewData) -> None:
        keep = self.current_action_id()
        self.data = data
        if not data.counts.total:
            self.query_one(DataTable).clear()
            self.query_one("#review-progress", Static).update(
                "No actions to review: nothing is open from earlier meetings."
            )
            return
        self._take(data.window)
        shown = [k.id for k in data.window.keys]
        if keep is not None and keep not in shown:
            self._fill_table(None)
            self._move_to(keep)  # the chair moved on while it loaded: back to that action
            return
        self._fill_table(keep if keep is not None else (shown[0] if shown else None))

    def _take(self, window: ReviewWindow) -> None:
        assert self.data is not None
        self.data.window = window
        self.rows_by_id.update(window.rows)
        for action_id in window.rows:
            self.updates.pop(action_id, None)
        self.updates.update(window.updates)

    def _show_window(self, start: int, cursor_on: int | None) -> None:
        """Read the window from position ``start`` and show it, the cursor on ``cursor_on``
        (else on its first action)."""
        from spp_tui.db.services.action_review import read_window

        assert self.data is not None
        window = self.call(read_window, self.meeting_id, self.data.outline, start, WINDOW)
        if window is None or not window.keys:
            return
        self._take(window)
        self._fill_table(cursor_on if cursor_on in window.rows else window.keys[0].id)

    def _fill_table(self, cursor_on: int | None) -> None:
        """Fill the table: a heading row per case, then its actions in reference order, each
        row as tall as its text (an action's text, a note); one window of actions at a time."""
        assert self.data is not None
        table = self.query_one(ReviewTable)
        self._set_columns(table)
        fit_column(table, "text", self.width_now)
        table.clear()
        table.add_rows_at_once(self._rows(table))
        self._update_progress()
        if cursor_on is not None:
            self._move_to(cursor_on)

    def _rows(self, table: ReviewTable) -> Iterator[RowSpec]:
        """The window's rows: a heading row per case, then its actions in reference order,
        each as tall as its text (the height given, not measured by the table: see
        ``ReviewTable.lines_needed``)."""
        assert self.data is not None
        group: object = _NO_GROUP  # not None: general actions (no case) share one heading
        for key in self.data.window.keys:
            row = self.rows_by_id.get(key.id)
            if row is None:
                continue
            if row.case_id != group:
                group = row.case_id
                # The reference and the whole title in the action's column (the reference
                # column is too narrow for a case's), wrapped rather than cut (at 120x40 a
                # heading showed "PSG-2022-006 Street drinking and begging outside").
                title = row.case_title if row.case_id is not None else GENERAL
                text = Text.assemble(row.case_reference or "General", " ", title, style="bold")
                heading: list[str | Text] = [text] if self.narrow else ["", text]
                height = table.lines_needed(self.columns_shown[: len(heading)], heading)
                yield heading, f"case-{row.case_id}", height
            cells = self._cells(row)
            yield cells, str(row.id), table.lines_needed(self.columns_shown, cells)

    @property
    def narrow(self) -> bool:
        return 0 < self.width_now < NARROW_BELOW

    def _set_columns(self, table: DataTable[Any]) -> None:
        """Wide or narrow columns for the width the panel has now."""
        columns = NARROW_COLUMNS if self.narrow else WIDE_COLUMNS
        keys = tuple(key for _heading, key, _width in columns)
        if keys == self.columns_shown:
            return
        table.clear(columns=True)
        for heading, key, width in columns:
            table.add_column(heading, key=key, width=width)
        self.columns_shown = keys

    def on_resize(self) -> None:
        self._refit()

    def on_data_table_sized(self, event: DataTable.Sized) -> None:
        event.stop()
        self._refit()

    def _refit(self) -> None:
        table = self.query_one(DataTable)
        narrow_now = (NARROW_COLUMNS if self.narrow else WIDE_COLUMNS)[0][1]
        shown = self.data is not None and bool(self.data.window.keys)
        if shown and self.columns_shown[:1] != (narrow_now,):
            self._fill_table(self.current_action_id())
            return
        if shown and fit_column(table, "text", self.width_now):
            self._fill_table(self.current_action_id())

    def _cells(self, row: ActionRow) -> list[str | Text]:
        assert self.data is not None
        update = self.updates.get(row.id)
        owner = Text(row.owner_name or "no owner")
        agency = self.data.agency_short.get(row.agency_id or 0, row.agency_name)
        if agency:
            owner.append(f" ({agency})", style="dim")
        due, review = due_cell(row, self.data.meeting_date), review_cell(row, update)
        if self.narrow:  # the reference and owner under the text: Due and outcome stay in view
            action = Text.assemble((row.reference, "bold"), " ", row.text, "\n")
            action.append_text(owner)
            return [action, due, review]
        return [row.reference, row.text, owner, due, review]

    def _update_progress(self) -> None:
        if self.data is None:
            return
        text = progress_text(self.data)
        total, start = self.data.counts.total, self.data.window.start
        if total > WINDOW:
            last = start + len(self.data.window.keys)
            text.append(f"  · showing {start + 1}–{last} ([ and ] for more)")
        self.query_one("#review-progress", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """[ and ] only when the review is longer than one window."""
        if action == "window":
            return self.data is not None and self.data.counts.total > WINDOW
        return True

    def action_window(self, step: int) -> None:
        assert self.data is not None
        start = self.data.window.start + step * WINDOW
        if 0 <= start < self.data.counts.total:
            self._show_window(start, None)

    def on_review_table_beyond(self, event: ReviewTable.Beyond) -> None:
        """Down past the window's last action: the next window, on its first; Up past the
        first: the previous window, on its last."""
        if self.data is None:
            return
        start = self.data.window.start + event.step * WINDOW
        if not 0 <= start < self.data.counts.total:
            return
        self._show_window(start, None)
        if event.step < 0 and self.data.window.keys:
            self._move_to(self.data.window.keys[-1].id)

    # --- the cursor skips the case headings ---------------------------------------------

    def current_action_id(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0))
        value = row_key.value or ""
        return int(value) if value.isdigit() else None

    def _move_to(self, action_id: int, position: int | None = None) -> None:
        """The cursor on ``action_id``; in another window (at ``position`` in the review,
        looked up when not given), that window is shown first."""
        table = self.query_one(DataTable)
        if str(action_id) not in table.rows:
            if position is None:
                from spp_tui.db.services.action_review import review_position

                position = self.call(review_position, self.meeting_id, action_id)
            if position is not None:
                self._show_window(position // WINDOW * WINDOW, action_id)
            return
        index = table.get_row_index(str(action_id))
        self._last_row = index
        table.move_cursor(row=index)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if event.cursor_row != table.cursor_row:
            return  # stale: the cursor has moved on since (a reload put it on an action)
        value = event.row_key.value or ""
        if not value.startswith("case-"):
            self._last_row = event.cursor_row
            return
        step = -1 if event.cursor_row < self._last_row else 1
        target = event.cursor_row + step
        if not 0 <= target < table.row_count:
            target = event.cursor_row - step
        if 0 <= target < table.row_count:
            self._last_row = target
            table.move_cursor(row=target)

    def _next_action_after(self, action_id: int) -> CarryKey | None:
        """The next action still to review: later in the window, else as the database finds
        it (further on, or back from the top for those skipped)."""
        from spp_tui.db.services.action_review import next_to_review

        assert self.data is not None
        keys = self.data.window.keys
        index = next((i for i, k in enumerate(keys) if k.id == action_id), None)
        if index is None:
            return None
        later = [k for k in keys[index + 1 :] if k.id not in self.updates]
        if later:
            return later[0]
        return self.call(next_to_review, self.meeting_id, keys[index].position)

    # --- recording outcomes -------------------------------------------------------------

    def _selected_row(self) -> ActionRow | None:
        action_id = self.current_action_id()
        if action_id is None or self.data is None:
            self.app.notify("Choose an action first.")
            return None
        return self.rows_by_id[action_id]

    def action_record(self, status: str) -> None:
        row = self._selected_row()
        if row is None or self.data is None:
            return
        if status == ActionStatus.IN_PROGRESS:
            from spp_tui.dialogs.review import DueDateDialog

            def answered(result: tuple[dt.date, str] | None) -> None:
                if result is not None:
                    due, note = result
                    self._record(row, status, new_due_on=due, note=note)

            self.app.push_screen(
                DueDateDialog(
                    f"{row.reference} in progress: {row.text}",
                    self.data.meeting_date,
                    self.data.next_meeting,
                    row.due_on,
                ),
                answered,
            )
            return
        self._record(row, status)

    def _record(
        self, row: ActionRow, status: str, *, new_due_on: dt.date | None = None, note: str = ""
    ) -> None:
        """Record the outcome: saved now, or kept by the app until the file is free or the
        server is back (a toast says so; the review moves on to the next action either way)."""
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.widgets.save_lane import REFUSED

        args = {"new_status": status, "meeting_id": self.meeting_id, "new_due_on": new_due_on}
        args["note"] = note
        edit = QueuedEdit.one_off("action_outcome", row.id, args, f"{row.reference}: {status}")

        def done(update: ActionUpdate | None) -> None:
            if update is not None and self.data is not None and self.is_attached:
                self._apply(self.rows_by_id.get(row.id, row), update)
                self.last_recorded = row.id

        outcome = self.one_off(edit, done=done, saved=f"{row.reference}: {status}")
        if outcome == REFUSED or self.data is None:
            return
        following = self._next_action_after(row.id)
        if following is not None:
            self._move_to(following.id, following.position)

    def _apply(self, row: ActionRow, update: ActionUpdate) -> None:
        """Show the new state in place (no reload: the chair is already on the next one)."""
        assert self.data is not None
        if row.id not in self.updates:  # a first outcome here: one more reviewed
            counts = self.data.counts
            counts = counts._replace(
                reviewed=counts.reviewed + 1,
                overdue=counts.overdue - row.is_overdue(self.data.meeting_date),
            )
            self.data.outline = self.data.outline._replace(counts=counts)
        self.updates[row.id] = update
        new_row = replace(row, status=update.new_status, due_on=update.new_due_on or row.due_on)
        self.rows_by_id[row.id] = new_row
        table = self.query_one(ReviewTable)
        self._update_progress()
        if str(row.id) not in table.rows:
            return  # noted from another window (the one just recorded): nothing to redraw
        cells = self._cells(new_row)
        if table.lines_needed(self.columns_shown, cells) != table.rows[RowKey(str(row.id))].height:
            self._fill_table(self.current_action_id())  # the row grows or shrinks: relay out
            return
        for column, value in zip(self.columns_shown, cells, strict=True):
            table.update_cell(str(row.id), column, value)

    def action_note(self) -> None:
        """``e``: a note on the outcome of the highlighted action, or, when that one has no
        outcome yet (the cursor moved on after recording), on the outcome just recorded."""
        row = self._selected_row()
        if row is None or self.data is None:
            return
        if row.id not in self.updates and self.last_recorded in self.rows_by_id:
            row = self.rows_by_id[self.last_recorded]
        update = self.updates.get(row.id)
        if update is None:
            self.app.notify("Record an outcome first (c, p, x, d or z), then add its note.")
            return
        from spp_tui.dialogs.review import NoteDialog

        def answered(note: str | None) -> None:
            if note is None:
                return
            from spp_tui.db.edit_journal import QueuedEdit

            assert update.id is not None
            edit = QueuedEdit.one_off(
                "update_note", update.id, {"note": note}, f"{row.reference}: note"
            )

            def done(saved: ActionUpdate | None) -> None:
                if saved is not None and self.is_attached:
                    self._apply(self.rows_by_id[row.id], saved)

            self.one_off(edit, done=done, saved="Note saved")

        self.app.push_screen(
            NoteDialog(f"{row.reference} {update.new_status}: note", update.note), answered
        )

    def action_history(self) -> None:
        row = self._selected_row()
        if row is None or self.data is None:
            return
        from spp_tui.dialogs.action_history import ActionHistoryScreen

        self.app.push_screen(ActionHistoryScreen(row.id, today=self.data.meeting_date))
