"""Stable human references: PSG-2023-014 for cases, A-2023-031 for actions.

Numbers come from a counter row per series and year (``ReferenceCounter``) bumped inside the
saving transaction: writers hold the write lock (``Database.write``), and the UPDATE itself
would serialise them anyway, so no two saves get the same number, on any engine and under any
collation (the old MAX() over the reference strings depended on both).
"""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlmodel import Session, col

from spp_tui.db.models import Action, Case

_CREATE = (
    "INSERT INTO referencecounter (series, year, last_number) VALUES (:series, :year, :start) "
    "ON CONFLICT (series, year) DO NOTHING"
)
_BUMP = (
    "UPDATE referencecounter SET last_number = last_number + :count "
    "WHERE series = :series AND year = :year"
)
_READ = "SELECT last_number FROM referencecounter WHERE series = :series AND year = :year"


def reserve_numbers(session: Session, series: str, year: int, count: int = 1) -> int:
    """Take ``count`` consecutive numbers in ``series`` for ``year``; returns the first."""
    key = {"series": series, "year": year}
    if session.execute(text(_READ), key).scalar() is None:
        catch_up(session, series, year)
    session.execute(text(_BUMP), {**key, "count": count})
    last = session.execute(text(_READ), key).scalar_one()
    return int(last) - count + 1


def catch_up(session: Session, series: str, year: int) -> None:
    """Make the counter at least the highest number stored (rows written in bulk by the large
    demo, or arriving from another store, do not go through ``reserve_numbers``)."""
    table = Case if series == "PSG" else Action
    highest = _highest_stored(session, table, series, year)
    params = {"series": series, "year": year, "start": highest}
    session.execute(text(_CREATE), params)
    session.execute(
        text(
            "UPDATE referencecounter SET last_number = :start "
            "WHERE series = :series AND year = :year AND last_number < :start"
        ),
        params,
    )


def catch_up_all(session: Session) -> None:
    """``catch_up`` for every series and year that has a stored reference."""
    for series, table in (("PSG", Case), ("A", Action)):
        years = set()
        for reference in session.execute(select(col(table.reference))).scalars():
            parts = str(reference).split("-")
            if len(parts) == 3 and parts[1].isdigit():
                years.add(int(parts[1]))
        for year in sorted(years):
            catch_up(session, series, year)


def _highest_stored(session: Session, table: type, series: str, year: int) -> int:
    """The highest number already used (a first counter for a year after ``db copy`` or an
    import). Prefix equality, not a string range: the same on every collation."""
    prefix = f"{series}-{year}-"
    column = table.reference  # type: ignore[attr-defined]
    rows = session.execute(
        select(column).where(func.substr(column, 1, len(prefix)) == prefix)
    ).scalars()
    numbers = (r[len(prefix) :] for r in rows)
    return max((int(n) for n in numbers if n.isdigit()), default=0)


def next_case_reference(session: Session, year: int) -> str:
    return f"PSG-{year}-{reserve_numbers(session, 'PSG', year):03d}"


def next_action_reference(session: Session, year: int) -> str:
    return f"A-{year}-{reserve_numbers(session, 'A', year):03d}"
