"""Dates that are not dates never reach the database, and text is stored as typed (NFC,
what cannot be stored made a visible U+FFFD; see ``spp_tui.text``): one check on every flush.

Why a flush hook and not a check in each service: a date can arrive through any service
argument or ``**changes`` (a script, a future screen); checking what a flush is about to write
covers them all and keeps service signatures as they are. Without it SQLite's Date type fails
deep in SQLAlchemy with a ``StatementError`` traceback. An ISO string (``2023-04-04``) is
accepted and converted, so scripts may pass text; anything else is a ``ValidationError`` with
one line, and the transaction rolls back (nothing saved).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from spp_tui.errors import ValidationError
from spp_tui.text import stored_text

_KINDS = (dt.datetime, dt.date, dt.time)
#: What a temporal column holds (``dt.datetime`` is a ``dt.date``).
Temporal = type[dt.date] | type[dt.time]


def _temporal_kind(model: type[SQLModel], field: str) -> Temporal | None:
    """dt.date, dt.datetime or dt.time if the model declares ``field`` as one, else None."""
    info = getattr(model, "model_fields", {}).get(field)
    if info is None:
        return None
    annotation = info.annotation
    options = (
        typing.get_args(annotation)
        if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union
        else (annotation,)
    )
    for kind in _KINDS:
        if kind in options:
            return kind
    return None


def label(field: str, kind: Temporal = dt.date) -> str:
    """``due_on`` -> ``due date``, ``planned_start`` -> ``planned start time``."""
    words = field.removesuffix("_on").removesuffix("_at").replace("_", " ")
    if kind is dt.time:
        return f"{words} time"
    if kind is dt.datetime:
        return f"{words} date and time"
    return words if field in ("date", "made_on") else f"{words} date"


def coerce(kind: Temporal, value: Any, field: str) -> Any:
    """``value`` as ``kind`` (ISO text accepted), or ``ValidationError`` naming the field."""
    if value is None:
        return None
    if kind is dt.date and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if kind is dt.datetime and isinstance(value, dt.datetime):
        return value
    if kind is dt.time and isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        try:
            return kind.fromisoformat(value.strip())
        except ValueError:
            pass
    shown = str(value)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    example = {
        dt.date: "a date like 2023-04-04",
        dt.datetime: "a date and time like 2023-04-04 10:00",
        dt.time: "a time like 10:00",
    }[kind]
    raise ValidationError(f"'{shown}' is not a valid {label(field, kind)}: use {example}.")


def _check(session: Session, _context: object, _instances: object) -> None:
    for obj in (*session.new, *session.dirty):
        if not isinstance(obj, SQLModel):
            continue
        model = type(obj)
        state = inspect(obj)
        for attr in state.attrs:
            history = attr.history
            if obj in session.dirty and not history.added:
                continue
            kind = _temporal_kind(model, attr.key)
            if kind is None:
                raw = state.dict.get(attr.key)  # never loads anything
                if isinstance(raw, str):
                    # Text as typed, made storable (NFC; lone surrogates, NUL as U+FFFD).
                    kept = stored_text(raw)
                    if kept != raw:
                        setattr(obj, attr.key, kept)
                continue
            value = attr.value
            fixed = coerce(kind, value, attr.key)
            if fixed is not value:
                setattr(obj, attr.key, fixed)


def install() -> None:
    """Register the check once for every session (idempotent)."""
    if not event.contains(Session, "before_flush", _check):
        event.listen(Session, "before_flush", _check)


install()
