"""A folder of wheels made from the packages installed in the running environment.

The offline bundle test builds a real bundle without touching the network: each installed
distribution the bundle needs is packed back into a wheel from its installed files (the
RECORD pip wrote when it installed it), with the tags its WHEEL file names. The result is what
pip downloaded when this environment was set up, so pip resolves and installs from it as it
would from the index.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

#: Not part of a wheel: pip writes these when it installs one.
_INSTALL_ONLY = {"INSTALLER", "REQUESTED", "direct_url.json", "RECORD"}


def _distribution(name: str) -> metadata.Distribution:
    return metadata.distribution(name)


def runtime_closure(roots: list[str]) -> set[str]:
    """Canonical names of ``roots`` and everything they need on this machine."""
    seen: set[tuple[str, frozenset[str]]] = set()
    queue = [Requirement(r) for r in roots]
    while queue:
        requirement = queue.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        for line in _distribution(key[0]).requires or []:
            dependency = Requirement(line)
            if dependency.marker is None or any(
                dependency.marker.evaluate({"extra": extra}) for extra in ("", *key[1])
            ):
                queue.append(dependency)
    return {name for name, _extras in seen}


def _wheel_name(dist: metadata.Distribution) -> str:
    wheel_info = dist.read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in wheel_info.splitlines() if "Tag:" in line]
    if not tags:
        raise LookupError(f"{dist.metadata['Name']} was not installed from a wheel")
    parts = [t.split("-") for t in tags]
    python, abi, platform = (".".join(dict.fromkeys(p[i] for p in parts)) for i in range(3))
    name = canonicalize_name(dist.metadata["Name"]).replace("-", "_")
    return f"{name}-{dist.version}-{python}-{abi}-{platform}.whl"


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode()}"


def repack(dist: metadata.Distribution, folder: Path) -> Path:
    """One installed distribution as a wheel in ``folder`` (files outside site-packages,
    such as console scripts, are left out: pip writes those again from the metadata)."""
    target = folder / _wheel_name(dist)
    rows: list[list[str]] = []
    dist_info = None
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for file in dist.files or []:
            path = file.as_posix()
            if path.startswith("..") or "__pycache__" in path:
                continue
            top = path.split("/", 1)[0]
            if top.endswith(".dist-info"):
                dist_info = top
                if path.split("/", 1)[1] in _INSTALL_ONLY:
                    continue
            data = Path(file.locate()).read_bytes()
            archive.writestr(path, data)
            rows.append([path, _record_hash(data), str(len(data))])
        if dist_info is None:
            raise LookupError(f"{dist.metadata['Name']} has no .dist-info in its RECORD")
        record = io.StringIO()
        csv.writer(record, lineterminator="\n").writerows([*rows, [f"{dist_info}/RECORD", "", ""]])
        archive.writestr(f"{dist_info}/RECORD", record.getvalue())
    return target


def wheelhouse(folder: Path, roots: list[str]) -> Path:
    """``folder`` filled with a wheel for each of ``roots`` and what they need."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in sorted(runtime_closure(roots)):
        repack(_distribution(name), folder)
    return folder
