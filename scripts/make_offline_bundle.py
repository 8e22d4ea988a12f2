#!/usr/bin/env python3
"""Build an offline install bundle of spp-tui for locked-down laptops.

Council and police laptops have no admin rights and often no network; IT will only copy a
folder onto them. This script (run on a developer machine WITH network) makes that folder:

    offline-bundle/spp-tui-<version>/
        wheels/          spp-tui and every dependency as wheels, for each target platform
                         and Python (pure-Python wheels are shared, so stored once)
        install.sh       Linux: per-user install, no admin, no network
        install.bat      Windows: the same
        install.py       the installer both call (standard library only)
        INSTALL.txt      short instructions for IT staff
        bundle.json      what the bundle holds: version, targets, wheel checksums
    offline-bundle/spp-tui-<version>-offline.zip   the same folder, zipped

Usage (from the repository root, with the development venv):

    python scripts/make_offline_bundle.py       # Windows x64 + Linux x64, Python 3.11 + 3.12
    python scripts/make_offline_bundle.py --platform linux_x86_64 --python 3.11
    python scripts/make_offline_bundle.py --with-postgres   # also the PostgreSQL driver

pip resolves dependencies with the *running* machine's environment markers (``sys_platform``
and so on), so a bundle built on Linux for Windows would miss Windows-only dependencies
(click needs colorama there). After downloading, the script therefore walks the dependency
tree again for each target with that target's markers and fetches anything missing, and it
fails loudly if a target still cannot be installed from the bundle alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path

try:  # pytest and most dev environments have it; pip always vendors a copy.
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.tags import Tag, compatible_tags, cpython_tags
    from packaging.utils import canonicalize_name, parse_wheel_filename
    from packaging.version import Version
except ImportError:  # pragma: no cover - fallback for a bare interpreter with pip
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.specifiers import SpecifierSet
    from pip._vendor.packaging.tags import Tag, compatible_tags, cpython_tags
    from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename
    from pip._vendor.packaging.version import Version

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "offline_bundle"
PROJECT_NAME = "spp-tui"
#: The exact versions CI tested: the bundle ships those, not whatever is newest on build day.
CONSTRAINTS = PROJECT_ROOT / "constraints.txt"
#: Not needed to build the wheel (and some are big or change under our feet).
SOURCE_IGNORE = (
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "tests",
    "offline-bundle*",
    "__pycache__",
    "*.pyc",
    ".*_cache",
    "*.egg-info",
    "*.sqlite3*",
)

#: Oldest glibc the Linux bundle supports: RHEL/Alma 8, Debian 10, Ubuntu 20.04 and newer.
LINUX_GLIBC_FLOOR = (2, 28)


def _linux_platform_tags() -> list[str]:
    """manylinux tags from the glibc floor down, best first (pip does not expand these)."""
    major, floor_minor = LINUX_GLIBC_FLOOR
    tags = [f"manylinux_{major}_{minor}_x86_64" for minor in range(floor_minor, 4, -1)]
    legacy = {17: "manylinux2014_x86_64", 12: "manylinux2010_x86_64", 5: "manylinux1_x86_64"}
    result: list[str] = []
    for tag in tags:
        result.append(tag)
        minor = int(tag.split("_")[2])
        if minor in legacy:
            result.append(legacy[minor])
    return result


@dataclass(frozen=True)
class Platform:
    """A target operating system: the wheel tags it accepts and its environment markers."""

    name: str
    pip_platforms: tuple[str, ...]
    markers: dict[str, str] = field(compare=False, hash=False)
    label: str = ""


PLATFORMS: dict[str, Platform] = {
    "win_amd64": Platform(
        name="win_amd64",
        pip_platforms=("win_amd64",),
        markers={
            "os_name": "nt",
            "sys_platform": "win32",
            "platform_system": "Windows",
            "platform_machine": "AMD64",
        },
        label="Windows x64",
    ),
    "linux_x86_64": Platform(
        name="linux_x86_64",
        pip_platforms=tuple(_linux_platform_tags()),
        markers={
            "os_name": "posix",
            "sys_platform": "linux",
            "platform_system": "Linux",
            "platform_machine": "x86_64",
        },
        label="Linux x64 (glibc {}.{}+)".format(*LINUX_GLIBC_FLOOR),
    ),
}
PLATFORM_ALIASES = {
    "windows": "win_amd64",
    "windows_x64": "win_amd64",
    "win64": "win_amd64",
    "linux": "linux_x86_64",
    "linux_x64": "linux_x86_64",
}
DEFAULT_PLATFORMS = ("win_amd64", "linux_x86_64")
DEFAULT_PYTHONS = ("3.11", "3.12")


@dataclass(frozen=True)
class Target:
    platform: Platform
    python: str  # "3.11"

    @property
    def label(self) -> str:
        return f"{self.platform.label}, Python {self.python}"

    def pip_flags(self) -> list[str]:
        flags = ["--only-binary=:all:", "--implementation", "cp", "--python-version", self.python]
        for tag in self.platform.pip_platforms:
            flags += ["--platform", tag]
        return flags

    def supported_tags(self) -> set[Tag]:
        version = tuple(int(part) for part in self.python.split("."))
        platforms = list(self.platform.pip_platforms)
        tags = set(cpython_tags(version, platforms=platforms))
        tags |= set(compatible_tags(version, f"cp{version[0]}{version[1]}", platforms))
        return tags

    def marker_environment(self, extra: str = "") -> dict[str, str]:
        return {
            **self.platform.markers,
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "python_version": self.python,
            "python_full_version": f"{self.python}.0",
            "implementation_version": f"{self.python}.0",
            "platform_release": "",
            "platform_version": "",
            "extra": extra,
        }


class BundleError(Exception):
    """Something the person building the bundle must fix; printed as one line."""


# --------------------------------------------------------------------------- wheels on disk


@dataclass(frozen=True)
class Wheel:
    path: Path
    name: str  # canonical
    version: Version
    tags: frozenset[Tag]

    @classmethod
    def from_path(cls, path: Path) -> Wheel:
        name, version, _build, tags = parse_wheel_filename(path.name)
        return cls(path, canonicalize_name(name), version, frozenset(tags))

    def metadata(self) -> tuple[list[str], str | None]:
        """(Requires-Dist lines, Requires-Python) read from the wheel's METADATA."""
        with zipfile.ZipFile(self.path) as archive:
            member = next(
                n
                for n in archive.namelist()
                if n.endswith(".dist-info/METADATA") and n.count("/") == 1
            )
            headers = HeaderParser().parsestr(archive.read(member).decode("utf-8"))
        return headers.get_all("Requires-Dist") or [], headers.get("Requires-Python")


