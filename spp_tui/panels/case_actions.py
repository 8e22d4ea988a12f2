"""The actions of the case in hand: listed with owner, due date and status (what is missing in
red and in words); F2 adds one, Enter edits the highlighted one in the action dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label
from textual.widgets.option_list import Option

from spp_tui.dates import format_date
from spp_tui.dialogs.door import ServiceDoor
from spp_tui.widgets.lists import OptionList
from spp_tui.widgets.server_banner import store_offline

if TYPE_CHECKING:
    from spp_tui.db.services.actions import ActionRow


class CaseActionList(OptionList):
    """The case's actions; Enter edits the highlighted one."""

    BINDINGS = [Binding("enter", "select", "Edit action", id="case.edit_action")]


def action_line(row: ActionRow) -> Text:
    return Text.assemble(
        (row.reference, "bold"),
        f" {row.text} · ",
        row.owner_name or ("no owner", "red"),
        " · due ",
        format_date(row.due_on) if row.due_on else ("no date", "red"),
        f" · {row.status}",
    )


class CaseActions(ServiceDoor, Vertical):  # type: ignore[misc]  # ServiceDoor types app
    """The case's actions and the action dialog that adds or edits one."""

    def __init__(self, meeting_id: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.case_id: int | None = None
        self.rows: list[ActionRow] = []
        #: Each case's actions as last read: shown while the server is away (no read then).
        self._read: dict[int, list[ActionRow]] = {}

    def compose(self) -> ComposeResult:
        yield Label("Actions (F2 adds, Enter edits)", classes="case-section")
        yield CaseActionList(id="case-actions")

    def show(self, case_id: int | None) -> None:
        """The actions of the case ``case_id`` as saved (as last read while the server is
        away: another case taken in hand then still shows its actions)."""
        from spp_tui.db.services.actions import ActionFilter, list_actions

        self.case_id = case_id
        if case_id is None:
            return
        if store_offline(self.app):
            self._list(self._read.get(case_id, []))
            return
        self._list(list_actions(self.db, ActionFilter(case_id=case_id)))

    def _list(self, rows: list[ActionRow]) -> None:
        self.rows = rows
        if self.case_id is not None:
            self._read[self.case_id] = rows
        actions_list = self.query_one(CaseActionList)
        actions_list.set_options(Option(action_line(row), id=str(row.id)) for row in self.rows)
        actions_list.display = bool(self.rows)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.open_dialog(int(event.option.id))

    def open_dialog(self, action_id: int | None) -> None:
        """Add (``None``) or edit an action of the case in hand (a general one with no case).
        An edit kept while the store is away shows in the list until it is written."""
        from spp_tui.dialogs.action import ActionDialog

        case_id = self.case_id
        shown = next((row for row in self.rows if row.id == action_id), None)
        dialog = ActionDialog(
            meeting_id=self.meeting_id, case_id=case_id, action_id=action_id, shown=shown
        )

        def done(saved_id: int | None) -> None:
            if not self.is_attached or case_id != self.case_id:
                return
            if saved_id is not None and case_id is not None:
                self.show(self.case_id)
            elif dialog.kept is not None:
                kept = dialog.kept
                self._list([kept if row.id == kept.id else row for row in self.rows])

        self.app.push_screen(dialog, done)
