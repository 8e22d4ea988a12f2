"""Agenda item 3, minutes of the last meeting: agreed as accurate, or corrections recorded.

Agreeing approves the previous meeting's minutes with this meeting's date (the record the
secretariat needs before circulating them as final). Corrections recorded first are kept when
the minutes are then agreed: "agreed as corrected".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from spp_tui.panels.base import ItemPanel
from spp_tui.widgets.server_banner import store_offline

if TYPE_CHECKING:
    from spp_tui.db.database import Database
    from spp_tui.db.models import Meeting


@dataclass(frozen=True)
class MinutesState:
    meeting: Meeting
    previous: Meeting | None


def load_state(db: Database, meeting_id: int) -> MinutesState:
    from spp_tui.db.services import meetings

    meeting = meetings.get_meeting(db, meeting_id)
    return MinutesState(meeting, meetings.previous_meeting(db, meeting))


def describe(state: MinutesState) -> Text:
    meeting, previous = state.meeting, state.previous
    if previous is None:
        return Text(
            f"This is the first {meeting.kind} on record: there are no previous minutes to agree."
        )
    text = Text()
    text.append(f"Minutes of the {previous.kind} of {previous.date:%a %d %b %Y}", style="bold")
    text.append(f" ({previous.status})\n\n")
    corrections = meeting.previous_minutes_corrections.strip()
    if meeting.previous_minutes_agreed:
        text.append("Agreed", style="bold green")
        text.append(" as corrected." if corrections else " as accurate.")
        if previous.minutes_approved_on:
            text.append(f" Minutes approved on {previous.minutes_approved_on:%d %b %Y}.")
    elif meeting.previous_minutes_agreed is False:
        text.append("Corrections recorded", style="bold yellow")
        text.append("; not yet agreed.")
    else:
        text.append("Not yet agreed.", style="bold")
    if corrections:
        text.append("\n\nCorrections:\n", style="bold")
        text.append(corrections)
    return text


class PreviousMinutesPanel(ItemPanel):
    """a: agree the last minutes as accurate; r: record corrections."""

    HELP_TITLE = "Previous minutes"
    READS_IN_THREAD = True
    can_focus = True
    DEFAULT_CSS = """
    PreviousMinutesPanel #minutes-status {
        height: auto;
        margin: 1 0;
    }
    PreviousMinutesPanel .panel-hint {
        height: auto;
        color: $text-muted;
    }
    PreviousMinutesPanel:focus {
        background: $boost;
    }
    """
    BINDINGS = [
        Binding("a", "agree", "Agree as accurate", id="previous_minutes.agree"),
        Binding("r", "corrections", "Record corrections", id="previous_minutes.corrections"),
    ]

    def __init__(self, meeting_id: int, item: Any, **kwargs: object) -> None:
        super().__init__(meeting_id, item, **kwargs)
        self.state: MinutesState | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading…", id="minutes-status")
        yield Static(
            "a agree as accurate (approves them) · r record corrections", classes="panel-hint"
        )

    def load(self) -> None:
        self.when_db_ready(self._load)

    @work(thread=True, exclusive=True, group="previous-minutes")
    def _load(self) -> None:
        state = load_state(self.db, self.meeting_id)
        self.app.call_from_thread(self._show, state)

    def _show(self, state: MinutesState) -> None:
        self.state = state
        self.query_one("#minutes-status", Static).update(describe(state))
        self.first_shown()

    def _reload_now(self) -> None:
        self._show(load_state(self.db, self.meeting_id))

    def _has_previous(self) -> bool:
        if self.state is None:  # not read (the server is away): the step is kept all the same
            return store_offline(self.app)
        if self.state.previous is None:
            self.app.notify("There are no previous minutes to agree: this is the first meeting.")
            return False
        return True

    def action_agree(self) -> None:
        if not self._has_previous():
            return
        corrections = self.state.meeting.previous_minutes_corrections if self.state else None
        self._record(True, corrections, "Previous minutes agreed and approved.")

    def _record(self, agreed: bool, corrections: str | None, said: str) -> None:
        """Saved now, or kept (the file held, the server away) and shown so meanwhile."""
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.widgets.save_lane import QUEUED

        args = {"agreed": agreed, "corrections": corrections}
        edit = QueuedEdit.one_off("previous_minutes", self.meeting_id, args, said[:-1])

        def done(_meeting: object) -> None:
            if self.is_attached:
                self._reload_now()

        if self.one_off(edit, done=done, saved=said) == QUEUED and self.state is not None:
            self.state.meeting.previous_minutes_agreed = agreed
            if corrections is not None:
                self.state.meeting.previous_minutes_corrections = corrections
            self._show(self.state)

    def store_replayed(self) -> None:
        """The step kept while the store was away is written: the status as stored."""
        self.load()

    def action_corrections(self) -> None:
        if not self._has_previous():
            return
        from spp_tui.dialogs.review import CorrectionsDialog

        if self.state is None:  # not read (the server is away): added under those recorded
            self.app.push_screen(
                CorrectionsDialog(
                    "Corrections to the previous minutes (server unreachable: added under any "
                    "already recorded once it is back)"
                ),
                self._add_corrections,
            )
            return
        assert self.state.previous is not None
        previous = self.state.previous

        def answered(text: str | None) -> None:
            if text is None:
                return
            if not text.strip():
                self.notify(
                    "Say what the corrections are, or agree the minutes as accurate.",
                    severity="warning",
                )
                return
            self._record(False, text, "Corrections recorded.")

        self.app.push_screen(
            CorrectionsDialog(
                f"Corrections to the minutes of {previous.date:%a %d %b %Y}",
                self.state.meeting.previous_minutes_corrections,
            ),
            answered,
        )

    def _add_corrections(self, text: str | None) -> None:
        """Corrections typed while those recorded could not be read: kept, shown meanwhile,
        and added under whatever is recorded when written."""
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.widgets.save_lane import QUEUED

        if not text or not text.strip():
            return
        edit = QueuedEdit.one_off(
            "corrections_added", self.meeting_id, {"corrections": text}, "Corrections recorded"
        )

        def done(_meeting: object) -> None:
            if self.is_attached:
                self._reload_now()

        if self.one_off(edit, done=done, saved="Corrections recorded.") == QUEUED:
            shown = Text("Corrections recorded", style="bold yellow")
            shown.append("; kept until the store can take them, then added under any already")
            shown.append(" recorded.\n\nCorrections:\n", style="")
            shown.append(text)
            self.query_one("#minutes-status", Static).update(shown)
