"""The meeting screen: the agenda down one side, the current item's workspace beside it and
the two clocks underneath. Every move is recorded (actual times), so quitting and reopening
resumes on the same item with the clocks right."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from spp_tui.dates import format_column_date
from spp_tui.dialogs.door import ServiceDoor
from spp_tui.errors import UserError
from spp_tui.vocabulary import AgendaItemKind, MeetingStatus
from spp_tui.widgets.agenda_list import AgendaList
from spp_tui.widgets.clocks import ClocksBar, utc_now
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.frame_hold import FrameHold
from spp_tui.widgets.safe_text import safe_text
from spp_tui.widgets.save_lane import QUEUED

if TYPE_CHECKING:
    from spp_tui.db.models import AgendaItem, Meeting
    from spp_tui.panels.base import ItemPanel

#: Digit keys jump straight to an agenda item (when no text field has the focus); Alt+digit
#: (also what Esc then a digit typed fast arrives as) from anywhere, even a text field.
ITEM_DIGITS = range(1, 10)

LIVE = (MeetingStatus.SCHEDULED, MeetingStatus.IN_PROGRESS)


def read_position(db: Any, meeting_id: int) -> dict[str, Any]:
    """The place saved for this meeting ({} when none or unreadable)."""
    import json

    from spp_tui.db.services import settings

    try:
        saved = json.loads(settings.position(db, meeting_id) or "{}")
    except ValueError:
        return {}
    return saved if isinstance(saved, dict) else {}


def meeting_heading(meeting: Meeting) -> str:
    venue = f" · {meeting.venue}" if meeting.venue else ""
    locked = (
        " · locked (unlock: Ctrl+P)" if meeting.status == MeetingStatus.MINUTES_APPROVED else ""
    )
    return (
        f"{meeting.kind} · {format_column_date(meeting.date)} · "
        f"{meeting.planned_start.strftime('%H:%M')}{venue} · {meeting.status}{locked}"
    )


class MeetingScreen(ServiceDoor, Screen[None]):  # type: ignore[misc]  # ServiceDoor types app
    """Run one meeting: start it, step through the agenda, end it."""

    HELP_TITLE = "Meeting"
    BINDINGS = [
        Binding("ctrl+s", "start_meeting", "Start meeting", id="meeting.start"),
        Binding("ctrl+n", "next_item", "Next", id="meeting.next_item"),
        Binding("ctrl+b", "previous_item", "Back", id="meeting.previous_item"),
        # Priority: the dialog opens before the next key is routed, so text typed straight
        # after F2 reaches the dialog, never the field beneath (the panel's F2 is delegated to).
        Binding(
            "f2", "add_action", "Add action", show=False, id="meeting.add_action", priority=True
        ),
        Binding("ctrl+g", "go_to_item", "Go to item", id="meeting.go_to_item", show=False),
        Binding("ctrl+r", "export_minutes", "Export", id="meeting.export_minutes"),
        Binding("ctrl+f", "end_meeting", "End meeting", id="meeting.end"),
        Binding("f7", "check_minutes", "Check minutes", id="meeting.check_minutes"),
        Binding("f9", "redaction_review", "Redaction", id="meeting.redaction_review", show=False),
        Binding("escape", "focus_agenda", "Agenda", id="meeting.focus_agenda", show=False),
        Binding("ctrl+l", "back", "Meetings list", id="meeting.back", show=False),
        *(
            Binding(
                f"{n},alt+{n}",
                f"go_to_item({n})",
                f"Go to item {n}",
                show=False,
                id=f"meeting.item_{n}",
            )
            for n in ITEM_DIGITS
        ),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting: Meeting | None = None
        self.items: list[AgendaItem] = []
        self.panel: ItemPanel | None = None
        self._panel_item_id: int | None = None
        #: Where the chair was when the meeting was last open (item, case, field), read once.
        self._resume: dict[str, Any] | None = None
        self._position = ""
        self._frame_hold = FrameHold()

    def privacy_changed(self) -> None:
        """Privacy mode switched: the panel applies (or drops) the one-item guest rules."""
        load = getattr(self.panel, "load", None)
        if load is not None:
            load()

    # --- layout and loading -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Loading meeting…", id="meeting-heading", classes="screen-title", markup=False)
        with Horizontal(id="meeting-body"):
            yield AgendaList(id="agenda")
            with Vertical(id="workspace"):
                yield Static("", id="item-heading", classes="item-title one-line", markup=False)
        yield ClocksBar(id="clocks")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(AgendaList).loading = True
        self.when_db_ready(self._load)

    @work(thread=True, exclusive=True, group="meeting-load")
    def _load(self) -> None:
        meeting, items = self._read()
        self.app.call_from_thread(self._show, meeting, items)

    def _read(self) -> tuple[Meeting, list[AgendaItem]]:
        from spp_tui.db.services import meetings

        db = self.db
        if self._resume is None:
            self._resume = read_position(db, self.meeting_id)
        return meetings.get_meeting(db, self.meeting_id), meetings.agenda(db, self.meeting_id)

    def reload(self) -> None:
        """Re-read the meeting and agenda (two quick queries) and redraw."""
        try:
            meeting, items = self._read()
        except UserError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._show(meeting, items)

    def store_replayed(self) -> None:
        """Steps kept while the store was away are written: show the meeting as stored."""
        self.reload()

    def _show(self, meeting: Meeting, items: list[AgendaItem]) -> None:
        self.meeting, self.items = meeting, items
        agenda = self.query_one(AgendaList)
        agenda.loading = False
        now = utc_now()
        agenda.show_agenda(items, meeting.current_item_id, now)
        self.query_one("#meeting-heading", Static).update(meeting_heading(meeting))
        self.query_one(ClocksBar).show(meeting, items)
        shown = self.current_item or (items[0] if items else None)
        if shown is not None:
            self._show_item(shown)
        self.refresh_bindings()
        if self.focused is None and self.panel is None:
            agenda.focus()

    @property
    def current_item(self) -> AgendaItem | None:
        if self.meeting is None:
            return None
        return next((i for i in self.items if i.id == self.meeting.current_item_id), None)

    def _show_item(self, item: AgendaItem) -> None:
        """Mount the item's panel (only when the item changes, so typing is never lost)."""
        heading = self.query_one("#item-heading", Static)
        heading.update(
            safe_text(f"{item.position}. {item.title} · {item.planned_minutes} min planned")
        )
        if self._panel_item_id == item.id and self.panel is not None:
            self.panel.item = item
            return
        from spp_tui.panels.base import panel_for

        panel_class = panel_for(item.kind)
        if self.panel is not None:
            focused = self.focused
            if focused is not None and self.panel in focused.ancestors_with_self:
                # Straight to the new panel (focus_home), not by way of the agenda, which
                # Textual would focus when the field goes: restyled and drawn for nothing.
                self.set_focus(None)
            self.panel.remove()
            # Its widgets are cycles: freed while the chair reads the next item, not in a
            # collection that falls due while a later item opens (the app's collector).
            removed = getattr(self.app, "widgets_removed", None)  # None: a test's own app
            if removed is not None:
                removed()
            if panel_class.READS_IN_THREAD:  # the change appears whole (widgets.frame_hold)
                self._frame_hold.begin(self)
        self.panel = panel_class(self.meeting_id, item)
        resume = self._resume or {}
        if resume.get("item") == item.id:  # reopened where the chair was: same case, field
            self.panel.resume_case = resume.get("case")
            self.panel.resume_field = resume.get("field")
        self._resume = {}
        self._panel_item_id = item.id
        self.app.hold_keys(self.panel)  # keys typed now go where the panel puts its focus
        self.query_one("#workspace", Vertical).mount(self.panel)
        # Every item change (and reopening) puts the focus in the panel, so its keys work at once.
        self.panel.focus_home()

    def on_item_panel_shown(self, event: ItemPanel.Shown) -> None:
        if event.panel is self.panel:  # not one left already (keys 4 then 3 typed fast)
            self._frame_hold.release()

    def on_unmount(self) -> None:
        self._frame_hold.release()

    # --- resuming exactly ------------------------------------------------------------------

    def on_descendant_focus(self, event: Any) -> None:
        self.remember_position()

    def remember_position(self) -> None:
        """Save the item, the case in hand and the field with the focus (after a kill, the
        meeting reopens there)."""
        import json

        if self.panel is None or self._panel_item_id is None or self.meeting is None:
            return
        discussion = getattr(self.panel, "discussion", None)
        focused = self.focused
        field = focused.id if focused is not None and self.panel in focused.ancestors else None
        position = json.dumps(
            {
                "item": self._panel_item_id,
                "case": getattr(discussion, "id", None),
                "field": field,
            }
        )
        if position != self._position:
            self._position = position
            self._save_position(position)

    @work(thread=True, group="resume")
    def _save_position(self, position: str) -> None:
        from spp_tui.db.database import lock_wait
        from spp_tui.db.services import settings

        db = self.db
        # A convenience: a failed save troubles no one, and a held file is not waited for.
        with contextlib.suppress(UserError), lock_wait(1_000):
            settings.remember_position(db, self.meeting_id, position)

    # --- moving through the agenda ------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that make no sense now (the footer shows only what applies)."""
        status = self.meeting.status if self.meeting else None
        if action == "start_meeting":
            return status == MeetingStatus.SCHEDULED
        if action == "end_meeting":
            return status == MeetingStatus.IN_PROGRESS
        if action in ("next_item", "previous_item", "go_to_item", "export_minutes", "add_action"):
            return self.meeting is not None
        if action == "check_minutes":
            return status is not None and status not in LIVE
        return True

    def go_to(self, item: AgendaItem) -> None:
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.db.models import stored_id, utcnow

        if self.meeting is None:
            return
        if item.id == self.meeting.current_item_id:
            # The item in hand picked again (Enter in the agenda, its digit): back into its
            # panel, so its keys work at once, as on any item change.
            if self.panel is not None and self._panel_item_id == item.id:
                self.panel.focus_home()
            return
        self.flush_panel()
        meeting_id, item_id, now = self.meeting_id, stored_id(item), utcnow()

        def moved(_meeting: Meeting) -> None:
            if self.is_attached:
                self.reload()

        label = f"Item {item.position}"
        edit = QueuedEdit.one_off("enter_item", meeting_id, {"item_id": item_id, "at": now}, label)
        # Quietly kept (the agenda shows the move) while the file is held or the server away:
        # recorded at `now` once the store takes it, so the item clocks stay true.
        if self.one_off(edit, done=moved, tell=False) == QUEUED:
            self.meeting.current_item_id = item_id
            self._show(self.meeting, self.items)

    def flush_panel(self) -> None:
        """Let the panel save anything it is holding back (debounced notes) before we move."""
        flush = getattr(self.panel, "flush", None)
        if flush is not None:
            flush()

    def _step(self, step: int) -> None:
        if not self.items:
            return
        current = self.current_item
        index = self.items.index(current) if current is not None else -1
        target = index + step
        if current is None and step < 0:
            target = 0
        if 0 <= target < len(self.items):
            self.go_to(self.items[target])
        else:
            self.notify("That is the last item." if step > 0 else "That is the first item.")

    def action_next_item(self) -> None:
        self._step(1)

    def action_previous_item(self) -> None:
        self._step(-1)

    def action_go_to_item(self, number: int | None = None) -> None:
        if number is None:
            self.app.action_command_palette()
            return
        item = next((i for i in self.items if i.position == number), None)
        if item is None:
            self.notify(f"There is no item {number} on this agenda.")
            return
        self.go_to(item)

    def on_agenda_list_item_chosen(self, event: AgendaList.ItemChosen) -> None:
        item = next((i for i in self.items if i.id == event.item_id), None)
        if item is not None:
            self.go_to(item)

    def action_focus_agenda(self) -> None:
        """Esc always means "to the agenda" (never "leave"), so pressing it twice is safe."""
        self.query_one(AgendaList).focus()

    def action_back(self) -> None:
        """Back to the meetings list; the meeting (and its clocks) carry on where they are."""
        self.flush_panel()
        self.app.pop_screen()

    # --- start, end, export ------------------------------------------------------------

    def action_start_meeting(self) -> None:
        self.flush_panel()
        self._kept_step("start_meeting", "Meeting started.", MeetingStatus.IN_PROGRESS)

    def action_end_meeting(self) -> None:
        from spp_tui.dialogs.common import ConfirmDialog

        def answered(confirmed: bool | None) -> None:
            if not confirmed:
                return
            self.flush_panel()
            self._kept_step("end_meeting", "Meeting ended and marked held.", MeetingStatus.HELD)

        self.app.push_screen(
            ConfirmDialog("End the meeting now? Its end time is recorded and it is marked held."),
            answered,
        )

    def _kept_step(self, kind: str, said: str, status: MeetingStatus) -> None:
        """Start or end, at the moment of the key: saved now, or kept (the file held, the
        server away) and shown so meanwhile: the clocks run, the keys follow the status."""
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.db.models import utcnow

        at = utcnow()
        edit = QueuedEdit.one_off(kind, self.meeting_id, {"at": at}, said.rstrip("."))

        def done(_meeting: object) -> None:
            if self.is_attached:
                self.reload()

        if self.one_off(edit, done=done, saved=said) == QUEUED and self.meeting is not None:
            meeting = self.meeting
            meeting.status = status.value
            if status == MeetingStatus.IN_PROGRESS:
                meeting.actual_start = meeting.actual_start or at
                first = self.items[0].id if self.items else None
                meeting.current_item_id = meeting.current_item_id or first
            else:
                meeting.actual_end = at
            self._show(meeting, self.items)

    def action_export_minutes(self) -> None:
        self.notify("Exporting the minutes…", timeout=2)
        self._export()

    @work(thread=True, exclusive=True, group="export")
    def _export(self) -> None:
        from spp_tui.exports.minutes import export_minutes

        try:
            path = export_minutes(self.db, self.meeting_id, out=None, redact=False)
        except UserError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), severity="error", timeout=8, markup=False
            )
            return
        self.app.call_from_thread(self.notify, f"Minutes saved to {path}", timeout=10, markup=False)
        if self.meeting is not None and self.meeting.status not in LIVE:
            from spp_tui.db.services.readiness import readiness_warning

            warning = readiness_warning(self.db, self.meeting_id)  # warn, never block
            if warning:
                message = f"{warning[0].upper()}{warning[1:]} (F7 lists them)"
                self.app.call_from_thread(
                    self.notify, message, severity="warning", timeout=10, markup=False
                )

    def action_check_minutes(self) -> None:
        """The secretariat's check and review commands (issue 9): spp_tui.screens.meeting_review."""
        from spp_tui.screens.meeting_review import open_readiness

        open_readiness(self)

    def action_redaction_review(self) -> None:
        """What a redacted copy replaces and the possible names not recorded (issue 14)."""
        from spp_tui.screens.redaction_review import RedactionReviewScreen

        self.flush_panel()
        self.app.push_screen(RedactionReviewScreen(self.meeting_id))

    # --- add action / add case (delegated to the item's panel) --------------------------

    def action_add_action(self) -> None:
        """F2 on any item: an action for the case in hand on a case item (the case panel's own
        F2 answers first inside it), else a general action for the meeting."""
        if self.panel is not None and hasattr(self.panel, "action_add_action"):
            self.panel.action_add_action()
            return
        from spp_tui.dialogs.action import ActionDialog

        self.flush_panel()  # typing held back in the panel is saved before it reloads

        def saved(action_id: int | None) -> None:
            if action_id is not None and self.panel is not None:
                self.panel.load()

        self.app.push_screen(ActionDialog(meeting_id=self.meeting_id), saved)

    def action_add_case(self) -> None:
        """Add an urgent case: done by the new-referrals panel, so go there first."""
        if self.panel is not None and hasattr(self.panel, "action_add_case"):
            self.panel.action_add_case()
            return
        target = next((i for i in self.items if i.kind == AgendaItemKind.NEW_REFERRALS), None)
        if target is None:
            self.notify("This agenda has no new-referrals item to add a case to.")
            return
        self.go_to(target)
        panel = self.panel
        if panel is not None and hasattr(panel, "action_add_case"):
            self.call_after_refresh(panel.action_add_case)

    # --- command palette ------------------------------------------------------------------

    def palette_commands(self) -> Iterator[SystemCommand]:
        status = self.meeting.status if self.meeting else None
        if status == MeetingStatus.SCHEDULED:
            yield SystemCommand("Start meeting", "Record the start time", self.action_start_meeting)
        for item in self.items:
            yield SystemCommand(
                f"Go to item {item.position}: {item.title}",
                f"{item.planned_minutes} min planned",
                lambda item=item: self.go_to(item),
            )
        yield SystemCommand("Next item", "Move to the next agenda item", self.action_next_item)
        yield SystemCommand(
            "Previous item", "Move to the previous agenda item", self.action_previous_item
        )
        yield SystemCommand("Add action", "Capture an action", self.action_add_action)
        yield SystemCommand("Add case", "Add an urgent case on the day", self.action_add_case)
        if self.panel is not None:
            extra: Any = getattr(self.panel, "palette_commands", None)
            if extra is not None:
                yield from extra()
        yield SystemCommand(
            "Export minutes", "Write the minutes (Word)", self.action_export_minutes
        )
        if status == MeetingStatus.IN_PROGRESS:
            yield SystemCommand("End meeting", "Record the end; mark held", self.action_end_meeting)
        from spp_tui.screens.meeting_review import review_commands

        yield from review_commands(self)
        yield SystemCommand(
            "Redaction review",
            "What a redacted copy replaces; possible names not recorded (F9)",
            self.action_redaction_review,
        )
        yield SystemCommand("Back to meetings", "Return to the meetings list", self.action_back)