def _wheels_in(folder: Path) -> dict[str, list[Wheel]]:
    found: dict[str, list[Wheel]] = {}
    for path in sorted(folder.glob("*.whl")):
        wheel = Wheel.from_path(path)
        found.setdefault(wheel.name, []).append(wheel)
    return found


def missing_requirements(wheels_dir: Path, target: Target, roots: list[str]) -> list[str]:
    """Requirements (as strings) that the wheels folder cannot satisfy for ``target``.

    A small resolver that evaluates environment markers for the *target*, not for this
    machine. For each requirement it follows the newest compatible wheel that satisfies it.
    """
    available = _wheels_in(wheels_dir)
    supported = target.supported_tags()
    python = Version(target.python)
    metadata_cache: dict[Path, tuple[list[str], str | None]] = {}

    def usable(wheel: Wheel) -> bool:
        if not wheel.tags & supported:
            return False
        if wheel.path not in metadata_cache:
            metadata_cache[wheel.path] = wheel.metadata()
        requires_python = metadata_cache[wheel.path][1]
        return not requires_python or SpecifierSet(requires_python).contains(python, True)

    missing: list[str] = []
    seen: set[tuple[str, str, frozenset[str]]] = set()
    queue = [Requirement(text) for text in roots]
    while queue:
        requirement = queue.pop()
        name = canonicalize_name(requirement.name)
        candidates = [
            w
            for w in available.get(name, [])
            if requirement.specifier.contains(w.version, prereleases=True) and usable(w)
        ]
        if not candidates:
            plain = Requirement(str(requirement))
            plain.marker = None
            missing.append(str(plain))
            continue
        chosen = max(candidates, key=lambda w: w.version)
        extras = frozenset(requirement.extras)
        key = (name, str(chosen.version), extras)
        if key in seen:
            continue
        seen.add(key)
        for line in metadata_cache[chosen.path][0]:
            dependency = Requirement(line)
            if dependency.marker is None or any(
                dependency.marker.evaluate(target.marker_environment(extra))
                for extra in ("", *extras)
            ):
                queue.append(dependency)
    return sorted(set(missing))


# --------------------------------------------------------------------------- pip


