"""SQLite on a shared drive: find out whether a database file is on a network filesystem, and
name such a file in a URI SQLite accepts.

Why: SQLite's WAL mode needs shared memory that network filesystems do not provide (SQLite's
documentation: "WAL does not work over a network filesystem"), so a file on a share must use
the rollback journal; and a UNC path (``\\\\server\\share\\psg.sqlite3``) turned into a
``file://server/...`` URI is refused by SQLite (it allows no host there). Standard library
only: the preflight runs before the first paint.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath, PureWindowsPath
from urllib.parse import quote

#: Linux filesystem types that live on another machine.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "9p",
        "davfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.glusterfs",
        "fuse.cephfs",
    }
)
NOTICE = (
    "this database is on a network drive: spp-tui uses SQLite's rollback journal there "
    "(WAL does not work over a network); for several people at once, a PostgreSQL server "
    "is safer (README: One store for the partnership)."
)
_DRIVE_REMOTE = 4  # GetDriveTypeW


def is_unc(path: PurePath | str) -> bool:
    text = str(path)
    return text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\"))


def file_uri(path: Path | str) -> str:
    """A ``file:`` URI SQLite opens, for local and UNC paths alike (``file:////server/share``:
    an empty authority and a path that starts with the two slashes)."""
    text = str(path)
    if is_unc(text):
        posix = PureWindowsPath(text).as_posix()  # //server/share/dir/psg.sqlite3
        return "file://" + quote(posix, safe="/:")
    return Path(text).resolve().as_uri()


def filesystem_type(path: Path | str, mounts: str) -> str:
    """The type of the filesystem holding ``path``, from ``/proc/mounts`` text ('' unknown)."""
    target = os.path.realpath(str(path))
    best, best_type = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


def on_network_share(path: Path | str) -> bool:
    """True when ``path`` (a database file, existing or not) is on a network filesystem."""
    if is_unc(path):
        return True
    if os.name == "nt":
        return _windows_drive_is_remote(str(path))
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
            mounts = fh.read()
    except OSError:
        return False
    folder = Path(path).parent if not Path(path).is_dir() else Path(path)
    return filesystem_type(folder, mounts) in NETWORK_FILESYSTEMS


def _windows_drive_is_remote(path: str) -> bool:  # pragma: no cover - Windows only
    """A mapped network drive (``S:`` mapped to ``\\\\server\\share``)."""
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(path))[0]
    if not drive or is_unc(drive):
        return bool(drive)
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    return bool(kernel32.GetDriveTypeW(drive + "\\") == _DRIVE_REMOTE)


def notice_once(path: Path | str) -> str | None:
    """``NOTICE`` the first time a given shared file is opened on this account, then None
    (a marker in the user's data folder; no write to the shared file itself)."""
    import hashlib

    from spp_tui.paths import data_dir

    marker = data_dir() / "notices" / (hashlib.sha1(str(path).encode()).hexdigest() + ".shown")
    if marker.exists():
        return None
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(f"{path}\n", encoding="utf-8")
    except OSError:
        pass  # shown again next time: better than not at all
    return NOTICE
