"""The secretariat's review of a held meeting: what is missing from the minutes, one Enter
away from the place to fix it; moving the minutes to draft and approved; an audited unlock.

Opened from the meeting screen (F7). The checks are ``spp_tui.db.services.readiness``; the
lock is enforced by the services themselves, so every panel of the meeting screen is the
"review mode": a held or draft meeting is edited in place, each change audited, and an
approved one refuses changes until unlocked with a reason.

An agenda item never opened in the app cannot be fixed by opening it now, so on such a gap
``x`` records that it was not taken (with why) and ``t`` that it was taken all the same
(``meetings.mark_item_not_taken`` / ``mark_item_taken``, audited); kept while the file is
held or the server is away, like the chair's live steps (``spp_tui.db.one_offs``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static
from textual.widgets.option_list import Option

from spp_tui.dialogs.door import ServiceDoor
from spp_tui.dialogs.review import ReviewDialog
from spp_tui.widgets.fields import Input
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import OptionList
from spp_tui.widgets.modal import ModalDialog

if TYPE_CHECKING:
    from spp_tui.db.models import Meeting
    from spp_tui.db.services.readiness import ReadinessIssue

Target = tuple[str, int]

KIND_STYLES = {
    "action": "bold red",
    "discussion": "bold yellow",
    "party": "bold magenta",
    "attendance": "bold cyan",
    "agenda item": "bold blue",
}


class ReadinessScreen(ServiceDoor, ModalDialog["Target | None"]):  # type: ignore[misc]  # ServiceDoor types app
    """Every gap in the minutes; Enter dismisses with the record to open."""

    HELP_TITLE = "Minutes check"
    DEFAULT_CSS = """
    ReadinessScreen { align: center middle; }
    ReadinessScreen > Vertical {
        width: 110; max-width: 100%; height: 80%; border: thick $accent;
        background: $surface; padding: 0 1;
    }
    ReadinessScreen #readiness-heading { text-style: bold; margin-bottom: 1; }
    ReadinessScreen #readiness-list { height: 1fr; }
    ReadinessScreen #readiness-keys { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="readiness.close"),
        Binding("x", "mark_item(False)", "Item not taken", id="readiness.item_not_taken"),
        Binding("t", "mark_item(True)", "Item taken", id="readiness.item_taken"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.issues: list[ReadinessIssue] = []
        self.meeting: Meeting

    @property
    def highlighted_issue(self) -> ReadinessIssue | None:
        index = self.query_one("#readiness-list", OptionList).highlighted
        return self.issues[index] if index is not None and index < len(self.issues) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """x and t apply only to an agenda item that was never opened."""
        if action == "mark_item":
            issue = self.highlighted_issue
            return issue is not None and issue.target[0] == "agenda_item"
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def action_mark_item(self, taken: bool) -> None:
        """Record what became of an item never opened: not taken (why is required) or taken.
        Saved now, or kept (the file held, the server away) and written in order later; the
        gap leaves the list either way."""
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.widgets.save_lane import QUEUED

        issue = self.highlighted_issue
        if issue is None or issue.target[0] != "agenda_item":
            return
        item_id = issue.target[1]
        where = issue.message.removesuffix(", was never opened")

        def written(_item: object) -> None:
            if self.is_attached:
                self.load()

        def noted(note: object) -> None:
            if note is None:
                return
            said = f"{where[0].upper()}{where[1:]} marked {'taken' if taken else 'not taken'}"
            args = {"taken": taken, "note": str(note)}
            edit = QueuedEdit.one_off("item_mark", item_id, args, said)
            if self.one_off(edit, done=written, saved=f"{said}.") == QUEUED:
                self.issues = [i for i in self.issues if i is not issue]
                self._show_issues()  # the gap is closed meanwhile

        heading = issue.message[0].upper() + issue.message[1:] + "."
        self.app.push_screen(ItemMarkDialog(heading, taken), noted)

    def store_replayed(self) -> None:
        """Marks kept while the store was away are written: the gaps as stored."""
        self.load()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Checking the minutes…", id="readiness-heading")
            yield OptionList(id="readiness-list")
            yield Static(
                "[b]Enter[/] go and fix  [b]x[/] item not taken  [b]t[/] item taken  "
                "[b]Esc[/] close",
                id="readiness-keys",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        from spp_tui.db.services.meetings import get_meeting
        from spp_tui.db.services.readiness import readiness_issues

        db = self.db
        self.meeting = get_meeting(db, self.meeting_id)
        self.issues = readiness_issues(db, self.meeting_id)
        self._show_issues()

    def _show_issues(self) -> None:
        meeting, count = self.meeting, len(self.issues)
        heading = f"Minutes of {meeting.kind} {meeting.date:%d %b %Y} ({meeting.status}): "
        heading += (
            "ready, nothing missing."
            if not count
            else f"{count} gap{'s' if count != 1 else ''} to close before circulating"
        )
        self.query_one("#readiness-heading", Static).update(heading)
        options = self.query_one("#readiness-list", OptionList)
        options.set_options(
            Option(
                Text.assemble(
                    (f"{issue.kind:<12}", KIND_STYLES.get(issue.kind, "")), issue.message
                ),
                id=str(index),
            )
            for index, issue in enumerate(self.issues)
        )
        options.display = bool(self.issues)
        if self.issues:
            options.highlighted = 0
            options.focus()
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.issues[event.option_index].target)

    def action_close(self) -> None:
        self.dismiss(None)


class UnlockDialog(ReviewDialog[str | None]):
    """Why approved minutes must change: required, kept in the audit trail."""

    BINDINGS = [Binding("enter", "save", "Unlock", key_display="Enter", id="unlock.save")]

    def __init__(self, heading: str) -> None:
        super().__init__()
        self.heading = heading

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, classes="dialog-heading")
            yield Label("Reason (kept in the audit trail)", classes="field-label")
            yield Input(placeholder="e.g. owner of A-2023-031 was misheard", id="unlock-reason")
            yield Static("[b]Enter[/] unlock  [b]Esc[/] cancel", id="unlock-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#unlock-reason", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        reason = self.query_one("#unlock-reason", Input).value.strip()
        if not reason:
            feedback = self.query_one("#unlock-feedback", Static)
            feedback.update("Say why the approved minutes need correcting.")
            return
        self.dismiss(reason)


class ItemMarkDialog(ReviewDialog[str | None]):
    """What became of an item never opened: why it was not taken (required), or a note on
    how it was taken (optional). Dismisses with the text."""

    BINDINGS = [Binding("enter", "save", "Save", key_display="Enter", id="item_mark.save")]

    def __init__(self, heading: str, taken: bool) -> None:
        super().__init__()
        self.heading = heading
        self.taken = taken

    def compose(self) -> ComposeResult:
        label, placeholder = (
            ("How it was taken (optional)", "e.g. with item 6, or from the floor")
            if self.taken
            else ("Why it was not taken (in the minutes)", "e.g. deferred to next meeting")
        )
        with Vertical():
            yield Static(self.heading, classes="dialog-heading", markup=False)
            yield Label(label, classes="field-label")
            yield Input(placeholder=placeholder, id="item-mark-note")
            yield Static("[b]Enter[/] save  [b]Esc[/] cancel", id="item-mark-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#item-mark-note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        note = self.query_one("#item-mark-note", Input).value.strip()
        if not note and not self.taken:
            self.query_one("#item-mark-feedback", Static).update(
                "Say why it was not taken: the minutes print it."
            )
            return
        self.dismiss(note)
