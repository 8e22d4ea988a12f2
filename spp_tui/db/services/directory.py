"""Partner agencies and their named people, reused from meeting to meeting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import col, func, select

from spp_tui.db.database import Database
from spp_tui.db.models import Agency, Person, stored_id
from spp_tui.db.services._audit import audit, fetch, snapshot
from spp_tui.db.services._like import like_pattern
from spp_tui.errors import ValidationError


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    agency_id: int | None
    agency_name: str
    role: str
    email: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.agency_name})" if self.agency_name else self.name


def list_agencies(db: Database, partners_only: bool = False) -> list[Agency]:
    with db.read() as s:
        query = select(Agency).order_by(col(Agency.name))
        if partners_only:
            query = query.where(col(Agency.is_partner).is_(True))
        return list(s.exec(query))


def add_agency(
    db: Database,
    name: str,
    short_name: str = "",
    email: str = "",
    signed_isa: bool = False,
    is_partner: bool = True,
) -> Agency:
    name = name.strip()
    if not name:
        raise ValidationError("an agency needs a name.")
    with db.write() as s:
        existing = s.exec(select(Agency).where(func.lower(Agency.name) == name.lower())).first()
        if existing:
            raise ValidationError(f"the agency {existing.name} already exists.")
        agency = Agency(
            name=name,
            short_name=short_name.strip(),
            email=email.strip(),
            signed_isa=signed_isa,
            is_partner=is_partner,
        )
        s.add(agency)
        s.flush()
        audit(s, "agency", agency.id, "create", f"agency {name} added", after=snapshot(agency))
        return agency


def find_agency(db: Database, text: str) -> Agency | None:
    """Match an agency by exact name, short name, or a unique part of the name."""
    matches = agency_matches(list_agencies(db), text)
    return matches[0] if len(matches) == 1 else None


def agency_matches(agencies: Iterable[Agency], text: str) -> list[Agency]:
    """The agencies ``text`` names: the one of that exact name or short name, else every one
    whose name holds it (one: that agency; several: ambiguous; none: not known)."""
    needle = text.strip().lower()
    if not needle:
        return []
    agencies = list(agencies)
    for agency in agencies:
        if needle in (agency.name.lower(), agency.short_name.lower()):
            return [agency]
    return [a for a in agencies if needle in a.name.lower()]


def _person_rows(rows: Iterable[tuple[Person, str | None]]) -> list[PersonRow]:
    return [
        PersonRow(stored_id(p), p.name, p.agency_id, agency_name or "", p.role, p.email)
        for p, agency_name in rows
    ]


def list_people(db: Database, active_only: bool = True) -> list[PersonRow]:
    with db.read() as s:
        query = (
            select(Person, Agency.name)
            .join(Agency, col(Agency.id) == Person.agency_id, isouter=True)
            .order_by(col(Person.name))
        )
        if active_only:
            query = query.where(col(Person.active).is_(True))
        return _person_rows(s.exec(query))


def get_person(db: Database, person_id: int) -> PersonRow:
    with db.read() as s:
        person = fetch(s, Person, person_id)
        agency = s.get(Agency, person.agency_id) if person.agency_id else None
        return PersonRow(
            stored_id(person),
            person.name,
            person.agency_id,
            agency.name if agency else "",
            person.role,
            person.email,
        )


def add_person(
    db: Database, name: str, agency_id: int | None, role: str = "", email: str = ""
) -> PersonRow:
    name = name.strip()
    if not name:
        raise ValidationError("a person needs a name.")
    with db.write() as s:
        agency = fetch(s, Agency, agency_id) if agency_id else None
        person = Person(name=name, agency_id=agency_id, role=role.strip(), email=email.strip())
        s.add(person)
        s.flush()
        audit(s, "person", person.id, "create", f"person {name} added", after=snapshot(person))
        return PersonRow(
            stored_id(person),
            person.name,
            agency_id,
            agency.name if agency else "",
            person.role,
            person.email,
        )


def search_people(db: Database, text: str, limit: int = 20) -> list[PersonRow]:
    """People whose name or agency contains ``text`` (case-insensitive), for autocomplete."""
    needle = like_pattern(text.strip()).lower()
    with db.read() as s:
        query = (
            select(Person, Agency.name)
            .join(Agency, col(Agency.id) == Person.agency_id, isouter=True)
            .where(col(Person.active).is_(True))
            .where(
                func.lower(Person.name).like(needle, escape="\\")
                | func.lower(func.coalesce(Agency.name, "")).like(needle, escape="\\")
                | func.lower(func.coalesce(Agency.short_name, "")).like(needle, escape="\\")
            )
            .order_by(col(Person.name))
            .limit(limit)
        )
        return _person_rows(s.exec(query))
