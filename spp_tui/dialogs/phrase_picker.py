"""The group's common action phrases as a list (F3 in the action dialog)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static
from textual.widgets.option_list import Option

from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import OptionList
from spp_tui.widgets.modal import ModalDialog


class PhrasePicker(ModalDialog[str | None]):
    """A short list of the group's common action phrases; Enter takes one, Esc none."""

    DEFAULT_CSS = """
    PhrasePicker { align: center middle; }
    PhrasePicker > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 80%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    PhrasePicker #phrase-heading { text-style: bold; }
    PhrasePicker #phrase-list { height: auto; max-height: 20; border: none; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="phrases.cancel")]

    def __init__(self, phrases: list[str]) -> None:
        super().__init__()
        self.phrases = phrases

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Common phrases: Enter takes one, Esc cancels", id="phrase-heading")
            yield OptionList(*(Option(Text(p)) for p in self.phrases), id="phrase-list")
        yield Footer()  # its own keys, not the action dialog's beneath

    def on_mount(self) -> None:
        options = self.query_one("#phrase-list", OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.phrases[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
