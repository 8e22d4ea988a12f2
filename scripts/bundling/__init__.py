"""The offline bundle builder's parts (``scripts/make_offline_bundle.py`` is the command).

Split by what each step is about, so the resolver can be read and tested without the pip
calls, and the bundle's files without either: ``targets`` (platforms and Pythons a bundle is
for), ``wheels`` (what a folder of wheels satisfies for a target), ``fetching`` (pip: our wheel
and the downloads), ``support_files`` (installer scripts, manifest, zip).
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
PROJECT_NAME = "spp-tui"


class BundleError(Exception):
    """Something the person building the bundle must fix; printed as one line."""
