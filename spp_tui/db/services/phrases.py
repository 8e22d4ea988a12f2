"""The group's common action wording, offered to the minute-taker instead of retyping it.

Two sources, saved ones first: phrases the secretariat keeps in a setting (one per line, so
they travel with the database), then the action texts this group has used most often.
"""

from __future__ import annotations

from sqlmodel import col, func, select

from spp_tui.db.database import Database
from spp_tui.db.models import Action
from spp_tui.db.services.retention import PURGED
from spp_tui.db.services.settings import get_setting, set_setting
from spp_tui.errors import ValidationError

PHRASES_SETTING = "action_phrases"
MAX_PHRASE = 300


def _unique(phrases: list[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for phrase in phrases:
        phrase = " ".join(phrase.split())
        if phrase and phrase.lower() not in seen:
            seen.add(phrase.lower())
            kept.append(phrase)
    return kept


def saved_phrases(db: Database) -> list[str]:
    return _unique(get_setting(db, PHRASES_SETTING).splitlines())


def set_saved_phrases(db: Database, phrases: list[str]) -> list[str]:
    """Replace the saved list (blank lines and repeats dropped); returns what was kept."""
    kept = _unique(phrases)
    too_long = next((p for p in kept if len(p) > MAX_PHRASE), None)
    if too_long is not None:
        raise ValidationError(f"a phrase is limited to {MAX_PHRASE} characters: {too_long[:40]}…")
    set_setting(db, PHRASES_SETTING, "\n".join(kept))
    return kept


def add_phrase(db: Database, phrase: str) -> list[str]:
    if not phrase.strip():
        raise ValidationError("a phrase needs some words.")
    return set_saved_phrases(db, [*saved_phrases(db), phrase])


def remove_phrase(db: Database, phrase: str) -> list[str]:
    unwanted = " ".join(phrase.split()).lower()
    return set_saved_phrases(db, [p for p in saved_phrases(db) if p.lower() != unwanted])


def most_used_action_texts(db: Database, limit: int = 20, min_uses: int = 2) -> list[str]:
    """Action texts raised at least ``min_uses`` times, most used first."""
    uses = func.count(col(Action.id))
    with db.read() as s:
        rows = s.exec(
            select(Action.text, uses)
            .where(Action.text != PURGED)
            .group_by(Action.text)
            .having(uses >= min_uses)
            .order_by(uses.desc(), Action.text)
            .limit(limit)
        ).all()
    return [text for text, _ in rows]


def common_phrases(db: Database, text: str = "", limit: int = 20) -> list[str]:
    """Phrases to offer: saved first, then the most used; ``text`` narrows to those that
    contain it (any case), for completion as the minute-taker types."""
    offered = _unique([*saved_phrases(db), *most_used_action_texts(db, limit=max(limit, 50))])
    needle = " ".join(text.split()).lower()
    if needle:
        offered = [p for p in offered if needle in p.lower()]
    return offered[:limit]
