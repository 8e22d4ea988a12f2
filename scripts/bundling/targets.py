"""What a bundle is built for: an operating system (its wheel tags and environment markers)
and a Python version; pip is asked, and the resolver checks, per target."""

from __future__ import annotations

from dataclasses import dataclass, field

from bundling import BundleError
from bundling.packaging_names import Tag, compatible_tags, cpython_tags

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
    """An operating system and a Python version: one set of wheels must install there."""

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


def parse_targets(platforms: list[str] | None, pythons: list[str] | None) -> list[Target]:
    """The targets named on the command line (platform aliases allowed), or the defaults."""
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
