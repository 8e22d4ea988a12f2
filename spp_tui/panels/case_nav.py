"""The cases on an agenda item, in agenda order, with how many are decided: the highlighted one
is the case in hand. Its keys (move, drop, add) are asked of the panel by ``CaseList.Wanted``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static
from textual.widgets.option_list import Option

from spp_tui.widgets.lists import OptionList
from spp_tui.widgets.rag import risk_letter

if TYPE_CHECKING:
    from spp_tui.db.services.cases import AgendaCase


class CaseList(OptionList):
    """The cases on this agenda item, in agenda order; the highlighted one is in hand."""

    BINDINGS = [
        Binding("shift+up", "move_case(-1)", "Move up", id="case.move_up"),
        Binding("shift+down", "move_case(1)", "Move down", id="case.move_down"),
        Binding("delete", "drop_case", "Drop case", id="case.drop"),
        Binding("a", "add_action", "Add action", show=False, id="case.list_add_action"),
        Binding("u", "add_case", "Urgent case", show=False, id="case.list_add_case"),
    ]

    class Wanted(Message):
        """The chair asked for ``command`` ("move", "drop", "add_action", "add_case")."""

        def __init__(self, command: str, step: int = 0) -> None:
            super().__init__()
            self.command, self.step = command, step

    def action_move_case(self, step: int) -> None:
        self.post_message(self.Wanted("move", step))

    def action_drop_case(self) -> None:
        self.post_message(self.Wanted("drop"))

    def action_add_action(self) -> None:
        self.post_message(self.Wanted("add_action"))

    def action_add_case(self) -> None:
        self.post_message(self.Wanted("add_case"))


def case_option(entry: AgendaCase) -> Option:
    """``H PSG-2023-014 Title ✓``: risk as a letter (and its colour), decided by the tick."""
    return Option(
        Text.assemble(
            risk_letter(entry.discussion.risk),
            (entry.case.reference, "bold"),
            " ",
            entry.case.title,
            (" ✓" if entry.discussion.outcome else "", "green"),
        ),
        id=str(entry.discussion.id),
    )


class CaseNav(Vertical):
    """How many cases and how many decided, over the list of them."""

    def compose(self) -> ComposeResult:
        yield Static("Cases", id="case-count", markup=False)
        yield CaseList(id="case-list")

    def show(
        self, entries: Sequence[AgendaCase], in_full: Callable[[AgendaCase], bool] | None = None
    ) -> None:
        """List ``entries``; one ``in_full`` refuses shows its reference and location only
        (a one-item guest is in the room, issue 18)."""
        case_list = self.query_one(CaseList)
        highlighted = case_list.highlighted
        case_list.set_options(
            case_option(e)
            if in_full is None or in_full(e)
            else Option(
                Text.assemble((e.case.reference, "bold"), " ", e.case.location),
                id=str(e.discussion.id),
            )
            for e in entries
        )
        if entries:
            case_list.highlighted = min(highlighted or 0, len(entries) - 1)
        count = len(entries)
        decided = sum(1 for e in entries if e.discussion.outcome)
        self.query_one("#case-count", Static).update(
            f"{count} case{'s' if count != 1 else ''}, {decided} decided"
        )
