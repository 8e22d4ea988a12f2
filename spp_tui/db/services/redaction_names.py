"""The redaction engine loaded with the database's names (for services below the exports).

``spp_tui.exports.redaction.Redactor.for_meeting`` is the public way in; services in this
layer (the readiness check, the name review) build the same engine here.
"""

from __future__ import annotations

from spp_tui.db.database import Database
from spp_tui.names import Redactor


def meeting_redactor(db: Database, meeting_id: int | None = None, **options: bool) -> Redactor:
    """Every recorded name, professional and place, as ``Redactor.for_meeting`` loads them."""
    from spp_tui.db.services.minutes_data import redaction_names

    names = redaction_names(db, meeting_id)
    return Redactor(
        ((p.name, p.role) for p in names.parties),
        keep=names.professional_names,
        extra=names.sensitive_names,
        places=names.places,
        order=names.order,
        **options,
    )
