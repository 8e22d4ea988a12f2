"""A small modal question with a few answers, each on its own key.

Used to ask what to do when another window changed the record being edited (``StaleEditDialog``,
the one "changed elsewhere" dialog of the app): reload theirs, or, where the screen can save
over it, keep mine. A plain yes/no confirm is ``spp_tui.dialogs.common.ConfirmDialog``.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from spp_tui.widgets.footer import Footer
from spp_tui.widgets.modal import ModalDialog


class ChoiceDialog(ModalDialog[str | None]):
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
                    # Plain text: a str label is markup, which took "[k]" for a style and
                    # dropped the key from the button.
                    yield Button(Content(f"{label} [{key}]"), id=f"choice-{key}")
        # Its own key bar: without one, the bar of the screen beneath showed that screen's
        # keys (F3 Phrases under "Leave without saving?").
        yield Footer()

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


class DiscardTypingDialog(ChoiceDialog):
    """Esc in a dialog with typed text: keep editing (``"k"``, also Esc) or discard (``"d"``)."""

    KEEP = "k"
    DISCARD = "d"

    def __init__(self) -> None:
        super().__init__(
            "You have typed something here. Discard it?",
            {self.KEEP: "Keep editing", self.DISCARD: "Discard"},
            title="Leave without saving?",
        )


def typed_values(screen: ModalDialog) -> dict[str, str]:
    """What every text field of ``screen`` holds now, by position (ids may be missing)."""
    from textual.widgets import Input, TextArea

    values: dict[str, str] = {}
    for index, field in enumerate(screen.query("Input, TextArea")):
        if isinstance(field, Input):
            values[f"{index}:{field.id}"] = field.value
        elif isinstance(field, TextArea):
            values[f"{index}:{field.id}"] = field.text
    return values


class GuardedCancel:
    """Mixin for a dialog whose Esc must not throw typed text away without asking.

    The fields' values are remembered after the dialog's own ``on_mount`` (Textual runs the
    handlers of every class in the MRO, subclass first), or again by ``remember_typed()``
    after a reload; ``cancel_with_care()`` dismisses at once when nothing was typed since,
    and asks otherwise.
    """

    _typed_baseline: dict[str, str] | None = None

    def on_mount(self) -> None:
        self.remember_typed()

    def remember_typed(self) -> None:
        self._typed_baseline = typed_values(self)  # type: ignore[arg-type]

    def cancel_with_care(self, result: object = None) -> None:
        screen: ModalDialog = self  # type: ignore[assignment]
        baseline = self._typed_baseline
        now = typed_values(screen)
        if baseline is None:
            baseline = {key: "" for key in now}
        if now == baseline:
            screen.dismiss(result)
            return

        def answered(answer: str | None) -> None:
            if answer == DiscardTypingDialog.DISCARD:
                screen.dismiss(result)

        screen.app.push_screen(DiscardTypingDialog(), answered)
