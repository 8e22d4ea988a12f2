"""A case's story across meetings: referred, discussed, decided, acted on, closed (split from
``cases``, which re-exports these names)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.sql.expression import Select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    Case,
    CaseDiscussion,
    CaseParty,
    CaseStatus,
    Meeting,
)


@dataclass(frozen=True)
class TimelineEvent:
    """One line of a case's history: what happened, on which day, at which meeting."""

    on: dt.date | None
    kind: str  # referred / opened / discussion / risk / status / action / update / closed
    text: str
    meeting_id: int | None = None
    meeting_label: str = ""
    action_id: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class CaseTimeline:
    case: Case
    lead_agency: str
    referring_agency: str
    parties: list[CaseParty]
    events: list[TimelineEvent]
    live_actions: int
    meetings: int


#: Order of events on one day: the case's own milestones, then what the meeting said and
#: decided, then the actions raised and the reviews of older ones.
_EVENT_ORDER = {
    "referred": 0,
    "opened": 1,
    "discussion": 2,
    "risk": 3,
    "status": 4,
    "action": 5,
    "update": 6,
    "closed": 7,
}


def meeting_label(kind: str, day: dt.date) -> str:
    return f"{kind} {day:%d %b %Y}"


def case_timeline(db: Database, case_id: int) -> CaseTimeline:
    """Everything a case went through across meetings, read in five statements whatever its
    length (one each for the case, its discussions, its actions, their updates, its parties),
    so a case with years of history opens as fast as a new one."""
    from sqlalchemy.orm import aliased

    from spp_tui.db.models import (
        LIVE_ACTION_STATUSES,
        Action,
        ActionUpdate,
        Agency,
        Person,
    )
    from spp_tui.db.services.cases import OUTCOME_TO_STATUS  # cases re-exports this module

    lead, referrer = aliased(Agency), aliased(Agency)
    with db.read() as s:
        row = s.exec(
            select(Case, lead.name, referrer.name)
            .join(lead, col(lead.id) == Case.lead_agency_id, isouter=True)
            .join(referrer, col(referrer.id) == Case.referring_agency_id, isouter=True)
            .where(Case.id == case_id)
        ).first()
        if row is None:
            from spp_tui.errors import NotFoundError

            raise NotFoundError(f"case {case_id} does not exist.")
        case, lead_name, referrer_name = row
        discussions = s.exec(
            select(CaseDiscussion, Meeting)
            .join(Meeting, col(Meeting.id) == CaseDiscussion.meeting_id)
            .where(CaseDiscussion.case_id == case_id)
            .order_by(col(Meeting.date), col(CaseDiscussion.id))
        ).all()
        # Select() itself, as select() does for several columns: select() is typed up to four.
        raised: Select[Action, str | None, str | None, str | None, Meeting | None] = Select(
            Action, col(Person.name), col(Agency.short_name), col(Agency.name), Meeting
        )
        actions = s.exec(
            raised.join(Person, col(Person.id) == Action.owner_id, isouter=True)
            .join(Agency, col(Agency.id) == Action.owner_agency_id, isouter=True)
            .join(Meeting, col(Meeting.id) == Action.meeting_id, isouter=True)
            .where(Action.case_id == case_id)
            .order_by(col(Action.id))
        ).all()
        updates = s.exec(
            select(ActionUpdate, Action.reference, Meeting)
            .join(Action, col(Action.id) == ActionUpdate.action_id)
            .join(Meeting, col(Meeting.id) == ActionUpdate.meeting_id, isouter=True)
            .where(Action.case_id == case_id)
            .order_by(col(ActionUpdate.made_on), col(ActionUpdate.id))
        ).all()
        case_parties = list(
            s.exec(
                select(CaseParty).where(CaseParty.case_id == case_id).order_by(col(CaseParty.id))
            )
        )

    events: list[TimelineEvent] = []
    if case.referred_on:
        events.append(
            TimelineEvent(
                case.referred_on,
                "referred",
                f"Referred by {referrer_name}" if referrer_name else "Referred",
            )
        )
    status, risk = CaseStatus.REFERRED.value, None
    for discussion, meeting in discussions:
        label = meeting_label(meeting.kind, meeting.date)
        said = discussion.summary.strip()
        if discussion.decisions.strip():
            said = f"{said}\nDecisions: {discussion.decisions.strip()}".strip()
        events.append(
            TimelineEvent(
                meeting.date,
                "discussion",
                said or "On the agenda (nothing recorded)",
                meeting.id,
                label,
            )
        )
        if discussion.risk and discussion.risk != risk:
            text = f"Risk {risk} → {discussion.risk}" if risk else f"Risk {discussion.risk}"
            events.append(TimelineEvent(meeting.date, "risk", text, meeting.id, label))
            risk = discussion.risk
        new_status = OUTCOME_TO_STATUS.get(discussion.outcome or "")
        if new_status and new_status != status:
            text = f"Status {status} → {new_status}"
            if new_status == CaseStatus.CLOSED and discussion.outcome_reason.strip():
                text += f" ({discussion.outcome_reason.strip()})"
            events.append(TimelineEvent(meeting.date, "status", text, meeting.id, label))
            status = new_status
    if case.status != status:
        # Changed outside a meeting (a correction, or data brought in): dated as best we know.
        when = {
            CaseStatus.CLOSED.value: case.closed_on,
            CaseStatus.OPEN.value: case.opened_on,
        }.get(case.status)
        when = when or (case.updated_at.date() if case.updated_at else None)
        text = f"Status {status} → {case.status}"
        if case.status == CaseStatus.CLOSED and case.closure_reason.strip():
            text += f" ({case.closure_reason.strip()})"
        events.append(TimelineEvent(when, "status", text))
    live = 0
    for action, owner, agency_short, agency_name, raised_at in actions:
        if action.status in LIVE_ACTION_STATUSES:
            live += 1
        who = owner or "no owner"
        if agency_short or agency_name:
            who += f" ({agency_short or agency_name})"
        due = f", due {action.due_on:%d %b %Y}" if action.due_on else ", no due date"
        events.append(
            TimelineEvent(
                raised_at.date if raised_at else action.created_at.date(),
                "action",
                f"{action.reference} raised: {action.text}",
                raised_at.id if raised_at else None,
                meeting_label(raised_at.kind, raised_at.date) if raised_at else "",
                action.id,
                f"{who}{due}; now {action.status}",
            )
        )
    for update, reference, reviewed_at in updates:
        text = f"{reference} {update.new_status}"
        if update.new_due_on and update.new_status not in (
            "complete",
            "not possible",
            "closed",
        ):
            text += f", due {update.new_due_on:%d %b %Y}"
        events.append(
            TimelineEvent(
                update.made_on,
                "update",
                text,
                reviewed_at.id if reviewed_at else None,
                meeting_label(reviewed_at.kind, reviewed_at.date) if reviewed_at else "",
                update.action_id,
                update.note,
            )
        )
    events.sort(key=lambda e: (e.on or dt.date.max, _EVENT_ORDER.get(e.kind, 9)))
    return CaseTimeline(
        case,
        lead_name or "",
        referrer_name or "",
        case_parties,
        events,
        live,
        len(discussions),
    )
