"""Small modal dialogs shared by every screen: confirm, help (and, re-exported from
``spp_tui.dialogs.choice``, the one "changed elsewhere" dialog).

They import only Textual so any screen can use them without slowing the first paint.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from spp_tui.dialogs.choice import StaleEditDialog
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.modal import ModalDialog

__all__ = ["ConfirmDialog", "HelpScreen", "StaleEditDialog"]


class ConfirmDialog(ModalDialog[bool]):
    """Ask before anything destructive; Enter/y confirms, Escape/n cancels."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, confirm_label: str = "Yes", danger: bool = True) -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    self.confirm_label,
                    id="confirm-yes",
                    variant="error" if self.danger else "primary",
                )
                yield Button("Cancel", id="confirm-no")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#confirm-yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class HelpScreen(ModalDialog[None]):
    """F1: every key of the screen underneath and of the app, read from their bindings."""

    BINDINGS = [Binding("escape,f1,q", "dismiss_help", "Close help", id="help.close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help-box", id="help-box"):
            yield Label("Keys", classes="dialog-title")
            for title, rows in self.sections:
                if not rows:
                    continue
                yield Label(title, classes="help-section")
                for keys, description in rows:
                    yield Static(
                        Text.assemble((f"{keys:>16}", "bold"), "  ", description),
                        classes="help-row",
                    )
            yield Static(
                "Ctrl+P opens the command palette: type to find any command.",
                classes="help-hint",
            )
        yield Footer()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