def _pip(*args: str, quiet: bool, summary: str) -> None:
    command = [sys.executable, "-m", "pip", *args]
    if quiet:
        command.insert(3, "-q")
    print(f"  pip {summary}", flush=True)
    result = subprocess.run(command, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise BundleError(f"pip failed (exit {result.returncode}): pip {' '.join(args)}")


def package_sources(wheelhouse: Path | None, constraints: Path | None = CONSTRAINTS) -> list[str]:
    """pip flags for where packages come from: the index, or only ``wheelhouse`` (a folder of
    wheels, for a build with no network), always held to the tested versions."""
    flags = ["--constraint", str(constraints)] if constraints and constraints.exists() else []
    if wheelhouse is not None:
        flags += ["--no-index", "--find-links", str(wheelhouse)]
    return flags


def build_project_wheel(
    project: Path, wheels_dir: Path, *, quiet: bool, sources: list[str] | None = None
) -> Path:
    """Our own wheel; dependencies come separately, per target.

    Built from a copy of the source, so the working tree gets no ``build/`` folder and two
    builds at once (say, two test runs) cannot trip over each other.
    """
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "source"
        shutil.copytree(project, source, ignore=shutil.ignore_patterns(*SOURCE_IGNORE))
        _pip(
            "wheel",
            "--no-deps",
            *(sources or []),
            "--wheel-dir",
            scratch,
            str(source),
            quiet=quiet,
            summary=f"wheel {project}",
        )
        built = list(Path(scratch).glob("*.whl"))
        if len(built) != 1:
            raise BundleError(f"expected one wheel from {project}, got {built}")
        destination = wheels_dir / built[0].name
        shutil.move(str(built[0]), destination)
    return destination


def download_for_target(
    wheels_dir: Path,
    target: Target,
    requirements: list[str],
    *,
    quiet: bool,
    sources: list[str] | None = None,
) -> None:
    _pip(
        "download",
        *(sources if sources is not None else package_sources(None)),
        "--dest",
        str(wheels_dir),
        *target.pip_flags(),
        *requirements,
        quiet=quiet,
        summary=f"download for {target.label}: " + " ".join(Path(r).name for r in requirements),
    )


def fill_target(
    wheels_dir: Path,
    target: Target,
    downloads: list[str],
    roots: list[str],
    *,
    quiet: bool,
    sources: list[str] | None = None,
) -> None:
    """Download ``downloads``, then whatever else ``roots`` need on ``target`` (its markers)."""
    download_for_target(wheels_dir, target, downloads, quiet=quiet, sources=sources)
    for _attempt in range(10):
        missing = missing_requirements(wheels_dir, target, roots)
        if not missing:
            return
        print(f"  {target.label}: also needs {', '.join(missing)}", flush=True)
        download_for_target(wheels_dir, target, missing, quiet=quiet, sources=sources)
    raise BundleError(f"{target.label}: still missing {', '.join(missing)}")


# --------------------------------------------------------------------------- bundle files


def _render(template: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def extra_requirements(wheel: Path, extra: str) -> list[str]:
    """What ``extra`` adds to our own wheel (its ``Requires-Dist: ...; extra == "..."``
    lines, markers dropped: the resolver evaluates them per target)."""
    lines, _python = Wheel.from_path(wheel).metadata()
    found = []
    for line in lines:
        requirement = Requirement(line)
        marker = requirement.marker
        if marker and marker.evaluate({"extra": extra}) and not marker.evaluate({"extra": ""}):
            requirement.marker = None
            found.append(str(requirement))
    if not found:
        raise BundleError(f"{wheel.name} declares no extra {extra!r}")
    return found


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


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def project_version(project: Path) -> str:
    namespace: dict[str, str] = {}
    init = project / "spp_tui" / "__init__.py"
    for line in init.read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            exec(line, namespace)  # a single literal assignment
            return namespace["__version__"]
    raise BundleError(f"no __version__ in {init}")


def build_bundle(
    targets: list[Target],
    out_dir: Path,
    *,
    project: Path = PROJECT_ROOT,
    make_zip: bool = True,
    quiet: bool = True,
    wheelhouse: Path | None = None,
    with_postgres: bool = False,
) -> Path:
    """Build ``out_dir/spp-tui-<version>`` (and its zip); returns the bundle folder.
    ``with_postgres``: the ``postgres`` extra too (psycopg 3 and its binary wheels, so a
    laptop can use the partnership's server store), installed by the bundle's installer."""
    version = project_version(project)
    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = out_dir / f"{PROJECT_NAME}-{version}"
    staging = out_dir / f".{bundle.name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    wheels_dir = staging / "wheels"
    wheels_dir.mkdir(parents=True)

    print(f"Building {PROJECT_NAME} {version} from {project}", flush=True)
    sources = package_sources(wheelhouse)
    own_wheel = build_project_wheel(project, wheels_dir, quiet=quiet, sources=sources)
    # pip itself travels in the bundle, so the installer needs neither ensurepip (missing on
    # Debian/Ubuntu without python3-venv) nor a network.
    extras = ("postgres",) if with_postgres else ()
    wanted = f"{PROJECT_NAME}[{','.join(extras)}]" if extras else PROJECT_NAME
    roots = [f"{wanted}=={version}", "pip"]
    downloads = [str(own_wheel), "pip"]
    for extra in extras:
        downloads += extra_requirements(own_wheel, extra)
    for target in targets:
        print(f"Wheels for {target.label}", flush=True)
        fill_target(wheels_dir, target, downloads, roots, quiet=quiet, sources=sources)

    write_support_files(staging, version, targets, extras)
    shutil.rmtree(bundle, ignore_errors=True)
    os.replace(staging, bundle)
    if make_zip:
        zip_folder(bundle, out_dir / f"{bundle.name}-offline.zip")
    return bundle


def _parse_targets(platforms: list[str] | None, pythons: list[str] | None) -> list[Target]:
    chosen = []
    for raw in platforms or DEFAULT_PLATFORMS:
        name = PLATFORM_ALIASES.get(raw.lower(), raw.lower())
        if name not in PLATFORMS:
            known = ", ".join([*PLATFORMS, *PLATFORM_ALIASES])
            raise BundleError(f"unknown platform {raw!r} (known: {known})")
        chosen.append(PLATFORMS[name])
    versions = []
    for raw in pythons or DEFAULT_PYTHONS:
        parts = raw.split(".")
        if (
            len(parts) != 2
            or not all(p.isdigit() for p in parts)
            or tuple(map(int, parts))
            < (
                3,
                11,
            )
        ):
            raise BundleError(f"--python wants a version like 3.11 (3.11 or newer), not {raw!r}")
        versions.append(raw)
    return [Target(p, v) for p in dict.fromkeys(chosen) for v in dict.fromkeys(versions)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build an offline install folder (and zip) of spp-tui for locked-down "
        "laptops: every dependency as wheels, per-user install scripts, no network needed.",
    )
    parser.add_argument(
        "--platform",
        action="append",
        metavar="NAME",
        help="win_amd64 or linux_x86_64 (repeatable; default: both)",
    )
    parser.add_argument(
        "--python",
        action="append",
        metavar="X.Y",
        help="target Python version (repeatable; default: 3.11 and 3.12)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=PROJECT_ROOT / "offline-bundle",
        help="output folder (default: ./offline-bundle)",
    )
    parser.add_argument("--no-zip", action="store_true", help="build the folder only")
    parser.add_argument(
        "--wheelhouse",
        type=Path,
        metavar="DIR",
        help="take every wheel from this folder, never from an index (a build with no network)",
    )
    parser.add_argument(
        "--with-postgres",
        action="store_true",
        help="also bundle the PostgreSQL driver (psycopg 3, binary wheels: the 'postgres' "
        "extra) for the shared server store; the installer installs it",
    )
    parser.add_argument("--verbose", action="store_true", help="show pip's output")
    args = parser.parse_args(argv)
    try:
        targets = _parse_targets(args.platform, args.python)
        bundle = build_bundle(
            targets,
            args.out.resolve(),
            make_zip=not args.no_zip,
            quiet=not args.verbose,
            wheelhouse=args.wheelhouse.resolve() if args.wheelhouse else None,
            with_postgres=args.with_postgres,
        )
    except BundleError as exc:
        print(f"make_offline_bundle: error: {exc}", file=sys.stderr)
        return 2
    wheels = list((bundle / "wheels").glob("*.whl"))
    print(f"\nBundle: {bundle}  ({len(wheels)} wheels, {_mb(_size(bundle))})")
    for target in targets:
        print(f"  for {target.label}")
    zip_path = bundle.with_name(f"{bundle.name}-offline.zip")
    if zip_path.exists() and not args.no_zip:
        print(f"Zip:    {zip_path}  ({_mb(_size(zip_path))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
