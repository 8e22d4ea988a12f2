"""Every redacted output, every part of it (issue 14, part 3): minutes, action log, agency
extracts, the agenda pack, circulate folders (covering list, file names, console); and
every export's own properties (no template leftovers, classification, spp-tui, en-GB)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from cli_run import run_cli
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from leak_scan import leaks, name_words, part_texts
from test_redaction_engine import FILLER, RESERVED, forms, people

from spp_tui.db.services import actions as action_svc
from spp_tui.db.services import cases as case_svc
from spp_tui.db.services import meetings
from spp_tui.exports.actions import export_actions
from spp_tui.exports.agenda import export_agenda_pack
from spp_tui.exports.circulation import COVERING_LIST
from spp_tui.exports.minutes import export_minutes

NEW_PARTIES = [
    ("Sophie Park", "resident"),
    ("Henry Walsh", "witness"),
    ("Sean O'Neill", "suspect"),
    ("Zoë Knowles", "victim"),
    ("Person A", "suspect"),
    ("Youth 1", "young person"),
    ("Youth 2", "young person"),
]
PLACES = ["Park Road", "Park ward", "Henry Street"]


def secret_forms(db) -> list[str]:  # noqa: ANN001
    """Every word of every recorded party's name (labels such as Youth 1 whole)."""
    forms: set[str] = set()
    for party in case_svc.parties(db):
        if re.search(r"\d|\bPerson [A-Z]\b", party.name):
            forms.add(party.name)
        else:
            forms.update(name_words(party.name))
    return sorted(forms)


@pytest.fixture
def march(demo_db) -> int:
    """The March meeting with real-world names in every form in its free text."""
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    entries = case_svc.meeting_cases(demo_db, march.id)
    first, second = entries[0], entries[1]
    for name, role in NEW_PARTIES:
        case_svc.add_party(demo_db, first.case.id, name, role)
    case_svc.update_case(demo_db, first.case.id, location="Park Road", ward="Park")
    case_svc.update_case(demo_db, second.case.id, location="Henry Street")
    case_svc.update_discussion(
        demo_db,
        first.discussion.id,
        summary="Sophie Park of Park Road, Park ward, saw O’Neill's car; Knowles's brother "
        "and the Knowleses; zoë\nknowles rang. Henry Street is where Henry Walsh lives; "
        "Youth 1 and Youth 2 met Person A's friend. PARK said so.",
        decisions="Warn Sean O'Neill; support Zoe Knowles.",
    )
    action_svc.create_action(
        demo_db,
        "Visit O'Neill and Sophie at Henry Street",
        None,
        None,
        case_id=first.case.id,
        meeting_id=march.id,
        allow_incomplete=True,
    )
    return march.id


def _assert_clean(db, path: Path) -> None:  # noqa: ANN001
    found = leaks(path, secret_forms(db), allowed=PLACES)
    assert found == [], found


