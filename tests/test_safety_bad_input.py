"""Every bad input a user can give: one clear line, nothing changed, no traceback.

The ``--db`` cases drive the real ``spp-tui`` program in a child process, as a user would, and
hash the file before and after (it is not ours, so not one byte may change).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_run import run_cli

from spp_tui.db.database import Database
from spp_tui.db.models import Action
from spp_tui.db.services import actions, cases, directory, meetings
from spp_tui.errors import ValidationError


def run_spp_tui(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env={"TERM": "xterm-256color", **(env or {})}, cwd=cwd)


def fingerprint(path: Path) -> object:
    """Bytes hash of a file, listing of a folder, or None when nothing is there."""
    if path.is_dir():
        return sorted(p.name for p in path.iterdir())
    if path.exists():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    return None


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir()) if path.parent.is_dir() else []


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` read-only for this process. chmod 0400 is enough for a normal user; root
    ignores permission bits, so there the file is made immutable (``chattr +i``), which root
    must respect too. Skips if neither is possible."""
    mode = path.stat().st_mode & 0o777
    path.chmod(0o500 if path.is_dir() else 0o400)
    immutable = False
    try:
        if os.access(path, os.W_OK):  # root: permission bits do not apply
            chattr = shutil.which("chattr")
            done = chattr and subprocess.run([chattr, "+i", str(path)], capture_output=True)
            if not done or done.returncode != 0 or os.access(path, os.W_OK):
                pytest.skip("cannot make a file read-only for this user (root without chattr)")
            immutable = True
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(mode)


