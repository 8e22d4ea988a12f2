"""Redaction for wider circulation (s115, minimum necessary), with no UI in it.

Public API (exports, the redaction review, and on-screen masking on a projector)::

    redactor = Redactor.for_meeting(db, meeting_id)   # every recorded name, places kept
    redactor.redact("Kevin Doyle's dog")               # -> "[Person 1 (suspect)]'s dog"

The meeting's own parties are numbered in agenda order, so a placeholder is the same in
every copy and on every screen; ``redact`` is one pass and idempotent (a placeholder is
never redacted again). What is matched and what is kept: see ``spp_tui.names``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spp_tui.names import (  # noqa: F401 - the public names of the engine
    AMBIGUOUS,
    Replacement,
    core,
    fold,
    key,
    words,
)
from spp_tui.names import (
    Redactor as _Engine,
)

if TYPE_CHECKING:
    from spp_tui.db.database import Database


class Redactor(_Engine):
    """The engine, loaded from the database by ``for_meeting``."""

    @classmethod
    def for_meeting(
        cls, db: Database, meeting_id: int | None = None, *, record: bool = False
    ) -> Redactor:
        """Every recorded name (parties, sensitive names, names reviewed as a party), the
        professionals and places to keep; the meeting's parties numbered in agenda order."""
        from spp_tui.db.services.redaction_names import redaction_names

        names = redaction_names(db, meeting_id)
        return cls(
            ((p.name, p.role) for p in names.parties),
            keep=names.professional_names,
            extra=names.sensitive_names,
            places=names.places,
            order=names.order,
            record=record,
        )
