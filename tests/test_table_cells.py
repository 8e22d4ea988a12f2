"""``table_cells.laid_out_cell`` draws any text cell as Textual's table draws it through Rich
(padded, styled before and after, wrapped, cut to the row's height): checked here against
Rich itself for generated texts (spans, new lines, tabs, wide and combining characters, text
too wide for its column, justified text), widths, heights, padding and styles. The table's
own use of it is checked in ``test_lists.py``."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.style import Style
from rich.text import Span, Text
from textual.renderables.styled import Styled

from spp_tui.widgets.table_cells import _unwrapped_lines, laid_out_cell

CONSOLE = Console(width=120, color_system="truecolor", legacy_windows=False)
STYLES = [
    Style(),
    Style(bold=True),
    Style(color="red", bold=True),
    Style(italic=True, bgcolor="blue"),
    Style(dim=True),
]
#: Letters, spaces, new lines, a tab, wide and combining characters, punctuation.
CHARACTERS = st.sampled_from(list("ab cd\n\tx日本é") + ["\u0301", "—", "…"])


@st.composite
def cells(draw: st.DrawFn) -> Text:
    plain = draw(st.text(CHARACTERS, max_size=40))
    text = Text(
        plain,
        style=draw(st.sampled_from(["", "dim", "bold red"])),
        justify=draw(st.sampled_from([None, None, "default", "left", "right", "center"])),
        end=draw(st.sampled_from(["", "\n"])),
    )
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(plain)))
        end = draw(st.integers(start, len(plain)))
        text.spans.append(Span(start, end, draw(st.sampled_from(STYLES[1:]))))
    return text


def through_rich(cell: Text, width: int, height: int, padding: int, pre: Style, post: Style):  # noqa: ANN201
    """What Textual's ``DataTable._render_cell`` makes of the cell (its own calls)."""
    options = CONSOLE.options.update_dimensions(width, height)
    if height == 1:
        options = options.update(no_wrap=True)
    return CONSOLE.render_lines(
        Styled(Padding(cell, (0, padding)), pre_style=pre, post_style=post), options
    )


@settings(max_examples=400, deadline=None)
@given(
    cell=cells(),
    width=st.integers(1, 16),
    height=st.integers(1, 4),
    padding=st.integers(0, 2),
    pre=st.sampled_from(STYLES + [Style(color="white", bgcolor="black", meta={"row": 1})]),
    post=st.sampled_from([Style(), Style(reverse=True), Style(color="yellow")]),
)
@example(  # more characters than cells: Rich trims the trailing space (rstrip_end)
    cell=Text("a\u0301\u0301\u0301 ", spans=[Span(0, 5, "bold")]),
    width=5,
    height=2,
    padding=1,
    pre=Style(),
    post=Style(),
)
def test_a_cell_is_laid_out_as_rich_lays_it_out(
    cell: Text, width: int, height: int, padding: int, pre: Style, post: Style
) -> None:
    mine = laid_out_cell(CONSOLE, CONSOLE.options, cell, width, height, padding, pre, post)
    if width - 2 * padding < 1:
        assert mine is None  # no room for text: Textual draws it
        return
    assert mine == through_rich(cell, width, height, padding, pre, post)


def test_lines_that_fit_skip_rich_s_layout_and_the_rest_do_not() -> None:
    """The short way is taken where it applies (not only Rich's way, which would pass the
    property above all the same)."""
    options = CONSOLE.options
    due = Text("01 Dec 23")
    due.append("\n12 days late", style="bold red")
    assert _unwrapped_lines(CONSOLE, options, due, 14, 2) is not None
    assert _unwrapped_lines(CONSOLE, options, Text("a\n"), 4, 3) is not None
    for cell, room in (
        (Text("far too long for the column"), 10),  # wraps
        (Text("tab\there"), 20),  # a tab
        (Text("right", justify="right"), 10),  # justified
    ):
        assert _unwrapped_lines(CONSOLE, options, cell, room, 2) is None
