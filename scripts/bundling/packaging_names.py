"""The ``packaging`` names the builder needs, from pip's vendored copy on a bare interpreter."""

from __future__ import annotations

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

__all__ = [
    "Requirement",
    "SpecifierSet",
    "Tag",
    "canonicalize_name",
    "compatible_tags",
    "cpython_tags",
    "parse_wheel_filename",
    "Version",
]
