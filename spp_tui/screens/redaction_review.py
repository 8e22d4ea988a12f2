"""The redaction review in the app: what a redacted copy replaces, and every possible name
not recorded, each marked a party (redacted from then on) or not a person.

Opened from the meeting screen (F9, or the palette's "Redaction review"). The same review as
``spp-tui redaction MEETING`` (``spp_tui.db.services.name_review``); names are shown as plain
text, never as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static
from textual.widgets.option_list import Option

from spp_tui.dialogs.door import ServiceDoor
from spp_tui.text import plural
from spp_tui.widgets.footer import Footer
from spp_tui.widgets.lists import OptionList
from spp_tui.widgets.modal import ModalDialog


class RedactionReviewScreen(ServiceDoor, ModalDialog[None]):  # type: ignore[misc]  # ServiceDoor types app
    """Candidates first (to mark), then every replacement (original -> placeholder, where)."""

    HELP_TITLE = "Redaction review"
    DEFAULT_CSS = """
    RedactionReviewScreen { align: center middle; }
    RedactionReviewScreen > Vertical {
        width: 110; max-width: 100%; height: 80%; border: thick $accent;
        background: $surface; padding: 0 1;
    }
    RedactionReviewScreen #redaction-heading { text-style: bold; margin-bottom: 1; }
    RedactionReviewScreen #redaction-list { height: 1fr; }
    RedactionReviewScreen #redaction-keys { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="redaction.close"),
        Binding("p", "mark('party')", "Party", id="redaction.party"),
        Binding("n", "mark('not a person')", "Not a person", id="redaction.not_person"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.candidates: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Reviewing the redaction…", id="redaction-heading", markup=False)
            yield OptionList(id="redaction-list")
            yield Static(
                "[b]p[/] a party (redacted)  [b]n[/] not a person  [b]Esc[/] close",
                id="redaction-keys",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        from spp_tui.db.services.name_review import review

        found = review(self.db, self.meeting_id)
        self.candidates = [c.text for c in found.candidates]
        count = len(self.candidates)
        self.query_one("#redaction-heading", Static).update(
            f"{plural(count, 'possible name')} not recorded to review; "
            f"{plural(len(found.replacements), 'replacement')}"
        )
        options = [
            Option(
                Text.assemble(
                    ("NOT RECORDED  ", "bold red"), (c.text, "bold"), f"  ({c.where}) {c.context}"
                ),
                id=f"c{index}",
            )
            for index, c in enumerate(found.candidates)
        ]
        options += [
            Option(
                Text.assemble(
                    ("replaced      ", "green"),
                    r.text,
                    " -> ",
                    (r.placeholder, "bold"),
                    f"  ({r.where})",
                ),
                id=f"r{index}",
            )
            for index, r in enumerate(found.replacements)
        ]
        listing = self.query_one("#redaction-list", OptionList)
        listing.set_options(options)
        if options:
            listing.highlighted = 0
            listing.focus()
        self.refresh_bindings()

    def _highlighted_candidate(self) -> str | None:
        index = self.query_one("#redaction-list", OptionList).highlighted
        if index is None or index >= len(self.candidates):
            return None
        return self.candidates[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """p and n apply to a possible name, not to a replacement."""
        if action == "mark":
            return self._highlighted_candidate() is not None
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def action_mark(self, decision: str) -> None:
        """Saved now, or kept (the file held, the server away) and taken off the list."""
        from spp_tui.db.edit_journal import QueuedEdit
        from spp_tui.widgets.save_lane import QUEUED

        phrase = self._highlighted_candidate()
        if phrase is None:
            return
        args = {"phrase": phrase, "decision": decision}
        # The toast does not repeat the phrase: it may be a name, and the room may see it.
        edit = QueuedEdit.one_off("name_review", self.meeting_id or 0, args, "A possible name")

        def done(_row: object) -> None:
            if self.is_attached:
                self.load()

        if self.one_off(edit, done=done, saved=f"Marked {decision}.") == QUEUED:
            listing = self.query_one("#redaction-list", OptionList)
            index = self.candidates.index(phrase)
            self.candidates.pop(index)
            listing.remove_option_at_index(index)
            self.refresh_bindings()

    def store_replayed(self) -> None:
        """Decisions kept while the store was away are written: the review as stored."""
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)
