"""Capture an action in one dialog: text, owner, due date, Enter.

Built for speed in the room: type the text, Tab, a few letters of the owner's name, Tab (takes
the first match and jumps to the due date), the due date, Enter. That is the typing plus three
keys. The owner's agency is filled in from the directory and can be changed (Shift+Tab from the
due date). The due date is parsed as it is typed (``spp_tui.dates``) and explained inline when
it is not one; nothing is saved until every field makes sense.

The group's common wording (``spp_tui.db.services.phrases``) is offered twice: as a grey
completion while typing the text (Right arrow or End takes it) and as a list on F3.
Ctrl+Z in any field takes back its last edit (``UndoInput``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Label, Static
from textual.widgets.option_list import Option

from spp_tui.dates import describe_due_date, describe_next, parse_due_date
from spp_tui.dialogs import action_offline
from spp_tui.dialogs.action_fields import DueInput, OwnerInput
from spp_tui.dialogs.choice import GuardedCancel
from spp_tui.dialogs.door import ServiceDoor
from spp_tui.dialogs.phrase_picker import PhrasePicker
from spp_tui.widgets.fields import Input
from spp_tui.widgets.lists import OptionList, Select
from spp_tui.widgets.modal import ModalDialog
from spp_tui.widgets.server_banner import store_offline
from spp_tui.widgets.undo_input import UndoInput, checkpoint_fields

if TYPE_CHECKING:
    from spp_tui.db.models import Action
    from spp_tui.db.services.actions import ActionRow
    from spp_tui.db.services.directory import PersonRow

MAX_SUGGESTIONS = 6
#: How many of the group's phrases the text field completes from / the F3 list shows.
MAX_PHRASES = 50


class ActionDialog(GuardedCancel, ServiceDoor, ModalDialog[int | None]):  # type: ignore[misc]  # ServiceDoor types app
    """Create (or, given ``action_id``, edit) an action; dismisses with its id, or None.

    ``shown``: the action's row as the screen showed it, so it can be edited while the
    server is unreachable (kept with that row's version, checked when it is written);
    ``kept`` is then the row as the chair left it, for the screen to show meanwhile."""

    CSS_PATH = "action.tcss"
    #: The text field has the focus before any query runs, so nothing typed ahead is lost.
    AUTO_FOCUS = "#action-text"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="action.cancel"),
        Binding("enter", "save", "Save", key_display="Enter", id="action.save"),
        Binding("f3", "pick_phrase", "Phrases", id="action.phrases"),
    ]

    def __init__(
        self,
        *,
        meeting_id: int | None = None,
        case_id: int | None = None,
        action_id: int | None = None,
        today: dt.date | None = None,
        shown: ActionRow | None = None,
    ) -> None:
        super().__init__()
        self.shown = shown if shown is not None and shown.id == action_id else None
        self.kept: ActionRow | None = None
        self.meeting_id = meeting_id
        self.case_id = case_id
        self.action_id = action_id
        self.today = today or dt.date.today()
        self.owner: PersonRow | None = None
        self._matches: list[PersonRow] = []
        self._searched_for: str | None = None
        self._version: int | None = None
        self._next_meeting: dt.date | None = None

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from spp_tui.widgets.footer import Footer

        with Vertical(id="action-box"):
            yield Static("", id="action-heading", markup=False)
            yield Label("Action", classes="field-label")
            yield UndoInput(
                placeholder="What is to be done? (F3: common phrases)", id="action-text"
            )
            yield Static("", id="text-error", classes="field-error", markup=False)
            yield Label("Owner", classes="field-label")
            with Horizontal(id="owner-row"):
                yield OwnerInput(
                    placeholder="Part of a name or agency (a digit then starts the due date)",
                    id="action-owner",
                )
                yield Select([], prompt="Agency", id="action-agency", compact=True)
            suggestions = OptionList(id="owner-suggestions")
            suggestions.can_focus = False
            yield suggestions
            yield Static("", id="owner-error", classes="field-error", markup=False)
            yield Label("Due", classes="field-label")
            yield DueInput(placeholder="30/4, 30/04/2023, +2w, +10d or next", id="action-due")
            yield Static("", id="due-feedback", markup=False)
            yield Static("", id="action-error", classes="field-error", markup=False)
            yield Static(
                "[b]Tab[/] take owner  [b]F3[/] phrases  [b]Enter[/] save  [b]Esc[/] cancel",
                id="action-keys",
            )
        yield Footer()

    def _heading(self) -> str:
        from spp_tui.db.services import cases

        verb = "Edit action" if self.action_id else "New action"
        if self.case_id is not None:
            case = cases.get_case(self.db, self.case_id)
            return f"{verb} for {case.reference}: {case.title}"
        return f"{verb} for the meeting (general)"

    def on_mount(self) -> None:
        from spp_tui.db.services.directory import list_agencies
        from spp_tui.db.services.phrases import common_phrases
        from spp_tui.errors import DatabaseUnavailableError

        text_field = self.query_one("#action-text", Input)
        text_field.focus()  # before the queries: what is typed meanwhile lands here
        self.query_one("#owner-suggestions").display = False
        for selector in ("#text-error", "#owner-error", "#action-error"):
            self._say(selector, "")
        try:
            if store_offline(self.app):
                raise DatabaseUnavailableError("server unreachable")
            self.query_one("#action-heading", Static).update(self._heading())
            agencies = [(Text(a.short_name or a.name), a.id) for a in list_agencies(self.db)]
            self.query_one("#action-agency", Select).set_options(agencies)
            self.phrases = common_phrases(self.db, limit=MAX_PHRASES)
            if self.phrases:
                text_field.suggester = SuggestFromList(self.phrases, case_sensitive=False)
            self._find_date_base()
            if self.action_id is not None:
                self._load_action(self.action_id)
        except DatabaseUnavailableError as exc:
            self._unread(exc)

    def _unread(self, exc: Exception) -> None:
        """The server is away: a new action is still typed and kept (owners from the app's
        copy of the directory, the owner's agency set when it is written), and so is an edit
        of an action the screen showed (from that row); any other action to edit cannot be
        shown, so the dialog says so in one line and closes."""
        outage = getattr(self.app, "outage", None)
        if outage is not None and not outage.offline:
            outage.lost(exc)
        if self.action_id is not None and self.shown is None:
            self.notify(
                "The action cannot be read while the server is unreachable: edit it once it "
                "is back.",
                severity="warning",
                markup=False,
            )
            self.dismiss(None)
            return
        if self.shown is not None:
            self._show_row(self.shown)
        self.query_one("#action-heading", Static).update(action_offline.heading(self.shown))

    def _show_row(self, row: ActionRow) -> None:
        """The fields as the screen's row had them (its version is the one checked)."""
        self._version = row.version
        self.case_id = row.case_id
        self.query_one("#action-text", Input).value = row.text
        if (owner := action_offline.owner_of(row)) is not None:
            self._choose_owner(owner)
        self.query_one("#action-due", Input).value = row.due_on.isoformat() if row.due_on else ""
        checkpoint_fields(self)

    def _find_date_base(self) -> None:
        """Relative dates count from the meeting's date (today only with no meeting), and
        ``next`` is the series' next meeting or its usual four weeks (``due_base``)."""
        from spp_tui.db.services.due_base import due_base

        base = due_base(self.db, self.meeting_id, self.today)
        self.today, self._next_meeting = base.today, base.next_meeting

    def _load_action(self, action_id: int) -> None:
        from spp_tui.db.services import actions, directory

        action = actions.get_action(self.db, action_id)
        self._version = action.version
        self.case_id = action.case_id
        self.query_one("#action-heading", Static).update(self._heading())
        self.query_one("#action-text", Input).value = action.text
        if action.owner_id is not None:
            self._choose_owner(directory.get_person(self.db, action.owner_id))
        agency = self.query_one("#action-agency", Select)
        agency.value = action.owner_agency_id if action.owner_agency_id else Select.NULL
        self.query_one("#action-due", Input).value = (
            action.due_on.isoformat() if action.due_on else ""
        )
        checkpoint_fields(self)

    def _say(self, selector: str, message: str) -> None:
        """Show (or clear) the one-line message under a field; empty ones take no room."""
        line = self.query_one(selector, Static)
        line.update(message)
        line.display = bool(message)

    # --- owner autocomplete ------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "action-owner":
            self._owner_typed(event.input.value)
        elif event.input.id == "action-due":
            self._show_due(event.input.value)
        elif event.input.id == "action-text" and event.value.strip():
            self._say("#text-error", "")

    def _owner_typed(self, text: str) -> None:
        from spp_tui.db.services.directory import search_people
        from spp_tui.widgets.person_search import copy_matches

        suggestions = self.query_one("#owner-suggestions", OptionList)
        if self.owner is not None and text == self.owner.name:
            suggestions.display = False
            return
        self.owner = None
        self._searched_for = text
        self._say("#owner-error", "")
        if not text.strip():
            self._matches = []
        elif store_offline(self.app):
            self._matches = copy_matches(self.app, text)[:MAX_SUGGESTIONS]
        else:
            self._matches = search_people(self.db, text, limit=MAX_SUGGESTIONS)
        suggestions.set_options(Option(Text(person.label)) for person in self._matches)
        suggestions.display = bool(self._matches)
        if self._matches:
            suggestions.highlighted = 0  # marked ▶ by the list, not by colour alone
        elif text.strip():
            self._say("#owner-error", f"No one in the directory matches '{text.strip()}'.")

    def move_owner_match(self, step: int) -> None:
        suggestions = self.query_one("#owner-suggestions", OptionList)
        if not self._matches:
            return
        current = suggestions.highlighted or 0
        suggestions.highlighted = max(0, min(len(self._matches) - 1, current + step))

    def _catch_up_owner(self) -> None:
        """Search for what is in the field now if its Changed message is still queued (a fast
        typist's Tab can arrive first)."""
        typed = self.query_one("#action-owner", Input).value
        if self.owner is None and typed != self._searched_for:
            self._owner_typed(typed)

    def owner_to_take(self) -> bool:
        """An owner is chosen or matched, so a key may move on to the due date."""
        self._catch_up_owner()
        return self.owner is not None or bool(self._matches)

    def accept_owner(self, start_due: str = "") -> None:
        """Tab in the owner field: take the highlighted match, then go to the due date
        (``start_due``: the digit or ``+`` typed there, which begins a new due date)."""
        self._catch_up_owner()
        if self.owner is None and self._matches:
            index = self.query_one("#owner-suggestions", OptionList).highlighted or 0
            self._choose_owner(self._matches[index])
        due = self.query_one("#action-due", DueInput)
        if start_due:
            due.start_with(start_due)
        due.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "owner-suggestions":
            self._choose_owner(self._matches[event.option_index])
            self.query_one("#action-due", Input).focus()

    def _choose_owner(self, person: PersonRow) -> None:
        self.owner = person
        self._matches = []
        self.query_one("#action-owner", Input).value = person.name
        self.query_one("#owner-suggestions", OptionList).display = False
        self._say("#owner-error", "")
        agency = self.query_one("#action-agency", Select)
        if person.agency_id and person.agency_id not in {v for _label, v in agency._options}:
            # Offline the agencies were not read: the owner's own is offered.
            agency.set_options([(Text(person.agency_name), person.agency_id)])
        agency.value = person.agency_id if person.agency_id else Select.NULL

    # --- common phrases ----------------------------------------------------------------

    def action_pick_phrase(self) -> None:
        """F3: choose the action text from the group's phrases (those containing what is
        typed so far, or all of them when none does)."""
        from spp_tui.db.services.phrases import common_phrases

        field = self.query_one("#action-text", Input)
        offered = common_phrases(self.db, field.value, limit=MAX_PHRASES) or self.phrases
        if not offered:
            self.notify(
                "No common phrases yet: they are saved in settings or learnt from actions "
                "raised more than once.",
                timeout=4,
            )
            return

        def chosen(phrase: str | None) -> None:
            if phrase is not None:
                if isinstance(field, UndoInput):
                    field.checkpoint()
                field.value = phrase
                field.cursor_position = len(phrase)
            field.focus()

        self.app.push_screen(PhrasePicker(offered), chosen)

    # --- due date ----------------------------------------------------------------------

    def _show_due(self, text: str) -> dt.date | None:
        """Show what the typed due date means, or why it is not one."""
        feedback = self.query_one("#due-feedback", Static)
        if not text.strip():
            feedback.update("")
            feedback.set_class(False, "-invalid")
            return None
        try:
            due = parse_due_date(text, self.today, self._next_meeting)
        except ValueError as exc:
            feedback.update(str(exc))
            feedback.set_class(True, "-invalid")
            return None
        meaning = describe_due_date(due, self.today)
        if text.strip().lower() == "next":
            meaning += f"; {describe_next(self._next_meeting)}"
        feedback.update(f"→ {meaning}")
        feedback.set_class(False, "-invalid")
        return due

    # --- save --------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Check every field, say what is missing next to it, and save only when all is well."""
        text = self.query_one("#action-text", Input).value.strip()
        due_text = self.query_one("#action-due", Input).value
        problems = False
        self._catch_up_owner()
        if self.owner is None and len(self._matches) == 1:
            self._choose_owner(self._matches[0])  # one match only: no need to Tab for it
        if not text:
            self._say("#text-error", "Say what is to be done.")
            problems = True
        if self.owner is None:
            typed = self.query_one("#action-owner", Input).value.strip()
            message = (
                f"Pick an owner from the list: Tab takes the first match for '{typed}'."
                if typed and self._matches
                else "Every action needs an owner: type part of a name."
                if not typed
                else f"No one in the directory matches '{typed}'."
            )
            self._say("#owner-error", message)
            problems = True
        due = self._show_due(due_text)
        if due is None:
            if not due_text.strip():
                feedback = self.query_one("#due-feedback", Static)
                feedback.update("Every action needs a due date.")
                feedback.set_class(True, "-invalid")
            problems = True
        if problems:
            self._focus_first_problem(text, due)
            return
        assert self.owner is not None and due is not None
        agency = self.query_one("#action-agency", Select).value
        agency_id = agency if isinstance(agency, int) else None
        self._write(text, self.owner.id, agency_id, due, self._version)

    def _focus_first_problem(self, text: str, due: dt.date | None) -> None:
        if not text:
            self.query_one("#action-text", Input).focus()
        elif self.owner is None:
            self.query_one("#action-owner", Input).focus()
        elif due is None:
            self.query_one("#action-due", Input).focus()

    def _write(
        self,
        text: str,
        owner_id: int,
        agency_id: int | None,
        due: dt.date,
        expected_version: int | None,
    ) -> None:
        """Save, or (file held, server unreachable) hand the action to the app to save when
        it can: the dialog closes and a toast says it is kept (``ServiceDoor.one_off``)."""
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.widgets.save_lane import QUEUED

        args: dict[str, object] = {"text": text, "owner_id": owner_id, "due_on": due}
        args["owner_agency_id"] = agency_id
        label = f"the action '{text[:40]}{'…' if len(text) > 40 else ''}'"
        if self.action_id is None:
            args |= {"case_id": self.case_id, "meeting_id": self.meeting_id}
            edit = QueuedEdit.one_off("new_action", 0, args, f"New action: {label}")
        else:
            edit = QueuedEdit.one_off(
                "action_edit", self.action_id, args, f"Edit of {label}", base=expected_version
            )
        outcome = self.one_off(
            edit,
            done=self._saved,
            stale=lambda: self._ask_about_stale(text, owner_id, agency_id, due),
            on_error=lambda exc: self._say("#action-error", str(exc)),
        )
        if outcome == QUEUED:
            if self.shown is not None and self.owner is not None:
                self.kept = action_offline.kept_row(self.shown, text, self.owner, agency_id, due)
            self.dismiss(None)

    def _saved(self, action: Action | None) -> None:
        if action is None:  # written already (a replay): nothing more to say
            return
        self.app.notify(f"Action {action.reference} saved.", timeout=3, markup=False)
        if self.is_current:  # saved at once; not when it waited for the file
            self.dismiss(action.id)

    def _ask_about_stale(
        self, text: str, owner_id: int, agency_id: int | None, due: dt.date
    ) -> None:
        from spp_tui.dialogs.choice import stale_edit_question

        def decide(answer: str | None) -> None:
            assert self.action_id is not None
            if answer == "k":
                self._write(text, owner_id, agency_id, due, None)
            elif answer == "r":
                self._load_action(self.action_id)
                self.remember_typed()
                self.app.notify("Reloaded the action as saved in the other window.")

        self.app.push_screen(stale_edit_question("This action"), decide)

    def action_cancel(self) -> None:
        """Esc: leave at once if nothing was typed, else ask (keep editing / discard)."""
        self.cancel_with_care(None)
