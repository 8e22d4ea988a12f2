"""What a folder of wheels holds and still lacks for a target, read from the wheels' own
metadata with the target's markers (pip would use the build machine's)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path

from bundling import BundleError
from bundling.packaging_names import (
    Requirement,
    SpecifierSet,
    Tag,
    Version,
    canonicalize_name,
    parse_wheel_filename,
)
from bundling.targets import Target


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
