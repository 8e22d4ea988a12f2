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

This file is the command and the build's order of steps; the steps themselves are in
``scripts/bundling/`` (targets, the resolver over a wheels folder, pip, the bundle's files).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

# The builder's parts live in the ``bundling`` package beside this script (found this way also
# when the script is loaded from its path, as the tests do).
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from bundling import PROJECT_NAME, PROJECT_ROOT, BundleError  # noqa: E402
from bundling.fetching import (  # noqa: E402
    build_project_wheel,
    fill_target,
    package_sources,
)
from bundling.support_files import (  # noqa: E402
    in_megabytes,
    project_version,
    size_on_disk,
    write_support_files,
    zip_folder,
)
from bundling.targets import PLATFORMS, Target, parse_targets  # noqa: E402
from bundling.wheels import extra_requirements, missing_requirements  # noqa: E402

#: What the tests and other callers use from here (the parts are re-exported).
__all__ = [
    "PLATFORMS",
    "BundleError",
    "Target",
    "build_bundle",
    "extra_requirements",
    "main",
    "missing_requirements",
    "project_version",
    "write_support_files",
]


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
        targets = parse_targets(args.platform, args.python)
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
    print(f"\nBundle: {bundle}  ({len(wheels)} wheels, {in_megabytes(size_on_disk(bundle))})")
    for target in targets:
        print(f"  for {target.label}")
    zip_path = bundle.with_name(f"{bundle.name}-offline.zip")
    if zip_path.exists() and not args.no_zip:
        print(f"Zip:    {zip_path}  ({in_megabytes(size_on_disk(zip_path))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
