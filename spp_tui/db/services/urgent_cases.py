"""An urgent case added on the day: the case made and put on the agenda item in one go.

Why one transaction: the chair adds it while discussing it, and the step may wait (the file
held, the server away: ``spp_tui.db.one_offs``) and be replayed from the journal; a case made
but not on the agenda (a crash between two writes, or a replay that found the first write's
mark) would be lost to the meeting. Its reference (PSG-2023-014) is allocated when it is
written, as for any new case.
"""

from __future__ import annotations

import datetime as dt

from spp_tui.db.database import Database
from spp_tui.db.models import stored_id
from spp_tui.db.services.cases import AgendaCase, new_case, put_on_agenda


def add_urgent_case(
    db: Database,
    meeting_id: int,
    agenda_item_id: int,
    title: str,
    *,
    location: str,
    ward: str,
    category: str,
    risk: str,
    lead_agency_id: int | None,
    operation: str,
    referred_on: dt.date,
) -> AgendaCase:
    """The case, referred on the meeting day, on ``agenda_item_id`` with the risk the chair
    gave it (this meeting's too)."""
    with db.write() as s:
        case = new_case(
            s,
            title,
            location=location,
            ward=ward,
            category=category,
            risk=risk,
            lead_agency_id=lead_agency_id,
            operation=operation,
            referred_on=referred_on,
        )
        discussion = put_on_agenda(s, meeting_id, stored_id(case), agenda_item_id, risk=risk)
        return AgendaCase(discussion, case)
