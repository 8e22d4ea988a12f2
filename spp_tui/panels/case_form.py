"""What the meeting says and decides about the case in hand: risk, outcome (with a reason when
closing), summary, decisions and interventions, each saved as it is made (``AutosaveForm``).

Saves pass the version the chair was looking at, so a change made in another window is never
overwritten silently: the chair is asked to reload theirs or keep mine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, SelectionList, Static

from spp_tui.db.models import stored_id
from spp_tui.db.services.cases import join_interventions, split_interventions
from spp_tui.dialogs.door import ServiceDoor
from spp_tui.vocabulary import CaseOutcome, Risk
from spp_tui.widgets.autosave import AutosaveForm
from spp_tui.widgets.fields import Input, TextArea
from spp_tui.widgets.lists import Select
from spp_tui.widgets.operation_input import OperationInput
from spp_tui.widgets.rag import MARK_STYLES, risk_mark
from spp_tui.widgets.tick_list import TickList
from spp_tui.widgets.undo_input import UndoInput, checkpoint_fields

if TYPE_CHECKING:
    from spp_tui.db.edit_journal import QueuedEdit
    from spp_tui.db.models import Case, CaseDiscussion
    from spp_tui.errors import UserError

#: The case panel's risk colours are the screens' one palette (``widgets.rag``).
RISK_STYLES = MARK_STYLES
RISK_OPTIONS = (
    ("High (red)", Risk.HIGH),
    ("Medium (amber)", Risk.MEDIUM),
    ("Low (green)", Risk.LOW),
)
OUTCOME_OPTIONS = tuple((o.value.capitalize(), o.value) for o in CaseOutcome)

#: Field -> the words used in the toast ("Saved summary · PSG-2023-014").
FIELD_NAMES = {
    "summary": "summary",
    "decisions": "decisions",
    "risk": "risk",
    "outcome": "outcome",
    "outcome_reason": "reason",
    "interventions": "interventions",
    "operation": "operation",
}


def word_count(text: str) -> str:
    """``"1 word"``, ``"42 words"``: what the summary's length reads as beside it."""
    count = len(text.split())
    return f"{count} word{'s' if count != 1 else ''}"


risk_text = risk_mark


def case_header(case: Case) -> Text:
    place = ", ".join(part for part in (case.location, case.ward) if part)
    return Text.assemble(
        (f"{case.reference} ", "bold"),
        (case.title, "bold"),
        "\n",
        f"{place} · " if place else "",
        f"{case.category} · {case.status}",
        f" · Op {case.operation}" if case.operation else "",
    )


