"""A small modal question with a few answers, each on its own key.

Used to ask what to do when another window changed the record being edited (``StaleEditDialog``,
the one "changed elsewhere" dialog of the app): reload theirs, or, where the screen can save
over it, keep mine. A plain yes/no confirm is ``spp_tui.dialogs.common.ConfirmDialog``.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ChoiceDialog(ModalScreen[str | None]):
    """Ask one question; dismiss with the chosen answer's key name, or None on escape.

    ``choices`` maps a single key (``"y"``) to its label (``"Yes, drop it"``); the first choice
    has focus, so Enter picks it.
    """

    CSS_PATH = "choice.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, question: str, choices: dict[str, str], *, title: str = "") -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            if self.title_text:
                yield Static(self.title_text, id="choice-title", markup=False)
            yield Static(self.question, id="choice-question", markup=False)
            with Horizontal(id="choice-buttons"):
                for key, label in self.choices.items():
                    yield Button(f"{label} [{key}]", id=f"choice-{key}")

    def on_key(self, event) -> None:  # noqa: ANN001 - a textual.events.Key
        if event.character and event.character.lower() in self.choices:
            event.stop()
            self.dismiss(event.character.lower())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class StaleEditDialog(ChoiceDialog):
    """Someone else saved first: nothing is overwritten silently. Dismisses with ``"r"``
    (reload theirs), ``"k"`` (keep mine: save over theirs; offered only with ``can_keep``) or
    None (Esc: decide later, nothing reloaded or saved)."""

    RELOAD = "r"
    KEEP = "k"

    def __init__(self, question: str, *, can_keep: bool = True) -> None:
        choices = {self.RELOAD: "Reload theirs"}
        if can_keep:
            choices[self.KEEP] = "Keep mine"
        else:
            question += "\nReload now? What you typed since is replaced; Esc keeps it on screen."
        super().__init__(question, choices, title="Changed elsewhere")


def stale_edit_question(what: str) -> StaleEditDialog:
    """Another window saved ``what`` first: reload theirs (``"r"``) or save mine over it
    (``"k"``)."""
    return StaleEditDialog(f"{what} was changed in another window since you opened it.")
