"""Are the minutes ready to circulate? Every gap the secretariat must close first.

Each ``ReadinessIssue`` says what is missing in one line and names the record to open to fix
it (``target``), so the TUI can jump there and the CLI can print it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    Action,
    AgendaItem,
    Attendance,
    Case,
    CaseDiscussion,
    CaseParty,
    Meeting,
    Person,
)
from spp_tui.db.services._audit import fetch
from spp_tui.db.services.meetings import item_mark

#: Words in front of a name that are not part of what we look for in the text.
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir"})
QUOTE_CHARS = 48


class IssueKind(StrEnum):
    ATTENDANCE = "attendance"
    AGENDA_ITEM = "agenda item"
    DISCUSSION = "discussion"
    PARTY = "party"
    NAME = "name"
    ACTION = "action"


@dataclass(frozen=True)
class ReadinessIssue:
    kind: str
    message: str
    #: What to open to fix it: ("action" | "discussion" | "attendance" | "agenda_item", id).
    target: tuple[str, int]

    def __str__(self) -> str:
        return self.message


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def _missing(*pairs: tuple[bool, str]) -> str:
    return " and ".join(what for is_missing, what in pairs if is_missing)


WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _NamePattern:
    """How one party of one case can appear in free text."""

    name: str
    case_id: int
    case_reference: str
    pattern: re.Pattern[str]


def _name_pattern(party: CaseParty, reference: str, staff_surnames: set[str]) -> _NamePattern:
    """The full name, the name without a title (case-insensitive), and the surname as a
    capitalised word (unless a member of staff has the same surname, which is not a leak)."""
    words = party.name.replace(".", " ").split()
    variants = {re.escape(party.name.strip())}
    untitled = [w for w in words if w.lower() not in TITLES]
    if untitled:
        variants.add(r"\s+".join(map(re.escape, untitled)))
    parts = [rf"(?i:{v})" for v in sorted(variants)]
    surname = untitled[-1] if untitled else ""
    if len(surname) >= 3 and surname[0].isupper() and surname.lower() not in staff_surnames:
        parts.append(re.escape(surname))  # case-sensitive: "Miles", not "two miles"
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)")
    return _NamePattern(party.name, party.case_id, reference, pattern)


class _PartyNames:
    """Parties indexed by the last word of their name: every way of writing a name ends with
    it, so a text is only searched for the few parties whose last word it contains (a large
    database has thousands of parties; a meeting's texts have a few hundred words)."""

    def __init__(
        self, parties: list[CaseParty], references: dict[int, str], staff_surnames: set[str]
    ) -> None:
        self.references = references
        self.staff_surnames = staff_surnames
        self.by_last_word: dict[str, list[CaseParty]] = {}
        self.recorded: dict[int, set[str]] = {}
        self._patterns: dict[int, _NamePattern] = {}
        for party in parties:
            words = WORD.findall(party.name.lower())
            if words:
                self.by_last_word.setdefault(words[-1], []).append(party)
            self.recorded.setdefault(party.case_id, set()).add(party.name.lower())

    def _pattern(self, party: CaseParty) -> _NamePattern:
        if party.id not in self._patterns:
            reference = self.references.get(party.case_id, "?")
            self._patterns[party.id] = _name_pattern(party, reference, self.staff_surnames)
        return self._patterns[party.id]

    def unrecorded_in(self, text: str, case_id: int | None) -> list[_NamePattern]:
        """Parties of other cases named in ``text`` and not recorded on ``case_id``."""
        mine = self.recorded.get(case_id, set()) if case_id is not None else set()
        seen: dict[str, _NamePattern] = {}
        for word in sorted(set(WORD.findall(text.lower())) & self.by_last_word.keys()):
            for party in self.by_last_word[word]:
                name = party.name.lower()
                if party.case_id == case_id or name in mine or name in seen:
                    continue
                found = self._pattern(party)
                if found.pattern.search(text):
                    seen[name] = found
        return list(seen.values())


def readiness_issues(db: Database, meeting_id: int) -> list[ReadinessIssue]:
    """Every gap in a meeting's record, in the order the minutes read: attendance, agenda
    items, cases (outcome/risk, then names of other cases' parties), then actions."""
    with db.read() as s:
        meeting = fetch(s, Meeting, meeting_id)
        attendance = s.exec(
            select(Attendance, Person)
            .join(Person, col(Person.id) == Attendance.person_id)
            .where(Attendance.meeting_id == meeting.id)
            .order_by(Person.name)
        ).all()
        items = s.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position)
        ).all()
        item_position = {item.id: item.position for item in items}
        discussions = s.exec(
            select(CaseDiscussion, Case)
            .join(Case, col(Case.id) == CaseDiscussion.case_id)
            .where(CaseDiscussion.meeting_id == meeting.id)
        ).all()
        discussions = sorted(
            discussions,
            key=lambda dc: (item_position.get(dc[0].agenda_item_id, 0), dc[0].position),
        )
        actions = s.exec(
            select(Action).where(Action.meeting_id == meeting.id).order_by(Action.reference)
        ).all()
        all_parties = s.exec(select(CaseParty).order_by(CaseParty.case_id, CaseParty.id)).all()
        references = dict(s.exec(select(Case.id, Case.reference)).all())
        staff_surnames = {
            name.split()[-1].lower() for name in s.exec(select(Person.name)).all() if name.split()
        }

    issues: list[ReadinessIssue] = []
    for row, person in attendance:
        if row.agency_id is None:
            issues.append(
                ReadinessIssue(
                    IssueKind.ATTENDANCE,
                    f"{person.name} is in the attendance without an agency",
                    ("attendance", row.id),
                )
            )
    for item in items:
        if item.actual_start is None and item_mark(item) is None:
            issues.append(
                ReadinessIssue(
                    IssueKind.AGENDA_ITEM,
                    f"item {item.position}, {item.title}, was never opened",
                    ("agenda_item", item.id),
                )
            )
    for discussion, case in discussions:
        gap = _missing((discussion.outcome is None, "no outcome"), (not discussion.risk, "no risk"))
        if gap:
            issues.append(
                ReadinessIssue(
                    IssueKind.DISCUSSION,
                    f"{case.reference} ({_quote(case.title)}) has {gap}",
                    ("discussion", discussion.id),
                )
            )

    names = _PartyNames(list(all_parties), references, staff_surnames)

    for discussion, case in discussions:
        text = "\n".join((discussion.summary, discussion.decisions, discussion.outcome_reason))
        for p in names.unrecorded_in(text, case.id):
            issues.append(
                ReadinessIssue(
                    IssueKind.PARTY,
                    f"{case.reference}: {p.name} (a party of {p.case_reference}) is named "
                    "in the discussion but is not a party of this case",
                    ("discussion", discussion.id),
                )
            )
    for action in actions:
        for p in names.unrecorded_in(action.text, action.case_id):
            where = (
                f"is not a party of {references.get(action.case_id, '?')}"
                if action.case_id
                else "the action belongs to no case"
            )
            issues.append(
                ReadinessIssue(
                    IssueKind.PARTY,
                    f"{action.reference}: {p.name} (a party of {p.case_reference}) is named "
                    f"in the action text but {where}",
                    ("action", action.id),
                )
            )
    for action in actions:
        gap = _missing(
            (action.owner_id is None, "no owner"), (action.due_on is None, "no due date")
        )
        if gap:
            issues.append(
                ReadinessIssue(
                    IssueKind.ACTION,
                    f'{action.reference} has {gap}: "{_quote(action.text)}"',
                    ("action", action.id),
                )
            )
    from spp_tui.db.services.name_review import review

    for found in review(db, meeting_id).candidates:
        issues.append(
            ReadinessIssue(
                IssueKind.NAME,
                f'possible name not recorded: "{found.text}" ({found.where}); mark it a '
                f"party or not a person: spp-tui redaction {meeting_id}",
                ("name", meeting_id),
            )
        )
    return issues


def readiness_warning(db: Database, meeting_id: int) -> str | None:
    """One line for an export of the minutes to show while gaps remain (it does not block:
    draft minutes are often circulated before every owner is known)."""
    from spp_tui.db.services.redaction_names import meeting_redactor

    issues = readiness_issues(db, meeting_id)
    if not issues:
        return None
    count = f"{len(issues)} gap{'s' if len(issues) != 1 else ''}"
    # This line goes to the console and the covering list: it quotes no name of a party
    # (redacted) and no unrecorded possible name.
    quoted = next((i for i in issues if i.kind != IssueKind.NAME), None)
    first = f" (first: {quoted.message})" if quoted else ""
    return meeting_redactor(db, meeting_id).redact(
        f"the minutes are not complete: {count} remain{first}; see spp-tui check {meeting_id}."
    )
