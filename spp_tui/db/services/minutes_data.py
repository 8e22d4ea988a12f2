"""Everything one Word export needs, loaded in a handful of queries (never one per case).

The exports (``spp_tui.exports``) only read through these functions: ``minutes_data`` for the
minutes, ``agenda_pack_data`` (``agenda_pack``) for the chair's pack before a meeting,
``redaction_names`` (``redaction_names``) for the redaction engine; the loaders they share
are here. Each returns one frozen
dataclass of detached rows, so building the document never touches the database again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlmodel import Session, col, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    ActionUpdate,
    Agency,
    AgendaItem,
    AuditEntry,
    Case,
    CaseDiscussion,
    CaseParty,
    Meeting,
    Person,
    Setting,
    id_col,
    stored_id,
)
from spp_tui.db.services import settings as settings_svc
from spp_tui.db.services._audit import fetch
from spp_tui.db.services.actions import ActionFilter, ActionRow, list_actions
from spp_tui.db.services.meetings import AttendanceRow, attendance


@dataclass(frozen=True)
class PartyName:
    """A person named in a case (resident, victim, suspect...): redacted in wide copies."""

    case_id: int
    name: str
    role: str


@dataclass(frozen=True)
class CaseEntry:
    """One case as discussed at the meeting, with what the minutes print beside it."""

    discussion: CaseDiscussion
    case: Case
    lead_agency: str
    parties: tuple[PartyName, ...]
    #: Actions raised at this meeting for this case.
    new_actions: tuple[ActionRow, ...]


@dataclass(frozen=True)
class ReviewedAction:
    """An action reviewed at the meeting: the action and the update recorded there."""

    action: ActionRow
    update: ActionUpdate


@dataclass(frozen=True)
class LoggedAction:
    """A row of the consolidated action table: the action as it stood at this meeting."""

    action: ActionRow
    status: str
    due_on: dt.date | None
    raised_here: bool


class _AgencyLabels:
    """``agency_label`` for the document data classes below (they hold ``agencies``)."""

    agencies: dict[int, Agency]

    def agency_label(self, agency_id: int | None, fallback: str = "") -> str:
        """The agency's short name (tables are narrow), else its name."""
        agency = self.agencies.get(agency_id) if agency_id else None
        if agency is None:
            return fallback
        return agency.short_name or agency.name


@dataclass(frozen=True)
class MinutesData(_AgencyLabels):
    meeting: Meeting
    partnership: str
    confidentiality_statement: str
    chair: str
    minute_taker: str
    agenda: tuple[AgendaItem, ...]
    attendance: tuple[AttendanceRow, ...]
    #: agenda item id -> its cases in agenda order.
    cases_by_item: dict[int, tuple[CaseEntry, ...]]
    reviewed_actions: tuple[ReviewedAction, ...]
    #: Raised at this meeting without a case on this agenda (general actions).
    general_actions: tuple[ActionRow, ...]
    action_log: tuple[LoggedAction, ...]
    previous_meeting: Meeting | None
    next_meeting: Meeting | None
    agencies: dict[int, Agency]
    #: Every party of every case in the database (a superset of those in the document), so a
    #: name mentioned under another case is redacted too.
    all_parties: tuple[PartyName, ...]
    #: Names of the professionals (the directory): these stay in a redacted copy.
    professional_names: tuple[str, ...]
    #: Extra names marked sensitive in the settings (one per line).
    sensitive_names: tuple[str, ...] = field(default=())


# --- shared loaders ---------------------------------------------------------------------


def _settings(s: Session, *keys: str) -> dict[str, str]:
    rows = {r.key: r.value for r in s.exec(select(Setting).where(col(Setting.key).in_(keys)))}
    return {k: rows.get(k, settings_svc.DEFAULTS.get(k, "")) for k in keys}


def _people_names(s: Session) -> dict[int, str]:
    return dict(s.exec(select(id_col(Person.id), col(Person.name))).all())


