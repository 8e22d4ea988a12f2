"""Redacted copies: no case party's name survives anywhere, professionals stay named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from export_reading import all_text, open_docx
from hypothesis import given
from hypothesis import strategies as st

from spp_tui.db.services import actions as action_svc
from spp_tui.db.services import cases as case_svc
from spp_tui.db.services import meetings, settings
from spp_tui.db.services.minutes_data import SENSITIVE_NAMES_KEY
from spp_tui.exports.actions import export_actions
from spp_tui.exports.minutes import export_minutes
from spp_tui.exports.redaction import AMBIGUOUS, Redactor

pytestmark = pytest.mark.both_engines  # services and exports on SQLite and PostgreSQL


def _name_forms(name: str) -> list[str]:
    """The full name and each of its words of 3+ letters other than a title."""
    words = [w for w in re.findall(r"[A-Za-z']+", name) if w.lower() not in {"mr", "mrs"}]
    return [name, *[w for w in words if len(w) >= 3]]


@pytest.fixture
def named_in_text(demo_db) -> int:
    """The March meeting, with party names written into free text all over the minutes:
    a party of another case, honorific forms, a possessive, capitals."""
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    entries = case_svc.meeting_cases(demo_db, march.id)
    case_svc.update_discussion(
        demo_db,
        entries[0].discussion.id,
        summary="Kevin Doyle was seen again; Mrs Pryce (a party of another case) rang. "
        "DOYLE denies it. Insp. Mark Dalton will speak to Doyle's landlord.",
        decisions="Warn Kevin Doyle; support Mr Anil Desai.",
    )
    action_svc.create_action(
        demo_db,
        "Visit Leah Sutton's family with Marcus Bell",
        None,
        None,
        case_id=entries[1].case.id,
        meeting_id=march.id,
        allow_incomplete=True,
    )
    meetings.update_meeting(
        demo_db,
        march.id,
        aob_notes="Carl Benton moved away; Tanya Reeve thanked partners.",
        previous_minutes_corrections="Shane Carver, not Shane Carter.",
    )
    return march.id


def test_no_party_name_survives_redaction_while_the_full_copy_has_them(
    demo_db, named_in_text: int, tmp_path: Path
):
    full = all_text(open_docx(export_minutes(demo_db, named_in_text, tmp_path / "full.docx")))
    redacted_path = export_minutes(demo_db, named_in_text, tmp_path / "red.docx", redact=True)
    redacted = all_text(open_docx(redacted_path))
    parties = case_svc.parties(demo_db)
    assert len(parties) >= 8
    for party in parties:
        assert party.name in full, f"{party.name} missing from the full minutes"
        for form in _name_forms(party.name):
            assert not re.search(rf"\b{re.escape(form)}\b", redacted), f"{form!r} survived"
    # Placeholders with roles, one per person, the same every time the person appears.
    assert "[Person 1 (" in redacted
    doyle = re.findall(r"\[Person \d+ \(suspect\)\]", redacted)
    assert doyle
    assert "Warn [Person" in redacted
    numbers = {int(n) for n in re.findall(r"\[Person (\d+)", redacted)}
    assert numbers == set(range(1, len(numbers) + 1))
    # Professionals stay named, and the copy says it is redacted.
    for professional in ("Sarah Whitfield", "Tom Okafor", "Insp. Mark Dalton", "Marcus Bell"):
        assert professional in redacted
    assert "REDACTED" in redacted


def test_same_person_same_placeholder_across_cases(demo_db, named_in_text: int, tmp_path: Path):
    redacted = all_text(
        open_docx(export_minutes(demo_db, named_in_text, tmp_path / "r.docx", redact=True))
    )
    # Kevin Doyle is named in a summary, a decision and his own case's "People named".
    kevin = {m for m in re.findall(r"(\[Person \d+ \(suspect\)\]) was seen again", redacted)}
    assert len(kevin) == 1
    placeholder = kevin.pop()
    assert f"Warn {placeholder}" in redacted
    assert redacted.count(placeholder) >= 3


def test_sensitive_names_from_the_settings_are_redacted(demo_db, tmp_path: Path):
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    meetings.update_meeting(demo_db, march.id, aob_notes="Councillor Jo Bloggs asked about CCTV.")
    settings.set_setting(demo_db, SENSITIVE_NAMES_KEY, "Jo Bloggs\n")
    text = all_text(open_docx(export_minutes(demo_db, march.id, tmp_path / "r.docx", redact=True)))
    assert "Bloggs" not in text
    assert re.search(r"Councillor \[Person \d+\] asked about CCTV", text)


def test_redacted_action_extract(demo_db, tmp_path: Path):
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    owner = next(p for p in meetings.attendance(demo_db, march.id) if p.agency_id)
    action_svc.create_action(
        demo_db, "Serve a CPW on Kevin Doyle", owner.person_id, march.date, meeting_id=march.id
    )
    full = all_text(
        open_docx(export_actions(demo_db, tmp_path / "a.docx", agency_id=owner.agency_id))
    )
    red = all_text(
        open_docx(
            export_actions(demo_db, tmp_path / "b.docx", agency_id=owner.agency_id, redact=True)
        )
    )
    assert "Kevin Doyle" in full
    assert "Doyle" not in red and "[Person 1 (suspect)]" in red
    assert owner.name in red


# --- the Redactor itself ----------------------------------------------------------------


@pytest.fixture
def redactor() -> Redactor:
    return Redactor(
        [
            ("Kevin Doyle", "suspect"),
            ("Mrs Edna Pryce", "victim"),
            ("Sharon Doyle", "resident"),
            ("Mark Bell", "witness"),
            ("Kevin Doyle", "suspect"),  # a party of two cases: one person
        ],
        keep=["Insp. Mark Dalton", "Marcus Bell"],
    )


def test_forms_of_a_name(redactor: Redactor):
    text = "Edna Pryce rang. Mrs Pryce, mrs  edna pryce and MRS PRYCE; Pryce's dog; Edna."
    assert redactor.redact(text) == (
        "[Person 1 (victim)] rang. [Person 1 (victim)], [Person 1 (victim)] and "
        "[Person 1 (victim)]; [Person 1 (victim)]'s dog; [Person 1 (victim)]."
    )


def test_numbering_follows_first_appearance_and_is_consistent(redactor: Redactor):
    assert redactor.redact("Mark Bell saw Kevin Doyle.") == (
        "[Person 1 (witness)] saw [Person 2 (suspect)]."
    )
    assert redactor.redact("Kevin Doyle again") == "[Person 2 (suspect)] again"
    assert redactor.placeholder("Mrs Edna Pryce") == "[Person 3 (victim)]"


def test_shared_surname_is_not_guessed(redactor: Redactor):
    assert redactor.redact("Doyle and DOYLE") == f"{AMBIGUOUS} and {AMBIGUOUS}"
    assert "Sharon" not in redactor.redact("Sharon called")


def test_professionals_and_references_stay(redactor: Redactor):
    text = (
        "Insp. Mark Dalton and Marcus Bell met at PSG-2023-014 about the door bell; ref A-2023-031."
    )
    assert redactor.redact(text) == text
    assert redactor.redact("Mark said") == "[Person 1 (witness)] said"  # a lone party first name


@given(
    st.lists(
        st.sampled_from(["the", "visit", "said", "Mr", "Mrs", "on", ",", ".", "and", "met", "PC"]),
        max_size=6,
    ),
    st.lists(
        st.sampled_from(["the", "visit", "said", "-", "(", ")", ";", "saw", "Ms", "Insp."]),
        max_size=6,
    ),
    st.sampled_from(["Kevin Doyle", "KEVIN DOYLE", "kevin doyle", "Kevin  Doyle", "Mrs Pryce"]),
)
def test_property_a_name_between_any_words_is_redacted(before, after, name):
    redactor = Redactor([("Kevin Doyle", "suspect"), ("Mrs Edna Pryce", "victim")])
    text = " ".join([*before, name, *after])
    result = redactor.redact(text)
    assert "doyle" not in result.lower() and "pryce" not in result.lower()
    assert "[Person 1 (" in result
