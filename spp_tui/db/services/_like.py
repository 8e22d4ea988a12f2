"""Case-insensitive "contains" for the search boxes, fast on SQLite and right elsewhere."""

from __future__ import annotations

from typing import Any


def like_pattern(text: str) -> str:
    """``%text%`` with the user's own ``%``, ``_`` and ``\\`` taken literally, and the text
    as it is stored (NFC): an é typed as e + combining accent finds the stored é."""
    from spp_tui.text import stored_text

    escaped = stored_text(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: Any, text: str, *, sqlite: bool = True) -> Any:
    """A clause true where ``column`` contains ``text``, ignoring case.

    SQLite's LIKE already ignores (ASCII) case, and wrapping each column in lower() doubles the
    cost of a search over 20,000 actions; other databases get ILIKE.
    """
    pattern = like_pattern(text)
    if sqlite:
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")
