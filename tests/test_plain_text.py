"""Never by colour alone (issue 13 item 8): screens captured as plain text, with no styles at
all, still say every state: risk as a word, overdue as text, the focused field and the match
Tab takes by a mark; a high-contrast theme to choose (and remembered); NO_COLOR honoured."""

from __future__ import annotations

import io

import time_machine
from app_pilot import (
    MEETING_MORNING,
    home_ready,
    open_first_meeting,
    settle,
    type_text,
    workers_done,
)
from rich.console import Console
from textual.app import App

from spp_tui.app import DARK_THEME, HIGH_CONTRAST_THEME, LIGHT_THEME, create_app
from spp_tui.db.services import meetings, settings
from spp_tui.dialogs.action import ActionDialog
from spp_tui.screens.case_list import CaseListScreen


def plain(app: App) -> str:
    """The screen exactly as drawn, with every colour and style thrown away."""
    console = Console(width=app.size.width, file=io.StringIO(), record=True, color_system=None)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False)


async def test_every_state_reads_without_colour(demo_db, demo_db_path) -> None:
    meeting_id = meetings.resolve_meeting(demo_db, "2023-04-04").id
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await pilot.press("ctrl+s")
            await pilot.pause()
            # Item 4, the action review: overdue actions say how late they are, in words.
            await pilot.press("escape", "4")
            await settle(pilot, lambda: screen.current_item.position == 4)
            await settle(pilot, lambda: "to review" in plain(app))
            assert "late" in plain(app)
            # The action dialog: the focused field has a double frame, the match Tab takes a ▶.
            await pilot.press("f2")
            await settle(pilot, lambda: isinstance(app.screen, ActionDialog))
            await settle(pilot, lambda: "╔" in plain(app))
            text_frame = plain(app).count("╔")
            await type_text(pilot, "Visit")
            await pilot.press("tab")
            await type_text(pilot, "da")
            dialog = app.screen
            await settle(pilot, lambda: len(dialog._matches) > 1)
            shown = plain(app)
            # Exactly one match is marked as the one Tab takes; Down moves the mark.
            marks = [p.label for p in dialog._matches if f"▶ {p.label}" in shown]
            assert marks == [dialog._matches[0].label]
            await pilot.press("down")
            await pilot.pause()
            shown = plain(app)
            marks = [p.label for p in dialog._matches if f"▶ {p.label}" in shown]
            assert marks == [dialog._matches[1].label]
            assert plain(app).count("╔") == text_frame  # still one focused frame, moved
            await pilot.press("escape")
            await pilot.press("d")
            await settle(pilot, lambda: app.screen is screen)
            assert meetings.get_meeting(demo_db, meeting_id).status == "in progress"
            # The case list: every case's risk is a word (or "not set").
            app.push_screen(CaseListScreen())
            await settle(pilot, lambda: isinstance(app.screen, CaseListScreen))
            await settle(pilot, lambda: bool(app.screen.cases))
            shown = plain(app)
            for case in app.screen.cases[:10]:
                if case.reference in shown:
                    line = next(ln for ln in shown.splitlines() if case.reference in ln)
                    assert (case.risk or "not set") in line


def _marked(shown: str, mark: str) -> list[str]:
    """The lines that carry ``mark`` (the row in hand), with the mark."""
    return [line.strip() for line in shown.splitlines() if mark in line]