class CaseForm(ServiceDoor, AutosaveForm, Vertical):  # type: ignore[misc]  # ServiceDoor types app
    """The case in hand's fields; the panel chooses the case (``show``) and hears ``Saved``."""

    RECORDS = ("case", "discussion")

    class Saved(Message):
        """A save moved the case on (risk, outcome, status): the panel's list follows."""

        def __init__(self, discussion: CaseDiscussion, case: Case, moved: bool) -> None:
            super().__init__()
            self.discussion, self.case, self.moved = discussion, case, moved

    class ReloadWanted(Message):
        """The chair chose "reload theirs": the panel reads the item again."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.discussion: CaseDiscussion | None = None
        self.case: Case | None = None
        #: The typing fields, kept by reference so they can be read even while unmounting.
        self._typed: dict[str, Any] = {}
        self._filled_for: int | None = None
        #: The operation field completes from the names known when the form first filled.
        self._offered = False
        #: Records with edits waiting in the app's queue (the objects the panel lists too).
        self._kept: dict[tuple[str, int], Any] = {}

    def compose(self) -> ComposeResult:
        from spp_tui.db.services.cases import INTERVENTIONS

        yield Static("", id="case-header")
        with Horizontal(classes="case-row"):
            yield Label("Risk", classes="case-label")
            # No default shown as chosen: "not set" until the chair picks (screen = store).
            yield Select(RISK_OPTIONS, prompt="not set", id="case-risk", compact=True)
            yield Label("Outcome", classes="case-label")
            yield Select(OUTCOME_OPTIONS, prompt="undecided", id="case-outcome", compact=True)
        yield UndoInput(
            placeholder="Reason for closing (needed to close the case)", id="case-outcome-reason"
        )
        with Horizontal(classes="case-row"):
            yield Label("Operation", classes="case-label")
            yield OperationInput(id="case-operation", compact=True)
        yield Static("", id="case-error", markup=False)
        with Horizontal(classes="case-row -summary-part"):
            yield Label("Summary of discussion (F8 larger)", classes="case-section")
            yield Static("0 words", id="case-summary-words", classes="case-section")
        yield TextArea(
            id="case-summary", soft_wrap=True, tab_behavior="focus", classes="-summary-part"
        )
        yield Label("Decisions", classes="case-section")
        yield TextArea(id="case-decisions", soft_wrap=True, tab_behavior="focus")
        yield Label("Interventions (type to find, Space ticks)", classes="case-section")
        yield TickList(
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

    # --- filling ------------------------------------------------------------------------

    def show(self, discussion: CaseDiscussion | None, case: Case | None) -> None:
        """Fill the form with what was saved (any pending edit is saved first)."""
        self.flush()
        self.discussion, self.case = discussion, case
        if discussion is None or case is None:
            return
        self._filled_for = None
        self._typed = {
            "summary": self.query_one("#case-summary", TextArea),
            "decisions": self.query_one("#case-decisions", TextArea),
            "outcome_reason": self.query_one("#case-outcome-reason", Input),
            "interventions": self.query_one("#case-interventions", SelectionList),
            "interventions_other": self.query_one("#case-interventions-other", Input),
            "operation": self.query_one("#case-operation", OperationInput),
        }
        if not self._offered:
            from spp_tui.db.services.cases import operation_names

            self._typed["operation"].offer(operation_names(self.db))
            self._offered = True
        self._typed["operation"].value = case.operation
        self.query_one("#case-header", Static).update(case_header(case))
        risk = self.query_one("#case-risk", Select)
        risk.value = discussion.risk or Select.NULL  # this meeting's risk, as the minutes print
        self._colour_risk(str(risk.value))
        outcome = self.query_one("#case-outcome", Select)
        outcome.value = discussion.outcome if discussion.outcome else Select.NULL
        reason = self._typed["outcome_reason"]
        reason.value = discussion.outcome_reason
        reason.display = discussion.outcome == CaseOutcome.CLOSE or bool(discussion.outcome_reason)
        self.say("")
        self._set_text("#case-summary", discussion.summary)
        self._count_words(discussion.summary)
        self._set_text("#case-decisions", discussion.decisions)
        known, free = split_interventions(case.interventions)
        selection = self._typed["interventions"]
        selection.deselect_all()
        for name in known:
            selection.select(name)
        self._typed["interventions_other"].value = "; ".join(free)
        checkpoint_fields(self)
        self._filled_for = discussion.id

    def _set_text(self, selector: str, text: str) -> None:
        area = self.query_one(selector, TextArea)
        if area.text != text:
            area.load_text(text)

    def _colour_risk(self, risk: str) -> None:
        select = self.query_one("#case-risk", Select)
        for level in RISK_STYLES:
            select.set_class(level == risk, f"-risk-{level}")

    def _count_words(self, text: str) -> None:
        self.query_one("#case-summary-words", Static).update(word_count(text))

    def say(self, message: str) -> None:
        """The form's one line for a refusal (a toast once the form is leaving)."""
        if self.closing:
            if message:
                self.app.notify(
                    f"Not saved: {message}", severity="warning", timeout=8, markup=False
                )
            return
        line = self.query_one("#case-error", Static)
        line.update(message)
        line.display = bool(message)

    # --- edits --------------------------------------------------------------------------

    def can_save(self) -> bool:
        return self.discussion is not None and self.case is not None

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
            saved = getattr(self.discussion, name)
            self.remember("discussion", name, event.text_area.text, saved)

    def on_undo_input_undone(self, event: UndoInput.Undone) -> None:
        """Ctrl+Z in a one-line field: the restored text is saved at once."""
        event.stop()
        self.flush()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.flush()
        if event.input.id == "case-operation" and self.case is not None:
            self.remember("case", "operation", event.value, self.case.operation, now=True)
            event.input.value = self.case.operation  # as stored: "electron" reads "Electron"

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.discussion is None or self.case is None:
            return
        if event.input.id == "case-outcome-reason":
            event.stop()
            saved = self.discussion.outcome_reason
            self.remember("discussion", "outcome_reason", event.input.value, saved)
        elif event.input.id == "case-interventions-other":
            event.stop()
            self._remember_interventions(now=False)
        elif event.input.id == "case-operation":
            event.stop()  # saved on Enter or leaving the field, never a half-typed name

    def on_select_changed(self, event: Select.Changed) -> None:
        """A choice is saved at once. The widget's value is read now rather than the event's:
        the event may predate the form being filled with another case (or the initial load)."""
        if self.discussion is None or self.case is None:
            return
        if event.select.id == "case-risk":
            event.stop()
            risk = event.select.value  # now, not when posted: a stale event must not save
            self._colour_risk(str(risk))
            saved = self.discussion.risk
            if risk is not Select.NULL and risk != saved:
                self.remember("discussion", "risk", risk, saved, now=True)
        elif event.select.id == "case-outcome":
            event.stop()
            current = event.select.value
            outcome = None if current is Select.NULL else current
            reason = self.query_one("#case-outcome-reason", Input)
            reason.display = outcome == CaseOutcome.CLOSE or bool(reason.value)
            if outcome != self.discussion.outcome:
                self.remember("discussion", "outcome", outcome, self.discussion.outcome, now=True)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        if self.case is not None:
            self._remember_interventions(now=True)

    def _interventions(self) -> str:
        return join_interventions(
            list(self._typed["interventions"].selected), self._typed["interventions_other"].value
        )

    def _remember_interventions(self, *, now: bool) -> None:
        assert self.case is not None
        saved = join_interventions(*split_interventions(self.case.interventions))
        self.remember("case", "interventions", self._interventions(), saved, now=now)

    def collect_typing(self) -> None:
        """Read the typing fields themselves: their Changed messages may still be queued when
        the chair switches case or leaves the item a keystroke after typing (fast typists,
        pastes), and the last characters must not be lost with them."""
        if self.discussion is None or self.case is None:
            return
        if not self._typed or self._filled_for != self.discussion.id:
            return
        pending = self.pending["discussion"]
        for name in ("summary", "decisions", "outcome_reason"):
            widget = self._typed[name]
            value = widget.text if isinstance(widget, TextArea) else widget.value
            if value != getattr(self.discussion, name) or name in pending:
                pending[name] = value
        field = self._typed["operation"]
        # Half a name being typed is not saved by another field's save, only on Enter,
        # on leaving the field or the form.
        if field.value != self.case.operation and (self.closing or not field.has_focus):
            self.pending["case"]["operation"] = field.value
        interventions = self._interventions()
        saved = join_interventions(*split_interventions(self.case.interventions))
        if interventions != saved or "interventions" in self.pending["case"]:
            self.pending["case"]["interventions"] = interventions

    # --- saving -------------------------------------------------------------------------

    def write(self, record: str, changes: dict[str, Any], *, force: bool) -> None:
        if record == "case":
            self._save_case(changes, force)
        else:
            self._save_discussion(changes, force)

    def record_key(self, record: str) -> tuple[str, int | None]:
        shown = self.case if record == "case" else self.discussion
        return (record, shown.id if shown is not None else None)

    def _save_case(self, changes: dict[str, Any], force: bool) -> None:
        from spp_tui.db.services import cases

        assert self.case is not None
        case_id, reference = stored_id(self.case), self.case.reference

        def done(saved: Case) -> None:
            self.saved("case", changes)
            if self.case is not None and self.case.id == case_id and self.discussion is not None:
                self.case = saved
                if "operation" in changes:
                    self._show_operation(saved)
                self.post_message(self.Saved(self.discussion, saved, moved=False))
            self._toast(changes, reference)

        self.save_record(
            "case",
            changes,
            None if force else self.case.version,
            lambda db, version: cases.update_case(db, case_id, expected_version=version, **changes),
            next_token=lambda saved: saved.version,
            done=done,
            stale=lambda: self.stale("case", changes, self._question(f"Case {reference}")),
            on_error=self._refused("case", changes),
        )

    def _save_discussion(self, changes: dict[str, Any], force: bool) -> None:
        from spp_tui.db.services import cases

        assert self.discussion is not None and self.case is not None
        discussion_id, reference = stored_id(self.discussion), self.case.reference
        what = f"What was said about {reference}"

        def done(saved: Any) -> None:
            self.saved("discussion", changes)
            self.say("")
            if self.closing:
                self._toast(changes, reference)
                return
            if self.discussion is not None and self.discussion.id == discussion_id:
                self.discussion, self.case = saved.discussion, saved.case
                moved = bool({"risk", "outcome"} & changes.keys())
                if moved:
                    self.query_one("#case-header", Static).update(case_header(saved.case))
                self.post_message(self.Saved(saved.discussion, saved.case, moved=moved))
            self._toast(changes, reference)

        self.save_record(
            "discussion",
            changes,
            None if force else self.discussion.version,
            lambda db, version: cases.save_discussion(  # the case as it now stands comes too
                db, discussion_id, expected_version=version, **changes
            ),
            next_token=lambda saved: saved.discussion.version,
            done=done,
            stale=lambda: self.stale("discussion", changes, self._question(what)),
            on_error=self._refused("discussion", changes),
        )

    def _show_operation(self, case: Case) -> None:
        """The header and (unless the chair is still typing in it) the field show the
        operation as stored."""
        self.query_one("#case-header", Static).update(case_header(case))
        field = self.query_one("#case-operation", OperationInput)
        if not field.has_focus and field.value != case.operation:
            field.value = case.operation

    def _refused(self, record: str, changes: dict[str, Any]) -> Callable[[UserError], None]:
        """A refusal in the form's line. Approved minutes (locked) drop the edit: retrying
        every keystroke would only repeat it. Closing without a reason keeps the choice and
        asks for the reason; anything else (a busy file...) is tried again on the next save."""
        from spp_tui.errors import LockedError, ValidationError

        def refused(exc: UserError) -> None:
            if isinstance(exc, LockedError):
                self.saved(record, changes)
            self.say(str(exc))
            if (
                isinstance(exc, ValidationError)
                and not isinstance(exc, LockedError)
                and "reason" in str(exc)
                and not self.closing
            ):
                reason = self.query_one("#case-outcome-reason", Input)
                reason.display = True
                reason.focus()

        return refused

    @staticmethod
    def _question(what: str) -> str:
        return f"{what} was changed in another window since you opened it."

    def _toast(self, changes: dict[str, Any], reference: str) -> None:
        names = ", ".join(FIELD_NAMES.get(name, name) for name in changes)
        self.app.notify(f"Saved {names} · {reference}", timeout=2, markup=False)

    def reload(self) -> None:
        self.post_message(self.ReloadWanted())
        self.app.notify("Reloaded what was saved in the other window.", markup=False)

    # --- while the server is unreachable (``spp_tui.dialogs.outage``) --------------------

    def queued_edit(self, record: str, changes: dict[str, Any]) -> QueuedEdit | None:
        from spp_tui.db.edit_journal import QueuedEdit

        if self.discussion is None or self.case is None:
            return None
        shown = self.case if record == "case" else self.discussion
        kind = "case" if record == "case" else "discussion"
        return QueuedEdit(kind, stored_id(shown), dict(changes), shown.version, self.case.reference)

    def keep_locally(self, edit: QueuedEdit) -> None:
        """The record as the form and the panel hold it takes the typed values, so going back
        to this case shows what was typed, not the old text."""
        if self.discussion is None or self.case is None:
            return
        target: Any = self.case if edit.kind == "case" else self.discussion
        if edit.kind == "discussion":
            self._kept[("case", stored_id(self.case))] = self.case
        self._kept[edit.key] = target
        for name, value in edit.changes.items():
            setattr(target, name, value)

    def shows(self, kind: str, record_id: int) -> bool:
        held = {"case": self.case, "discussion": self.discussion}.get(kind)
        return held is not None and held.id == record_id

    def adopt(self, kind: str, record_id: int, result: Any) -> None:
        """The records held here and in the panel's list take what was written (new
        versions, and the case moved on by a risk or an outcome)."""
        from spp_tui.db.edit_journal import adopt_fields

        written = [(kind, record_id, result)]
        if kind == "discussion":
            written = [(kind, record_id, result.discussion), ("case", result.case.id, result.case)]
        for what, number, row in written:
            shown = {"case": self.case, "discussion": self.discussion}[what]
            held = self._kept.pop((what, number), None)
            for target in [x for x in (held, shown) if x is not None and x.id == number]:
                adopt_fields(target, row)
        if kind == "discussion" and self.shows(kind, record_id):
            assert self.discussion is not None and self.case is not None
            self.post_message(self.Saved(self.discussion, self.case, moved=True))