def _newer_version(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()  # still in WAL mode, as a newer spp-tui would leave it


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _word_file(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04" + b"minutes.docx pretending to be a database" * 20)


def _foreign_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()


#: name -> (prepare(tmp_path, demo_db_path) -> the --db value, what the one line says)
BAD_DB: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "a folder": (lambda tmp, demo: tmp, "is a folder, not a database file; give a file name."),
    "a non-SQLite file": (
        lambda tmp, demo: (_word_file(tmp / "minutes.docx"), tmp / "minutes.docx")[1],
        "is not an SQLite database (is it the right file?).",
    ),
    "another program's SQLite file": (
        lambda tmp, demo: (_foreign_sqlite(tmp / "recipes.db"), tmp / "recipes.db")[1],
        "is an SQLite database but not an spp-tui one; it was left untouched.",
    ),
    "a truncated database": (
        lambda tmp, demo: (_truncate(demo), demo)[1],
        "is damaged or truncated; restore it from a backup (spp-tui restore).",
    ),
    "a file from a newer version": (
        lambda tmp, demo: (_newer_version(demo), demo)[1],
        "was written by a newer version of spp-tui (schema 9999); "
        "install the newer version to open it.",
    ),
    "a path in a folder that does not exist": (
        lambda tmp, demo: tmp / "no such folder" / "psg.sqlite3",
        "does not exist.",
    ),
}

#: Every command that opens the database (the bare program opens the TUI).
COMMANDS = {
    "open the app": [],
    "demo": ["demo"],
    "backup": ["backup"],
    "audit": ["audit"],
    "purge": ["purge", "--years", "3", "--yes"],
    "export": ["export", "minutes", "next"],
}


def assert_one_line(result: subprocess.CompletedProcess[str], fragment: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("spp-tui: error: "), lines[0]
    assert fragment in lines[0], lines[0]
    return lines[0]


#: Every case through the three main doors; the other commands share the same opening code,
#: so two cases each show they answer the same way (and keep the suite quick).
BAD_DB_RUNS = [(case, command) for case in BAD_DB for command in list(COMMANDS)[:3]] + [
    (case, command)
    for command in list(COMMANDS)[3:]
    for case in ("a non-SQLite file", "a file from a newer version")
]


@pytest.mark.parametrize(("case", "command"), BAD_DB_RUNS, ids=[f"{c}-{m}" for c, m in BAD_DB_RUNS])
def test_bad_database_file_is_one_line_and_untouched(
    case: str, command: str, tmp_path: Path, demo_db_path: Path
) -> None:
    prepare, fragment = BAD_DB[case]
    work = tmp_path / "work"
    work.mkdir()
    target = prepare(work, demo_db_path)
    before, around = fingerprint(target), siblings(target)
    result = run_spp_tui("--db", str(target), *COMMANDS[command])
    assert_one_line(result, fragment)
    assert fingerprint(target) == before
    assert siblings(target) == around  # no -wal, -shm or backups folder left beside it


@pytest.mark.parametrize("command", ["open the app", "demo", "backup"])
def test_read_only_database_is_one_line_and_untouched(command: str, demo_db_path: Path) -> None:
    before, around = fingerprint(demo_db_path), siblings(demo_db_path)
    with read_only(demo_db_path):
        result = run_spp_tui("--db", str(demo_db_path), *COMMANDS[command])
    assert_one_line(result, "is read-only; spp-tui needs to save every edit.")
    assert fingerprint(demo_db_path) == before
    assert siblings(demo_db_path) == around


# --- bad values through the services -----------------------------------------------------


@pytest.fixture
def scheduled(demo_db: Database) -> int:
    return next(m.id for m in meetings.list_meetings(demo_db) if m.status == "scheduled")


@pytest.fixture
def owner_id(demo_db: Database) -> int:
    return directory.list_people(demo_db)[0].id


def _action_rows(db: Database) -> list[tuple]:
    with db.read() as s:
        return [
            (a.id, a.text, a.owner_id, a.due_on, a.version)
            for a in s.exec(__import__("sqlmodel").select(Action))
        ]


NOT_DATES = ["2023-02-31", "31/02/2023", "next tuesday", "", 20230404, 3.5, ["2023-04-04"]]


@pytest.mark.parametrize("bad", NOT_DATES, ids=repr)
def test_dates_that_are_not_dates_are_refused_by_every_service(
    demo_db: Database, scheduled: int, owner_id: int, bad: object
) -> None:
    action = actions.create_action(
        demo_db, "Letter to the landlord", owner_id, dt.date(2023, 5, 2), meeting_id=scheduled
    )
    before = _action_rows(demo_db)
    attempts = [
        lambda: actions.create_action(demo_db, "x", owner_id, bad, meeting_id=scheduled),
        lambda: actions.update_action(demo_db, action.id, due_on=bad),
        lambda: actions.record_action_update(demo_db, action.id, "in progress", new_due_on=bad),
        lambda: meetings.create_meeting(demo_db, "PSG", bad),
        lambda: meetings.schedule_next_meeting(demo_db, scheduled, bad),
        lambda: cases.update_case(demo_db, 1, next_review_on=bad),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as caught:
            attempt()
        message = str(caught.value)
        assert "is not a valid" in message and "2023-04-04" in message
        assert "\n" not in message
    assert _action_rows(demo_db) == before
    assert len(meetings.list_meetings(demo_db)) == 5


def test_an_iso_date_as_text_is_understood(
    demo_db: Database, scheduled: int, owner_id: int
) -> None:
    action = actions.create_action(demo_db, "x", owner_id, "2023-05-02", meeting_id=scheduled)
    assert actions.get_action(demo_db, action.id).due_on == dt.date(2023, 5, 2)


@pytest.mark.parametrize(
    ("text", "owner", "message"),
    [
        ("", "owner", "the action needs some text"),
        ("   \n\t ", "owner", "the action needs some text"),
        ("Patrol Henry Street", None, "every action needs a named owner."),
    ],
    ids=["empty text", "blank text", "no owner"],
)
def test_empty_action_text_or_owner_saves_nothing(
    demo_db: Database, scheduled: int, owner_id: int, text: str, owner: object, message: str
) -> None:
    action = actions.create_action(
        demo_db, "Letter to the landlord", owner_id, dt.date(2023, 5, 2), meeting_id=scheduled
    )
    before = _action_rows(demo_db)
    who = owner_id if owner else None
    with pytest.raises(ValidationError, match=message):
        actions.create_action(demo_db, text, who, dt.date(2023, 5, 2), meeting_id=scheduled)
    change = {"text": text} if owner else {"owner_id": None}
    with pytest.raises(ValidationError, match=message):
        actions.update_action(demo_db, action.id, **change)
    assert _action_rows(demo_db) == before


LONG = ("Resident reports noise at all hours; " * 2800)[:99_999] + "."

#: Typed or pasted by a user: control characters (a bell, an escape sequence, a form feed from
#: a PDF), right-to-left text with its direction marks, combining accents and emoji.
ODD = (
    "Bell\x07 escape\x1b[31mred\x1b[0m form\x0cfeed tab\there\r\n"
    "عربي: الاجتماع القادم \u200fيوم الثلاثاء\u200f; עברית \u202bשלום\u202c; "
    "Zoë Ångström, e\u0301; emoji 🚨👮🏽\u200d♀️🏚️ 🇬🇧"
)


def test_text_of_100000_characters_is_stored_and_read_back_intact(
    demo_db: Database, scheduled: int, owner_id: int
) -> None:
    assert len(LONG) == 100_000
    # An action is a line in the log: its text is capped (one clear line, nothing stored) ...
    before = len(actions.list_actions(demo_db))
    with pytest.raises(ValidationError, match="keep it under 20,000"):
        actions.create_action(demo_db, LONG, owner_id, dt.date(2023, 5, 2), meeting_id=scheduled)
    assert len(actions.list_actions(demo_db)) == before
    # ... and the longest allowed is kept intact, as are 100,000 characters of notes.
    longest = LONG[: actions.MAX_TEXT - 1] + "."
    action = actions.create_action(
        demo_db, longest, owner_id, dt.date(2023, 5, 2), meeting_id=scheduled
    )
    meetings.update_meeting(demo_db, scheduled, aob_notes=LONG)
    case = cases.create_case(demo_db, "Henry Street noise")
    cases.update_case(demo_db, case.id, scanning=LONG)
    assert actions.get_action(demo_db, action.id).text == longest
    assert meetings.get_meeting(demo_db, scheduled).aob_notes == LONG
    assert cases.get_case(demo_db, case.id).scanning == LONG


def test_control_characters_rtl_and_emoji_are_stored_as_typed(
    demo_db: Database, scheduled: int, owner_id: int
) -> None:
    action = actions.create_action(
        demo_db, ODD, owner_id, dt.date(2023, 5, 2), meeting_id=scheduled
    )
    meetings.update_meeting(demo_db, scheduled, aob_notes=ODD)
    case = cases.create_case(demo_db, ODD.replace("\r\n", " "), location=ODD)
    cases.add_party(demo_db, case.id, "Zoë 🚨 الاجتماع", notes=ODD)
    # As typed, in NFC (the combining accent joins its letter: README, Data safety).
    stored = unicodedata.normalize("NFC", ODD)
    assert stored != ODD and "e\u0301" not in stored
    assert actions.get_action(demo_db, action.id).text == stored.strip()
    assert meetings.get_meeting(demo_db, scheduled).aob_notes == stored
    assert cases.get_case(demo_db, case.id).location == stored.strip()
    assert cases.parties(demo_db, [case.id])[0].notes == stored
    # The audit trail keeps it as typed too (JSON without \\u escapes), and so does its CSV.
    from spp_tui.db.services.audit_log import audit_csv, audit_entries

    entry = next(e for e in audit_entries(demo_db, "meeting", scheduled) if "aob" in e.summary)
    assert "عربي" in entry.after and "🚨" in entry.after
    assert "🚨👮🏽" in audit_csv([entry])


def _docx_text(path: Path) -> str:
    """All text of a .docx (body, tables, headers), read back with python-docx."""
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_minutes_export_keeps_odd_text_as_typed(
    demo_db: Database, scheduled: int, owner_id: int, tmp_path: Path
) -> None:
    """Right-to-left text and emoji come out as typed; the few control characters XML cannot
    hold (bell, escape, form feed) are dropped rather than crashing the export."""
    from spp_tui.exports.minutes import export_minutes

    meetings.update_meeting(demo_db, scheduled, aob_notes=ODD)
    actions.create_action(demo_db, ODD, owner_id, dt.date(2023, 5, 2), meeting_id=scheduled)
    out = export_minutes(demo_db, scheduled, tmp_path / "minutes.docx")
    text = _docx_text(out)
    for typed in (
        "عربي: الاجتماع القادم \u200fيوم الثلاثاء\u200f",
        "עברית \u202bשלום\u202c",
        "Zoë Ångström, \u00e9",  # stored in NFC
        "🚨👮🏽\u200d♀️🏚️ 🇬🇧",
        "escape[31mred[0m",  # the ESC bytes go, what was typed around them stays
    ):
        assert typed in text, typed
    assert "\x07" not in text and "\x1b" not in text


@pytest.mark.parametrize("how", ["folder not writable", "file open in Word"])
def test_export_to_a_folder_not_writable_or_a_locked_file(
    demo_db_path: Path, tmp_path: Path, how: str
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "minutes.docx"
    if how == "file open in Word":
        target.write_bytes(b"yesterday's minutes")
        (folder / "~$minutes.docx").write_bytes(b"owner file Word leaves while editing")
        expected = "minutes.docx is open in Word or LibreOffice; close it and export again"
        guard = contextlib.nullcontext()
    else:
        expected = f"cannot write in the folder {folder}"
        guard = read_only(folder)
    before = fingerprint(folder), fingerprint(target)
    with guard:
        result = run_spp_tui(
            "export", "minutes", "next", "--db", str(demo_db_path), "--out", str(target)
        )
    assert_one_line(result, expected)
    assert (fingerprint(folder), fingerprint(target)) == before


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.txt", b"not a template", "the template notes.txt is not a Word .docx file."),
        ("fake.docx", b"plain text named .docx", "is not a Word .docx file (it could not be"),
    ],
)
def test_a_template_that_is_not_a_docx(
    demo_db_path: Path, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    template = tmp_path / name
    template.write_bytes(content)
    out = tmp_path / "minutes.docx"
    result = run_spp_tui(
        "export",
        "minutes",
        "next",
        "--db",
        str(demo_db_path),
        "--template",
        str(template),
        "--out",
        str(out),
    )
    assert_one_line(result, expected)
    assert template.read_bytes() == content
    assert not out.exists()
