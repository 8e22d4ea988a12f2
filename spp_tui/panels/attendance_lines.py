"""The attendance panel's words (``spp_tui.panels.attendance``): its summary, who is missing,
a person's role and status, the agency column at the table's width, and the highlighted
person whole."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.cells import cell_len

from spp_tui.vocabulary import AttendanceRole

if TYPE_CHECKING:
    from spp_tui.db.services.attendance import AttendanceRow
    from spp_tui.db.services.meetings import AttendanceSummary


def summary_line(summary: AttendanceSummary) -> str:
    return f"Present {summary.present} · Apologies {summary.apologies} · Absent {summary.absent}"


def missing_line(summary: AttendanceSummary) -> str:
    if not summary.missing_agencies:
        return "Every partner agency is represented."
    names = ", ".join(summary.missing_agencies)
    return f"Not represented ({len(summary.missing_agencies)}): {names}"


def role_text(row: AttendanceRow, references: dict[int, str] | None = None) -> str:
    if row.role == AttendanceRole.DEPUTY:
        return f"deputy for {row.deputy_for_name}" if row.deputy_for_name else "deputy"
    if row.role == AttendanceRole.INVITED and row.invited_for_case_id:
        reference = (references or {}).get(row.invited_for_case_id, "one case")
        return f"guest for {reference}"
    return row.role


def agency_cells(rows: list[AttendanceRow], room: int, other_cells: list[list[str]]) -> list[str]:
    """Each row's agency as the table shows it: the full names when every column fits in
    ``room`` cells, else each agency's short name (``PCC``) where it has one, so the column is
    not cut at 80 columns (issue 13 item 9); the line under the table names it whole."""
    full = [row.agency_name for row in rows]
    columns = [*zip(*other_cells, strict=True), full] if rows else []
    need = sum(max(map(cell_len, column), default=0) + 2 for column in columns)
    if need <= room:
        return full
    return [row.agency_short or row.agency_name for row in rows]


def attendee_detail(row: AttendanceRow, references: dict[int, str]) -> str:
    """The highlighted person whole: name, role and agency, however narrow the table."""
    agency = row.agency_name or "no agency recorded"
    return f"{row.name} · {role_text(row, references)} · {agency}"


def status_text(row: AttendanceRow) -> str:
    """``present``, or ``left 10:42`` once a guest has gone (said in words, not colour)."""
    if row.left_at is None:
        return row.status
    left = row.left_at if row.left_at.tzinfo else row.left_at.replace(tzinfo=dt.UTC)
    return f"left {left.astimezone().strftime('%H:%M')}"
