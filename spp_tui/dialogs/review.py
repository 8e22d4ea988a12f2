"""Small dialogs of the action review and the previous minutes: a new due date, a note, the
corrections to last meeting's minutes. Each dismisses with what was typed, or None."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from spp_tui.dialogs.choice import GuardedCancel
from spp_tui.widgets.fields import Input, TextArea
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.modal import ModalDialog, ResultType

DIALOG_CSS = """
ReviewDialog {
    align: center middle;
}
ReviewDialog > Vertical {
    width: 72;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: thick $accent;
    background: $surface;
    padding: 0 1;
}
ReviewDialog .dialog-heading {
    text-style: bold;
    margin-bottom: 1;
}
ReviewDialog .field-label {
    color: $text-muted;
    text-style: bold;
}
ReviewDialog .feedback {
    height: auto;
    color: $text-muted;
}
ReviewDialog .feedback.-error {
    color: $error;
}
ReviewDialog TextArea {
    height: 8;
}
"""


class ReviewDialog(GuardedCancel, ModalDialog[ResultType]):
    """Shared look: a bordered box in the middle; Escape cancels (asking first if typed).
    ``ResultType``: what it dismisses with (None when cancelled)."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="review_dialog.cancel")]

    def action_cancel(self) -> None:
        self.cancel_with_care(None)


class DueDateDialog(ReviewDialog[tuple[dt.date, str] | None]):
    """In progress: the new due date (required) and a note (optional).

    Dismisses with ``(due_date, note)``. The date is read by ``spp_tui.dates.parse_due_date``
    as it is typed, relative to the meeting's date, so "+2w" means two weeks from the meeting.
    """

    BINDINGS = [Binding("enter", "save", "Save", key_display="Enter", id="review_dialog.save")]

    def __init__(
        self,
        heading: str,
        today: dt.date,
        next_meeting: dt.date | None = None,
        current_due: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.today = today
        self.next_meeting = next_meeting
        self.current_due = current_due

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, classes="dialog-heading")
            yield Label("New due date", classes="field-label")
            yield Input(placeholder="30/4, 30/04/2023, +2w, +10d or next", id="due-date")
            yield Static("", id="due-feedback", classes="feedback")
            yield Label("Note (optional)", classes="field-label")
            yield Input(placeholder="Why more time is needed", id="due-note")
            yield Static("[b]Enter[/] save  [b]Esc[/] cancel", classes="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#due-date", Input).focus()

    def _parse(self) -> dt.date:
        from spp_tui.dates import parse_due_date

        return parse_due_date(
            self.query_one("#due-date", Input).value, self.today, self.next_meeting
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "due-date":
            return
        feedback = self.query_one("#due-feedback", Static)
        if not event.value.strip():
            feedback.update("")
            feedback.remove_class("-error")
            return
        from spp_tui.dates import describe_due_date, describe_next

        try:
            due = self._parse()
        except ValueError as exc:
            feedback.update(str(exc))
            feedback.add_class("-error")
        else:
            meaning = describe_due_date(due, self.today)
            if event.value.strip().lower() == "next":
                meaning += f"; {describe_next(self.next_meeting)}"
            feedback.update(meaning)
            feedback.remove_class("-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        feedback = self.query_one("#due-feedback", Static)
        try:
            due = self._parse()
        except ValueError as exc:
            feedback.update(str(exc) if str(exc) else "Type the new due date.")
            feedback.add_class("-error")
            self.query_one("#due-date", Input).focus()
            return
        self.dismiss((due, self.query_one("#due-note", Input).value.strip()))


class NoteDialog(ReviewDialog[str | None]):
    """One line of note for an outcome already recorded; dismisses with the text."""

    BINDINGS = [Binding("enter", "save", "Save", key_display="Enter", id="review_dialog.save")]

    def __init__(self, heading: str, note: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, classes="dialog-heading")
            yield Label("Note", classes="field-label")
            yield Input(self.note, placeholder="What was said (optional)", id="note-text")
            yield Static("[b]Enter[/] save  [b]Esc[/] cancel", classes="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note-text", Input).value.strip())


class CorrectionsDialog(ReviewDialog[str | None]):
    """The corrections to last meeting's minutes (several lines); Ctrl+S saves."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="review_dialog.save_corrections", priority=True)
    ]

    def __init__(self, heading: str, text: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, classes="dialog-heading")
            yield Label("Corrections", classes="field-label")
            yield TextArea(self.text, id="corrections-text")
            yield Static("", id="corrections-feedback", classes="feedback -error")
            yield Static("[b]Ctrl+S[/] save  [b]Esc[/] cancel", classes="feedback")
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            self.query_one("#corrections-feedback", Static).update(
                "Say what the corrections are (or Esc, then agree the minutes as accurate)."
            )
            return
        self.dismiss(text)
