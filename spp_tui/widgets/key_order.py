"""Keys reach the field on screen, in the order they were typed.

Textual takes each key from the app's queue and hands it to the widget focused at that moment;
what a key does to the focus (Tab, a binding that moves to another item or opens a dialog) only
happens once the key has bubbled back up to the app. A key typed in between (a fast typist, or
a burst the terminal delivers in one read, which is every key on a loaded machine) went to the
old field: "Tab 6" typed the 6 into the attendance search, "text Tab owner" appended the
owner's name to the action's text. A new dialog or item panel also puts its focus in place a
moment after it appears, and a key typed before that landed in the field beneath.

So a key waits its turn while the key before it is still being handled, while a new screen is
opening or has no focus yet, and while something holds the keys (``hold_keys``: an item panel
until its focus is in place); held keys are then delivered in order. Nothing is frozen: a wait
gives way after ``HOLD_LIMIT`` seconds and the keys go where the focus is.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from textual import _ansi_sequences, events

#: Esc then a digit, typed fast, reaches the app as one sequence. Textual reads ``ESC 6`` as the
#: character a Mac terminal (WezTerm) sends for Opt+6 ("§"), which was typed into the field in
#: hand; with these readings gone the parser gives Alt+6, which never types (see ``on_event``)
#: and jumps to item 6 as Esc 6 typed slowly does. A real "£" or "§" typed arrives without Esc.
ESC_DIGITS = tuple(f"\x1b{digit}" for digit in "0123456789")


def read_esc_digit_as_alt_digit() -> None:
    """Drop Textual's Mac Opt+digit readings of ``ESC digit`` (idempotent; at app start)."""
    table: Any = _ansi_sequences.ANSI_SEQUENCES_KEYS
    for sequence in ESC_DIGITS:
        table.pop(sequence, None)


if TYPE_CHECKING:
    from textual.app import App

    _Base = App[Any]
else:
    _Base = object

#: Longest a key waits for the screen to be ready for it, in seconds.
HOLD_LIMIT = 5.0
#: How often held keys look again while a screen opens or a panel places its focus.
POLL = 0.01
#: Polls a new screen with no focused widget gets before keys go to the screen itself.
UNFOCUSED_POLLS = 20
#: How held keys look again: after the other tasks' turn, behind the app's queue, on a timer.
LOOP, QUEUE, TIMER = "loop", "queue", "timer"


class KeyOrder(_Base):
    """App mixin (before ``App``): keys delivered one at a time, each to the focus its
    predecessors left."""

    _held_keys: list[events.Key]
    _key_in_flight: events.Key | None = None
    _in_flight_since = 0.0
    _stop_seen = False
    _hop_due = False
    _key_holds: dict[object, float]
    _held_since = 0.0
    _unfocused_polls = 0
    _pump_due = False
    #: Keys handed on so far (tests count them against the keys typed).
    keys_delivered = 0

    def _init_key_order(self) -> None:
        read_esc_digit_as_alt_digit()
        self._held_keys = []
        self._key_holds = {}

    # --- holds ---------------------------------------------------------------------------

    def hold_keys(self, owner: object) -> None:
        """Keys typed from now on wait until ``release_keys(owner)`` (or ``HOLD_LIMIT``)."""
        self._key_holds[owner] = time.monotonic()

    def release_keys(self, owner: object) -> None:
        if self._key_holds.pop(owner, None) is not None and self._held_keys:
            self._pump_soon(QUEUE)

    @property
    def keys_waiting(self) -> int:
        """How many typed keys are held (for tests and the failure log)."""
        return len(self._held_keys)

    # --- the route of every key ----------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        if event.is_forwarded:  # back from its widget, unhandled: the bindings run now
            await super().on_event(event)
            if event is self._key_in_flight:
                self._key_done()
                if self._held_keys:
                    self._pump_soon(QUEUE)
            return
        if event.key.startswith("alt+") and event.character is not None:
            # Esc then a key typed fast arrives as Alt+key: it never types into a field (its
            # character is dropped), so it can only reach a binding (Alt+digit jumps to an item).
            event.character = None
        if not self._held_keys:
            self._held_since = time.monotonic()
            self._unfocused_polls = 0
            wait = self._wait()
            if wait is None:
                await self._deliver(event)
                return
        else:
            wait = LOOP if self._key_in_flight is not None else TIMER
        self._held_keys.append(event)
        self._pump_soon(wait)

    async def _deliver(self, key: events.Key) -> None:
        self.keys_delivered += 1
        await super().on_event(key)
        if key.is_forwarded:  # handed to a widget: the next key waits until it is handled
            self._key_in_flight = key
            self._in_flight_since = time.monotonic()
            self._stop_seen = False

    def _key_done(self) -> None:
        self._key_in_flight = None
        # What the key did may have queued a move of the focus (``focus()`` goes through the
        # app's queue): the next key goes behind it.
        self._hop_due = True

    def _wait(self) -> str | None:
        """None when the next key may go now, else how to look again."""
        now = time.monotonic()
        key = self._key_in_flight
        if key is not None:
            if now - self._in_flight_since > HOLD_LIMIT or self._stop_seen:
                self._key_done()  # handled where it landed (typed into a field)
            else:
                # Stopped: typed into a field, or stopped by the screen as it passes the key
                # on to the app (Textual stops a message on its way back to its sender). That
                # pass is made at the moment of the stop, so by the next look from the app's
                # queue the key is either back here (and no longer in flight) or handled.
                self._stop_seen = key._stop_propagation
                return LOOP
        if self._hop_due:
            self._hop_due = False
            return QUEUE
        if self._held_keys and now - self._held_since > HOLD_LIMIT:
            return None  # never frozen: deliver to wherever the focus is
        for owner, since in list(self._key_holds.items()):
            if now - since > HOLD_LIMIT:
                del self._key_holds[owner]
        if self._key_holds:
            return TIMER
        try:
            screen = self.screen
        except Exception:  # noqa: BLE001 - no screen yet (or any more): nothing to wait for
            return None
        if not screen.is_mounted and screen is not self.screen_stack[0]:
            return TIMER  # a new screen is still opening
        if screen.focused is None and self._unfocused_polls < UNFOCUSED_POLLS:
            self._unfocused_polls += 1
            return TIMER  # its focus is being put in place
        return None

    def _pump_soon(self, how: str) -> None:
        if self._pump_due:
            return
        self._pump_due = True
        if how == LOOP:
            # Through the event loop, not straight into the app's queue: every widget's task
            # gets its turn first (the key in flight is being handled in one of them).
            asyncio.get_running_loop().call_soon(self.call_later, self._pump)
        elif how == QUEUE:
            self.call_later(self._pump)  # behind whatever is in the app's queue now
        else:
            self.set_timer(POLL, self._pump)

    async def _pump(self) -> None:
        self._pump_due = False
        while self._held_keys:
            if not self.screen_stack:  # the app is closing: no screen is left to take them
                self._held_keys.clear()
                return
            wait = self._wait()
            if wait is not None:
                self._pump_soon(wait)
                return
            key = self._held_keys.pop(0)
            self._held_since = time.monotonic()
            self._unfocused_polls = 0
            await self._deliver(key)
