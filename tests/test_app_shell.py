"""The app shell: light imports, database errors as one line, theme, help, keymap, palette."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import time_machine
from app_pilot import MEETING_MORNING, home_ready, open_first_meeting, settle

from spp_tui.app import DARK_THEME, LIGHT_THEME, create_app, parse_keymap
from spp_tui.db.services import settings
from spp_tui.dialogs.common import HelpScreen, StaleEditDialog
from spp_tui.errors import StaleEditError, ValidationError
from spp_tui.screens.error import ErrorScreen
from spp_tui.widgets.agenda_list import AgendaList

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "docx")


def test_the_tui_modules_import_no_database_or_docx_library() -> None:
    code = (
        "import sys, spp_tui.app, spp_tui.screens.home, spp_tui.screens.meeting, "
        "spp_tui.dialogs.common, spp_tui.widgets.clocks, spp_tui.widgets.agenda_list\n"
        "spp_tui.app.create_app('/nonexistent/never-opened.sqlite3')\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


async def test_a_database_that_cannot_be_opened_is_one_line_and_q_quits(tmp_path) -> None:
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_text("these are my notes, not a database\n" * 20)
    app = create_app(str(not_a_database))
    async with app.run_test() as pilot:
        await settle(pilot, lambda: isinstance(app.screen, ErrorScreen))
        message = app.screen.message
        assert "\n" not in message and "Traceback" not in message
        assert str(not_a_database.name) in message
        await pilot.press("q")
        for _ in range(1000):  # under load the exit takes more than one pause (CI, once)
            if app.return_code is not None:
                break
            await asyncio.sleep(0.01)
    assert app.return_code == 0
    assert not_a_database.read_text().startswith("these are my notes")


async def test_theme_toggle_is_remembered(db_path) -> None:
    app = create_app(str(db_path))
    async with app.run_test() as pilot:
        await home_ready(pilot)
        assert app.theme == DARK_THEME
        await pilot.press("ctrl+t")
        await settle(pilot, lambda: True)
        assert app.theme == LIGHT_THEME
    again = create_app(str(db_path))
    async with again.run_test() as pilot:
        await home_ready(pilot)
        assert again.theme == LIGHT_THEME
        assert settings.get_setting(again.db, settings.THEME) == LIGHT_THEME


async def test_help_lists_the_keys_of_the_screen_and_the_app(demo_db_path) -> None:
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await open_first_meeting(pilot)
            app.screen.query_one(AgendaList).focus()
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            sections = dict(app.screen.sections)
            assert ("Ctrl+N", "Next") in sections["Meeting"]
            # F1 lists only what applies now: a scheduled meeting starts, it cannot end yet.
            assert ("Ctrl+S", "Start meeting") in sections["Meeting"]
            assert ("Ctrl+F", "End meeting") not in sections["Meeting"]
            assert ("F1", "Help") in sections["Everywhere"]
            assert ("Ctrl+Q", "Quit") in sections["Everywhere"]
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)


async def test_keymap_file_remaps_a_binding(demo_db_path) -> None:
    from spp_tui.app import user_keymap_path

    keymap = user_keymap_path()
    keymap.parent.mkdir(parents=True, exist_ok=True)
    keymap.write_text('"meeting.next_item" = "ctrl+right"\n', encoding="utf-8")
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await open_first_meeting(pilot)
            screen = app.screen
            await pilot.press("ctrl+s")
            await pilot.pause()
            screen.query_one(AgendaList).focus()  # Ctrl+→ moves by word in a text field
            await pilot.press("ctrl+n")  # no longer bound
            await pilot.pause()
            assert screen.current_item.position == 1
            await pilot.press("ctrl+right")
            await pilot.pause()
            assert screen.current_item.position == 2
            await pilot.press("f1")
            await pilot.pause()
            assert ("Ctrl+→", "Next") in dict(app.screen.sections)["Meeting"]


def test_parse_keymap_accepts_a_keymap_table_or_plain_lines() -> None:
    assert parse_keymap('[keymap]\n"app.help" = "f2"\n') == {"app.help": "f2"}
    assert parse_keymap('"app.help" = "f2"\n') == {"app.help": "f2"}
    assert parse_keymap("") == {}


async def test_user_errors_are_toasts_and_stale_edits_offer_a_reload(db_path) -> None:
    app = create_app(str(db_path))
    reloaded: list[bool] = []

    def refuse(db) -> None:
        raise ValidationError("an agency needs a name.")

    def stale(db) -> None:
        raise StaleEditError("this meeting was changed elsewhere since you opened it.")

    async with app.run_test() as pilot:
        await home_ready(pilot)
        assert app.run_service(refuse) is None
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["an agency needs a name."]
        app.run_service(stale, on_stale=lambda: reloaded.append(True))
        await pilot.pause()
        assert isinstance(app.screen, StaleEditDialog)
        assert "Keep mine" not in str(app.screen.choices)  # nothing here can save over it
        await pilot.press("r")
        await pilot.pause()
        assert reloaded == [True]
        app.run_service(stale, on_stale=lambda: reloaded.append(True))
        await pilot.pause()
        assert "Reload now?" in app.screen.question
        await pilot.press("escape")  # decide later: nothing reloaded
        await pilot.pause()
        assert reloaded == [True] and not isinstance(app.screen, StaleEditDialog)


async def test_palette_offers_the_meetings_commands(demo_db_path) -> None:
    with time_machine.travel(MEETING_MORNING, tick=False):
        app = create_app(str(demo_db_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await open_first_meeting(pilot)
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Start meeting" in titles and "End meeting" not in titles
            assert "Go to item 3: Minutes of the last meeting" in titles
            for wanted in ("Add action", "Add case", "Export minutes", "Toggle light/dark theme"):
                assert wanted in titles
            await pilot.press("ctrl+s")
            await pilot.pause()
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "End meeting" in titles and "Start meeting" not in titles
            go_to_5 = next(
                c for c in app.get_system_commands(app.screen) if c.title.startswith("Go to item 5")
            )
            go_to_5.callback()
            await pilot.pause()
            assert app.screen.current_item.position == 5
