"""The redaction review (issue 14, part 4): every replacement listed, possible names not
recorded found, marked party (then redacted) or not a person (persisted), circulate refuses
while some are unreviewed, the readiness check lists them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_run import run_cli
from leak_scan import leaks

from spp_tui.db.models import NameReview
from spp_tui.db.services import cases as case_svc
from spp_tui.db.services import meetings, name_review
from spp_tui.db.services.readiness import IssueKind, readiness_issues, readiness_warning
from spp_tui.errors import ValidationError
from spp_tui.exports.circulation import circulate
from spp_tui.exports.minutes import export_minutes
from spp_tui.exports.redaction import Redactor
from spp_tui.names import Redactor as Engine


@pytest.fixture
def march(demo_db) -> int:
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    entry = case_svc.meeting_cases(demo_db, march.id)[0]
    case_svc.update_discussion(
        demo_db,
        entry.discussion.id,
        summary="Kevin Doyle was seen with Bernadette Quorrell near Towler Street. "
        "Mrs Quigley rang Cross Keys Homes. Operation Jetfire patrols continue.",
    )
    return march.id


def test_possible_names_are_found_and_places_agencies_are_not():
    engine = Engine(
        [("Kevin Doyle", "suspect")],
        keep=["Insp. Mark Dalton"],
        places=["Cross Keys Homes", "Operation Jetfire", "Jetfire", "Towler Street"],
    )
    text = (
        "Kevin Doyle met Bernadette Quorrell's son and Insp. Mark Dalton at Towler Street. "
        "Mrs Quigley rang Cross Keys Homes about Operation Jetfire. The Youth PSG met. "
        "Granville Street was quiet; Will said so."
    )
    found = [phrase for phrase, _ in name_review.possible_names(text, engine)]
    assert found == ["Bernadette Quorrell", "Mrs Quigley"]


def test_review_lists_replacements_and_candidates(demo_db, march):
    found = name_review.review(demo_db, march)
    pairs = {(r.text, r.placeholder) for r in found.replacements}
    assert any(text == "Kevin Doyle" and ph.startswith("[Person ") for text, ph in pairs)
    assert all(r.where for r in found.replacements)
    phrases = [c.text for c in found.candidates]
    assert "Bernadette Quorrell" in phrases and "Mrs Quigley" in phrases
    assert "Cross Keys Homes" not in phrases and "Towler Street" not in phrases


def test_marking_persists_and_a_party_is_then_redacted(demo_db, march, tmp_path):
    full = export_minutes(demo_db, march, tmp_path / "before.docx", redact=True)
    assert leaks(full, ["Quorrell"])  # never recorded: the engine cannot know it
    name_review.mark(demo_db, "Bernadette Quorrell", name_review.PARTY, march)
    name_review.mark(demo_db, "Mrs Quigley", name_review.NOT_A_PERSON, march)
    with demo_db.read() as s:
        rows = {r.phrase: r.decision for r in s.exec(__import__("sqlmodel").select(NameReview))}
    assert rows == {"Bernadette Quorrell": "party", "Mrs Quigley": "not a person"}
    phrases = [c.text for c in name_review.review(demo_db, march).candidates]
    assert "Bernadette Quorrell" not in phrases and "Mrs Quigley" not in phrases
    after = export_minutes(demo_db, march, tmp_path / "after.docx", redact=True)
    assert leaks(after, ["Quorrell", "Bernadette"]) == []
    assert "Quorrell" in Redactor.for_meeting(demo_db, march).names[-1]
    with pytest.raises(ValidationError):
        name_review.mark(demo_db, "Someone", "maybe", march)


def test_circulate_refuses_while_unreviewed_unless_accepted(demo_db, march, tmp_path):
    count = len(name_review.review(demo_db, march).candidates)
    assert count >= 2
    with pytest.raises(ValidationError, match=rf"^{count} possible names not recorded"):
        circulate(demo_db, march, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing written
    result = circulate(demo_db, march, tmp_path / "out", accept_unreviewed=True)
    assert any("not reviewed" in w for w in result.warnings)
    for phrase in [c.text for c in name_review.review(demo_db, march).candidates]:
        name_review.mark(demo_db, phrase, name_review.NOT_A_PERSON, march)
    assert circulate(demo_db, march, tmp_path / "again").sets


def test_readiness_lists_candidates_and_the_warning_names_nobody(demo_db, march):
    issues = readiness_issues(demo_db, march)
    names = [i for i in issues if i.kind == IssueKind.NAME]
    assert any('"Bernadette Quorrell"' in i.message for i in names)
    warning = readiness_warning(demo_db, march) or ""
    assert "Quorrell" not in warning and "Doyle" not in warning and "Quigley" not in warning


def test_cli_redaction_lists_marks_and_exits_1_then_0(demo_db, demo_db_path, march):
    demo_db.dispose()
    done = _cli("redaction", str(march), db=demo_db_path)
    assert done.returncode == 1, done.stderr
    assert "-> [Person " in done.stdout and '"Bernadette Quorrell"' in done.stdout
    phrases = [
        line.split('"')[1]
        for line in done.stdout.splitlines()
        if line.startswith("  ") and '"' in line
    ]
    args = []
    for phrase in phrases:
        args += ["--party" if phrase == "Bernadette Quorrell" else "--not-person", phrase]
    done = _cli("redaction", str(march), *args, db=demo_db_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 possible names not recorded" in done.stdout
    assert "Bernadette Quorrell -> [Person" in done.stdout


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, "--db", str(db))


def test_a_0003_database_upgrades_to_the_review_table(db_path: Path) -> None:
    import sqlite3

    from alembic import command
    from sqlalchemy import create_engine

    from spp_tui.db.database import open_database
    from spp_tui.db.migrate import alembic_config

    engine = create_engine(f"sqlite:///{db_path}")
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0003_attendance_guest")
    engine.dispose()
    database = open_database(str(db_path))
    try:
        name_review.mark(database, "Bernadette Quorrell", name_review.PARTY)
        assert name_review.party_names(database) == ("Bernadette Quorrell",)
    finally:
        database.dispose()
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0005_name_review",
        )
    finally:
        con.close()


@pytest.mark.parametrize("written", ["Knowles's car", "the Knowleses", "knowles", "O’Neill's"])
def test_check_flags_another_cases_party_in_every_form(demo_db, written):
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    first, second = case_svc.meeting_cases(demo_db, march.id)[:2]
    case_svc.add_party(demo_db, second.case.id, "Gary Knowles", "suspect")
    case_svc.add_party(demo_db, second.case.id, "Sean O'Neill", "suspect")
    case_svc.update_discussion(demo_db, first.discussion.id, summary=f"Seen: {written}.")
    parties = [i.message for i in readiness_issues(demo_db, march.id) if i.kind == IssueKind.PARTY]
    assert any(
        f"{first.case.reference}: " in m and ("Gary Knowles" in m or "Sean O'Neill" in m)
        for m in parties
    ), parties


def test_check_says_where_for_a_name_in_an_action_update_note(demo_db, demo_db_path, march):
    """A note on an action reviewed at the meeting is printed in the minutes: the check names
    the action it is on, both for another case's party and for a possible name not recorded."""
    from click.testing import CliRunner

    from spp_tui.cli import cli
    from spp_tui.db.services import actions

    general = actions.create_action(
        demo_db, "Chase the street-lighting repair", None, None, allow_incomplete=True
    )
    actions.record_action_update(
        demo_db,
        general.id,
        "not done",
        meeting_id=march,
        note="Kevin Doyle's neighbour Rosalind Fairweather asked about it.",
    )
    where = f"{general.reference} update note"
    found = name_review.review(demo_db, march)
    assert any(c.text == "Rosalind Fairweather" and c.where == where for c in found.candidates)
    assert any(r.text.startswith("Kevin Doyle") and r.where == where for r in found.replacements)
    result = CliRunner().invoke(cli, ["check", str(march), "--db", str(demo_db_path)])
    assert result.exit_code == 1, result.output
    assert (
        f"{where}: Kevin Doyle (a party of PSG-2022-001) is named in the note on the action "
        "but the action belongs to no case"
    ) in result.output
    assert f'"Rosalind Fairweather" ({where})' in result.output
