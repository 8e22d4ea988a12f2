"""The Textual application: paints the home screen at once, opens the database in a thread.

Only Textual and our light modules are imported here. The database layer (SQLModel,
SQLAlchemy, Alembic) is imported inside the worker that opens the database, so the first
screen appears about as fast as an empty Textual app; the home screen fills in when the
database is ready.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingsMap
from textual.filter import LineFilter
from textual.screen import Screen

from spp_tui.errors import DatabaseUnavailableError, UserError
from spp_tui.keymap import parse_keymap, read_keymap, user_keymap_path  # noqa: F401
from spp_tui.screens.navigation import Navigator
from spp_tui.widgets import privacy_banner
from spp_tui.widgets.key_order import KeyOrder
from spp_tui.widgets.screen_mask import ScreenMask, repaint, with_mask

if TYPE_CHECKING:
    from spp_tui.db.database import Database
    from spp_tui.dialogs.outage import StoreOutage

T = TypeVar("T")

LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"
#: For projectors and low vision: white on black, yellow focus, no mid-tones.
HIGH_CONTRAST_THEME = "spp-high-contrast"
#: Ctrl+T steps through these; the choice is saved.
THEMES = (DARK_THEME, LIGHT_THEME, HIGH_CONTRAST_THEME)
THEME_NAMES = {DARK_THEME: "dark", LIGHT_THEME: "light", HIGH_CONTRAST_THEME: "high contrast"}


def high_contrast_theme():  # noqa: ANN201 - textual.theme.Theme, imported here to stay light
    """A registered Textual theme: pure white on black, yellow for focus and keys."""
    from textual.theme import Theme

    return Theme(
        name=HIGH_CONTRAST_THEME,
        primary="#FFFF00",
        secondary="#00FFFF",
        accent="#FFFF00",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#000000",
        boost="#000000",
        success="#00FF00",
        warning="#FFFF00",
        error="#FF4040",
        dark=True,
        variables={
            "border": "#FFFF00",
            "border-blurred": "#FFFFFF",
            "footer-key-foreground": "#FFFF00",
            "block-cursor-background": "#FFFF00",
            "block-cursor-foreground": "#000000",
            "input-selection-background": "#FFFF00 50%",
        },
    )


class SppApp(Navigator, KeyOrder, App[None]):
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
        from spp_tui.widgets.safe_text import install_plain_palette, install_terminal_guard

        install_log()  # library warnings to spp-tui.log, passwords masked
        install_safe_tables()  # every DataTable str cell is plain text, never markup
        install_terminal_guard()  # no character of data reaches the terminal as a sequence
        install_plain_palette()  # palette commands and search hits are text, never markup
        install_dispatch_guard()  # a failing handler is contained, not the end of the app
        tolerate_undecodable_input()  # a non-UTF-8 key byte is U+FFFD, not a crash
        super().__init__()
        self.db_target = db_target
        self.create_parent = create_parent
        self.db: Database | None = None
        #: Edits typed while the server is unreachable (set once the database is open).
        self.outage: StoreOutage | None = None
        self.open_error: str | None = None
        self._on_db_ready: list[Callable[[], None]] = []
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

    # --- failures contained, data shown as text ------------------------------------------

    def notify(self, message: str, *args: Any, markup: bool = False, **kwargs: Any) -> None:
        """Toasts carry data (titles, names, errors quoting input): plain text by default,
        control characters made visible."""
        from spp_tui.widgets.safe_text import visible

        super().notify(visible(message, multiline=True), *args, markup=markup, **kwargs)

    def _handle_exception(self, error: Exception) -> None:
        """A worker or callback failed: contained (logged, one line) once the app is up (a
        lost server is its own line); only a failure while the app itself starts ends it (one
        line, non-zero status)."""
        from spp_tui.failures import contain

        cause = getattr(error, "error", error)  # WorkerFailed wraps the worker's exception
        if isinstance(cause, DatabaseUnavailableError):  # a lost server met by a loading worker
            self.server_unreachable(cause)
            return
        if self.is_running and self.screen_stack:
            contain(self, error)
            if self.is_headless and self._exception is None:
                self._exception = error  # tests still hear of it when run_test ends
            return
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """The traceback goes to the log in the data folder, never the terminal (its locals
        hold personal data); the terminal gets one line."""
        from rich.text import Text

        from spp_tui.failures import log_failure, notice

        error = self._exception or RuntimeError("unknown failure")
        log_failure(error)
        self._exit_renderables.append(Text(f"spp-tui: error: {notice(error)}"))
        self._close_messages_no_wait()

    # --- start-up --------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """Home is the first screen itself (not pushed over an empty one)."""
        from spp_tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        # After the first frame: the import of the database layer holds the GIL for a while
        # and would otherwise delay the first paint.
        self.call_after_refresh(self._open_database)
        self.screen_change_signal.subscribe(self, self._screen_changed)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """A screen opened in privacy mode, or while the server is unreachable, says so too."""
        privacy_banner.show_on(screen, self.screen_mask is not None)
        if self.outage is not None:
            self.outage.screen_opened(screen)

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

    def _start_outage_keeper(self) -> None:
        from spp_tui.dialogs.outage import StoreOutage

        self.outage = StoreOutage.start(self)

    def when_db_ready(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` now if the database is open, otherwise as soon as it is."""
        if self.db is not None:
            callback()
        else:
            self._on_db_ready.append(callback)

    def on_unmount(self) -> None:
        from spp_tui.widgets.save_lane import lane_of

        lane_of(self).stop()
        if self.db is not None:
            self.db.dispose()

    async def action_quit(self) -> None:
        """Quit, never with a save still waiting for the file: every form saves what it
        holds, and while a save waits (another process holds the lock, a full disk) the app
        says so and closes once it has landed; Ctrl+Q again closes at once (it is lost). Edits
        typed while the server is unreachable are said too, and kept in the journal."""
        from rich.text import Text

        from spp_tui.widgets.autosave import AutosaveForm
        from spp_tui.widgets.save_lane import lane_of

        for screen in self.screen_stack:
            for node in screen.walk_children(with_self=False):
                if isinstance(node, AutosaveForm):
                    node.flush()
        if self.outage is not None and not self.outage.may_quit():
            return  # edits wait for the server: said once, Ctrl+Q again quits
        said = self.outage.said_on_quit if self.outage is not None else None
        lane = lane_of(self)
        if not lane.busy() or self._quit_asked:
            lane.stop()
            self.exit(message=Text(said) if said else None)
            return
        self._quit_asked = True
        self.notify(
            "Closing as soon as your text is saved (the file is held by another user or the "
            "disk is full). Ctrl+Q again closes now and loses what is not saved.",
            severity="warning",
            timeout=3600,
            markup=False,
        )
        lane.when_drained(self.exit)

    # --- services ----------------------------------------------------------------------

    def run_service(
        self,
        service: Callable[..., T],
        *args: Any,
        saved: str | None = None,
        on_stale: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> T | None:
        """Call a service from the app itself (screens, panels and dialogs use their
        ``ServiceDoor.call``, the same flow): toast, one-line refusal, reload offer."""
        from spp_tui.dialogs.door import call_service

        return call_service(self, service, *args, saved=saved, on_stale=on_stale, **kwargs)

    def server_unreachable(self, exc: Exception) -> None:
        """The store went away (server stopped, network dropped): one line, the app stays up
        and what was typed stays on screen to be saved again once the server is back."""
        if self.outage is not None:
            if self.outage.offline:  # the banner says so already; this step was not done
                self.notify(
                    "server unreachable: not done; do it again once the server is back.",
                    severity="warning",
                    timeout=4,
                    markup=False,
                )
                return
            self.outage.lost(exc)
        self.notify(
            f"server unreachable ({exc}): your typing is kept and written when it is back; "
            "anything else (a start, an action) must be done again then.",
            severity="error",
            timeout=10,
            markup=False,
        )

    # --- privacy mode ------------------------------------------------------------------

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, with privacy mode's names filter first while it is on."""
        return with_mask(self.screen_mask, super().get_line_filters())

    def privacy_meeting_id(self) -> int | None:
        """The meeting on screen (placeholders numbered as in its redacted minutes)."""
        for screen in reversed(self.screen_stack):
            meeting_id = getattr(screen, "meeting_id", None)
            if isinstance(meeting_id, int):
                return meeting_id
        return None

    def action_toggle_privacy(self) -> None:
        """Privacy mode on or off: names on screen go through the redacted minutes' engine;
        what is typed is stored as typed. The audit trail records each switch."""
        if self.db is None:
            self.notify("The database is still opening; try again in a moment.")
            return
        if self.privacy_mode:
            self.privacy_mode = False
            self.screen_mask = None
            self._privacy_changed()
            self.notify("Privacy mode OFF: names are shown.", timeout=3)
            self._record_privacy(self.privacy_meeting_id(), "privacy mode turned off")
            return
        self.privacy_mode = True  # a second F6 while the engine loads turns it off again
        self._load_privacy_mask(self.privacy_meeting_id())

    def _privacy_changed(self) -> None:
        for screen in self.screen_stack:
            changed = getattr(screen, "privacy_changed", None)
            if changed is not None:
                changed()
        privacy_banner.show_everywhere(self, self.screen_mask is not None)
        if self.outage is not None:
            self.outage.show_banner()  # below the privacy line when both show
        repaint(self)

    @work(thread=True, exclusive=True, group="privacy")
    def _load_privacy_mask(self, meeting_id: int | None) -> None:
        from spp_tui.exports.redaction import Redactor

        try:
            redactor = Redactor.for_meeting(self.db, meeting_id)
        except UserError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        mask = ScreenMask(redactor.redact, show_focused=self._privacy_settings[1] == "on")
        self.call_from_thread(self._privacy_ready, mask, meeting_id)

    def _privacy_ready(self, mask: ScreenMask, meeting_id: int | None) -> None:
        if not self.privacy_mode:
            return  # turned off again meanwhile
        self.screen_mask = mask
        self._privacy_changed()
        self.notify("Privacy mode ON: recorded names are redacted on screen (F6 turns it off).")
        self._record_privacy(meeting_id, "privacy mode turned on")

    @work(thread=True, group="settings")
    def _record_privacy(self, meeting_id: int | None, what: str) -> None:
        from spp_tui.db.services import privacy

        try:
            privacy.record_view(self.db, meeting_id, what)
        except UserError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)

    def _save_privacy_start(self, on: bool) -> None:
        from spp_tui.db.services import settings

        value = "on" if on else ""
        saved = f"The app will {'' if on else 'not '}open in privacy mode."
        self.run_service(settings.set_setting, settings.PRIVACY_START, value, saved=saved)
        self._privacy_settings = (value, self._privacy_settings[1])

    def _save_privacy_focused(self, on: bool) -> None:
        """The setting ``privacy_show_focused``, saved and applied to the screen at once."""
        from spp_tui.db.services import settings

        value = "on" if on else ""
        saved = (
            "In privacy mode the field being edited shows what is typed while it has the focus."
            if on
            else "In privacy mode the field being edited is redacted too."
        )
        self.run_service(settings.set_setting, settings.PRIVACY_SHOW_FOCUSED, value, saved=saved)
        self._privacy_settings = (self._privacy_settings[0], value)
        if self.screen_mask is not None:
            self.screen_mask.show_focused = on
            repaint(self)

    # --- theme, help, palette ----------------------------------------------------------

    def action_toggle_theme(self) -> None:
        """Ctrl+T: dark, light, high contrast, dark... (saved)."""
        index = THEMES.index(self.theme) if self.theme in THEMES else -1
        self.use_theme(THEMES[(index + 1) % len(THEMES)])

    def use_theme(self, theme: str) -> None:
        self.theme = theme
        self.notify(f"Theme: {THEME_NAMES.get(theme, theme)}", timeout=2)
        if self.db is not None:
            self._save_theme(self.theme)

    @work(thread=True, group="settings")
    def _save_theme(self, theme: str) -> None:
        from spp_tui.db.services import settings

        try:
            settings.set_setting(self.db, settings.THEME, theme)
        except UserError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)

    def help_sections(self, screen: Screen) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every binding of ``screen``, of our widgets that hold the focus, and of the app,
        with the user's keymap applied (so help shows the keys that really work)."""
        from spp_tui.keymap import binding_rows

        nodes: list[Any] = []
        focused = screen.focused
        if focused is not None:
            nodes.extend(
                node
                for node in reversed(list(focused.ancestors_with_self))
                if type(node).__module__.startswith(("spp_tui.widgets", "spp_tui.panels"))
            )
        nodes = [screen, *nodes[::-1], self]
        sections: list[tuple[str, list[tuple[str, str]]]] = []
        for node in nodes:
            bindings_map: BindingsMap = node._bindings.copy()
            if self._keymap:
                bindings_map.apply_keymap(self._keymap)
            merged: dict[tuple[str, str], Binding] = {}
            for key, binding in bindings_map:
                if binding.system or not binding.description:
                    continue
                if not _applies_now(node, binding.action):
                    continue  # F1 lists only what works now (no "Start meeting" once started)
                if node is not screen and node is not self and binding.id is None:
                    continue  # a Textual widget's own keys (arrows...), not ours
                name = (binding.action, binding.description)
                if name in merged:
                    merged[name] = merged[name].with_key(f"{merged[name].key},{key}")
                else:
                    merged[name] = binding.with_key(key)
            rows = [(keys, what) for keys, what, _id in binding_rows(list(merged.values()))]
            title = getattr(node, "HELP_TITLE", None) or type(node).__name__
            sections.append((title, rows))
        return sections

    def action_help(self) -> None:
        from spp_tui.dialogs.common import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.help_sections(self.screen)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers the screen's own commands first, then the app's."""
        provider = getattr(screen, "palette_commands", None)
        if provider is not None:
            yield from provider()
        yield SystemCommand("Toggle light/dark theme", "Switch theme", self.action_toggle_theme)
        for theme, name in THEME_NAMES.items():
            yield SystemCommand(
                f"Theme: {name}", "Use this theme (remembered)", lambda t=theme: self.use_theme(t)
            )
        yield SystemCommand(
            f"Privacy mode: turn {'off' if self.privacy_mode else 'on'} (F6)",
            "Redact every recorded party name on screen (for a projected screen)",
            self.action_toggle_privacy,
        )
        starts = self._privacy_settings[0] == "on"
        yield SystemCommand(
            f"Privacy mode: {'do not start' if starts else 'start'} in it when the app opens",
            "Remembered in the database",
            lambda: self._save_privacy_start(not starts),
        )
        shows = self._privacy_settings[1] == "on"
        yield SystemCommand(
            f"Privacy mode: {'redact' if shows else 'show'} the field being edited",
            "Whether the field with the focus shows what is typed (remembered)",
            lambda: self._save_privacy_focused(not shows),
        )
        yield SystemCommand("Help: keys", "List every key of this screen", self.action_help)
        yield from super().get_system_commands(screen)


def _applies_now(node: Any, action: str) -> bool:
    """Whether ``node``'s ``check_action`` lets ``action`` run now (hidden keys are not listed)."""
    from textual.actions import parse

    check = getattr(node, "check_action", None)
    if check is None:
        return True
    _target, name, parameters = parse(action)
    try:
        return bool(check(name, parameters))
    except Exception:  # noqa: BLE001 - a help listing never breaks the app
        return True


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
