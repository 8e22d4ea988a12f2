"""A checkbox whose state reads without colour.

Textual's ``Checkbox`` draws ``▐X▌`` whether ticked or not; only the colour of the X differs,
so on a monochrome projector, with ``NO_COLOR`` or to a colour-blind chair "Overdue only"
looked ticked all the time (issue 13 item 8). Ours draws ``▐✓▌`` ticked and ``▐ ▌`` not.
"""

from __future__ import annotations

from textual import widgets
from textual.content import Content

from spp_tui.widgets.compact import CompactAtBirth

TICKED = "✓"
UNTICKED = " "


class Checkbox(CompactAtBirth, widgets.Checkbox):
    """Textual's ``Checkbox`` (same name: its CSS and ``Checkbox.Changed`` handlers match),
    its box holding ✓ when ticked and a blank when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        return super()._button
