"""The screen kept as it was while a new agenda item's panel reads what it shows first.

Why: a panel that reads in a thread (the action review, the previous minutes) was drawn three
or four times before its data came: the agenda moved on, then the empty panel with "Loading…",
then the focus in it, then its keys in the footer; on the action review with 10,000 live
actions those frames were about a third of the time to its first rows (issue 13 item 10),
and the chair saw a flash of an empty table. Held, the change appears whole in one frame as
soon as the panel has its rows, or after ``AT_MOST`` seconds with what it has (a slow store
then shows "Loading…" as before). Keys typed meanwhile are taken as ever (only drawing waits).
This is Textual's own batch (``App.batch_update``), ended by the panel or by a timer.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.timer import Timer

#: Seconds at most the screen waits for a panel's first content.
AT_MOST = 0.25


class FrameHold:
    """One hold at a time: a new one ends the one before."""

    def __init__(self) -> None:
        self._batch: AbstractContextManager[Any] | None = None
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        return self._batch is not None

    def begin(self, owner: MessagePump, at_most: float | None = None) -> None:
        """Stop drawing ``owner``'s app until ``release`` or ``at_most`` seconds
        (``AT_MOST`` unless given)."""
        self.release()
        batch = owner.app.batch_update()
        batch.__enter__()
        self._batch = batch
        wait = AT_MOST if at_most is None else at_most
        self._timer = owner.set_timer(wait, self.release, name="frame hold")

    def release(self) -> None:
        """Draw again (idempotent)."""
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.stop()
        batch, self._batch = self._batch, None
        if batch is not None:
            batch.__exit__(None, None, None)
