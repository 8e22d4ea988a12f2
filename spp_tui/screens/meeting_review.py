"""What the meeting screen does with the secretariat's minutes check and review: opening the
check (F7), going to the record a gap names, and moving the minutes to draft, approved or back.

The dialogs themselves are in ``spp_tui.dialogs.readiness``; this is the screen's side, so the
dialogs never reach into the meeting screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from spp_tui.dialogs.readiness import ReadinessScreen, Target, UnlockDialog
from spp_tui.vocabulary import AgendaItemKind, MeetingStatus

if TYPE_CHECKING:
    from spp_tui.screens.meeting import MeetingScreen

#: How often to look again for a case panel that is still being mounted.
RETRY_SECONDS = 0.05


def open_readiness(screen: MeetingScreen) -> None:
    """Show the gaps; the one chosen opens where it can be fixed."""
    screen.flush_panel()

    def chosen(target: Target | None) -> None:
        if target is not None:
            jump_to(screen, target)

    screen.app.push_screen(ReadinessScreen(screen.meeting_id), chosen)


def jump_to(screen: MeetingScreen, target: Target) -> None:
    """Open the record a readiness issue names: an action in its dialog, a discussion in its
    case panel, an attendee in the attendance, an agenda item itself."""
    kind, record_id = target
    if kind == "action":
        _edit_action(screen, record_id)
    elif kind == "agenda_item":
        item = next((i for i in screen.items if i.id == record_id), None)
        if item is not None:
            screen.go_to(item)
    elif kind == "attendance":
        item = next((i for i in screen.items if i.kind == AgendaItemKind.WELCOME), None)
        if item is not None:
            screen.go_to(item)
    elif kind == "discussion":
        _open_discussion(screen, record_id)


def _edit_action(screen: MeetingScreen, action_id: int) -> None:
    from spp_tui.dialogs.action import ActionDialog

    def saved(action_id: int | None) -> None:
        if action_id is not None and screen.panel is not None:
            screen.panel.load()

    screen.app.push_screen(ActionDialog(meeting_id=screen.meeting_id, action_id=action_id), saved)


def _open_discussion(screen: MeetingScreen, discussion_id: int) -> None:
    from spp_tui.db.services.cases import meeting_cases

    db = screen.db
    entry = next(
        (e for e in meeting_cases(db, screen.meeting_id) if e.discussion.id == discussion_id),
        None,
    )
    item = next(
        (i for i in screen.items if entry and i.id == entry.discussion.agenda_item_id), None
    )
    if item is None:
        return
    screen.go_to(item)
    screen.call_after_refresh(_highlight_case, screen, discussion_id)


def _highlight_case(screen: MeetingScreen, discussion_id: int, tries: int = 60) -> None:
    """Put the case in hand in the case panel, once the freshly mounted panel has loaded its
    cases (else it would pick the first itself): the panel answers whether it could."""
    panel = screen.panel
    if panel is None:
        return
    show = getattr(panel, "show_discussion", None)
    if show is None:
        return
    if show(discussion_id) is None and tries > 0:
        # still mounting: look again shortly (at most about 3 seconds)
        screen.set_timer(RETRY_SECONDS, lambda: _highlight_case(screen, discussion_id, tries - 1))


# --- minutes status ----------------------------------------------------------------------


def review_commands(screen: MeetingScreen) -> Iterator[SystemCommand]:
    """Palette commands for a meeting that has been held: the moves ``services.review``
    allows from its status (the rules live there, not here)."""
    from spp_tui.db.services import review

    status = screen.meeting.status if screen.meeting else None
    if not review.is_held(status):
        return
    yield SystemCommand(
        "Check the minutes", "What is missing before they go out (F7)", screen.action_check_minutes
    )
    allowed = review.next_minutes_statuses(status)
    if MeetingStatus.MINUTES_DRAFT in allowed:
        yield SystemCommand(
            "Minutes: mark as draft",
            "Tidied and ready to circulate as a draft",
            lambda: set_status(screen, MeetingStatus.MINUTES_DRAFT),
        )
    if MeetingStatus.MINUTES_APPROVED in allowed:
        yield SystemCommand(
            "Minutes: approve (locks them)",
            "Record the minutes as approved; later changes need an unlock",
            lambda: approve(screen),
        )
    if status == MeetingStatus.MINUTES_APPROVED:
        yield SystemCommand(
            "Minutes: unlock for correction",
            "Give a reason (audited); they return to draft until approved again",
            lambda: unlock(screen),
        )


def set_status(screen: MeetingScreen, status: str) -> None:
    from spp_tui.db.services.review import set_minutes_status

    done = screen.call(set_minutes_status, screen.meeting_id, status, saved=f"Minutes: {status}.")
    if done is not None:
        screen.reload()


def approve(screen: MeetingScreen) -> None:
    from spp_tui.dialogs.common import ConfirmDialog

    def answered(confirmed: bool | None) -> None:
        if confirmed:
            set_status(screen, MeetingStatus.MINUTES_APPROVED)

    screen.flush_panel()
    screen.app.push_screen(
        ConfirmDialog(
            "Approve these minutes? They are locked from then on: a correction needs an unlock "
            "with a reason.",
            confirm_label="Approve",
            danger=False,
        ),
        answered,
    )


def unlock(screen: MeetingScreen) -> None:
    from spp_tui.db.services.review import unlock_minutes

    def reason_given(reason: object) -> None:
        if not reason:
            return
        done = screen.call(
            unlock_minutes,
            screen.meeting_id,
            str(reason),
            saved="Minutes unlocked for correction (back to draft).",
        )
        if done is not None:
            screen.reload()

    date = f"{screen.meeting.date:%d %b %Y}" if screen.meeting else ""
    screen.app.push_screen(UnlockDialog(f"Unlock the approved minutes of {date}"), reason_given)
