"""Our compact fields are Textual's compact fields, made without a restyle
(``spp_tui.widgets.compact``): same value, same class, same picture, and still switchable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widget import Widget

from spp_tui.widgets.checkbox import Checkbox
from spp_tui.widgets.compact import COMPACT_CLASS
from spp_tui.widgets.fields import Input


class Pair(App[None]):
    """Ours made ``compact`` at birth, and the same widget made compact Textual's way (the
    reactive set after ``__init__``, which restyles it)."""

    def __init__(self, make: Callable[..., Widget], compact: bool) -> None:
        super().__init__()
        self.make, self.compact = make, compact

    def compose(self) -> ComposeResult:
        yield self.make(id="ours", compact=self.compact)
        theirs: Any = self.make(id="theirs")
        theirs.compact = self.compact
        yield theirs


@pytest.mark.parametrize(
    "make",
    [
        lambda **kw: Input("Jetfire", **kw),
        lambda **kw: Checkbox("Overdue only", True, **kw),
    ],
    ids=["input", "checkbox"],
)
@pytest.mark.parametrize("compact", [True, False])
async def test_a_field_made_compact_is_textual_s_compact_field(make, compact: bool) -> None:
    app = Pair(make, compact)
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        ours: Any = app.query_one("#ours")
        theirs: Any = app.query_one("#theirs")
        assert ours.compact is theirs.compact is compact
        assert ours.has_class(COMPACT_CLASS) is theirs.has_class(COMPACT_CLASS) is compact
        assert ours.size == theirs.size
        lines = [ours.render_line(y).text for y in range(ours.size.height)]
        assert lines == [theirs.render_line(y).text for y in range(theirs.size.height)]
        ours.compact = not compact  # still a reactive that moves its class
        await pilot.pause()
        assert ours.has_class(COMPACT_CLASS) is (not compact)
