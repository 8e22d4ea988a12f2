"""What the action log (``spp_tui.screens.action_log``) shows and offers, apart from the
screen: its columns wide and narrow, its filters and their choices, and its cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from spp_tui.vocabulary import LIVE_ACTION_STATUSES, ActionStatus
from spp_tui.widgets.safe_text import visible

if TYPE_CHECKING:
    from spp_tui.db.database import Database
    from spp_tui.db.services.actions import ActionRow

PAGE_SIZE = 200

#: (heading, key, width); the action's text takes the width the others leave.
COLUMNS = (
    ("Ref", "ref", 11),
    ("Action", "text", 0),
    ("Owner", "owner", 18),
    ("Agency", "agency", 14),
    ("Case", "case", 12),
    ("Due", "due", 9),
    ("Status", "status", 12),
    ("Overdue", "overdue", 7),
)
#: Below NARROW_BELOW columns the text cell is two lines: the text, then reference, case,
#: owner and agency.
NARROW_COLUMNS = (("Action", "text", 0), *COLUMNS[-3:])
NARROW_BELOW = 130

STATUS_CHOICES = [
    (f"Live ({', '.join(LIVE_ACTION_STATUSES)})", "live"),
    *((s.value.capitalize(), s.value) for s in ActionStatus),
]

#: Filter select id -> ActionFilter field.
SELECT_FIELDS = {
    "filter-status": "status",
    "filter-owner": "owner_id",
    "filter-agency": "agency_id",
    "filter-case": "case_id",
    "filter-operation": "operation",
    "filter-meeting": "meeting_id",
}

#: Filter select id -> what it says while no choice is made.
PROMPTS = {
    "filter-status": "Any status",
    "filter-owner": "Any owner",
    "filter-agency": "Any agency",
    "filter-case": "Any case",
    "filter-operation": "Any operation",
    "filter-meeting": "Any meeting",
}

#: The search box's hint, and from how many columns of screen it shows whole (below, the
#: search box is narrower: 80 columns cut the long one to "/ search: action text, ").
SEARCH_HINT = "/ search: action text, reference, owner, case reference"
SEARCH_HINT_SHORT = "/ search: text, ref, owner, case"
SEARCH_HINT_FROM = 120

#: Date input id -> placeholder; typed as 2023-04-30 or 30/04/2023, applied once it is a
#: whole date (a half-typed one waits).
DATE_FIELDS = {"filter-due-before": "due before", "filter-since": "raised since"}


@dataclass(frozen=True)
class FilterOptions:
    owners: list[tuple[str, int]]
    agencies: list[tuple[str, int]]
    cases: list[tuple[str, int]]
    operations: list[tuple[str, str]]
    #: The meetings actions were raised at, newest first ("PSG 07 Mar 2023").
    meetings: list[tuple[str, int]]

    def choices(self, select_id: str) -> list[tuple[str, Any]]:
        """The choices of the filter list ``select_id`` (not the status list: STATUS_CHOICES)."""
        lists: dict[str, list[tuple[str, Any]]] = {
            "filter-owner": self.owners,
            "filter-agency": self.agencies,
            "filter-case": self.cases,
            "filter-operation": self.operations,
            "filter-meeting": self.meetings,
        }
        return lists[select_id]


def load_filter_options(db: Database) -> FilterOptions:
    """Everything the filter lists offer, in a handful of statements."""
    from spp_tui.db.services import cases, directory, meetings

    choices = cases.case_choices(db)
    return FilterOptions(
        owners=[(p.label, p.id) for p in directory.list_people(db, active_only=False)],
        agencies=[(a.name, a.id) for a in directory.list_agencies(db) if a.id is not None],
        cases=[(f"{ref} {title}", case_id) for case_id, ref, title in choices.cases],
        operations=[(op, op) for op in choices.operations],
        meetings=[
            (f"{kind} {day:%d %b %Y}", meeting_id)
            for meeting_id, kind, day in meetings.raised_at_choices(db)
        ],
    )


def status_cell(status: str) -> Text:
    from spp_tui.dialogs.action_history import status_text

    return status_text(status)


def narrow_text(row: ActionRow) -> Text:
    """The text cell of a small screen: the action on one line, then (dim) its reference,
    case, owner and agency; each line cut with … rather than wrapped."""
    owner = row.owner_name or "no owner"
    if row.agency_name:
        owner += f" ({row.agency_name})"
    below = " · ".join(part for part in (row.reference, row.case_reference, owner) if part)
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(visible(row.text))
    text.append("\n" + visible(below), style="dim")
    return text
