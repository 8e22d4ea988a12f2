"""The workspace for new referrals, case reviews and youth items: one case at a time.

The cases on the agenda item are listed on the left (on top when the screen is narrow); the
case in hand shows what the meeting says and decides about it: summary, decisions, risk,
outcome (with a reason when closing), interventions, parties and actions.

Every edit is saved as it is made: a choice (risk, outcome, an intervention) at once, typing
half a second after the last key, on leaving the field, and on leaving the panel (next item,
quit), each with a toast. Saves pass the version the chair was looking at, so a change made in
another window is never overwritten silently: the chair is asked to reload theirs or keep mine.

For the minute-taker: the summary shows a live word count, F8 gives it the whole panel (a
larger editor), and Ctrl+Z takes back the last edit of any field (TextArea's own undo; the
one-line fields are ``UndoInput``), saved like any other edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Select, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from spp_tui.dates import format_date
from spp_tui.panels.base import ItemPanel
from spp_tui.vocabulary import CaseOutcome, PartyRole
from spp_tui.widgets.undo_input import UndoInput, checkpoint_fields

if TYPE_CHECKING:
    from spp_tui.db.models import Case, CaseDiscussion
    from spp_tui.db.services.actions import ActionRow
    from spp_tui.db.services.cases import AgendaCase

#: Seconds after the last key before typing is saved.
SAVE_DELAY = 0.5

RISK_STYLES = {"high": "bold red", "medium": "bold dark_orange", "low": "bold green"}
RISK_OPTIONS = (("High (red)", "high"), ("Medium (amber)", "medium"), ("Low (green)", "low"))
OUTCOME_OPTIONS = tuple((o.value.capitalize(), o.value) for o in CaseOutcome)
PARTY_ROLES = tuple(r.value for r in PartyRole)

#: Field -> the words used in the toast ("Saved summary · PSG-2023-014").
FIELD_NAMES = {
    "summary": "summary",
    "decisions": "decisions",
    "risk": "risk",
    "outcome": "outcome",
    "outcome_reason": "reason",
    "interventions": "interventions",
}


def word_count(text: str) -> str:
    """``"1 word"``, ``"42 words"``: what the summary's length reads as beside it."""
    count = len(text.split())
    return f"{count} word{'s' if count != 1 else ''}"


def risk_text(risk: str | None) -> Text:
    """A coloured risk marker: the colour carries the meaning, the word makes it readable."""
    risk = risk or "medium"
    return Text(f"● {risk}", style=RISK_STYLES.get(risk, ""))


def split_interventions(stored: str) -> tuple[list[str], list[str]]:
    """Stored interventions (one per line) -> (from the vocabulary, free text)."""
    from spp_tui.db.services.cases import ALL_INTERVENTIONS

    lines = [line.strip() for line in stored.splitlines() if line.strip()]
    known = [line for line in lines if line in ALL_INTERVENTIONS]
    return known, [line for line in lines if line not in ALL_INTERVENTIONS]


def join_interventions(selected: list[str], free_text: str | list[str]) -> str:
    """Vocabulary picks in vocabulary order, then free text items (``;`` separates them)."""
    from spp_tui.db.services.cases import ALL_INTERVENTIONS

    chosen = [i for i in ALL_INTERVENTIONS if i in selected]
    if not isinstance(free_text, str):
        free_text = ";".join(free_text)
    extra = [part.strip() for part in free_text.replace("\n", ";").split(";") if part.strip()]
    return "\n".join(chosen + [e for e in extra if e not in chosen])


@dataclass
class PendingEdits:
    """Edits typed but not yet saved, per record, so nothing is lost between saves."""

    discussion: dict[str, Any] = field(default_factory=dict)
    case: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.discussion or self.case)


