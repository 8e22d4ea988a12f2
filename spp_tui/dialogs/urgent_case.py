"""Add an urgent case on the day: the few facts needed to discuss it now, the rest later.

The case is created (as a referral dated the meeting day) and put on the agenda item the chair
is on, in one go, so it shows in the case list straight away and in the minutes afterwards.
While the file is held or the server is away, what was typed is kept (``ServiceDoor.one_off``)
and written when the store can take it, its reference allocated then; the dialog opens without
the server (agencies from the app's copy of the directory, the operation typed freely).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from spp_tui.dialogs.choice import GuardedCancel
from spp_tui.dialogs.door import ServiceDoor
from spp_tui.vocabulary import CaseCategory, Risk
from spp_tui.widgets.fields import Input
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import Select
from spp_tui.widgets.modal import ModalDialog
from spp_tui.widgets.operation_input import OperationInput
from spp_tui.widgets.server_banner import store_offline

if TYPE_CHECKING:
    from spp_tui.db.services.cases import AgendaCase

CATEGORIES = tuple(c.value for c in CaseCategory)
RISKS = tuple((r.value.capitalize(), r.value) for r in Risk)


class UrgentCaseDialog(GuardedCancel, ServiceDoor, ModalDialog[int | None]):  # type: ignore[misc]  # ServiceDoor types app
    """Create a case and add it to ``agenda_item_id``; dismiss with the case id (or None)."""

    CSS_PATH = "urgent_case.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="urgent_case.cancel"),
        Binding("ctrl+s", "save", "Add case", id="urgent_case.save"),
    ]

    def __init__(
        self,
        meeting_id: int,
        agenda_item_id: int,
        meeting_day: dt.date,
        later: Callable[[int], None] | None = None,
    ) -> None:
        """``later(case_id)``: the case written after the dialog closed (it waited for the
        file); the dialog's own result is its id when written at once."""
        super().__init__()
        self.meeting_id = meeting_id
        self.agenda_item_id = agenda_item_id
        self.meeting_day = meeting_day
        self.later = later

    def _choices(self) -> tuple[list[tuple[Text, int]], list[str]]:
        """The agencies and operations offered: read from the store, or while it is away the
        agencies of the app's copy of the directory and no operations (typed freely)."""
        from spp_tui.db.services.cases import operation_names
        from spp_tui.db.services.directory import list_agencies
        from spp_tui.errors import DatabaseUnavailableError

        if not store_offline(self.app):
            try:
                agencies = [(Text(a.name), int(a.id or 0)) for a in list_agencies(self.db)]
                return agencies, operation_names(self.db)
            except DatabaseUnavailableError as exc:
                outage = getattr(self.app, "outage", None)
                if outage is not None:
                    outage.lost(exc)
        known = {p.agency_id: p.agency_name for p in getattr(self.app, "directory_copy", [])}
        named = sorted((name, id_) for id_, name in known.items() if id_)
        return [(Text(name), id_) for name, id_ in named], []

    def compose(self) -> ComposeResult:
        agencies, operations = self._choices()
        with Vertical(id="urgent-box"):
            yield Static("Urgent case on the day", id="urgent-heading")
            for label, widget in (
                ("Title", Input(placeholder="What is the problem?", id="urgent-title")),
                ("Location", Input(placeholder="Street, estate, venue", id="urgent-location")),
                ("Ward", Input(placeholder="e.g. Central", id="urgent-ward")),
                (
                    "Category",
                    Select(
                        [(c, c) for c in CATEGORIES],
                        prompt="not set",
                        id="urgent-category",
                        compact=True,
                    ),
                ),
                ("Risk", Select(RISKS, prompt="not set", id="urgent-risk", compact=True)),
                (
                    "Lead agency",
                    Select(agencies, prompt="not set", id="urgent-lead", compact=True),
                ),
                ("Operation", OperationInput(operations, id="urgent-operation")),
            ):
                with Horizontal(classes="urgent-row"):
                    yield Label(label)
                    yield widget
            yield Static("", id="urgent-error", markup=False)
            yield Static("[b]Enter[/] or [b]Ctrl+S[/] add  [b]Esc[/] cancel", id="urgent-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#urgent-title", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.widgets.save_lane import QUEUED

        title = self.query_one("#urgent-title", Input).value.strip()
        error = self.query_one("#urgent-error", Static)
        if not title:
            error.update("Give the case a title: what is the problem?")
            self.query_one("#urgent-title", Input).focus()
            return
        # Nothing is chosen for the chair: a case's category and risk are asked for, and the
        # risk chosen here is this meeting's too (the case panel and the minutes show it).
        for field, what in (("category", "category"), ("risk", "risk: high, medium or low")):
            if self.query_one(f"#urgent-{field}", Select).value is Select.NULL:
                error.update(f"Choose the case's {what}.")
                self.query_one(f"#urgent-{field}", Select).focus()
                return
        lead = self.query_one("#urgent-lead", Select).value
        facts: dict[str, Any] = {
            "agenda_item_id": self.agenda_item_id,
            "title": title,
            "location": self.query_one("#urgent-location", Input).value,
            "ward": self.query_one("#urgent-ward", Input).value,
            "category": str(self.query_one("#urgent-category", Select).value),
            "risk": str(self.query_one("#urgent-risk", Select).value),
            "lead_agency_id": lead if isinstance(lead, int) else None,
            "operation": self.query_one("#urgent-operation", OperationInput).as_shown(),
            "referred_on": self.meeting_day,
        }
        shown = f"{title[:40]}{'…' if len(title) > 40 else ''}"
        edit = QueuedEdit.one_off(
            "urgent_case", self.meeting_id, facts, f"Urgent case '{shown}' added"
        )
        outcome = self.one_off(edit, done=self._saved, on_error=lambda exc: error.update(str(exc)))
        if outcome == QUEUED:
            self.dismiss(None)

    def _saved(self, added: AgendaCase | None) -> None:
        if added is None:  # written already (a replay): nothing more to say
            return
        case = added.case
        self.app.notify(f"Case {case.reference} added to the agenda.", timeout=3, markup=False)
        if self.is_current:  # written at once
            self.dismiss(case.id)
        elif self.later is not None:  # it waited for the file
            self.later(int(case.id or 0))

    def action_cancel(self) -> None:
        """Esc: leave at once if nothing was typed, else ask (keep editing / discard)."""
        self.cancel_with_care(None)
