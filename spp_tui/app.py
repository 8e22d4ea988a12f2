"""The Textual application: paints the home screen at once, opens the database in a thread.

Only Textual and our light modules are imported here. The database layer (SQLModel,
SQLAlchemy, Alembic) is imported inside the worker that opens the database, so the first
screen appears about as fast as an empty Textual app; the home screen fills in when the
database is ready. Its app-wide duties (failures contained, the store's link and quitting,
privacy mode, themes, help and palette) are mixins in ``spp_tui.shell``, one module each.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from spp_tui.errors import UserError
from spp_tui.keymap import parse_keymap, read_keymap, user_keymap_path  # noqa: F401
from spp_tui.screens.navigation import Navigator
from spp_tui.shell import collector
from spp_tui.shell.containment import FailureContainment
from spp_tui.shell.help_palette import HelpAndPalette
from spp_tui.shell.privacy import PrivacyMode
from spp_tui.shell.store_link import StoreLink
from spp_tui.shell.themes import (  # noqa: F401 - the theme names are the app's public words
    DARK_THEME,
    HIGH_CONTRAST_THEME,
    LIGHT_THEME,
    THEME_NAMES,
    THEMES,
    ThemeChoice,
    high_contrast_theme,
)
from spp_tui.widgets import privacy_banner
from spp_tui.widgets.key_order import KeyOrder
from spp_tui.widgets.screen_mask import ScreenMask

if TYPE_CHECKING:
    from spp_tui.db.database import Database
    from spp_tui.db.services.directory import PersonRow
    from spp_tui.dialogs.outage import StoreOutage


class SppApp(
    FailureContainment,
    StoreLink,
    PrivacyMode,
    ThemeChoice,
    HelpAndPalette,
    Navigator,
    KeyOrder,
    App[None],
):
    """spp-tui: run a Problem Solving Group meeting from the keyboard."""

    TITLE = "spp-tui"
    HELP_TITLE = "Everywhere"
    #: Screens get "-narrow" below 110 columns and "-wide" from 140 (see app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-normal"), (140, "-wide")]
    CSS_PATH = "app.tcss"
    #: Ctrl+P also searches cases, actions, people and meetings (imported on first use).
    COMMANDS = App.COMMANDS | {
        lambda: import_module("spp_tui.screens.search_provider").SearchProvider
    }
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("f6", "toggle_privacy", "Privacy", id="app.privacy"),
        Binding("ctrl+t", "toggle_theme", "Theme", id="app.toggle_theme", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(self, db_target: str, *, create_parent: bool = False) -> None:
        from spp_tui.failures import (
            install_dispatch_guard,
            install_log,
            tolerate_undecodable_input,
        )
        from spp_tui.widgets.safe_text import install as install_safe_tables
        from spp_tui.widgets.safe_text import (
            install_plain_choices,
            install_plain_palette,
            install_plain_toasts,
            install_terminal_guard,
        )

        install_log()  # library warnings to spp-tui.log, passwords masked
        install_safe_tables()  # every DataTable str cell is plain text, never markup
        install_terminal_guard()  # no character of data reaches the terminal as a sequence
        install_plain_palette()  # palette commands and search hits are text, never markup
        install_plain_choices()  # option lists' and Selects' choices are text, never markup
        install_plain_toasts()  # a screen's or panel's toast too
        install_dispatch_guard()  # a failing handler is contained, not the end of the app
        tolerate_undecodable_input()  # a non-UTF-8 key byte is U+FFFD, not a crash
        super().__init__()
        self.db_target = db_target
        self.create_parent = create_parent
        self.db: Database | None = None
        #: Edits typed while the server is unreachable (set once the database is open).
        self.outage: StoreOutage | None = None
        #: The screens on the stack at the last change (their ids): one gone is collected.
        self._stack_shown: set[int] = set()
        #: The directory as last read while the store could be: searched while it cannot
        #: (``widgets.person_search``), so someone known is never added again offline.
        self.directory_copy: list[PersonRow] = []
        self.open_error: str | None = None
        self._on_db_ready: list[Callable[[], object]] = []
        self._init_key_order()  # keys in the order typed, each to the field on screen
        self.register_theme(high_contrast_theme())
        #: Unexpected exceptions contained so far (each logged and told in one line).
        self.contained_failures: list[BaseException] = []
        #: Ctrl+Q was pressed while saves waited for the file: a second one closes at once.
        self._quit_asked = False

        #: Privacy mode: every line drawn passes through the redaction engine (issue 18).
        self.screen_mask: ScreenMask | None = None
        self.privacy_mode = False
        self._privacy_settings = ("", "")

    # --- start-up --------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """Home is the first screen itself (not pushed over an empty one)."""
        from spp_tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        from spp_tui.db.database import mark_ui_thread

        mark_ui_thread(True)  # no write here waits more than a blink for another's lock
        # After the first frame: the import of the database layer holds the GIL for a while
        # and would otherwise delay the first paint.
        self.call_after_refresh(self._open_database)
        self.screen_change_signal.subscribe(self, self._screen_changed)

    def widgets_removed(self) -> None:
        """Widgets were taken off a screen that stays (an agenda item's panel): collected a
        moment later, as a closed screen's are (collector)."""
        collector.collect_later(self)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """A screen opened in privacy mode, or while the server is unreachable, says so too;
        a screen closed is collected soon after (collector)."""
        privacy_banner.show_on(screen, self.screen_mask is not None)
        if self.outage is not None:
            self.outage.screen_opened(screen)
        stack = {id(shown) for shown in self.screen_stack}
        if self._stack_shown - stack:
            collector.collect_later(self)
        self._stack_shown = stack

    @work(thread=True, exclusive=True, group="open-database")
    def _open_database(self) -> None:
        """Open (and if needed migrate) the database off the UI thread."""
        from spp_tui.db.database import open_database

        try:
            db = open_database(self.db_target, create_parent=self.create_parent)
        except UserError as exc:
            self.call_from_thread(self._show_open_error, str(exc))
            return
        from spp_tui.db.services import settings

        theme = settings.get_setting(db, settings.THEME)
        sources = [("Your keymap setting", settings.get_setting(db, settings.KEYMAP))]
        self._privacy_settings = (
            settings.get_setting(db, settings.PRIVACY_START),
            settings.get_setting(db, settings.PRIVACY_SHOW_FOCUSED),
        )
        keymap_file = user_keymap_path()
        if keymap_file.is_file():
            with contextlib.suppress(OSError):  # unreadable: the default keys still work
                sources.append((str(keymap_file), keymap_file.read_text(encoding="utf-8")))
        keymap, problems = read_keymap(sources)  # here, off the UI thread
        self.call_from_thread(self._database_ready, db, theme, keymap, problems)

    def _show_open_error(self, message: str) -> None:
        from spp_tui.screens.error import ErrorScreen

        self.open_error = message
        self.push_screen(ErrorScreen(message))  # a full screen over home; q quits

    def _database_ready(
        self, db: Database, theme: str, keymap: dict[str, str], problems: list[str]
    ) -> None:
        self.db = db
        if db.notice:  # a file on a network share: shown once
            self.notify(db.notice, timeout=10, markup=False)
        if theme in THEMES and theme != self.theme:
            self.theme = theme
        for problem in problems:
            self.notify(problem, markup=False)
        if keymap:
            self.set_keymap(keymap)
        if self._privacy_settings[0] == "on" and not self.privacy_mode:
            self.action_toggle_privacy()
        callbacks, self._on_db_ready = self._on_db_ready, []
        for callback in callbacks:
            callback()
        self._start_outage_keeper()
        # Started: what the app holds now lasts; the collector stops walking it.
        self.call_after_refresh(collector.settle)

    def _start_outage_keeper(self) -> None:
        from spp_tui.dialogs.outage import StoreOutage

        self.outage = StoreOutage.start(self)

    def when_db_ready(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` now if the database is open, otherwise as soon as it is."""
        if self.db is not None:
            callback()
        else:
            self._on_db_ready.append(callback)

    def on_unmount(self) -> None:
        collector.release()
        from spp_tui.widgets.save_lane import lane_of

        lane_of(self).stop()
        from spp_tui.db.database import mark_ui_thread

        mark_ui_thread(False)
        if self.db is not None:
            self.db.dispose()


def create_app(db_target: str) -> SppApp:
    """Build the app for a database path or URL (nothing is opened until it runs)."""
    from spp_tui.paths import default_db_path

    return SppApp(db_target, create_parent=db_target == str(default_db_path()))


def open_app(target: str) -> None:
    """Check the file with the standard library (a bad --db is one line, not a screen), then
    run the app on it. Both entry points (``spp-tui`` and the CLI with no command) come here."""
    from spp_tui.paths import default_db_path, parse_db_target

    parsed = parse_db_target(target)  # an unknown scheme, a missing driver: one line here
    if parsed.path is not None:
        from spp_tui.db.preflight import check_sqlite_file

        check_sqlite_file(parsed.path, create_parent=target == str(default_db_path()))
    app = create_app(target)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)  # a run that crashed never reports success
