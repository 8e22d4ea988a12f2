"""One search box over everything a chair may need to jump to mid-meeting.

Cases (reference, title, location, ward, operation), actions (reference, text), people (name, role,
agency) and meetings (date, kind, venue). Each kind is one LIKE query with a LIMIT, so a search
costs four short statements however large the database is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlmodel import String, cast, col, select
from sqlmodel.sql.expression import Select

from spp_tui.db.database import Database
from spp_tui.db.models import Action, Agency, Case, Meeting, Person, id_col
from spp_tui.db.services._like import contains

KINDS = ("case", "action", "person", "meeting")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class SearchHit:
    """Something the search found: what it is, its id, and how to show it."""

    kind: str  # case / action / person / meeting
    id: int
    label: str
    detail: str = ""


def search(db: Database, text: str, limit: int = 8) -> list[SearchHit]:
    """Up to ``limit`` matches of each kind for ``text`` (case-insensitive, anywhere)."""
    text = " ".join(text.split())
    if not text:
        return []
    sqlite = db.is_sqlite
    hits: list[SearchHit] = []
    with db.read() as s:
        # Select() itself, as select() does for several columns: select() is typed up to four.
        case_columns: Select[int, str, str, str, str, str, str] = Select(
            id_col(Case.id),
            col(Case.reference),
            col(Case.title),
            col(Case.location),
            col(Case.status),
            col(Case.risk),
            col(Case.operation),
        )
        cases = s.exec(
            case_columns.where(
                contains(Case.reference, text, sqlite=sqlite)
                | contains(Case.title, text, sqlite=sqlite)
                | contains(Case.location, text, sqlite=sqlite)
                | contains(Case.ward, text, sqlite=sqlite)
                | contains(Case.operation, _operation_words(text), sqlite=sqlite)
            )
            .order_by(col(Case.reference).desc())
            .limit(limit)
        ).all()
        hits += [
            SearchHit(
                "case",
                cid,
                f"{ref} {title}",
                " · ".join(
                    part
                    for part in (location, status, f"{risk} risk", op and f"Operation {op}")
                    if part
                ),
            )
            for cid, ref, title, location, status, risk, op in cases
        ]
        action_columns: Select[int, str, str, str, dt.date | None] = Select(
            id_col(Action.id),
            col(Action.reference),
            col(Action.text),
            col(Action.status),
            col(Action.due_on),
        )
        actions = s.exec(
            action_columns.where(
                contains(Action.reference, text, sqlite=sqlite)
                | contains(Action.text, text, sqlite=sqlite)
            )
            .order_by(col(Action.reference).desc())
            .limit(limit)
        ).all()
        hits += [
            SearchHit(
                "action",
                aid,
                f"{ref} {_shorten(body)}",
                f"{status}" + (f", due {due:%d %b %Y}" if due else ""),
            )
            for aid, ref, body, status, due in actions
        ]
        people = s.exec(
            select(id_col(Person.id), col(Person.name), col(Person.role), col(Agency.name))
            .join(Agency, col(Agency.id) == Person.agency_id, isouter=True)
            .where(
                contains(Person.name, text, sqlite=sqlite)
                | contains(Person.role, text, sqlite=sqlite)
            )
            .order_by(col(Person.name))
            .limit(limit)
        ).all()
        hits += [
            SearchHit("person", pid, name, ", ".join(p for p in (role, agency or "") if p))
            for pid, name, role, agency in people
        ]
        date_text = _date_fragment(text)
        meeting_match = contains(Meeting.kind, text, sqlite=sqlite) | contains(
            Meeting.venue, text, sqlite=sqlite
        )
        if date_text:
            meeting_match = meeting_match | contains(
                cast(Meeting.date, String), date_text, sqlite=sqlite
            )
        meeting_columns: Select[int, str, dt.date, str, str] = Select(
            id_col(Meeting.id),
            col(Meeting.kind),
            col(Meeting.date),
            col(Meeting.status),
            col(Meeting.venue),
        )
        meetings = s.exec(
            meeting_columns.where(meeting_match).order_by(col(Meeting.date).desc()).limit(limit)
        ).all()
        hits += [
            SearchHit("meeting", mid, f"{kind} {day:%d %b %Y}", f"{status}, {venue}".strip(", "))
            for mid, kind, day, status, venue in meetings
        ]
    return hits


def _operation_words(text: str) -> str:
    """ "Operation Electron" finds the cases of Electron (the word is not stored)."""
    rest = text[len("operation ") :] if text.lower().startswith("operation ") else text
    return rest.strip() or text


def _shorten(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _date_fragment(text: str) -> str | None:
    """The ISO form of a date the user typed (2023-04-04, 4/4/2023, 4 April 2023, April 2023,
    2023-04), to match against stored meeting dates; None if it is not date-like."""
    lowered = text.lower().strip()
    # ASCII digits only: "²" is a digit to str.isdigit and to an unflagged \d, not to int().
    if re.fullmatch(r"\d{4}(-\d{1,2}(-\d{1,2})?)?", lowered, re.ASCII):
        parts = lowered.split("-")
        return "-".join([parts[0], *(p.zfill(2) for p in parts[1:])])
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", lowered, re.ASCII)
    if found:
        day, month, year = (int(g) for g in found.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    words = lowered.replace(",", " ").split()
    months = [_MONTHS[w] for w in words if w in _MONTHS]
    if len(months) != 1:
        return None
    numbers = [w for w in words if w.isascii() and w.isdigit()]
    named_year = next((int(n) for n in numbers if len(n) == 4), None)
    named_day = next((int(n) for n in numbers if len(n) <= 2), None)
    mm = f"{months[0]:02d}"
    if named_year and named_day:
        return f"{named_year}-{mm}-{named_day:02d}"
    if named_year:
        return f"{named_year}-{mm}"
    if named_day:
        return f"-{mm}-{named_day:02d}"
    return f"-{mm}-"
