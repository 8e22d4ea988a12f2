"""Pick the one case a guest is invited for (a venue manager for the Queensgate item).

While that guest is present, a projected screen shows only their case in full (issue 18).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label
from textual.widgets.option_list import Option

from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import OptionList
from spp_tui.widgets.modal import ModalDialog

#: The option that makes the attendee an ordinary member again.
NOT_A_GUEST = "none"


class PickGuestCaseDialog(ModalDialog[int | str | None]):
    """Enter picks the highlighted case (its id), or "not a guest"; Esc cancels (None)."""

    HELP_TITLE = "Guest for one case"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick_guest_case.cancel")]

    def __init__(self, title: str, cases: list[tuple[int, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.cases = cases

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(
                Option("Not a guest: a member for the whole meeting", id=NOT_A_GUEST),
                *(Option(label, id=str(case_id)) for case_id, label in self.cases),
                id="guest-cases",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id or ""
        self.dismiss(NOT_A_GUEST if chosen == NOT_A_GUEST else int(chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)
