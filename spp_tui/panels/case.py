"""The workspace for new referrals, case reviews and youth items: one case at a time.

The cases on the agenda item are listed on the left (on top when the screen is narrow); the
case in hand shows what the meeting says and decides about it (``CaseForm``: summary,
decisions, risk, outcome with a reason when closing, interventions), its parties
(``PartiesEditor``) and its actions (``CaseActions``).

Every edit is saved as it is made (``AutosaveForm``): a choice at once, typing half a second
after the last key, on leaving the field, and on leaving the panel (next item, quit), each with
a toast. For the minute-taker: the summary shows a live word count, F8 gives it the whole panel
(a larger editor), and Ctrl+Z takes back the last edit of any field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from spp_tui.panels import case_agenda
from spp_tui.panels.base import ItemPanel
from spp_tui.panels.case_actions import CaseActionList, CaseActions
from spp_tui.panels.case_form import (
    FIELD_NAMES,
    OUTCOME_OPTIONS,
    RISK_OPTIONS,
    RISK_STYLES,
    CaseForm,
    join_interventions,
    risk_text,
    split_interventions,
    word_count,
)
from spp_tui.panels.case_nav import CaseList, CaseNav
from spp_tui.panels.case_parties import PARTY_ROLES, PartiesEditor, PartyList
from spp_tui.widgets import autosave
from spp_tui.widgets.fields import TextArea
from spp_tui.widgets.lists import OptionList

if TYPE_CHECKING:
    from spp_tui.db.models import Case, CaseDiscussion
    from spp_tui.db.services.actions import ActionRow
    from spp_tui.db.services.cases import AgendaCase

__all__ = [
    "FIELD_NAMES",
    "OUTCOME_OPTIONS",
    "PARTY_ROLES",
    "RISK_OPTIONS",
    "RISK_STYLES",
    "CaseActionList",
    "CaseList",
    "CasePanel",
    "PartyList",
    "join_interventions",
    "risk_text",
    "split_interventions",
    "word_count",
]

#: Seconds after the last key before typing is saved (the app's one autosave delay).
SAVE_DELAY = autosave.SAVE_DELAY


@dataclass
class PendingEdits:
    """Edits typed but not yet saved, per record (a view of the form's)."""

    discussion: dict[str, Any] = field(default_factory=dict)
    case: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.discussion or self.case)


