"""SQLite on a shared drive: a network filesystem is detected (UNC, NFS/CIFS/SMB mounts) and
the rollback journal used there instead of WAL, with a notice shown once; UNC paths become
``file:`` URIs that SQLite accepts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from spp_tui.db import share
from spp_tui.db.database import open_database

MOUNTS = """\
sysfs /sys sysfs rw,nosuid 0 0
/dev/sda1 / ext4 rw,relatime 0 0
/dev/sdb1 /srv ext4 rw 0 0
//fileserver/psg /srv/psg cifs rw,vers=3.0 0 0
nas:/export/csp /mnt/csp\\040share nfs4 rw 0 0
/dev/sdc1 /mnt/csp\\040share/local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "fstype"),
    [
        ("/home/chair/psg.sqlite3", "ext4"),
        ("/srv/other/psg.sqlite3", "ext4"),
        ("/srv/psg/psg.sqlite3", "cifs"),
        ("/srv/psg", "cifs"),
        ("/srv/psgx/psg.sqlite3", "ext4"),  # a prefix of the name is not inside the mount
        ("/mnt/csp share/psg.sqlite3", "nfs4"),
        ("/mnt/csp share/local/psg.sqlite3", "ext4"),  # the deepest mount wins
    ],
)
def test_the_deepest_mount_holding_the_file_decides(path: str, fstype: str) -> None:
    assert share.filesystem_type(path, MOUNTS) == fstype


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (r"\\fileserver\psg\psg.sqlite3", "file:////fileserver/psg/psg.sqlite3"),
        (
            r"\\fileserver\psg\Meetings 2023\what?#%.sqlite3",
            "file:////fileserver/psg/Meetings%202023/what%3F%23%25.sqlite3",
        ),
    ],
)
def test_unc_paths_become_uris_sqlite_accepts(path: str, uri: str) -> None:
    assert share.is_unc(path) and share.on_network_share(path)
    assert share.file_uri(path) == uri
    assert not uri.startswith("file://fileserver")  # SQLite refuses a host in a file: URI


def test_a_local_file_uri_opens_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "odd ?#% name.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    ro = sqlite3.connect(f"{share.file_uri(path)}?mode=ro", uri=True)
    try:
        assert ro.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
    finally:
        ro.close()


def _journal_mode(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        con.close()


def test_on_a_share_the_rollback_journal_is_used_and_the_notice_shown_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "local.sqlite3"
    db = open_database(str(local))
    assert db.notice is None
    db.dispose()
    assert _journal_mode(local) == "wal"

    monkeypatch.setattr(share, "on_network_share", lambda _path: True)
    monkeypatch.setattr("spp_tui.db.database.on_network_share", lambda _path: True)
    shared = tmp_path / "shared.sqlite3"
    db = open_database(str(shared))
    assert db.notice == share.NOTICE
    db.dispose()
    assert _journal_mode(shared) == "delete"
    assert not Path(f"{shared}-wal").exists()
    db = open_database(str(shared))  # the second time: no notice
    assert db.notice is None
    db.dispose()
    assert _journal_mode(shared) == "delete"
