"""The base of every dialog: a modal screen that is dismissed at most once.

A fast typist's double key (``d d`` in "Discard?"), or an answer that arrives after the dialog
already went, would otherwise dismiss a screen that is no longer on top, and Textual pops
whatever screen is there instead: the meeting itself, or the last screen (ScreenStackError).
"""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class ModalDialog(ModalScreen[ResultType]):
    """A ModalScreen whose ``dismiss`` does nothing unless the dialog is the screen on top."""

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete.nothing()
        return super().dismiss(result)