def _previous(s: Session, meeting: Meeting) -> Meeting | None:
    return s.exec(
        select(Meeting)
        .where(Meeting.kind == meeting.kind, Meeting.date < meeting.date)
        .order_by(col(Meeting.date).desc())
    ).first()


def _next(s: Session, meeting: Meeting) -> Meeting | None:
    if meeting.next_meeting_id:
        found = s.get(Meeting, meeting.next_meeting_id)
        if found is not None:
            return found
    return s.exec(
        select(Meeting)
        .where(Meeting.kind == meeting.kind, Meeting.date > meeting.date)
        .order_by(col(Meeting.date))
    ).first()


def _discussions(s: Session, meeting_id: int) -> list[tuple[CaseDiscussion, Case]]:
    return list(
        s.exec(
            select(CaseDiscussion, Case)
            .join(Case, col(Case.id) == CaseDiscussion.case_id)
            .where(CaseDiscussion.meeting_id == meeting_id)
            .order_by(
                col(CaseDiscussion.agenda_item_id),
                col(CaseDiscussion.position),
                col(CaseDiscussion.id),
            )
        ).all()
    )


class _MeetingFrame(NamedTuple):
    meeting: Meeting
    agenda: tuple[AgendaItem, ...]
    names: dict[int, str]
    agencies: dict[int, Agency]
    discussions: list[tuple[CaseDiscussion, Case]]


def _meeting_frame(s: Session, meeting_id: int) -> _MeetingFrame:
    """What both documents start from: the meeting, its agenda, people's names, agencies and
    the cases discussed (four statements)."""
    meeting = fetch(s, Meeting, meeting_id)
    agenda = tuple(
        s.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(col(AgendaItem.position))
        )
    )
    agencies = {stored_id(a): a for a in s.exec(select(Agency))}
    return _MeetingFrame(meeting, agenda, _people_names(s), agencies, _discussions(s, meeting_id))


def _sensitive_names(value: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in value.splitlines() if line.strip())


# --- minutes ----------------------------------------------------------------------------


def minutes_data(db: Database, meeting_id: int) -> MinutesData:
    """All the minutes of one meeting need, in about a dozen queries whatever its size."""
    with db.read() as s:
        meeting, agenda, names, agencies, discussions = _meeting_frame(s, meeting_id)
        parties = [  # plain rows: every case's parties, no ORM objects for them
            PartyName(case_id, name, role)
            for case_id, name, role in s.exec(
                select(CaseParty.case_id, CaseParty.name, CaseParty.role).order_by(
                    col(CaseParty.case_id), col(CaseParty.id)
                )
            )
        ]
        updates = list(
            s.exec(
                select(ActionUpdate)
                .where(ActionUpdate.meeting_id == meeting_id)
                .order_by(col(ActionUpdate.id))
            )
        )
        previous = _previous(s, meeting)
        nxt = _next(s, meeting)
        values = _settings(
            s,
            settings_svc.PARTNERSHIP_NAME,
            settings_svc.CONFIDENTIALITY_STATEMENT,
            SENSITIVE_NAMES_KEY,
        )
    people = attendance(db, meeting_id)
    raised = list_actions(db, ActionFilter(meeting_id=meeting_id))
    latest_update = {u.action_id: u for u in updates}  # the last one wins
    reviewed_rows = (
        {r.id: r for r in list_actions(db, ActionFilter(action_ids=tuple(latest_update)))}
        if latest_update
        else {}
    )
    as_at = _state_at_meeting(db, meeting, raised)

    parties_by_case: dict[int, list[PartyName]] = defaultdict(list)
    for party in parties:
        parties_by_case[party.case_id].append(party)
    raised_by_case: dict[int, list[ActionRow]] = defaultdict(list)
    on_agenda = {stored_id(case) for _, case in discussions}
    general: list[ActionRow] = []
    for row in raised:
        if row.case_id is not None and row.case_id in on_agenda:
            raised_by_case[row.case_id].append(row)
        else:
            general.append(row)
    by_item: dict[int, list[CaseEntry]] = defaultdict(list)
    for discussion, case in discussions:
        lead = agencies.get(case.lead_agency_id) if case.lead_agency_id else None
        by_item[discussion.agenda_item_id or 0].append(
            CaseEntry(
                discussion=discussion,
                case=case,
                lead_agency=lead.name if lead else "",
                parties=tuple(parties_by_case.get(discussion.case_id, ())),
                new_actions=tuple(
                    sorted(raised_by_case.get(discussion.case_id, ()), key=_by_reference)
                ),
            )
        )

    reviewed = tuple(
        sorted(
            (
                ReviewedAction(reviewed_rows[action_id], update)
                for action_id, update in latest_update.items()
                if action_id in reviewed_rows
            ),
            key=lambda r: (r.action.case_reference or "~", r.action.reference),
        )
    )
    log: dict[int, LoggedAction] = {}
    for row in raised:
        status, due = as_at[row.id]
        log[row.id] = LoggedAction(row, status, due, raised_here=True)
    for item in reviewed:  # an update made at this meeting is what it decided
        log[item.action.id] = LoggedAction(
            item.action,
            item.update.new_status,
            item.update.new_due_on or item.action.due_on,
            raised_here=item.action.id in log,
        )

    return MinutesData(
        meeting=meeting,
        partnership=values[settings_svc.PARTNERSHIP_NAME],
        confidentiality_statement=values[settings_svc.CONFIDENTIALITY_STATEMENT],
        chair=names.get(meeting.chair_id, "") if meeting.chair_id else "",
        minute_taker=names.get(meeting.minute_taker_id, "") if meeting.minute_taker_id else "",
        agenda=agenda,
        attendance=tuple(people),
        cases_by_item={k: tuple(v) for k, v in by_item.items()},
        reviewed_actions=reviewed,
        general_actions=tuple(sorted(general, key=_by_reference)),
        action_log=tuple(sorted(log.values(), key=lambda r: _by_reference(r.action))),
        previous_meeting=previous,
        next_meeting=nxt,
        agencies=agencies,
        all_parties=tuple(parties),
        professional_names=tuple(sorted(set(names.values()))),
        sensitive_names=_sensitive_names(values[SENSITIVE_NAMES_KEY]),
    )


