"""The bundle's own files: installer scripts with the right line endings, instructions for IT,
the manifest with wheel checksums, and the zip (executable bits kept)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

from bundling import PROJECT_NAME, BundleError
from bundling.packaging_names import Version
from bundling.targets import PLATFORMS, Target

TEMPLATES = Path(__file__).resolve().parent.parent / "offline_bundle"


def _render(template: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def write_support_files(
    bundle: Path, version: str, targets: list[Target], extras: tuple[str, ...] = ()
) -> None:
    pythons = sorted({t.python for t in targets}, key=Version)
    platforms = [p for p in PLATFORMS.values() if any(t.platform == p for t in targets)]
    values = {
        "VERSION": version,
        "PYTHONS": " or ".join(pythons),
        "PLATFORMS": "; ".join(p.label for p in platforms),
    }
    (bundle / "INSTALL.txt").write_text(_render("INSTALL.txt", values), encoding="utf-8")
    (bundle / "install.py").write_text(_render("install.py", values), encoding="utf-8")
    # Line endings matter: bash refuses CRLF, cmd.exe wants CRLF.
    (bundle / "install.sh").write_bytes(_render("install.sh", values).encode("utf-8"))
    (bundle / "install.sh").chmod(0o755)
    bat = _render("install.bat", values).replace("\r\n", "\n").replace("\n", "\r\n")
    (bundle / "install.bat").write_bytes(bat.encode("utf-8"))
    txt = (bundle / "INSTALL.txt").read_text(encoding="utf-8")
    (bundle / "INSTALL.txt").write_bytes(txt.replace("\n", "\r\n").encode("utf-8"))

    wheels = sorted((bundle / "wheels").glob("*.whl"))
    manifest = {
        "name": PROJECT_NAME,
        "version": version,
        "targets": [{"platform": t.platform.name, "python": t.python} for t in targets],
        "extras": list(extras),
        "wheels": {w.name: hashlib.sha256(w.read_bytes()).hexdigest() for w in wheels},
    }
    (bundle / "bundle.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def zip_folder(folder: Path, zip_path: Path) -> None:
    """Zip ``folder`` (as its own top-level directory), keeping the executable bit."""
    partial = zip_path.with_name(zip_path.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_dir():
                continue
            info = zipfile.ZipInfo.from_file(path, f"{folder.name}/{path.relative_to(folder)}")
            info.compress_type = zipfile.ZIP_DEFLATED
            with path.open("rb") as source, archive.open(info, "w") as sink:
                shutil.copyfileobj(source, sink)
    os.replace(partial, zip_path)


def size_on_disk(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def in_megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def project_version(project: Path) -> str:
    namespace: dict[str, str] = {}
    init = project / "spp_tui" / "__init__.py"
    for line in init.read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            exec(line, namespace)  # a single literal assignment
            return namespace["__version__"]
    raise BundleError(f"no __version__ in {init}")
