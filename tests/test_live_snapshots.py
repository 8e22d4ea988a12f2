"""Snapshots of the live meeting's panels and dialogs, small (80x24) and projected (160x48),
one in the high-contrast theme (issue 13 "must show"). Time is frozen in London.

Each snapshot waits for the state it shows (a panel's hint line, a dialog's loaded table),
never for a fixed time: a panel that fills a line after its first paint is drawn the same on
a quiet machine and a loaded one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
import time_machine
from app_pilot import open_first_meeting, settle, still_cursors, workers_done
from textual.app import App
from textual.screen import ModalScreen
from textual.widgets import Static

from spp_tui.app import HIGH_CONTRAST_THEME, create_app

#: One present, then a deputy for Rebecca Moore (the Role column must show it whole).
ATTENDANCE = (*"okafor", "enter", *"adam", "enter", "tab", "d", *"rebecca", "enter")
#: Tom Okafor present, then the focus on his row in the attendance table.
ON_OKAFOR = (*"okafor", "enter", "tab")
#: Someone the directory does not know, typed at attendance: Enter asks for their details.
SOMEONE_NEW = (*"sam", "space", *"holt", "enter")
#: An action's text typed in the dialog F2 opens on a case.
ACTION_TYPED = ("f2", *"patrol")
MEETING_MORNING_LONDON = dt.datetime(2023, 4, 4, 9, 58, tzinfo=ZoneInfo("Europe/London"))

Ready = Callable[[App], bool]


def _always(app: App) -> bool:
    return True


def _dialog(name: str) -> Ready:
    """A dialog is up and, if its table is filled by a query, the rows are in."""

    def ready(app: App) -> bool:
        screen = app.screen
        return (
            isinstance(screen, ModalScreen)
            and type(screen).__name__ == name
            and getattr(screen, "table_data", True) is not None
        )

    return ready


def _next_meeting_hint(app: App) -> bool:
    """Item 9's line under the field says which day Enter alone schedules."""
    hints = app.screen.query("#next-meeting-parsed")
    return bool(hints) and "four weeks on" in str(hints.first(Static).render())


def _on_item(
    number: int, *, keys: tuple[str, ...] = (), theme: str | None = None, ready: Ready = _always
):
    async def run_before(pilot) -> None:
        await open_first_meeting(pilot)
        screen = pilot.app.screen
        await pilot.press("ctrl+s")
        # Its toast arrives from the save lane: waited for, so it is cleared below, never
        # drawn over the picture on a quick machine.
        await settle(pilot, lambda: any("started" in n.message for n in pilot.app._notifications))
        if number != 1:  # starting the meeting enters item 1 with the focus in its panel
            await pilot.press("escape", str(number))
        await settle(pilot, lambda: screen.current_item.position == number)
        await settle(pilot, lambda: screen.panel.has_focus_within)
        await workers_done(pilot.app)
        if theme:
            pilot.app.theme = theme
        # Cleared before a dialog opens too: the screen beneath keeps the toast it drew, and a
        # dialog shows that screen through its backdrop.
        pilot.app.clear_notifications()
        await pilot.pause()
        for key in keys:
            # A toast raised by the key before (a save from the lane, late on a loaded
            # machine) is gone before the next, which may open a dialog that shows the screen
            # beneath, toast and all, through its backdrop: the toast was caught at different
            # moments of its life (a flaky picture under load).
            await workers_done(pilot.app)
            pilot.app.clear_notifications()
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot, lambda: ready(pilot.app))
        pilot.app.clear_notifications()
        await still_cursors(pilot)

    return run_before


SMALL, PROJECTED = (80, 24), (160, 48)


def _case(name: str, item: int, size: tuple[int, int], **kwargs: object):
    return pytest.param(item, kwargs, size, id=name)


