"""The chair's pack before a meeting, loaded in a handful of queries: the agenda, each case
with where its last discussion left it, and the actions carried forward.

A module of its own beside ``minutes_data`` (whose loaders it shares) so neither export's
loading grows the other's module.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import Agency, AgendaItem, Case, CaseDiscussion, Meeting
from spp_tui.db.services import settings as settings_svc
from spp_tui.db.services.actions import ActionRow, actions_to_carry
from spp_tui.db.services.minutes_data import _AgencyLabels, _meeting_frame, _previous, _settings


@dataclass(frozen=True)
class PackCase:
    """A case on the coming agenda and where it was left last time."""

    discussion: CaseDiscussion
    case: Case
    lead_agency: str
    last_discussed_on: dt.date | None
    last_risk: str | None
    last_summary: str
    last_decisions: str
    last_outcome: str | None
    referrer: str = ""


@dataclass(frozen=True)
class AgendaPackData(_AgencyLabels):
    meeting: Meeting
    partnership: str
    chair: str
    minute_taker: str
    agenda: tuple[AgendaItem, ...]
    cases_by_item: dict[int, tuple[PackCase, ...]]
    carried_actions: tuple[ActionRow, ...]
    previous_meeting: Meeting | None
    agencies: dict[int, Agency]
    #: Live actions of the series whose case is not on this agenda (in the action log).
    other_live_actions: int = 0


def agenda_pack_data(db: Database, meeting_id: int) -> AgendaPackData:
    """The chair's pack: agenda, cases with their last discussion, actions carried forward."""
    with db.read() as s:
        meeting, agenda, names, agencies, discussions = _meeting_frame(s, meeting_id)
        case_ids = [case.id for _, case in discussions]
        history = (
            s.exec(
                select(CaseDiscussion, col(Meeting.date))
                .join(Meeting, col(Meeting.id) == CaseDiscussion.meeting_id)
                .where(col(CaseDiscussion.case_id).in_(case_ids))
                .where(Meeting.date < meeting.date)
                .order_by(col(Meeting.date), col(CaseDiscussion.id))
            ).all()
            if case_ids
            else []
        )
        previous = _previous(s, meeting)
        values = _settings(s, settings_svc.PARTNERSHIP_NAME)
    last: dict[int, tuple[CaseDiscussion, dt.date]] = {}
    for discussion, day in history:
        last[discussion.case_id] = (discussion, day)  # ordered by date: the latest wins
    by_item: dict[int, list[PackCase]] = defaultdict(list)
    for discussion, case in discussions:
        lead = agencies.get(case.lead_agency_id) if case.lead_agency_id else None
        referrer = agencies.get(case.referring_agency_id) if case.referring_agency_id else None
        before, last_on = last.get(discussion.case_id) or (None, None)
        by_item[discussion.agenda_item_id or 0].append(
            PackCase(
                discussion=discussion,
                case=case,
                lead_agency=lead.name if lead else "",
                last_discussed_on=last_on,
                last_risk=before.risk if before else None,
                last_summary=before.summary if before else "",
                last_decisions=before.decisions if before else "",
                last_outcome=before.outcome if before else None,
                referrer=referrer.name if referrer else "",
            )
        )
    # The actions of the cases on this agenda and the general ones; the rest of the series'
    # live actions are counted (they are in the action log), not listed.
    carried = actions_to_carry(db, meeting_id)
    on_agenda = set(case_ids)
    mine = tuple(a for a in carried if a.case_id is None or a.case_id in on_agenda)
    return AgendaPackData(
        meeting=meeting,
        partnership=values[settings_svc.PARTNERSHIP_NAME],
        chair=names.get(meeting.chair_id, "") if meeting.chair_id else "",
        minute_taker=names.get(meeting.minute_taker_id, "") if meeting.minute_taker_id else "",
        agenda=agenda,
        cases_by_item={k: tuple(v) for k, v in by_item.items()},
        carried_actions=mine,
        previous_meeting=previous,
        agencies=agencies,
        other_live_actions=len(carried) - len(mine),
    )
