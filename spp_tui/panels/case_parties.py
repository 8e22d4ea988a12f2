"""The people named in the case in hand (residents, victims, suspects, young people): added by
name and role, removed with Delete after a confirm. Wide copies of the minutes redact them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label
from textual.widgets.option_list import Option

from spp_tui.dialogs.door import ServiceDoor
from spp_tui.vocabulary import PartyRole
from spp_tui.widgets.fields import Input
from spp_tui.widgets.lists import OptionList, Select
from spp_tui.widgets.server_banner import store_offline
from spp_tui.widgets.undo_input import UndoInput

if TYPE_CHECKING:
    from spp_tui.db.models import Case, CaseParty

PARTY_ROLES = tuple(r.value for r in PartyRole)


class PartyList(OptionList):
    """Residents, victims, suspects, young people named in the case (redacted in wide copies)."""

    BINDINGS = [Binding("delete", "remove_party", "Remove party", id="case.remove_party")]

    def action_remove_party(self) -> None:
        self.query_ancestor(PartiesEditor).remove_party()


class PartiesEditor(ServiceDoor, Vertical):  # type: ignore[misc]  # ServiceDoor types app
    """The case's parties: a list (Delete removes) and a name field (Enter adds)."""

    def __init__(self, say: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._say = say
        self.case: Case | None = None
        self.rows: list[Any] = []
        #: Each case's parties as last read: shown while the server is away (no read then).
        self._read: dict[int, list[Any]] = {}

    def compose(self) -> ComposeResult:
        yield Label("Parties (Delete removes)", classes="case-section")
        yield PartyList(id="case-parties")
        with Horizontal(classes="case-row"):
            yield UndoInput(placeholder="Name, then Enter to add", id="case-party-name")
            yield Select(
                [(role, role) for role in PARTY_ROLES],
                value="resident",
                allow_blank=False,
                id="case-party-role",
                compact=True,
            )

    def show(self, case: Case | None) -> None:
        """The parties of ``case`` as saved (as last read while the server is away)."""
        from spp_tui.db.models import stored_id
        from spp_tui.db.services import cases

        self.case = case
        if case is None:
            return
        if store_offline(self.app):
            self._show(self._read.get(stored_id(case), []))
            return
        self._show(cases.parties(self.db, [stored_id(case)]))

    def _show(self, parties: list[Any]) -> None:
        self.rows = parties
        if self.case is not None and self.case.id is not None:
            self._read[self.case.id] = parties
        party_list = self.query_one(PartyList)
        party_list.set_options(Option(Text(f"{p.name} ({p.role})"), id=str(p.id)) for p in parties)
        party_list.display = bool(parties)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "case-party-name":
            self.add_party(event.value)

    def add_party(self, name: str) -> None:
        from spp_tui.db.services import cases

        if self.case is None:
            return
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.widgets.save_lane import REFUSED

        if not name.strip():  # said now, not after an outage
            self._say("a party needs a name.")
            return
        role = str(self.query_one("#case-party-role", Select).value)
        case_id, reference = self.case.id, self.case.reference
        assert case_id is not None
        label = f"Party {name.strip()} ({role}) · {reference}"
        edit = QueuedEdit.one_off("party", case_id, {"name": name, "role": role}, label)

        def done(party: CaseParty | None) -> None:
            if party is None:
                return
            if self.is_attached and self.case is not None and self.case.id == case_id:
                self._show(cases.parties(self.db, [case_id]))
            self.app.notify(f"Party {party.name} ({party.role}) added · {reference}", markup=False)

        if self.one_off(edit, done=done, on_error=self._refused) != REFUSED:
            self.query_one("#case-party-name", Input).value = ""

    def _refused(self, exc: Exception) -> None:
        self._say(str(exc))

    def remove_party(self) -> None:
        from spp_tui.db.models import stored_id
        from spp_tui.dialogs.common import ConfirmDialog

        option = self.query_one(PartyList).highlighted_option
        if option is None or option.id is None or self.case is None:
            return
        party_id, case_id = int(option.id), stored_id(self.case)
        label = next((f"{p.name} ({p.role})" for p in self.rows if p.id == party_id), "")

        def removed(_done: object) -> None:
            from spp_tui.db.services import cases

            if self.is_attached and self.case is not None and self.case.id == case_id:
                self._show(cases.parties(self.db, [case_id]))

        def answered(confirmed: bool | None) -> None:
            """Removed now, or kept (the file held, the server away) and gone from the list."""
            from spp_tui.db.edit_journal import QueuedEdit
            from spp_tui.widgets.save_lane import QUEUED

            if not confirmed:
                return
            said = f"Party {label} removed."
            edit = QueuedEdit.one_off("party_removed", party_id, {}, said[:-1])
            if self.one_off(edit, done=removed, saved=said) == QUEUED:
                self._show([p for p in self.rows if p.id != party_id])

        self.app.push_screen(ConfirmDialog(f"Remove {label} from this case?"), answered)