@pytest.mark.parametrize(
    ("item", "options", "size"),
    [
        _case("attendance_80x24", 1, SMALL, keys=ATTENDANCE),
        _case("attendance_160x48", 1, PROJECTED, keys=ATTENDANCE),
        _case(
            "attendance_deputy_dialog_80x24",
            1,
            SMALL,
            keys=ATTENDANCE[:-1],
            ready=_dialog("PickPersonDialog"),
        ),
        _case(
            "attendance_deputy_dialog_160x48",
            1,
            PROJECTED,
            keys=ATTENDANCE[:-1],
            ready=_dialog("PickPersonDialog"),
        ),
        _case("new_person_80x24", 1, SMALL, keys=SOMEONE_NEW, ready=_dialog("NewPersonDialog")),
        _case(
            "new_person_160x48", 1, PROJECTED, keys=SOMEONE_NEW, ready=_dialog("NewPersonDialog")
        ),
        _case(
            "guest_case_80x24",
            1,
            SMALL,
            keys=(*ON_OKAFOR, "i"),
            ready=_dialog("PickGuestCaseDialog"),
        ),
        _case(
            "guest_case_160x48",
            1,
            PROJECTED,
            keys=(*ON_OKAFOR, "i"),
            ready=_dialog("PickGuestCaseDialog"),
        ),
        _case(
            "remove_question_80x24",
            1,
            SMALL,
            keys=(*ON_OKAFOR, "delete"),
            ready=_dialog("ConfirmDialog"),
        ),
        _case(
            "remove_question_160x48",
            1,
            PROJECTED,
            keys=(*ON_OKAFOR, "delete"),
            ready=_dialog("ConfirmDialog"),
        ),
        _case("confidentiality_80x24", 2, SMALL),
        _case("confidentiality_160x48", 2, PROJECTED),
        _case("previous_minutes_80x24", 3, SMALL),
        _case("previous_minutes_160x48", 3, PROJECTED),
        _case("corrections_80x24", 3, SMALL, keys=("r",), ready=_dialog("CorrectionsDialog")),
        _case("corrections_160x48", 3, PROJECTED, keys=("r",), ready=_dialog("CorrectionsDialog")),
        _case("action_review_80x24", 4, SMALL, keys=("c",)),
        _case("action_review_160x48", 4, PROJECTED, keys=("c",)),
        # A projector at 120x40: every case heading whole (they were cut at the column).
        _case("action_review_120x40", 4, (120, 40), keys=("c",)),
        _case("action_history_80x24", 4, SMALL, keys=("h",), ready=_dialog("ActionHistoryScreen")),
        _case(
            "action_history_160x48",
            4,
            PROJECTED,
            keys=("h",),
            ready=_dialog("ActionHistoryScreen"),
        ),
        _case("new_due_date_80x24", 4, SMALL, keys=("p",), ready=_dialog("DueDateDialog")),
        _case("new_due_date_160x48", 4, PROJECTED, keys=("p",), ready=_dialog("DueDateDialog")),
        _case("outcome_note_80x24", 4, SMALL, keys=("c", "e"), ready=_dialog("NoteDialog")),
        _case("outcome_note_160x48", 4, PROJECTED, keys=("c", "e"), ready=_dialog("NoteDialog")),
        _case("new_referrals_80x24", 5, SMALL),
        _case("new_referrals_160x48", 5, PROJECTED),
        _case("urgent_case_80x24", 5, SMALL, keys=("f4",), ready=_dialog("UrgentCaseDialog")),
        _case("urgent_case_160x48", 5, PROJECTED, keys=("f4",), ready=_dialog("UrgentCaseDialog")),
        _case("case_reviews_80x24", 6, SMALL),
        _case("case_reviews_160x48_high_contrast", 6, PROJECTED, theme=HIGH_CONTRAST_THEME),
        _case("action_dialog_160x48", 6, PROJECTED, keys=("f2",), ready=_dialog("ActionDialog")),
        _case("phrases_80x24", 6, SMALL, keys=(*ACTION_TYPED, "f3"), ready=_dialog("PhrasePicker")),
        _case(
            "phrases_160x48",
            6,
            PROJECTED,
            keys=(*ACTION_TYPED, "f3"),
            ready=_dialog("PhrasePicker"),
        ),
        _case(
            "discard_typing_80x24",
            6,
            SMALL,
            keys=(*ACTION_TYPED, "escape"),
            ready=_dialog("DiscardTypingDialog"),
        ),
        _case(
            "discard_typing_160x48",
            6,
            PROJECTED,
            keys=(*ACTION_TYPED, "escape"),
            ready=_dialog("DiscardTypingDialog"),
        ),
        _case("youth_items_80x24", 7, SMALL),
        _case("youth_items_160x48", 7, PROJECTED),
        _case("aob_80x24", 8, SMALL),
        _case("aob_160x48", 8, PROJECTED),
        _case("next_meeting_80x24", 9, SMALL, ready=_next_meeting_hint),
        _case("next_meeting_160x48", 9, PROJECTED, ready=_next_meeting_hint),
    ],
)
def test_live_snapshot(snap_compare, demo_db_path, item, options, size) -> None:
    with time_machine.travel(MEETING_MORNING_LONDON, tick=False):
        app = create_app(str(demo_db_path))
        assert snap_compare(app, terminal_size=size, run_before=_on_item(item, **options))