async def test_the_row_in_hand_reads_without_colour(demo_db_path) -> None:
    """Every table's cursor row and list's highlighted option carries ▶ while it has the focus
    and ▷ while it does not: the meeting Enter opens, the case in hand."""
    from spp_tui.widgets.lists import BLURRED_MARK, FOCUSED_MARK

    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await home_ready(pilot)
            assert [line[:15] for line in _marked(plain(app), FOCUSED_MARK)] == ["▶Tue 04 Apr 202"]
            await pilot.press("down")
            await pilot.pause()
            assert [line[:15] for line in _marked(plain(app), FOCUSED_MARK)] == ["▶Tue 07 Mar 202"]
            await pilot.press("up", "enter")
            await settle(pilot, lambda: getattr(app.screen, "meeting", None) is not None)
            screen = app.screen
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("escape", "6")
            await settle(pilot, lambda: screen.current_item.position == 6)
            await settle(pilot, lambda: screen.panel.has_focus_within)
            await workers_done(app)
            await pilot.press("down")  # the second case is in hand
            await settle(pilot, lambda: f"{FOCUSED_MARK} - PSG-2022-003" in plain(app))
            shown = plain(app)
            assert BLURRED_MARK not in shown
            await pilot.press("tab")  # into the form: the list says which case, hollow
            await settle(pilot, lambda: BLURRED_MARK in plain(app))
            (line,) = _marked(plain(app), BLURRED_MARK)
            assert "PSG-2022-003" in line
            assert f"{FOCUSED_MARK} - PSG-" not in plain(app)  # no case list row is live


async def test_agenda_ticks_and_open_lists_read_without_colour(demo_db_path) -> None:
    """The agenda's cursor (›, beside ▶ the item in hand), the interventions (✓ ticked, blank
    not; ▶ the one Space ticks, ▷ once the focus has left) and the open list of a Select (▶
    the choice Enter takes) read in a capture with no styles at all."""
    from spp_tui.widgets.agenda_list import CURSOR_MARK
    from spp_tui.widgets.lists import BLURRED_MARK, FOCUSED_MARK

    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("escape", "6")
            await settle(pilot, lambda: screen.current_item.position == 6)
            await settle(pilot, lambda: screen.panel.has_focus_within)
            await workers_done(app)
            # The interventions: Space ticks the one in hand, Down moves the hand.
            ticks = screen.query_one("#case-interventions")
            ticks.focus()
            await pilot.press("space")
            await settle(pilot, lambda: len(ticks.selected) == 1)
            first, second = (ticks.labels[ticks.get_option_at_index(n).value] for n in (0, 1))
            assert _ticks(plain(app), first, second) == [f"{FOCUSED_MARK} ✓ ", "    "]
            await pilot.press("down")
            await pilot.pause()
            assert _ticks(plain(app), first, second) == ["  ✓ ", f"{FOCUSED_MARK}   "]
            screen.query_one("#case-decisions").focus()
            await pilot.pause()
            assert _ticks(plain(app), first, second) == ["  ✓ ", f"{BLURRED_MARK}   "]
            # The agenda: ▶ stays on the item in hand, › goes where Enter would go.
            screen.query_one("AgendaList").focus()
            await pilot.pause()
            assert _agenda(plain(app)) == {6: f"▶{CURSOR_MARK}"}
            await pilot.press("down")
            await pilot.pause()
            assert _agenda(plain(app)) == {6: "▶ ", 7: f" {CURSOR_MARK}"}
            # An open Select: its highlighted choice carries ▶, and Down moves it.
            risk = screen.query_one("#case-risk")
            risk.focus()
            await pilot.press("enter")
            await settle(pilot, lambda: risk.expanded)
            shown = plain(app)
            assert f"{FOCUSED_MARK} not set" in shown
            await pilot.press("down")
            await pilot.pause()
            shown = plain(app)
            assert f"{FOCUSED_MARK} High (red)" in shown and f"{FOCUSED_MARK} not set" not in shown


def _ticks(shown: str, *labels: str) -> list[str]:
    """For each item of the tick list, the cells between the list's frame and its label: the
    mark of the item in hand, then ✓ or blank."""
    found = []
    for label in labels:
        line = next(ln for ln in shown.splitlines() if label[:18] in ln)
        found.append(line[line.index("▊") + 1 : line.index(label[:18])])
    return found


def _agenda(shown: str) -> dict[int, str]:
    """Agenda item number -> its two mark cells, for the items that carry any mark."""
    import re

    marks = {}
    for line in shown.splitlines():
        match = re.match(r"^(.)(.)(\d)\. ", line)
        if match and (match.group(1) + match.group(2)).strip(" ✓"):
            marks[int(match.group(3))] = match.group(1) + match.group(2)
    return marks


