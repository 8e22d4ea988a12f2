"""Exports never leave a half-written file: open, read-only or unwritable targets and bad
templates give one clear line, and the file already there stays byte for byte the same."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from spp_tui.cli import cli
from spp_tui.db.services import audit_log, meetings, settings
from spp_tui.errors import ExportError
from spp_tui.exports import docx_kit
from spp_tui.exports.actions import export_actions
from spp_tui.exports.agenda import export_agenda_pack
from spp_tui.exports.minutes import export_minutes

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def march_id(demo_db) -> int:
    return meetings.resolve_meeting(demo_db, "2023-03-07").id


@pytest.fixture
def existing(demo_db, march_id, tmp_path: Path) -> tuple[Path, bytes]:
    """A minutes file exported earlier (the one a failed export must not damage)."""
    path = export_minutes(demo_db, march_id, tmp_path / "PSG-minutes-2023-03-07.docx")
    return path, path.read_bytes()


def _exports(demo_db, march_id: int) -> int:
    return sum(
        1 for e in audit_log.audit_entries(demo_db, "meeting", march_id) if e.operation == "export"
    )


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".spp-tui-")]


@pytest.mark.parametrize(
    "lock_name", ["~$G-minutes-2023-03-07.docx", ".~lock.PSG-minutes-2023-03-07.docx#"]
)
def test_target_open_in_word_or_libreoffice(demo_db, march_id, existing, lock_name: str):
    path, before = existing
    (path.parent / lock_name).write_text("owner")
    audits = _exports(demo_db, march_id)
    with pytest.raises(ExportError, match="open in Word or LibreOffice; close it"):
        export_minutes(demo_db, march_id, path)
    assert path.read_bytes() == before
    assert not _leftovers(path.parent)
    assert _exports(demo_db, march_id) == audits  # a failed export is not recorded as done


def test_replace_refused_as_on_windows_when_word_holds_the_file(
    demo_db, march_id, existing, monkeypatch: pytest.MonkeyPatch
):
    path, before = existing

    def locked(src, dst):  # noqa: ANN001 - what Windows does to a file open in Word
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(docx_kit.os, "replace", locked)
    with pytest.raises(ExportError, match="probably open in Word"):
        export_minutes(demo_db, march_id, path, redact=True)
    assert path.read_bytes() == before
    assert not _leftovers(path.parent)


def test_unwritable_folder_simulated(demo_db, march_id, existing, monkeypatch: pytest.MonkeyPatch):
    path, before = existing

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(docx_kit.tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="cannot write in the folder .*permission denied"):
        export_minutes(demo_db, march_id, path)
    assert path.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or IS_ROOT, reason="root ignores file permissions")
def test_unwritable_folder_for_real(demo_db, march_id, existing):
    path, before = existing
    path.parent.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="cannot write in the folder"):
            export_minutes(demo_db, march_id, path)
        assert path.read_bytes() == before
    finally:
        path.parent.chmod(0o700)


@pytest.mark.skipif(os.name != "posix" or IS_ROOT, reason="root ignores file permissions")
def test_read_only_target(demo_db, march_id, existing):
    path, before = existing
    path.chmod(0o400)
    with pytest.raises(ExportError, match="read-only"):
        export_minutes(demo_db, march_id, path)
    assert path.read_bytes() == before


def test_missing_folder_and_wrong_suffix(demo_db, march_id, tmp_path: Path):
    with pytest.raises(ExportError, match="does not exist"):
        export_minutes(demo_db, march_id, tmp_path / "nowhere" / "m.docx")
    with pytest.raises(ExportError, match="must be a .docx file name"):
        export_minutes(demo_db, march_id, tmp_path / "m.pdf")
    with pytest.raises(ExportError, match="must be a .docx file name"):
        export_agenda_pack(demo_db, march_id, tmp_path / "agenda.txt")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("letter.txt", b"hello", "is not a Word .docx file"),
        ("fake.docx", b"not a zip at all", "is not a Word .docx file"),
        ("missing.docx", None, "does not exist"),
    ],
)
def test_bad_template_is_one_line_and_nothing_changes(
    demo_db, march_id, existing, tmp_path: Path, name: str, content: bytes | None, message: str
):
    path, before = existing
    template = tmp_path / name
    if content is not None:
        template.write_bytes(content)
    with pytest.raises(ExportError, match=message) as caught:
        export_minutes(demo_db, march_id, path, template=template)
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == before
    assert settings.get_setting(demo_db, settings.MINUTES_TEMPLATE) == ""  # not remembered


def test_remembered_template_gone(demo_db, march_id, tmp_path: Path):
    settings.set_setting(demo_db, settings.MINUTES_TEMPLATE, str(tmp_path / "deleted.docx"))
    with pytest.raises(ExportError, match="remembered template .* is missing"):
        export_minutes(demo_db, march_id, tmp_path)
    with pytest.raises(ExportError, match="remembered template"):
        export_actions(demo_db, tmp_path)


def test_cli_errors_are_one_line_exit_2(demo_db_path: Path, tmp_path: Path):
    runner = CliRunner()
    target = tmp_path / "m.docx"
    ok = runner.invoke(
        cli, ["--db", str(demo_db_path), "export", "minutes", "last", "--out", str(target)]
    )
    assert ok.exit_code == 0, ok.output
    before = target.read_bytes()
    (tmp_path / "~$m.docx").write_text("owner")
    locked = runner.invoke(
        cli, ["--db", str(demo_db_path), "export", "minutes", "last", "--out", str(target)]
    )
    assert locked.exit_code == 2
    assert locked.output.count("\n") == 1 and locked.output.startswith("spp-tui: error: m.docx")
    (tmp_path / "plain.txt").write_text("x")
    bad = runner.invoke(
        cli,
        [
            "--db",
            str(demo_db_path),
            "export",
            "minutes",
            "last",
            "--template",
            str(tmp_path / "plain.txt"),
        ],
    )
    assert bad.exit_code == 2
    assert bad.output == "spp-tui: error: the template plain.txt is not a Word .docx file.\n"
    assert target.read_bytes() == before
