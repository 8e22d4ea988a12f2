"""The agenda shown again with the same items (the chair moved to another item) redraws only
the lines that changed, and they read as a list built afresh would: marks, times, the
highlighted item and the cursor mark, focused or not (issue 13 item 10: the whole list was
drawn again at every item change)."""

from __future__ import annotations

import datetime as dt

import pytest
from test_screen_cost import recorded
from textual.app import App, ComposeResult
from textual.strip import Strip

from spp_tui.db.models import AgendaItem
from spp_tui.widgets.agenda_list import AgendaList

NOW = dt.datetime(2023, 4, 4, 9, 30, tzinfo=dt.UTC)


def agenda(current: int) -> list[AgendaItem]:
    """Seven items; those before ``current`` visited (ten minutes each)."""
    titles = ["Welcome", "Confidentiality", "Previous minutes", "Action review"]
    titles += ["New referrals", "Case reviews", "Any other business"]
    return [
        AgendaItem(
            id=n,
            meeting_id=1,
            position=n,
            title=title,
            planned_minutes=5 * n,
            actual_start=NOW - dt.timedelta(minutes=60 - n) if n <= current else None,
            elapsed_seconds=600 if n < current else 0,
            visit_started_at=NOW - dt.timedelta(minutes=2) if n == current else None,
        )
        for n, title in enumerate(titles, 1)
    ]


class TwoAgendas(App[None]):
    CSS = "AgendaList { height: 12; width: 40; }"

    def compose(self) -> ComposeResult:
        yield AgendaList(id="moved")
        yield AgendaList(id="fresh")


def drawn(agenda_list: AgendaList) -> list[Strip]:
    """The list's lines as on screen (what the compositor has, not drawn again here)."""
    region = agenda_list.region
    strips = agenda_list.screen._compositor.render_strips()
    return [strip.crop(region.x, region.right) for strip in strips[region.y : region.bottom]]


@pytest.mark.parametrize("focused", [True, False])
async def test_an_agenda_shown_again_reads_as_one_built_afresh(monkeypatch, focused) -> None:
    app = TwoAgendas()
    async with app.run_test(size=(80, 30)) as pilot:
        moved = app.query_one("#moved", AgendaList)
        fresh = app.query_one("#fresh", AgendaList)
        moved.show_agenda(agenda(3), 3, NOW)
        await pilot.pause()
        if focused:
            moved.focus()
        else:
            app.set_focus(None)
        await pilot.pause()
        lines = recorded(monkeypatch, AgendaList, "render_line", lambda self, y: self.id)
        moved.show_agenda(agenda(4), 4, NOW + dt.timedelta(minutes=3))
        await pilot.pause()
        assert moved.highlighted == 3
        # The old and the new item in hand: not every line (a rebuilt list drew ten).
        assert 0 < lines.count("moved") <= 3
        moved_lines = drawn(moved)
        texts = ["".join(s.text for s in line) for line in moved_lines]
        line_4 = next(text for text in texts if "4. Action review" in text)
        assert "▶" in line_4.split("4.")[0] and "✓ 3. Previous minutes" in "".join(texts)
        fresh.show_agenda(agenda(4), 4, NOW + dt.timedelta(minutes=3))
        if focused:
            fresh.focus()
        await pilot.pause()
        assert moved_lines == drawn(fresh)
        # The chair browses the agenda to item 6, an item is renamed, the screen reads the
        # agenda again: the highlight goes back to the item in hand, item 6 loses its cursor
        # mark and item 7 shows its new title (its line drawn again, not taken from a cache).
        if focused:
            moved.focus()
        moved.highlighted = 5
        await pilot.pause()
        renamed = agenda(4)
        renamed[6].title = "AOB and close"
        moved.show_agenda(renamed, 4, NOW + dt.timedelta(minutes=4))
        await pilot.pause()
        moved_lines = drawn(moved)
        assert "7. AOB and close" in "".join(s.text for line in moved_lines for s in line)
        fresh.show_agenda(renamed, 4, NOW + dt.timedelta(minutes=4))
        if focused:
            fresh.focus()
        await pilot.pause()
        assert moved_lines == drawn(fresh)
