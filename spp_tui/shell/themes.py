"""Themes: dark, light and high contrast (for projectors and low vision), chosen and saved."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import work

from spp_tui.errors import UserError
from spp_tui.shell.base import ShellBase

if TYPE_CHECKING:
    from textual.theme import Theme

    from spp_tui.db.database import Database  # the workers run once it is open

LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"
#: For projectors and low vision: white on black, yellow focus, no mid-tones.
HIGH_CONTRAST_THEME = "spp-high-contrast"
#: Ctrl+T steps through these; the choice is saved.
THEMES = (DARK_THEME, LIGHT_THEME, HIGH_CONTRAST_THEME)
THEME_NAMES = {DARK_THEME: "dark", LIGHT_THEME: "light", HIGH_CONTRAST_THEME: "high contrast"}


def high_contrast_theme() -> Theme:
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


class ThemeChoice(ShellBase):
    """App mixin (before ``App``): Ctrl+T and the palette's themes, remembered in the database."""

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
            settings.set_setting(cast("Database", self.db), settings.THEME, theme)
        except UserError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
