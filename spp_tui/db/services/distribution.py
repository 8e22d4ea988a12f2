"""Who receives each meeting series' minutes, and whether they may see the unredacted copy.

The list is per series (PSG, Youth PSG, Extraordinary PSG): the Youth PSG goes to schools and
the youth service, not necessarily to every PSG partner. Whether an agency has signed the
information-sharing agreement (ISA) is a fact about the agency, kept on ``Agency.signed_isa``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from spp_tui.db.database import Database
from spp_tui.db.models import Agency, DistributionEntry, MeetingKind, id_col, stored_id
from spp_tui.db.services._audit import apply_changes, audit, fetch, snapshot
from spp_tui.errors import NotFoundError, ValidationError


@dataclass(frozen=True)
class Recipient:
    """One agency on a series' list, with the address and copy it gets."""

    entry_id: int
    series: str
    agency_id: int
    agency_name: str
    short_name: str
    #: The series' own address if one was given, else the agency's.
    email: str
    signed_isa: bool

    @property
    def redacted(self) -> bool:
        """Agencies without a signed ISA get names replaced (s115, minimum necessary)."""
        return not self.signed_isa

    @property
    def label(self) -> str:
        return self.short_name or self.agency_name


def _series(series: str) -> str:
    try:
        return MeetingKind(series).value
    except ValueError:
        kinds = ", ".join(k.value for k in MeetingKind)
        raise ValidationError(f"'{series}' is not a meeting series; use one of: {kinds}.") from None


def _clean_email(email: str) -> str:
    email = email.strip()
    if email and ("@" not in email or " " in email or email.startswith("@")):
        raise ValidationError(f"'{email}' does not look like an email address.")
    return email


def _recipient(entry: DistributionEntry, agency: Agency) -> Recipient:
    return Recipient(
        entry_id=stored_id(entry),
        series=entry.series,
        agency_id=stored_id(agency),
        agency_name=agency.name,
        short_name=agency.short_name,
        email=entry.email or agency.email,
        signed_isa=agency.signed_isa,
    )


def distribution_list(db: Database, series: str) -> list[Recipient]:
    """The series' recipients, by agency name."""
    series = _series(series)
    with db.read() as s:
        rows = s.exec(
            select(DistributionEntry, Agency)
            .join(Agency, col(Agency.id) == DistributionEntry.agency_id)
            .where(DistributionEntry.series == series)
            .order_by(col(Agency.name))
        ).all()
    return [_recipient(entry, agency) for entry, agency in rows]


def _entry(s: Session, series: str, agency_id: int) -> DistributionEntry | None:
    return s.exec(
        select(DistributionEntry).where(
            DistributionEntry.series == series, DistributionEntry.agency_id == agency_id
        )
    ).first()


def add_recipient(db: Database, series: str, agency_id: int, email: str = "") -> Recipient:
    """Put an agency on the series' list (``email`` only if it differs from the agency's)."""
    series = _series(series)
    email = _clean_email(email)
    with db.write() as s:
        agency = fetch(s, Agency, agency_id)
        if _entry(s, series, agency_id) is not None:
            raise ValidationError(f"{agency.name} is already on the {series} distribution list.")
        entry = DistributionEntry(series=series, agency_id=agency_id, email=email)
        s.add(entry)
        s.flush()
        audit(
            s,
            "distribution",
            entry.id,
            "create",
            f"{agency.name} added to the {series} distribution list",
            after=snapshot(entry),
        )
        return _recipient(entry, agency)


def remove_recipient(db: Database, series: str, agency_id: int) -> None:
    series = _series(series)
    with db.write() as s:
        agency = fetch(s, Agency, agency_id)
        entry = _entry(s, series, agency_id)
        if entry is None:
            raise NotFoundError(f"{agency.name} is not on the {series} distribution list.")
        audit(
            s,
            "distribution",
            entry.id,
            "delete",
            f"{agency.name} removed from the {series} distribution list",
            before=snapshot(entry),
        )
        s.delete(entry)


def set_recipient_email(db: Database, series: str, agency_id: int, email: str) -> Recipient:
    """Give the series its own address for this agency ('' goes back to the agency's)."""
    series = _series(series)
    email = _clean_email(email)
    with db.write() as s:
        agency = fetch(s, Agency, agency_id)
        entry = _entry(s, series, agency_id)
        if entry is None:
            raise NotFoundError(f"{agency.name} is not on the {series} distribution list.")
        apply_changes(
            s, entry, {"email": email}, summary=f"{series} email for {agency.name} changed"
        )
        return _recipient(entry, agency)


def set_signed_isa(db: Database, agency_id: int, signed: bool) -> Agency:
    """Record that an agency signed (or withdrew from) the information-sharing agreement."""
    with db.write() as s:
        agency = fetch(s, Agency, agency_id)
        apply_changes(
            s,
            agency,
            {"signed_isa": signed},
            summary=f"{agency.name} {'signed' if signed else 'has not signed'} the ISA",
        )
        return agency


def fill_from_partners(db: Database, series: str) -> int:
    """Add every partner agency not yet on the list (a starting point to prune); returns
    how many were added."""
    series = _series(series)
    with db.read() as s:
        on_list = set(
            s.exec(
                select(DistributionEntry.agency_id).where(DistributionEntry.series == series)
            ).all()
        )
        partners = s.exec(
            select(id_col(Agency.id))
            .where(col(Agency.is_partner).is_(True))
            .order_by(col(Agency.name))
        ).all()
    added = 0
    for agency_id in partners:
        if agency_id not in on_list:
            add_recipient(db, series, agency_id)
            added += 1
    return added
