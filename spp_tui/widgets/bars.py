"""Horizontal bars drawn with block characters: the dashboard's form of the report's charts.

It draws the numbers it is given (the value is always written beside its bar: never length
alone); it counts nothing itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

from spp_tui.widgets.safe_text import visible

#: One style per series, in order (a stacked bar's parts, or a cluster's bars).
SERIES_STYLES = ("bold blue", "dark_orange", "grey50", "green")
LABEL_WIDTH = 24
#: The longest bar, in cells (longer bars on a wide screen read no better).
BAR_WIDTH = 60


class Bars(Widget):
    """One bar per category; several series are stacked in one bar or drawn one under the
    other, with a legend."""

    DEFAULT_CSS = """
    Bars {
        height: auto;
        margin: 0 0 1 0;
    }
    """

    def __init__(
        self,
        categories: Sequence[str],
        series: Sequence[tuple[str, Sequence[int]]],
        *,
        stacked: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.categories = list(categories)
        self.series = [(name, list(values)) for name, values in series]
        self.stacked = stacked

    def render(self) -> Text:
        return bars_text(self.categories, self.series, self.stacked, self.content_size.width)


def bars_text(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    stacked: bool,
    width: int,
) -> Text:
    """The bars as text ``width`` cells wide: label, bar, value."""
    label_width = min(LABEL_WIDTH, max((len(c) for c in categories), default=0))
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    peak = max(
        (max(totals, default=0),) if stacked else (max(v, default=0) for _, v in series),
        default=0,
    )
    if stacked:
        suffixes = [
            f" {totals[i]}"
            + (f" ({'+'.join(str(v[i]) for _, v in series)})" if len(series) > 1 else "")
            for i in range(len(categories))
        ]
    else:
        suffixes = [f" {v}" for _, values in series for v in values]
    room = max(1, min(BAR_WIDTH, width - label_width - 1 - max(map(len, suffixes), default=0)))
    out = Text(no_wrap=True, overflow="ellipsis")
    if len(series) > 1:
        for index, (name, _values) in enumerate(series):
            out.append("■ ", style=SERIES_STYLES[index % len(SERIES_STYLES)])
            out.append(f"{name}   ")
        out.append("\n")
    for row, category in enumerate(categories):
        label = visible(category)
        label = label if len(label) <= label_width else label[: label_width - 1] + "…"
        if stacked:
            out.append(f"{label:<{label_width}} ")
            for index, (_name, values) in enumerate(series):
                out.append(
                    "█" * _cells(values[row], peak, room),
                    style=SERIES_STYLES[index % len(SERIES_STYLES)],
                )
            out.append(f"{suffixes[row]}\n")
            continue
        for index, (_name, values) in enumerate(series):
            out.append(f"{label if index == 0 else '':<{label_width}} ")
            out.append(
                "█" * _cells(values[row], peak, room),
                style=SERIES_STYLES[index % len(SERIES_STYLES)],
            )
            out.append(f" {values[row]}\n")
    out.rstrip()
    return out


def _cells(value: int, peak: int, room: int) -> int:
    """A bar's length: at least one cell for any value above nought."""
    if value <= 0 or peak <= 0:
        return 0
    return max(1, round(value * room / peak))
