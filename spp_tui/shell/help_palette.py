"""F1 help and the command palette's app-wide commands: both list what works now, with the
user's keymap applied, so neither shows a key that does not do what it says."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import SystemCommand
from textual.binding import Binding, BindingsMap
from textual.screen import Screen

from spp_tui.shell.base import ShellBase
from spp_tui.shell.themes import THEME_NAMES


class HelpAndPalette(ShellBase):
    """App mixin (before ``App``): the F1 help screen's sections and the palette's commands."""

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