class CasePanel(ItemPanel):
    """One case at a time from this agenda item, every edit saved as it is made."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    #: Unscoped so the stylesheet can follow the screen's width classes (see the .tcss).
    SCOPED_CSS = False
    HELP_TITLE = "Cases"
    BINDINGS = [
        Binding("f2", "add_action", "Add action", id="case.add_action"),
        Binding("f4", "add_case", "Urgent case", id="case.add_case"),
        Binding("ctrl+down", "next_case", "Next case", id="case.next_case"),
        Binding("ctrl+up", "previous_case", "Prev case", show=False, id="case.previous_case"),
        Binding("f8", "larger_summary", "Larger summary", show=False, id="case.larger_summary"),
    ]

    def __init__(self, meeting_id: int, item: Any, **kwargs: Any) -> None:
        super().__init__(meeting_id, item, **kwargs)
        self.entries: list[AgendaCase] = []
        self.form = CaseForm(id="case-fields", save_delay=SAVE_DELAY)
        self.parties = PartiesEditor(self.form.say, id="case-party-editor")
        self.actions = CaseActions(meeting_id, id="case-action-editor")
        #: Guest rules in privacy mode (``services.privacy.RoomRules``), else None.
        self.rules: Any = None

    # --- the case in hand (the form holds it: the versions saves are checked against) -------

    @property
    def discussion(self) -> CaseDiscussion | None:
        return self.form.discussion

    @property
    def case(self) -> Case | None:
        return self.form.case

    @property
    def case_actions(self) -> list[ActionRow]:
        return self.actions.rows

    @property
    def pending(self) -> PendingEdits:
        return PendingEdits(self.form.pending["discussion"], self.form.pending["case"])

    def flush(self) -> None:
        """Save every pending edit now (the screen calls this before leaving the item)."""
        self.form.flush()

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Read now, not at import: tests shrink the delay to move time without sleeping.
        self.form.save_delay = SAVE_DELAY
        with Horizontal(id="case-layout"):
            yield CaseNav(id="case-nav")
            with VerticalScroll(id="case-form"):
                yield self.form
                yield self.parties
                yield self.actions
            yield Static(
                "No cases on this item yet. F4 adds an urgent case on the day.", id="case-empty"
            )
            yield Static("", id="case-hidden", markup=False)

    # --- loading -----------------------------------------------------------------------

    def load(self) -> None:
        """(Re)read this item's cases and show the one in hand (the first at the start)."""
        from spp_tui.db.services import cases

        keep = self.discussion.id if self.discussion else self.resume_case
        self.resume_case = None
        lists = self.query(CaseList)
        if not lists:  # removed before it finished mounting (the chair moved on at once)
            return
        old_index = lists.first().highlighted or 0
        self.entries = [
            entry
            for entry in cases.meeting_cases(self.db, self.meeting_id)
            if entry.discussion.agenda_item_id == self.item.id
        ]
        self.entries.sort(key=lambda e: (e.discussion.position, e.discussion.id))
        self.rules = self._room_rules()
        self._show_list()
        chosen = next((e for e in self.entries if e.discussion.id == keep), None)
        if chosen is None and self.entries:  # dropped: the case that took its place
            chosen = self.entries[min(old_index, len(self.entries) - 1)]
        self._show_case(chosen)

    def store_replayed(self) -> None:
        """Moves, urgent cases and action edits kept while the store was away are written:
        the item's list in stored order and the case's actions as stored (the case in hand
        and its form stay as they are: the chair may be typing)."""
        from spp_tui.db.services import cases

        if not self.query(CaseList):
            return
        entries = [
            entry
            for entry in cases.meeting_cases(self.db, self.meeting_id)
            if entry.discussion.agenda_item_id == self.item.id
        ]
        self.entries = sorted(entries, key=lambda e: (e.discussion.position, e.discussion.id))
        self._show_list()
        held = self.discussion.id if self.discussion else None
        index = next((n for n, e in enumerate(self.entries) if e.discussion.id == held), None)
        case_list = self.query_one(CaseList)
        if index is not None and case_list.highlighted != index:
            case_list.highlighted = index
        if self.case is not None:  # an action edit kept meanwhile: as written
            self.actions.show(self.case.id)

    def _show_list(self) -> None:
        self.query_one(CaseNav).show(self.entries, self._in_full)
        self.query_one("#case-form").display = bool(self.entries)
        self.query_one("#case-empty").display = not self.entries

    def _show_case(self, entry: AgendaCase | None) -> None:
        """Fill the form with ``entry`` (what was saved; any pending edit is saved first)."""
        if entry is None:
            self.form.show(None, None)
            return
        self.form.show(entry.discussion, entry.case)
        index = self.entries.index(entry)
        case_list = self.query_one(CaseList)
        if case_list.highlighted != index:
            case_list.highlighted = index
        self.parties.show(entry.case)
        self.actions.show(entry.case.id)
        self._hide_unless_in_full(entry)
        remember = getattr(self.screen, "remember_position", None)
        if remember is not None:
            self.call_after_refresh(remember)  # the case in hand is part of the place

    # --- one-item guests (issue 18) ----------------------------------------------------

    def _room_rules(self) -> Any:
        """The guest rules, in privacy mode only (the chair's own screen shows everything)."""
        if not getattr(self.app, "privacy_mode", False):
            return None
        from spp_tui.db.services.privacy import room_rules

        return room_rules(self.db, self.meeting_id)

    def _in_full(self, entry: AgendaCase) -> bool:
        return self.rules is None or self.rules.shows_in_full(entry.case.id)

    def _hide_unless_in_full(self, entry: AgendaCase) -> None:
        """With a one-item guest present, another case shows its reference and location."""
        in_full = self._in_full(entry)
        self.query_one("#case-form").display = in_full
        hidden = self.query_one("#case-hidden", Static)
        hidden.display = not in_full
        if not in_full:
            guests = ", ".join(self.rules.guests) if self.rules else ""
            hidden.update(
                f"{entry.case.reference} · {entry.case.location or 'no location'}\n\n"
                f"Details are not shown while a guest invited for one case ({guests}) is "
                "present. Mark them as left (l, in the attendance item) or turn privacy "
                "mode off (F6) to show them."
            )

    def on_case_form_saved(self, event: CaseForm.Saved) -> None:
        from spp_tui.db.services.cases import AgendaCase

        event.stop()
        for index, entry in enumerate(self.entries):
            if entry.discussion.id == event.discussion.id:
                self.entries[index] = AgendaCase(event.discussion, event.case)
        if event.moved:
            self._show_list()

    def on_case_list_wanted(self, event: CaseList.Wanted) -> None:
        event.stop()
        if event.command == "move":
            self.move_case(event.step)
        elif event.command == "drop":
            self.drop_case()
        elif event.command == "add_action":
            self.action_add_action()
        else:
            self.action_add_case()

    def on_case_form_reload_wanted(self, event: CaseForm.ReloadWanted) -> None:
        event.stop()
        self.load()

    # --- choosing the case in hand -----------------------------------------------------

    def show_discussion(self, discussion_id: int) -> bool | None:
        """Make this discussion the case in hand (its list's highlight drives the form):
        True when done, False when it is not on this item, None while still loading."""
        from textual.css.query import NoMatches
        from textual.widgets.option_list import OptionDoesNotExist

        try:
            cases = self.query_one("#case-list", OptionList)
        except NoMatches:
            return None
        if not self.is_mounted or cases.option_count == 0:
            return None
        try:
            cases.highlighted = cases.get_option_index(str(discussion_id))
        except OptionDoesNotExist:
            return False
        cases.focus()
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "case-list":
            return
        event.stop()
        if event.option_index != event.option_list.highlighted:
            return  # stale: the highlight moved again since (e.g. Ctrl+Down twice)
        entry = next((e for e in self.entries if str(e.discussion.id) == event.option.id), None)
        if entry is not None and (
            self.discussion is None or entry.discussion.id != self.discussion.id
        ):
            self._show_case(entry)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "case-list":
            self.query_one("#case-summary", TextArea).focus()

    def _step_case(self, step: int) -> None:
        if not self.entries or self.discussion is None:
            return
        index = next(i for i, e in enumerate(self.entries) if e.discussion.id == self.discussion.id)
        target = index + step
        if 0 <= target < len(self.entries):
            self._show_case(self.entries[target])
            self.notify(f"{self.entries[target].case.reference}", timeout=1, markup=False)
        else:
            self.notify(
                "That is the last case." if step > 0 else "That is the first case.", markup=False
            )

    def action_next_case(self) -> None:
        self._step_case(1)

    def action_previous_case(self) -> None:
        self._step_case(-1)

    def action_larger_summary(self) -> None:
        """F8: the summary takes the whole panel (the other fields hide); F8 again restores.
        (F6 and F7 are taken inside a TextArea: select line, select all.)"""
        if self.discussion is None:
            return
        larger = not self.has_class("-summary-large")
        self.set_class(larger, "-summary-large")
        summary = self.query_one("#case-summary", TextArea)
        summary.focus()
        if not larger:
            self.call_after_refresh(summary.scroll_visible)

    # --- case list: add, move, drop; actions -------------------------------------------

    def action_add_case(self) -> None:
        case_agenda.add_case(self)

    def move_case(self, step: int) -> None:
        case_agenda.move_case(self, step)

    def drop_case(self) -> None:
        case_agenda.drop_case(self)

    def action_add_action(self) -> None:
        """Add an action to the case in hand (a general one when there is no case)."""
        self.flush()
        self.actions.open_dialog(None)

    # --- command palette ---------------------------------------------------------------

    def palette_commands(self) -> Iterator[SystemCommand]:
        """The panel's commands for the meeting screen's palette (it adds Add action/case)."""
        return case_palette_commands(self)


def case_palette_commands(panel: CasePanel) -> Iterator[SystemCommand]:
    """The panel's commands for the meeting screen's palette (it adds Add action/case)."""
    if panel.discussion is None:
        return
    yield SystemCommand("Case: next", "Show the next case on this item", panel.action_next_case)
    yield SystemCommand(
        "Case: previous", "Show the previous case on this item", panel.action_previous_case
    )
    yield SystemCommand("Case: move up", "Discuss this case earlier", lambda: panel.move_case(-1))
    yield SystemCommand("Case: move down", "Discuss this case later", lambda: panel.move_case(1))
    yield SystemCommand(
        "Case: drop from agenda", "Take this case off this meeting", panel.drop_case
    )
    for entry in panel.entries:
        yield SystemCommand(
            f"Case: go to {entry.case.reference} {entry.case.title}",
            f"Risk {entry.discussion.risk or entry.case.risk}",
            lambda entry=entry: panel._show_case(entry),
        )
    for row in panel.case_actions:
        yield SystemCommand(
            f"Case: edit action {row.reference}",
            row.text,
            lambda row=row: panel.actions.open_dialog(row.id),
        )
