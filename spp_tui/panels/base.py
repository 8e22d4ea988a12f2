"""The workspace beside the agenda: one panel class per kind of agenda item.

The meeting screen asks ``panel_for(kind)`` for the class to mount; each panel lives in its own
module (imported only when the chair first enters such an item) so the screens stay small and
the first paint stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from spp_tui.dialogs.door import ServiceDoor
from spp_tui.vocabulary import AgendaItemKind
from spp_tui.widgets.safe_text import safe_text

if TYPE_CHECKING:
    from spp_tui.db.models import AgendaItem

#: agenda item kind -> "module:ClassName" of its panel.
PANEL_CLASSES: dict[str, str] = {
    AgendaItemKind.WELCOME: "spp_tui.panels.attendance:AttendancePanel",
    AgendaItemKind.CONFIDENTIALITY: "spp_tui.panels.confidentiality:ConfidentialityPanel",
    AgendaItemKind.PREVIOUS_MINUTES: "spp_tui.panels.previous_minutes:PreviousMinutesPanel",
    AgendaItemKind.ACTION_REVIEW: "spp_tui.panels.action_review:ActionReviewPanel",
    AgendaItemKind.NEW_REFERRALS: "spp_tui.panels.case:CasePanel",
    AgendaItemKind.CASE_REVIEWS: "spp_tui.panels.case:CasePanel",
    AgendaItemKind.YOUTH: "spp_tui.panels.case:CasePanel",
    AgendaItemKind.AOB: "spp_tui.panels.aob:AobPanel",
    AgendaItemKind.NEXT_MEETING: "spp_tui.panels.next_meeting:NextMeetingPanel",
}


class ItemPanel(ServiceDoor, Vertical):  # type: ignore[misc]  # ServiceDoor types app
    """Base for an agenda item's workspace. Subclasses load their data in ``load()``
    (called on mount and whenever the screen asks for a refresh) and reach the services
    through ``ServiceDoor`` (``db``, ``call``)."""

    DEFAULT_CLASSES = "item-panel"
    #: The panel reads what it shows first in a thread: on an item change the meeting
    #: screen is kept as it was until the panel says ``Shown`` (``widgets.frame_hold``).
    READS_IN_THREAD = False
    #: ``Shown`` posted already (it is told once).
    _told_shown = False

    class Shown(Message):
        """The panel shows its first content: the screen held for it may draw."""

        def __init__(self, panel: ItemPanel) -> None:
            super().__init__()
            self.panel = panel

    def __init__(self, meeting_id: int, item: AgendaItem, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.meeting_id = meeting_id
        self.item = item
        #: Set by the meeting screen when reopening on this item: the discussion that was in
        #: hand and the id of the field that had the focus.
        self.resume_case: int | None = None
        self.resume_field: str | None = None

    @property
    def item_id(self) -> int:
        """The agenda item's id (a stored row's: never None)."""
        from spp_tui.db.models import stored_id

        return stored_id(self.item)

    def on_mount(self) -> None:
        self.load()

    def first_shown(self) -> None:
        """Tell the screen the panel has its first content (``Shown``), once."""
        if not self._told_shown:
            self._told_shown = True
            self.post_message(self.Shown(self))

    @property
    def width_now(self) -> int:
        """The panel's width; before its first layout (the screen held while it reads),
        the room its place in the workspace gives it."""
        if self.size.width:
            return self.size.width
        parent = self.parent
        return parent.content_size.width if isinstance(parent, Widget) else 0

    def on_unmount(self) -> None:
        self._release_keys()

    def _release_keys(self) -> None:
        release = getattr(self.app, "release_keys", None)  # None: hosted by a test's own app
        if release is not None:
            release(self)

    def focus_home(self, attempts: int = 0) -> None:
        """Put the focus where the item's keys work: the panel's first list or table (a
        text field only when it has nothing else, the panel itself when it has neither),
        once its content is mounted. Keys typed meanwhile wait for it (the screen holds them
        with ``hold_keys(panel)``), so none lands in the agenda or is taken back by a late
        focus."""
        if not self.is_attached:
            self._release_keys()
        elif not self.is_mounted and attempts < 50:
            self.call_after_refresh(self.focus_home, attempts + 1)
        else:
            # Through the app's queue: after any focus the panel's own on_mount asked for.
            self.app.call_later(self._place_focus, attempts)

    def _place_focus(self, attempts: int) -> None:
        from textual.widgets import Input, TextArea

        if not self.is_attached:
            self._release_keys()
            return
        if self.resume_field:
            wanted = [w for w in self.query(f"#{self.resume_field}") if w.focusable]
            if wanted:
                self.resume_field = None
                self._focus(wanted[0])
                return
            if attempts < 20:  # the case in hand is still being filled in
                self.call_after_refresh(self.focus_home, attempts + 1)
                return
        focusable = [w for w in self.query("*") if w.focusable]
        plain = [w for w in focusable if not isinstance(w, (Input, TextArea))]
        candidates: list[Widget] = plain or focusable
        target = candidates[0] if candidates else None
        if target is None:
            if attempts < 3:  # still composing: try again once it has drawn
                self.call_after_refresh(self.focus_home, attempts + 1)
                return
            self.can_focus = True  # nothing inside takes the focus: the panel itself does
            target = self
        screen_focus = self.screen.focused
        self._focus(target if screen_focus is None or self not in screen_focus.ancestors else None)

    def _focus(self, target: Widget | None) -> None:
        """Focus ``target``, then let the held keys go (after the focus has moved: both go
        through the app's queue, in this order)."""
        if target is not None:
            target.focus()
        self.app.call_later(self._release_keys)

    def load(self) -> None:
        """(Re)load this panel's data from the database."""


class PlaceholderPanel(ItemPanel):
    """Shown for an item kind whose panel is not built yet: says so plainly."""

    def compose(self):  # noqa: ANN201
        yield Static(safe_text(f"{self.item.title}: notes for this item are kept in the minutes."))


def panel_for(kind: str) -> type[ItemPanel]:
    target = PANEL_CLASSES.get(kind)
    if target is None:
        return PlaceholderPanel
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return PlaceholderPanel
    return getattr(module, class_name)
