"""Circulating the demo's minutes: the right copy per agency, read back from the Word files."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from docx import Document

from spp_tui.db.services import actions, cases, directory, meetings
from spp_tui.db.services.audit_log import audit_entries
from spp_tui.db.services.distribution import (
    add_recipient,
    distribution_list,
    remove_recipient,
    set_recipient_email,
    set_signed_isa,
)
from spp_tui.errors import ExportError, NotFoundError, ValidationError
from spp_tui.exports.circulation import COVERING_LIST, circulate

pytestmark = pytest.mark.both_engines  # services and exports on SQLite and PostgreSQL


def docx_text(path: Path) -> str:
    """Every piece of text a reader could see: body, tables (nested too), headers, footers."""
    document = Document(str(path))
    parts: list[str] = []

    def walk(container) -> None:  # noqa: ANN001 - a document, cell, header or footer
        parts.extend(p.text for p in container.paragraphs)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(document)
    for section in document.sections:
        walk(section.header)
        walk(section.footer)
    return "\n".join(parts)


def party_words(db) -> set[str]:
    """Each party's full name and surname: none may appear in a redacted copy."""
    words: set[str] = set()
    for party in cases.parties(db):
        words.add(party.name)
        words.add(party.name.split()[-1])
    return words


@pytest.fixture
def march(demo_db):
    return meetings.resolve_meeting(demo_db, "2023-03-07")


def test_one_file_set_per_agency_redacted_where_the_agency_has_not_signed(
    demo_db, march, tmp_path: Path
) -> None:
    out = tmp_path / "circulation"
    result = circulate(demo_db, march.id, out)
    recipients = distribution_list(demo_db, "PSG")
    assert len(recipients) == 14 and {r.redacted for r in recipients} == {True, False}
    assert [s.recipient.agency_id for s in result.sets] == [r.agency_id for r in recipients]
    secret = party_words(demo_db)
    assert "Kevin Doyle" in secret  # named in the Towler Street summary of this meeting

    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(folders) == len(recipients)
    for files in result.sets:
        r = files.recipient
        assert sorted(p.name for p in files.folder.iterdir()) == sorted(
            [files.minutes.name, files.actions.name]
        )
        minutes = docx_text(files.minutes)
        extract = docx_text(files.actions)
        assert "Tuesday 7 March 2023" in minutes
        owned = actions.list_actions(
            demo_db, actions.ActionFilter(status="live", agency_id=r.agency_id)
        )
        assert files.open_actions == len(owned)
        assert set(re.findall(r"A-\d{4}-\d{3}", extract)) == {a.reference for a in owned}
        if r.redacted:
            assert files.minutes.name.endswith("-redacted.docx")
            leaked = {w for w in secret if re.search(rf"\b{re.escape(w)}\b", minutes + extract)}
            assert leaked == set(), (r.agency_name, leaked)
        else:
            assert not files.minutes.name.endswith("-redacted.docx")
            assert "Kevin Doyle" in minutes
        if os.name == "posix":
            assert stat.S_IMODE(files.minutes.stat().st_mode) == 0o600


def test_the_covering_list_says_who_gets_what_at_which_address(
    demo_db, march, tmp_path: Path
) -> None:
    result = circulate(demo_db, march.id, tmp_path / "out")
    text = (tmp_path / "out" / COVERING_LIST).read_text(encoding="utf-8")
    assert text.startswith("OFFICIAL-SENSITIVE\n") and "Nothing has been emailed" in text
    for files in result.sets:
        r = files.recipient
        block = text.split(f". {r.agency_name}\n", 1)[1].split("\n\n", 1)[0]
        assert f"to:    {r.email}" in block
        assert ("redacted minutes" in block) == r.redacted
        assert files.minutes.relative_to(result.out).as_posix() in block
        assert files.actions.relative_to(result.out).as_posix() in block
    # The demo minutes still have gaps: circulating warns (in the list too), it does not block.
    assert any("4 gaps remain" in w for w in result.warnings)
    assert "4 gaps remain" in text
    assert any(e.operation == "export" for e in audit_entries(demo_db, "meeting", march.id))


def test_the_list_per_series_email_override_and_isa_change(demo_db, march, tmp_path) -> None:
    watch = directory.find_agency(demo_db, "Neighbourhood Watch")
    assert not watch.signed_isa
    set_recipient_email(demo_db, "PSG", watch.id, "secure@nhw.example.org")
    set_signed_isa(demo_db, watch.id, True)
    police = directory.find_agency(demo_db, "Police")
    remove_recipient(demo_db, "PSG", police.id)
    result = circulate(demo_db, march.id, tmp_path / "out")
    by_agency = {s.recipient.agency_id: s for s in result.sets}
    assert police.id not in by_agency
    assert by_agency[watch.id].recipient.email == "secure@nhw.example.org"
    assert not by_agency[watch.id].minutes.name.endswith("-redacted.docx")
    # The Youth PSG list is separate and unchanged.
    youth = {r.agency_id: r for r in distribution_list(demo_db, "Youth PSG")}
    assert police.id in youth and youth[watch.id].email == watch.email


def test_refusals_are_one_clear_line_and_write_nothing(demo_db, march, tmp_path: Path) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "old-minutes.docx").write_bytes(b"old")
    with pytest.raises(ExportError, match="not empty"):
        circulate(demo_db, march.id, used)
    with pytest.raises(ValidationError, match="has not been held"):
        circulate(demo_db, meetings.resolve_meeting(demo_db, "next").id, tmp_path / "a")
    extraordinary = meetings.create_meeting(demo_db, "Extraordinary PSG", march.date)
    meetings.start_meeting(demo_db, extraordinary.id)
    meetings.end_meeting(demo_db, extraordinary.id)
    with pytest.raises(ValidationError, match="distribution list is empty"):
        circulate(demo_db, extraordinary.id, tmp_path / "b")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    watch = directory.find_agency(demo_db, "Neighbourhood Watch")
    with pytest.raises(ValidationError, match="already on the PSG"):
        add_recipient(demo_db, "PSG", watch.id)
    with pytest.raises(ValidationError, match="email address"):
        add_recipient(demo_db, "Extraordinary PSG", watch.id, email="not an address")
    with pytest.raises(ValidationError, match="not a meeting series"):
        distribution_list(demo_db, "Board")
    remove_recipient(demo_db, "PSG", watch.id)
    with pytest.raises(NotFoundError):
        remove_recipient(demo_db, "PSG", watch.id)


def test_a_failure_half_way_says_the_folder_is_incomplete(
    demo_db, march, tmp_path: Path, monkeypatch
) -> None:
    import spp_tui.exports.actions as action_export

    real = action_export.export_actions
    calls = []

    def fail_on_the_third(db, out=None, **kwargs):  # noqa: ANN001, ANN202
        calls.append(kwargs["agency_id"])
        if len(calls) == 3:
            raise ExportError("the file is open in Word")
        return real(db, out, **kwargs)

    monkeypatch.setattr(action_export, "export_actions", fail_on_the_third)
    out = tmp_path / "out"
    with pytest.raises(ExportError) as caught:
        circulate(demo_db, march.id, out)
    assert str(caught.value) == (
        f"the file is open in Word; {out} now holds an incomplete set: delete it and "
        "circulate again."
    )
    assert not (out / COVERING_LIST).exists()
