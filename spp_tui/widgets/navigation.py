"""Navigation asked for from below: a dialog or panel posts one of these to the app, which
opens the screen. So nothing below the screens layer ever imports a screen."""

from __future__ import annotations

from textual.message import Message


class OpenCase(Message):
    """Open the case screen of ``case_id`` (from an action's history, a search result...)."""

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
