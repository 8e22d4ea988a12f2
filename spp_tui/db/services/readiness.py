"""Are the minutes ready to circulate? Every gap the secretariat must close first.

Each ``ReadinessIssue`` says what is missing in one line and names the record to open to fix
it (``target``), so the TUI can jump there and the CLI can print it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Case,
    CaseDiscussion,
    CaseParty,
    Meeting,
    Person,
    id_col,
    stored_id,
)
from spp_tui.db.services._audit import fetch
from spp_tui.db.services.meetings import item_mark
from spp_tui.names import core, key, words

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


@dataclass(frozen=True)
class _Named:
    """A party of some case, named in a text."""

    name: str
    case_reference: str


class _PartyNames:
    """Finds parties of other cases in a text with the redaction engine itself, so the check
    flags every form a redacted copy replaces (possessives, plurals, any case, O'Neill...)."""

    def __init__(
        self, db: Database, meeting_id: int, parties: list[CaseParty], references: dict[int, str]
    ) -> None:
        from spp_tui.db.services.redaction_names import meeting_redactor

        self.engine = meeting_redactor(db, meeting_id, record=True)
        self.first_case: dict[str, tuple[str, int]] = {}
        self.recorded: dict[int, set[str]] = {}
        self.references = references
        with db.read() as s:
            staff = s.exec(select(Person.name)).all()
        #: A surname alone shared with a member of staff is taken for them, not flagged.
        self.staff_surnames = {key(name).split()[-1] for name in staff if key(name)}
        for party in parties:
            person = key(" ".join(core(words(party.name))))
            self.first_case.setdefault(person, (party.name, party.case_id))
            self.recorded.setdefault(party.case_id, set()).add(person)

    def unrecorded_in(self, text: str, case_id: int | None) -> list[_Named]:
        """Parties of other cases named in ``text`` and not recorded on ``case_id``."""
        mine = self.recorded.get(case_id, set()) if case_id is not None else set()
        replacements = self.engine.replacements
        assert replacements is not None
        replacements.clear()
        self.engine.redact(text)
        seen: dict[str, _Named] = {}
        for replacement in replacements:
            person = key(" ".join(core(words(replacement.name))))
            if not person or person in mine or person in seen or person not in self.first_case:
                continue
            alone = key(replacement.original)
            if " " not in alone and alone.removesuffix("'s") in self.staff_surnames:
                continue
            name, other = self.first_case[person]
            seen[person] = _Named(name, self.references.get(other, "?"))
        return list(seen.values())


def _not_of(action: Action, references: dict[int, str]) -> str:
    """Why a party named in an action's text or note is out of place."""
    if action.case_id:
        return f"is not a party of {references.get(action.case_id, '?')}"
    return "the action belongs to no case"


def readiness_issues(db: Database, meeting_id: int) -> list[ReadinessIssue]:
    """Every gap in a meeting's record, in the order the minutes read: attendance, agenda
    items, cases (outcome/risk, then names of other cases' parties), then actions."""
    with db.read() as s:
        meeting = fetch(s, Meeting, meeting_id)
        attendance = s.exec(
            select(Attendance, Person)
            .join(Person, col(Person.id) == Attendance.person_id)
            .where(Attendance.meeting_id == meeting.id)
            .order_by(col(Person.name))
        ).all()
        items = s.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(col(AgendaItem.position))
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
            select(Action).where(Action.meeting_id == meeting.id).order_by(col(Action.reference))
        ).all()
        updates = s.exec(
            select(ActionUpdate, Action)
            .join(Action, col(Action.id) == ActionUpdate.action_id)
            .where(ActionUpdate.meeting_id == meeting.id)
            .order_by(col(Action.reference), col(ActionUpdate.id))
        ).all()
        all_parties = s.exec(
            select(CaseParty).order_by(col(CaseParty.case_id), col(CaseParty.id))
        ).all()
        references = dict(s.exec(select(id_col(Case.id), col(Case.reference))).all())

    issues: list[ReadinessIssue] = []
    for row, person in attendance:
        if row.agency_id is None:
            issues.append(
                ReadinessIssue(
                    IssueKind.ATTENDANCE,
                    f"{person.name} is in the attendance without an agency",
                    ("attendance", stored_id(row)),
                )
            )
    for item in items:
        if item.actual_start is None and item_mark(item) is None:
            issues.append(
                ReadinessIssue(
                    IssueKind.AGENDA_ITEM,
                    f"item {item.position}, {item.title}, was never opened",
                    ("agenda_item", stored_id(item)),
                )
            )
    for discussion, case in discussions:
        gap = _missing((discussion.outcome is None, "no outcome"), (not discussion.risk, "no risk"))
        if gap:
            issues.append(
                ReadinessIssue(
                    IssueKind.DISCUSSION,
                    f"{case.reference} ({_quote(case.title)}) has {gap}",
                    ("discussion", stored_id(discussion)),
                )
            )

    names = _PartyNames(db, meeting_id, list(all_parties), references)

    for discussion, case in discussions:
        text = "\n".join((discussion.summary, discussion.decisions, discussion.outcome_reason))
        for p in names.unrecorded_in(text, case.id):
            issues.append(
                ReadinessIssue(
                    IssueKind.PARTY,
                    f"{case.reference}: {p.name} (a party of {p.case_reference}) is named "
                    "in the discussion but is not a party of this case",
                    ("discussion", stored_id(discussion)),
                )
            )
    for action in actions:
        for p in names.unrecorded_in(action.text, action.case_id):
            issues.append(
                ReadinessIssue(
                    IssueKind.PARTY,
                    f"{action.reference}: {p.name} (a party of {p.case_reference}) is named "
                    f"in the action text but {_not_of(action, references)}",
                    ("action", stored_id(action)),
                )
            )
    for update, action in updates:
        for p in names.unrecorded_in(update.note, action.case_id):
            issues.append(
                ReadinessIssue(
                    IssueKind.PARTY,
                    f"{action.reference} update note: {p.name} (a party of {p.case_reference}) "
                    f"is named in the note on the action but {_not_of(action, references)}",
                    ("action", stored_id(action)),
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
                    ("action", stored_id(action)),
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