def test_every_list_and_footer_is_the_apps_own() -> None:
    """No screen builds Textual's own OptionList, DataTable or Select (their cursor, and the
    choice an open Select would take, are colour alone) or Footer (F1 Help falls off its end
    at 80 columns; a widget a key made screens slow to open) but ours; the agenda keeps its
    own marks (▶ the item in hand, ✓ visited, › its cursor)."""
    import re
    from pathlib import Path

    import spp_tui

    root = Path(spp_tui.__file__).parent

    def takers(name: str) -> list[str]:
        own = re.compile(rf"^\s*from textual\.widgets import .*\b{name}\b", re.M)
        return sorted(
            str(path.relative_to(root))
            for path in root.rglob("*.py")
            if own.search(path.read_text(encoding="utf-8"))
        )

    # safe_text patches Textual's OptionList itself (no markup in any list, ours included).
    assert takers("(OptionList|DataTable|Select)") == [
        "widgets/agenda_list.py",
        "widgets/safe_text.py",
    ]
    assert takers("Footer") == []  # widgets/footer.py draws its own line
    assert takers("Checkbox") == []  # Textual's draws X ticked or not: widgets/checkbox.py


async def test_a_checkbox_says_ticked_or_not_without_colour(demo_db_path) -> None:
    """The action log's "Overdue only" read ▐X▌ ticked or not (issue 13 item 8)."""
    from spp_tui.screens.action_log import ActionLogScreen

    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await home_ready(pilot)
            await pilot.press("a")
            await settle(pilot, lambda: isinstance(app.screen, ActionLogScreen))
            await settle(pilot, lambda: "Overdue only" in plain(app))
            (line,) = [x for x in plain(app).splitlines() if "Overdue only" in x]
            assert "▐ ▌ Overdue only" in line, line
            app.screen.query_one("#filter-overdue").toggle()
            await settle(pilot, lambda: "▐✓▌ Overdue only" in plain(app))


async def test_f1_help_is_on_the_footer_at_80_columns(demo_db_path) -> None:
    """The key to every other key is first in the footer, so 80 columns never cut it."""
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await home_ready(pilot)
            assert plain(app).splitlines()[-1].lstrip().startswith("f1 Help")
            await open_first_meeting(pilot)
            await pilot.press("ctrl+s")
            await pilot.pause()
            screen = app.screen
            await pilot.press("escape", "6")
            await settle(pilot, lambda: screen.current_item.position == 6)
            await settle(pilot, lambda: screen.panel.has_focus_within)
            assert plain(app).splitlines()[-1].lstrip().startswith("f1 Help")


async def test_high_contrast_theme_is_chosen_and_remembered(db_path) -> None:
    app = create_app(str(db_path))
    async with app.run_test() as pilot:
        await home_ready(pilot)
        assert HIGH_CONTRAST_THEME in app.available_themes
        assert app.theme == DARK_THEME
        await pilot.press("ctrl+t")
        await settle(pilot, lambda: app.theme == LIGHT_THEME)
        await pilot.press("ctrl+t")
        await settle(pilot, lambda: app.theme == HIGH_CONTRAST_THEME)
        await workers_done(app)
    again = create_app(str(db_path))
    async with again.run_test() as pilot:
        await home_ready(pilot)
        assert again.theme == HIGH_CONTRAST_THEME
        assert settings.get_setting(again.db, settings.THEME) == HIGH_CONTRAST_THEME


async def test_no_color_is_honoured(db_path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = create_app(str(db_path))
    async with app.run_test() as pilot:
        await home_ready(pilot)
        assert app.no_color
        assert any(type(f).__name__ in ("NoColor", "Monochrome") for f in app._filters)


async def test_action_review_at_80x24_shows_due_and_the_outcome(demo_db, demo_db_path) -> None:
    """80 columns: the reference and owner go under the text; Due and the outcome just
    recorded stay on screen, in words."""
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("escape", "4")
            await settle(pilot, lambda: screen.current_item.position == 4)
            await settle(pilot, lambda: "to review" in plain(app))
            shown = plain(app)
            assert "Due" in shown and "This meeting" in shown
            assert screen.panel.has_focus_within
            await pilot.press("c")
            await settle(pilot, lambda: "✓ complete" in plain(app))
