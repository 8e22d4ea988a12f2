"""Stored as typed (issue 12 item 2): any text through any service comes back as typed, in
NFC; what cannot be stored (lone surrogates, NUL) comes back as a visible U+FFFD, never a
crash."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spp_tui.db.database import Database
from spp_tui.db.services import actions, cases, directory, meetings
from spp_tui.text import REPLACEMENT, decoded_input, stored_text

#: Any character, plus the ones that break things: lone surrogates, NUL, ESC, bidi overrides,
#: ZWJ, combining accents.
HOSTILE_CHARS = ["\ud800", "\udfff", "\ud83d", "\x00", "\x1b", "\u202e", "\u200d", "\u0301"]
ANY_TEXT = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(HOSTILE_CHARS)), max_size=60)


@given(ANY_TEXT)
def test_stored_text_is_storable_nfc_and_idempotent(typed: str) -> None:
    kept = stored_text(typed)
    kept.encode("utf-8")  # never raises: no lone surrogate left
    assert "\x00" not in kept
    assert unicodedata.is_normalized("NFC", kept)
    assert stored_text(kept) == kept


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_text_that_can_be_stored_is_stored_as_typed_up_to_nfc(typed: str) -> None:
    assert stored_text(typed) == unicodedata.normalize("NFC", typed)


def test_what_cannot_be_stored_is_replaced_visibly() -> None:
    assert stored_text("Mrs P\ud800ryce") == f"Mrs P{REPLACEMENT}ryce"
    assert stored_text("a\x00b") == f"a{REPLACEMENT}b"
    assert stored_text("\ud83d\udea8") == "🚨"  # a pair split in two is the emoji again
    assert stored_text("e\u0301") == "é"
    zwj = "👮🏽\u200d♀️"
    assert stored_text(zwj) == zwj  # a ZWJ sequence is kept exactly
    assert decoded_input("£5".encode("latin-1")) == f"{REPLACEMENT}5"


@pytest.fixture
def place(demo_db: Database) -> tuple[int, int, int]:
    scheduled = next(m.id for m in meetings.list_meetings(demo_db) if m.status == "scheduled")
    owner = directory.list_people(demo_db)[0].id
    case = cases.create_case(demo_db, "Henry Street noise").id
    return scheduled, owner, case


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=ANY_TEXT.filter(lambda t: stored_text(t).strip()))
def test_any_text_round_trips_through_the_services(
    demo_db: Database, place: tuple[int, int, int], typed: str
) -> None:
    scheduled, owner, case_id = place
    expected = stored_text(typed)
    meetings.update_meeting(demo_db, scheduled, aob_notes=typed)
    assert meetings.get_meeting(demo_db, scheduled).aob_notes == expected
    cases.update_case(demo_db, case_id, scanning=typed)
    assert cases.get_case(demo_db, case_id).scanning == expected
    party = cases.add_party(demo_db, case_id, "Zoë " + typed.strip()[:20] or "x", notes=typed)
    stored_party = next(p for p in cases.parties(demo_db, [case_id]) if p.id == party.id)
    assert stored_party.notes == expected
    action = actions.create_action(demo_db, typed, owner, dt.date(2023, 5, 2), meeting_id=scheduled)
    assert actions.get_action(demo_db, action.id).text == stored_text(typed.strip())
    # The audit trail holds it storable too (its CSV is written without a crash).
    from spp_tui.db.services.audit_log import audit_csv, audit_entries

    audit_csv(audit_entries(demo_db, "meeting", scheduled)).encode("utf-8")
