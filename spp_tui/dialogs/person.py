"""Dialogs for the directory on the spot: pick whom someone deputises for; add a new person
(and, if their agency is new too, the agency) without leaving the meeting."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from spp_tui.widgets.fields import Input
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.modal import ModalDialog
from spp_tui.widgets.person_search import PersonSearch


class PickPersonDialog(ModalDialog[int | None]):
    """Type part of a name or agency, Enter picks the highlighted person (dismisses their id)."""

    HELP_TITLE = "Pick a person"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick_person.cancel")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield PersonSearch("type part of a name or agency", id="pick-person")
            yield Static("", id="pick-error", classes="form-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PersonSearch).focus_input()

    def on_person_search_chosen(self, event: PersonSearch.Chosen) -> None:
        event.stop()
        if event.person is None:
            self.query_one("#pick-error", Static).update(
                "Nobody in the directory matches that; add them first."
            )
            return
        self.dismiss(event.person.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NewPersonDialog(ModalDialog[dict[str, Any] | None]):
    """Name, agency (an existing one matched by name or short name, or a new one) and role."""

    HELP_TITLE = "New person"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="new_person.cancel")]

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self.initial_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add a person to the directory", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Name")
                yield Input(self.initial_name, id="person-name", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Agency")
                yield Input(
                    placeholder="name or short name; a new one is added",
                    id="person-agency",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Role")
                yield Input(placeholder="optional", id="person-role", compact=True)
            yield Static("", id="person-error", classes="form-error")
            yield Static("Enter adds them · Esc cancels", classes="form-hint")
        yield Footer()

    def on_mount(self) -> None:
        target = "#person-agency" if self.initial_name else "#person-name"
        self.query_one(target, Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = self.query_one("#person-name", Input).value.strip()
        if not name:
            self.query_one("#person-error", Static).update("A person needs a name.")
            self.query_one("#person-name", Input).focus()
            return
        self.dismiss(
            {
                "name": name,
                "agency": self.query_one("#person-agency", Input).value.strip(),
                "role": self.query_one("#person-role", Input).value.strip(),
            }
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
