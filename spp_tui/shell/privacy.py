"""Privacy mode (F6, issue 18): every line drawn passes through the redacted minutes' engine,
so a projected screen shows no recorded name; what is typed is stored as typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from textual import work

from spp_tui.errors import UserError
from spp_tui.shell.base import ShellBase
from spp_tui.widgets import privacy_banner
from spp_tui.widgets.screen_mask import ScreenMask, repaint, with_mask

if TYPE_CHECKING:
    from textual.filter import LineFilter

    from spp_tui.db.database import Database  # the workers run once it is open


class PrivacyMode(ShellBase):
    """App mixin (before ``App``): the screen mask, its switch, its two settings and the
    audit trail's record of each switch."""

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
            redactor = Redactor.for_meeting(cast("Database", self.db), meeting_id)
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
            privacy.record_view(cast("Database", self.db), meeting_id, what)
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
