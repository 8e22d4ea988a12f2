"""pip's part: our own wheel built from a clean copy of the source, and each target's wheels
downloaded (from the index or only a local wheelhouse, always held to the tested versions)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bundling import PROJECT_ROOT, BundleError
from bundling.targets import Target
from bundling.wheels import missing_requirements

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