#: Setting holding extra names to redact (one per line), beyond the cases' parties.
SENSITIVE_NAMES_KEY = "sensitive_names"


def _by_reference(row: ActionRow) -> tuple[int, str]:
    """A-2023-031 sorts after A-2023-009 and A-2024-001 after both (numbers, not text)."""
    parts = row.reference.rsplit("-", 2)
    try:
        return (int(parts[-2]) * 100_000 + int(parts[-1]), row.reference)
    except (ValueError, IndexError):
        return (10**12, row.reference)


def _state_at_meeting(
    db: Database, meeting: Meeting, rows: list[ActionRow]
) -> dict[int, tuple[str, dt.date | None]]:
    """Status and due date of the actions raised at ``meeting`` as they stood when it ended.

    Later meetings review them; the minutes record what this meeting decided, so an action
    reviewed since is shown as raised: open, with its original due date (from the audit trail
    of its creation; the current one if that entry is gone).
    """
    if not rows:
        return {}
    ids = [r.id for r in rows]
    with db.read() as s:
        changed_later = set(
            s.exec(
                select(ActionUpdate.action_id)
                .where(col(ActionUpdate.action_id).in_(ids))
                .where(ActionUpdate.made_on > meeting.date)
            ).all()
        )
        created = (
            s.exec(
                select(AuditEntry.entity_id, AuditEntry.after).where(
                    AuditEntry.entity == "action",
                    AuditEntry.operation == "create",
                    col(AuditEntry.entity_id).in_(changed_later),
                )
            ).all()
            if changed_later
            else []
        )
    original_due: dict[int | None, dt.date | None] = {}
    for action_id, after in created:
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            raw = json.loads(after or "{}").get("due_on")
            original_due[action_id] = dt.date.fromisoformat(raw) if raw else None
    return {
        r.id: ("open", original_due.get(r.id, r.due_on))
        if r.id in changed_later
        else (r.status, r.due_on)
        for r in rows
    }
