"""Filter lists whose choices arrive from the database after the screen is drawn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spp_tui.widgets.lists import Select


def fill_filter(select: Select[Any], choices: Sequence[tuple[str, Any]], wanted: Any) -> None:
    """Give ``select`` its choices and show ``wanted`` (the filter the screen was opened with)
    if it is one of them, without firing a Changed that would reload the list again."""
    with select.prevent(Select.Changed):
        select.set_options(choices)
        if wanted is not None and any(value == wanted for _, value in choices):
            select.value = wanted