def test_redacted_minutes_leak_nothing_in_any_part_and_keep_places(demo_db, march, tmp_path):
    full = export_minutes(demo_db, march, tmp_path / "full.docx")
    assert leaks(full, ["Sophie", "O'Neill", "Zoë"])  # the scanner does find them
    path = export_minutes(demo_db, march, tmp_path / "red.docx", redact=True)
    _assert_clean(demo_db, path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    for place in ("Park Road, Park ward", "Henry Street"):
        assert place in text
    cells = "\n".join(c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells)
    named = next(line for line in cells.splitlines() if "young person" in line)
    people = named.split("; ")
    assert len(people) == len(set(people)) >= 7, named  # one each, never merged
    assert "[[" not in text + cells and "(suspect)] 2" not in cells


def test_redacted_action_log_and_extract_leak_nothing(demo_db, march, tmp_path):
    _assert_clean(demo_db, export_actions(demo_db, tmp_path / "log.docx", redact=True))
    owner = next(p for p in meetings.attendance(demo_db, march) if p.agency_id)
    action_svc.create_action(
        demo_db, "Call Henry Walsh's landlord", owner.person_id, dt.date(2023, 4, 1)
    )
    extract = export_actions(demo_db, tmp_path / "x.docx", agency_id=owner.agency_id, redact=True)
    _assert_clean(demo_db, extract)


def test_redacted_register_leaks_nothing(demo_db, march, tmp_path, monkeypatch):
    """A long log (a register, one paragraph an action) is redacted like the table."""
    from spp_tui.exports import actions as actions_export

    monkeypatch.setattr(actions_export, "REGISTER_FROM", 1)
    full = export_actions(demo_db, tmp_path / "full.docx", status="all")
    assert leaks(full, ["O'Neill", "Sophie"])  # the register names them unredacted
    _assert_clean(demo_db, export_actions(demo_db, tmp_path / "r.docx", status="all", redact=True))


def test_redacted_agenda_pack(demo_db, march, tmp_path):
    april = meetings.resolve_meeting(demo_db, "next")
    full = export_agenda_pack(demo_db, april.id, tmp_path)
    assert leaks(full, secret_forms(demo_db)), "the pack names nobody: the test proves nothing"
    path = export_agenda_pack(demo_db, april.id, tmp_path, redact=True)
    assert path.name.endswith("-redacted.docx")
    _assert_clean(demo_db, path)
    assert "REDACTED" in part_texts(path)["word/document.xml"]


def test_cli_export_agenda_redact(demo_db_path, tmp_path):
    out = tmp_path / "pack.docx"
    done = _cli("export", "agenda", "next", "--redact", "--out", str(out), db=demo_db_path)
    assert done.returncode == 0, done.stderr
    assert "redacted agenda pack written" in done.stdout and out.exists()


def test_circulate_folder_covering_list_and_console_name_nobody(
    demo_db, demo_db_path, march, tmp_path
):
    demo_db.dispose()
    out = tmp_path / "circ"
    done = _cli("circulate", str(march), "--out", str(out), db=demo_db_path)
    assert done.returncode == 0, done.stderr
    assert "warning" in done.stderr  # the readiness warning is there, but names nobody
    forms = secret_forms(demo_db)
    assert [f for f in forms if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", done.stderr)] == []
    redacted = [p for p in out.rglob("*-redacted.docx")]
    assert redacted
    for path in redacted:
        _assert_clean(demo_db, path.parent)  # the folder: file names, minutes, extract
    _assert_clean(demo_db, out / COVERING_LIST)


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, "--db", str(db))


# --- every export's own properties --------------------------------------------------------


@pytest.fixture
def nosy_template(tmp_path: Path) -> Path:
    """A template carrying custom properties, an author and en-US proofing."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    from spp_tui.exports.docx_kit import DEFAULT_TEMPLATE

    document = Document(str(DEFAULT_TEMPLATE))
    document.core_properties.author = "Joe Bloggs"
    document.sections[0].header.paragraphs[0].text = "Prepared by Joe Bloggs"
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
        'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        'name="TemplateOwner"><vt:lpwstr>Joe Bloggs</vt:lpwstr></property><property '
        'fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="Classification">'
        "<vt:lpwstr>OFFICIAL</vt:lpwstr></property></Properties>"
    )
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, custom.encode(), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
    path = tmp_path / "council.docx"
    document.save(str(path))
    assert b"TemplateOwner" in zipfile.ZipFile(path).read("docProps/custom.xml")
    return path


@pytest.mark.parametrize("redact", [False, True])
def test_exports_have_their_own_properties(demo_db, tmp_path, nosy_template, redact):
    from spp_tui.db.services import settings

    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    settings.set_setting(demo_db, "sensitive_names", "Joe Bloggs")
    minutes = export_minutes(
        demo_db, march.id, tmp_path / "m.docx", redact=redact, template=nosy_template
    )
    pack = export_agenda_pack(demo_db, march.id, tmp_path / "p.docx", redact=redact)
    log = export_actions(demo_db, tmp_path / "a.docx", redact=redact)
    for path in (minutes, pack, log):
        package = zipfile.ZipFile(path)
        custom = package.read("docProps/custom.xml").decode()
        assert "TemplateOwner" not in custom
        assert re.findall(r'name="(\w+)"', custom) == ["Classification"]
        assert f"<vt:lpwstr>{march.marking}</vt:lpwstr>" in custom
        app = package.read("docProps/app.xml").decode()
        assert "<Application>spp-tui</Application>" in app and "Microsoft" not in app
        styles = package.read("word/styles.xml").decode()
        assert 'w:val="en-US"' not in styles and 'w:lang w:val="en-GB"' in styles
        assert "en-GB" in package.read("docProps/core.xml").decode()
        assert not any(
            n.startswith(("customXml/", "docProps/thumbnail")) for n in package.namelist()
        )
        assert "TemplateOwner" not in "".join(
            package.read(n).decode("utf-8", "replace") for n in package.namelist()
        )
    if redact:
        assert leaks(minutes, ["Bloggs"]) == []  # the template's header, redacted too


# --- property: generated names in a Word file, every part scanned --------------------------


@settings(max_examples=40, deadline=None)
@given(people(), st.lists(st.sampled_from(FILLER), min_size=1, max_size=3), st.data())
def test_property_generated_names_leave_no_trace_in_any_docx_part(person, filler, data):
    """The docx path: the sentences go into paragraphs, a table and the template's header
    (split across runs at drawn places), through the same Writer the exports use; the
    scanner reads every XML part back. (A thousand real exports: test_redaction_property.)"""
    import tempfile

    from spp_tui.exports import docx_kit as kit
    from spp_tui.exports.docx_parts import scrub_for_circulation
    from spp_tui.exports.redaction import Redactor

    if any(p in RESERVED for w in person[1:] for p in re.split(r"[-'’]", w.casefold())):
        return
    name = f"{person[1]} {person[2]}"
    place = f"{person[2]} {data.draw(st.sampled_from(['Road', 'Close', 'Gardens']))}"
    redactor = Redactor([(" ".join(person).strip(), "victim")], places=[place])
    sentences = [f"{form} {' '.join(filler)}" for form in forms(*person)] + [f"near {place}"]
    document = kit.new_document(kit.DEFAULT_TEMPLATE, title="t", subject="s", author="a")
    header = document.sections[0].header.paragraphs[0]
    cuts = sorted(data.draw(st.sets(st.integers(1, len(sentences[0]) - 1), max_size=5)))
    for start, end in zip([0, *cuts], [*cuts, len(sentences[0])], strict=True):
        header.add_run(sentences[0][start:end])  # the name split across runs, as Word does
    writer = kit.Writer(document, redactor)
    writer.paragraph("\n".join(sentences), label="Discussion")
    writer.table([("Said", 1), ("By", 1)], [(s, person[2]) for s in sentences])
    scrub_for_circulation(document, redactor)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.docx"
        document.save(str(path))
        assert leaks(path, name_words(name), allowed=[place]) == []
        assert place in part_texts(path)["word/document.xml"]
