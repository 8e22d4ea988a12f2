"""The action dialog while the server is unreachable: an action the screen showed is edited
from that row (its version is the one checked when the edit is written), and the row as the
chair left it is shown meanwhile.

Why the row: the dialog cannot read the action then, and the chair must not lose the edit
or retype it once the server is back; a row on screen is what the chair was looking at, so
its version is the right one for the usual stale check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spp_tui.db.services.actions import ActionRow
from spp_tui.db.services.directory import PersonRow

#: What the heading adds while the server is unreachable.
KEPT_HEADING = "server unreachable: kept and saved when it is back"


def heading(shown: ActionRow | None) -> str:
    verb = "New action" if shown is None else f"Edit action {shown.reference}"
    return f"{verb} ({KEPT_HEADING})"


def owner_of(row: ActionRow) -> PersonRow | None:
    """The row's owner as the owner field takes one (the action's agency as theirs)."""
    if row.owner_id is None:
        return None
    return PersonRow(row.owner_id, row.owner_name, row.agency_id, row.agency_name, "", "")


def kept_row(
    shown: ActionRow, text: str, owner: PersonRow, agency_id: int | None, due: dt.date
) -> ActionRow:
    """The row as the chair left it, shown until the edit is written."""
    agency = owner.agency_name if agency_id == owner.agency_id else shown.agency_name
    return replace(
        shown,
        text=text,
        owner_id=owner.id,
        owner_name=owner.name,
        agency_id=agency_id,
        agency_name=agency,
        due_on=due,
    )