class CaseList(OptionList):
    """The cases on this agenda item, in agenda order; the highlighted one is in hand."""

    BINDINGS = [
        Binding("shift+up", "move_case(-1)", "Move up", id="case.move_up"),
        Binding("shift+down", "move_case(1)", "Move down", id="case.move_down"),
        Binding("delete", "drop_case", "Drop case", id="case.drop"),
        Binding("a", "add_action", "Add action", show=False, id="case.list_add_action"),
        Binding("u", "add_case", "Urgent case", show=False, id="case.list_add_case"),
    ]

    @property
    def panel(self) -> CasePanel:
        return self.query_ancestor(CasePanel)

    def action_move_case(self, step: int) -> None:
        self.panel.move_case(step)

    def action_drop_case(self) -> None:
        self.panel.drop_case()

    def action_add_action(self) -> None:
        self.panel.action_add_action()

    def action_add_case(self) -> None:
        self.panel.action_add_case()


class PartyList(OptionList):
    """Residents, victims, suspects, young people named in the case (redacted in wide copies)."""

    BINDINGS = [Binding("delete", "remove_party", "Remove party", id="case.remove_party")]

    def action_remove_party(self) -> None:
        self.query_ancestor(CasePanel).remove_party()


class CaseActionList(OptionList):
    """The case's actions; Enter edits the highlighted one."""

    BINDINGS = [Binding("enter", "select", "Edit action", id="case.edit_action")]


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
        self.discussion: CaseDiscussion | None = None
        self.case: Case | None = None
        self.case_actions: list[ActionRow] = []
        self.pending = PendingEdits()
        self.party_rows: list[Any] = []
        #: The typing fields, kept by reference so they can be read even while unmounting.
        self._typed: dict[str, Any] = {}
        self._form_filled_for: int | None = None
        self._save_timer: Timer | None = None
        self._asking = False
        self._closing = False

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from spp_tui.db.services.cases import INTERVENTIONS

        with Horizontal(id="case-layout"):
            with Vertical(id="case-nav"):
                yield Static("Cases", id="case-count", markup=False)
                yield CaseList(id="case-list")
            with VerticalScroll(id="case-form"):
                yield Static("", id="case-header")
                with Horizontal(classes="case-row"):
                    yield Label("Risk", classes="case-label")
                    yield Select(
                        RISK_OPTIONS,
                        allow_blank=False,
                        value="medium",
                        id="case-risk",
                        compact=True,
                    )
                    yield Label("Outcome", classes="case-label")
                    yield Select(
                        OUTCOME_OPTIONS, prompt="undecided", id="case-outcome", compact=True
                    )
                yield UndoInput(
                    placeholder="Reason for closing (needed to close the case)",
                    id="case-outcome-reason",
                )
                yield Static("", id="case-error", markup=False)
                with Horizontal(classes="case-row -summary-part"):
                    yield Label("Summary of discussion (F8 larger)", classes="case-section")
                    yield Static("0 words", id="case-summary-words", classes="case-section")
                yield TextArea(
                    id="case-summary", soft_wrap=True, tab_behavior="focus", classes="-summary-part"
                )
                yield Label("Decisions", classes="case-section")
                yield TextArea(id="case-decisions", soft_wrap=True, tab_behavior="focus")
                yield Label("Interventions (Space ticks)", classes="case-section")
                yield SelectionList[str](
                    *(
                        (f"{name} ({group.lower()})", name)
                        for group, names in INTERVENTIONS.items()
                        for name in names
                    ),
                    id="case-interventions",
                )
                yield UndoInput(
                    placeholder="Other interventions, separated by ;", id="case-interventions-other"
                )
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
                yield Label("Actions (F2 adds, Enter edits)", classes="case-section")
                yield CaseActionList(id="case-actions")
            yield Static(
                "No cases on this item yet. F4 adds an urgent case on the day.",
                id="case-empty",
            )

    # --- loading -----------------------------------------------------------------------

    def load(self) -> None:
        """(Re)read this item's cases and show the one in hand (the first at the start)."""
        from spp_tui.db.services import cases

        keep = self.discussion.id if self.discussion else None
        old_index = self.query_one(CaseList).highlighted or 0
        self.entries = [
            entry
            for entry in cases.meeting_cases(self.db, self.meeting_id)
            if entry.discussion.agenda_item_id == self.item.id
        ]
        self.entries.sort(key=lambda e: (e.discussion.position, e.discussion.id))
        self._show_list()
        chosen = next((e for e in self.entries if e.discussion.id == keep), None)
        if chosen is None and self.entries:  # dropped: the case that took its place
            chosen = self.entries[min(old_index, len(self.entries) - 1)]
        self._show_case(chosen)

    def _show_list(self) -> None:
        case_list = self.query_one(CaseList)
        highlighted = case_list.highlighted
        case_list.set_options(
            Option(
                Text.assemble(
                    ("● ", RISK_STYLES.get(e.discussion.risk or e.case.risk, "")),
                    (e.case.reference, "bold"),
                    " ",
                    e.case.title,
                    (" ✓" if e.discussion.outcome else "", "green"),
                ),
                id=str(e.discussion.id),
            )
            for e in self.entries
        )
        if self.entries:
            case_list.highlighted = min(highlighted or 0, len(self.entries) - 1)
        count = len(self.entries)
        decided = sum(1 for e in self.entries if e.discussion.outcome)
        self.query_one("#case-count", Static).update(
            f"{count} case{'s' if count != 1 else ''}, {decided} decided"
        )
        self.query_one("#case-form").display = bool(self.entries)
        self.query_one("#case-empty").display = not self.entries

    def _show_case(self, entry: AgendaCase | None) -> None:
        """Fill the form with ``entry`` (what was saved; any pending edit is saved first)."""
        self.flush()
        if entry is None:
            self.discussion = self.case = None
            return
        self.discussion, self.case = entry.discussion, entry.case
        index = self.entries.index(entry)
        case_list = self.query_one(CaseList)
        if case_list.highlighted != index:
            case_list.highlighted = index
        self._fill_form()

    def _fill_form(self) -> None:
        from spp_tui.db.services import cases

        assert self.discussion is not None and self.case is not None
        discussion, case = self.discussion, self.case
        self._form_filled_for = None
        self._typed = {
            "summary": self.query_one("#case-summary", TextArea),
            "decisions": self.query_one("#case-decisions", TextArea),
            "outcome_reason": self.query_one("#case-outcome-reason", Input),
            "interventions": self.query_one("#case-interventions", SelectionList),
            "interventions_other": self.query_one("#case-interventions-other", Input),
        }
        self.query_one("#case-header", Static).update(self._header(case))
        risk = self.query_one("#case-risk", Select)
        risk.value = discussion.risk or case.risk
        self._colour_risk(str(risk.value))
        outcome = self.query_one("#case-outcome", Select)
        outcome.value = discussion.outcome if discussion.outcome else Select.NULL
        reason = self.query_one("#case-outcome-reason", Input)
        reason.value = discussion.outcome_reason
        reason.display = discussion.outcome == "close" or bool(discussion.outcome_reason)
        self._say("")
        self._set_text("#case-summary", discussion.summary)
        self._count_words(discussion.summary)
        self._set_text("#case-decisions", discussion.decisions)
        known, free = split_interventions(case.interventions)
        selection = self.query_one("#case-interventions", SelectionList)
        selection.deselect_all()
        for name in known:
            selection.select(name)
        self.query_one("#case-interventions-other", Input).value = "; ".join(free)
        self._show_parties(cases.parties(self.db, [case.id]))
        self._show_actions()
        checkpoint_fields(self)
        self._form_filled_for = discussion.id

    def _header(self, case: Case) -> Text:
        place = ", ".join(part for part in (case.location, case.ward) if part)
        header = Text.assemble(
            (f"{case.reference} ", "bold"),
            (case.title, "bold"),
            "\n",
            f"{place} · " if place else "",
            f"{case.category} · {case.status}",
            f" · Op {case.operation}" if case.operation else "",
        )
        return header

    def _set_text(self, selector: str, text: str) -> None:
        area = self.query_one(selector, TextArea)
        if area.text != text:
            area.load_text(text)

    def _colour_risk(self, risk: str) -> None:
        select = self.query_one("#case-risk", Select)
        for level in RISK_STYLES:
            select.set_class(level == risk, f"-risk-{level}")

    def _show_parties(self, parties: list[Any]) -> None:
        self.party_rows = parties
        self.query_one(PartyList).set_options(
            Option(Text(f"{p.name} ({p.role})"), id=str(p.id)) for p in parties
        )
        self.query_one(PartyList).display = bool(parties)

    def _show_actions(self) -> None:
        from spp_tui.db.services.actions import ActionFilter, list_actions

        assert self.case is not None
        self.case_actions = list_actions(self.db, ActionFilter(case_id=self.case.id))
        actions_list = self.query_one(CaseActionList)
        actions_list.set_options(
            Option(
                Text.assemble(
                    (row.reference, "bold"),
                    f" {row.text} · ",
                    row.owner_name or ("no owner", "red"),
                    " · due ",
                    format_date(row.due_on) if row.due_on else ("no date", "red"),
                    f" · {row.status}",
                ),
                id=str(row.id),
            )
            for row in self.case_actions
        )
        actions_list.display = bool(self.case_actions)

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
        entry = self._entry(event.option.id)
        if entry is not None and (
            self.discussion is None or entry.discussion.id != self.discussion.id
        ):
            self._show_case(entry)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "case-list":
            self.query_one("#case-summary", TextArea).focus()
        elif event.option_list.id == "case-actions" and event.option.id is not None:
            self._open_action_dialog(int(event.option.id))

    def _entry(self, discussion_id: str | None) -> AgendaCase | None:
        return next((e for e in self.entries if str(e.discussion.id) == discussion_id), None)

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

    # --- edits: remember, then save ----------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.discussion is None:
            return
        name = {"case-summary": "summary", "case-decisions": "decisions"}.get(
            event.text_area.id or ""
        )
        if name == "summary":
            self._count_words(event.text_area.text)
        if name is not None:
            self._remember("discussion", name, event.text_area.text)

    def _count_words(self, text: str) -> None:
        self.query_one("#case-summary-words", Static).update(word_count(text))

    def on_undo_input_undone(self, event: UndoInput.Undone) -> None:
        """Ctrl+Z in a one-line field: the restored text is saved at once."""
        event.stop()
        self.flush()

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

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.discussion is None or self.case is None:
            return
        if event.input.id == "case-outcome-reason":
            event.stop()
            self._remember("discussion", "outcome_reason", event.input.value)
        elif event.input.id == "case-interventions-other":
            event.stop()
            self._remember("case", "interventions", self._interventions())

    def on_select_changed(self, event: Select.Changed) -> None:
        """A choice is saved at once. The widget's value is read now rather than the event's:
        the event may predate the form being filled with another case (or the initial load)."""
        if self.discussion is None or self.case is None:
            return
        if event.select.id == "case-risk":
            event.stop()
            risk = event.select.value  # now, not when posted: a stale event must not save
            self._colour_risk(str(risk))
            if risk != (self.discussion.risk or self.case.risk):
                self._remember("discussion", "risk", risk, save_now=True)
        elif event.select.id == "case-outcome":
            event.stop()
            current = event.select.value
            outcome = None if current is Select.NULL else current
            reason = self.query_one("#case-outcome-reason", Input)
            reason.display = outcome == "close" or bool(reason.value)
            if outcome != self.discussion.outcome:
                self._remember("discussion", "outcome", outcome, save_now=True)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        if self.case is not None:
            self._remember("case", "interventions", self._interventions(), save_now=True)

    def _interventions(self) -> str:
        selected = self.query_one("#case-interventions", SelectionList).selected
        other = self.query_one("#case-interventions-other", Input).value
        return join_interventions(list(selected), other)

    def _remember(self, record: str, name: str, value: Any, save_now: bool = False) -> None:
        """Note an edit; save it now (choices) or after a pause in typing."""
        saved = getattr(self.discussion if record == "discussion" else self.case, name)
        if name == "interventions":
            saved = join_interventions(*split_interventions(saved))
        edits = self.pending.discussion if record == "discussion" else self.pending.case
        if value == saved and name not in edits:
            return
        edits[name] = value
        if save_now:
            self.flush()
        else:
            self._restart_timer()

    def _restart_timer(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.flush, name="case-autosave")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.flush()

    def on_unmount(self) -> None:
        self._closing = True
        self.flush()

    def flush(self) -> None:
        """Save every pending edit now (one short transaction per record)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._collect_typing()
        if not self.pending or self.discussion is None or self.case is None or self._asking:
            return
        if self.pending.case:
            self._save_case(dict(self.pending.case), self.case.version)
        if self.pending.discussion:
            self._save_discussion(dict(self.pending.discussion), self.discussion.version)

    def _collect_typing(self) -> None:
        """Read the typing fields themselves: their Changed messages may still be queued when
        the chair switches case or leaves the item a keystroke after typing (fast typists,
        pastes), and the last characters must not be lost with them."""
        if self.discussion is None or self.case is None or self._asking:
            return
        if not self._typed or self._form_filled_for != self.discussion.id:
            return
        for name in ("summary", "decisions", "outcome_reason"):
            widget = self._typed[name]
            value = widget.text if isinstance(widget, TextArea) else widget.value
            if value != getattr(self.discussion, name) or name in self.pending.discussion:
                self.pending.discussion[name] = value
        interventions = join_interventions(
            list(self._typed["interventions"].selected), self._typed["interventions_other"].value
        )
        saved = join_interventions(*split_interventions(self.case.interventions))
        if interventions != saved or "interventions" in self.pending.case:
            self.pending.case["interventions"] = interventions

    def _save_case(self, changes: dict[str, Any], version: int | None) -> None:
        from spp_tui.db.services import cases
        from spp_tui.errors import StaleEditError, UserError

        assert self.case is not None
        case_id, reference = self.case.id, self.case.reference
        try:
            saved = cases.update_case(self.db, case_id, expected_version=version, **changes)
        except StaleEditError:
            self._ask_stale(f"Case {reference}", "case", changes)
            return
        except UserError as exc:
            self._say(str(exc))
            return
        self._drop_pending(self.pending.case, changes)
        if self.case is not None and self.case.id == case_id:
            self.case = saved
            self._replace_entry(case=saved)
        self._toast(changes, reference)

    def _save_discussion(self, changes: dict[str, Any], version: int | None) -> None:
        from spp_tui.db.services import cases
        from spp_tui.errors import LockedError, StaleEditError, UserError, ValidationError

        assert self.discussion is not None and self.case is not None
        discussion_id, case_id, reference = self.discussion.id, self.case.id, self.case.reference
        try:
            saved = cases.update_discussion(
                self.db, discussion_id, expected_version=version, **changes
            )
        except StaleEditError:
            self._ask_stale(f"What was said about {reference}", "discussion", changes)
            return
        except LockedError as exc:
            # Approved minutes: retrying every keystroke would only repeat the refusal.
            self._drop_pending(self.pending.discussion, changes)
            self._say(str(exc))
            return
        except ValidationError as exc:
            # Closing without a reason: keep the choice pending, ask for the reason.
            self._say(str(exc))
            if "reason" in str(exc) and not self._closing:
                reason = self.query_one("#case-outcome-reason", Input)
                reason.display = True
                reason.focus()
            return
        except UserError as exc:  # busy database...: kept pending, tried again on the next save
            self._say(str(exc))
            return
        self._drop_pending(self.pending.discussion, changes)
        self._say("")
        if self._closing:
            self._toast(changes, reference)
            return
        if self.discussion is not None and self.discussion.id == discussion_id:
            self.discussion = saved
            # Risk and outcome move the case itself on (status, risk, closure).
            self.case = cases.get_case(self.db, case_id)
            self._replace_entry(discussion=saved, case=self.case)
            if {"risk", "outcome"} & changes.keys():
                self._show_list()
                self.query_one("#case-header", Static).update(self._header(self.case))
        self._toast(changes, reference)

    @staticmethod
    def _drop_pending(edits: dict[str, Any], saved: dict[str, Any]) -> None:
        """Forget the edits just saved, unless the chair typed more in the meantime."""
        for name, value in saved.items():
            if edits.get(name) == value:
                edits.pop(name)

    def _replace_entry(self, discussion: Any = None, case: Any = None) -> None:
        from spp_tui.db.services.cases import AgendaCase

        target = self.discussion.id if self.discussion else None
        for index, entry in enumerate(self.entries):
            if entry.discussion.id == target:
                self.entries[index] = AgendaCase(discussion or entry.discussion, case or entry.case)

    def _run(self, service: Any, *args: Any) -> bool:
        """Call a service; a refusal (locked minutes, busy file...) is one line, not a crash."""
        from spp_tui.errors import UserError

        try:
            service(self.db, *args)
        except UserError as exc:
            self.app.notify(str(exc), severity="error", timeout=6, markup=False)
            return False
        return True

    def _toast(self, changes: dict[str, Any], reference: str) -> None:
        names = ", ".join(FIELD_NAMES.get(name, name) for name in changes)
        self.app.notify(f"Saved {names} · {reference}", timeout=2, markup=False)

    def _say(self, message: str) -> None:
        if self._closing:
            if message:
                self.app.notify(
                    f"Not saved: {message}", severity="warning", timeout=8, markup=False
                )
            return
        line = self.query_one("#case-error", Static)
        line.update(message)
        line.display = bool(message)

    def _ask_stale(self, what: str, record: str, changes: dict[str, Any]) -> None:
        """Another window saved first: the chair decides, nothing is overwritten silently."""
        from spp_tui.dialogs.choice import stale_edit_question

        self._asking = True

        def decide(answer: str | None) -> None:
            self._asking = False
            if answer == "k":
                if record == "case":
                    self._save_case(changes, None)
                else:
                    self._save_discussion(changes, None)
            else:
                self.pending = PendingEdits()
                if not self._closing:  # still on screen (a panel never remounts)
                    self.load()
                    self.app.notify("Reloaded what was saved in the other window.", markup=False)

        self.app.push_screen(stale_edit_question(what), decide)

    # --- case list: add, move, drop ----------------------------------------------------

    def action_add_case(self) -> None:
        from spp_tui.db.services.meetings import get_meeting
        from spp_tui.dialogs.urgent_case import UrgentCaseDialog

        self.flush()
        meeting = get_meeting(self.db, self.meeting_id)

        def added(case_id: int | None) -> None:
            if case_id is None:
                return
            self.load()
            entry = next((e for e in self.entries if e.case.id == case_id), None)
            if entry is not None:
                self._show_case(entry)
                self.query_one("#case-summary", TextArea).focus()

        self.app.push_screen(UrgentCaseDialog(self.meeting_id, self.item.id, meeting.date), added)

    def move_case(self, step: int) -> None:
        from spp_tui.db.services import cases

        if self.discussion is None or not self._run(cases.move_case, self.discussion.id, step):
            return
        self.load()
        self.app.notify("Agenda order saved.", timeout=2, markup=False)

    def drop_case(self) -> None:
        from spp_tui.dialogs.common import ConfirmDialog

        if self.discussion is None or self.case is None:
            return
        self.flush()
        discussion_id, reference = self.discussion.id, self.case.reference

        def answered(confirmed: bool | None) -> None:
            from spp_tui.db.services import cases

            if not confirmed or not self._run(cases.remove_case_from_meeting, discussion_id):
                return
            self.discussion = self.case = None
            self.pending = PendingEdits()
            self.load()
            self.app.notify(
                f"{reference} dropped from this meeting's agenda.", timeout=3, markup=False
            )

        self.app.push_screen(
            ConfirmDialog(
                f"Drop {reference} from this meeting's agenda? What was noted about it here "
                "is deleted; the case itself is kept.",
                confirm_label="Drop",
            ),
            answered,
        )

    # --- parties -----------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "case-party-name":
            if event.input.id and event.input.id.startswith("case-"):
                event.stop()
                self.flush()
            return
        event.stop()
        self.add_party(event.value)

    def add_party(self, name: str) -> None:
        from spp_tui.db.services import cases
        from spp_tui.errors import UserError

        if self.case is None:
            return
        role = str(self.query_one("#case-party-role", Select).value)
        try:
            party = cases.add_party(self.db, self.case.id, name, role)
        except UserError as exc:
            self._say(str(exc))
            return
        self.query_one("#case-party-name", Input).value = ""
        self._show_parties(cases.parties(self.db, [self.case.id]))
        self.app.notify(
            f"Party {party.name} ({party.role}) added · {self.case.reference}", markup=False
        )

    def remove_party(self) -> None:
        from spp_tui.dialogs.common import ConfirmDialog

        party_list = self.query_one(PartyList)
        option = party_list.highlighted_option
        if option is None or option.id is None or self.case is None:
            return
        party_id, case_id = int(option.id), self.case.id
        label = next((f"{p.name} ({p.role})" for p in self.party_rows if p.id == party_id), "")

        def answered(confirmed: bool | None) -> None:
            from spp_tui.db.services import cases

            if not confirmed or not self._run(cases.remove_party, party_id):
                return
            if self.case is not None and self.case.id == case_id:
                self._show_parties(cases.parties(self.db, [case_id]))
            self.app.notify(f"Party {label} removed.", timeout=3, markup=False)

        self.app.push_screen(ConfirmDialog(f"Remove {label} from this case?"), answered)

    # --- actions -----------------------------------------------------------------------

    def action_add_action(self) -> None:
        """Add an action to the case in hand (a general one when there is no case)."""
        self.flush()
        self._open_action_dialog(None)

    def _open_action_dialog(self, action_id: int | None) -> None:
        from spp_tui.dialogs.action import ActionDialog

        def done(saved_id: int | None) -> None:
            if saved_id is not None and self.case is not None and not self._closing:
                self._show_actions()

        self.app.push_screen(
            ActionDialog(
                meeting_id=self.meeting_id,
                case_id=self.case.id if self.case else None,
                action_id=action_id,
            ),
            done,
        )

    # --- command palette ---------------------------------------------------------------

    def palette_commands(self) -> Iterator[SystemCommand]:
        """The panel's commands for the meeting screen's palette (it adds Add action/case)."""
        if self.discussion is None:
            return
        yield SystemCommand("Case: next", "Show the next case on this item", self.action_next_case)
        yield SystemCommand(
            "Case: previous", "Show the previous case on this item", self.action_previous_case
        )
        yield SystemCommand(
            "Case: move up", "Discuss this case earlier", lambda: self.move_case(-1)
        )
        yield SystemCommand("Case: move down", "Discuss this case later", lambda: self.move_case(1))
        yield SystemCommand(
            "Case: drop from agenda", "Take this case off this meeting", self.drop_case
        )
        for entry in self.entries:
            yield SystemCommand(
                f"Case: go to {entry.case.reference} {entry.case.title}",
                f"Risk {entry.discussion.risk or entry.case.risk}",
                lambda entry=entry: self._show_case(entry),
            )
        for row in self.case_actions:
            yield SystemCommand(
                f"Case: edit action {row.reference}",
                row.text,
                lambda row=row: self._open_action_dialog(row.id),
            )
