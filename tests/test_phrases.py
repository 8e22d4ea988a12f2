"""Common action phrases: saved ones first, then the group's most used wording."""

from __future__ import annotations

import datetime as dt

import pytest

from spp_tui.db.services import actions, directory
from spp_tui.db.services.audit_log import audit_entries
from spp_tui.db.services.phrases import (
    add_phrase,
    common_phrases,
    most_used_action_texts,
    remove_phrase,
    saved_phrases,
)
from spp_tui.errors import ValidationError


@pytest.fixture
def owner(db):
    return directory.add_person(db, "Tom Okafor", None)


def _raise(db, owner, text: str, times: int) -> None:
    for _ in range(times):
        actions.create_action(db, text, owner.id, dt.date(2023, 5, 2))


def test_most_used_texts_come_first_and_single_uses_are_left_out(db, owner) -> None:
    _raise(db, owner, "Deliver warning letters", 2)
    _raise(db, owner, "Arrange a joint patrol", 3)
    _raise(db, owner, "One-off request", 1)
    assert most_used_action_texts(db) == ["Arrange a joint patrol", "Deliver warning letters"]


def test_saved_phrases_lead_repeats_are_merged_and_text_narrows(db, owner) -> None:
    _raise(db, owner, "Arrange a joint patrol", 2)
    add_phrase(db, "  Serve a Community   Protection Warning ")
    add_phrase(db, "arrange a JOINT patrol")  # same as a used text, any case
    assert saved_phrases(db) == ["Serve a Community Protection Warning", "arrange a JOINT patrol"]
    assert common_phrases(db) == saved_phrases(db)
    assert common_phrases(db, "protection") == ["Serve a Community Protection Warning"]
    assert "action_phrases" in audit_entries(db, "setting")[0].summary
    remove_phrase(db, "ARRANGE a joint patrol")
    assert common_phrases(db) == ["Serve a Community Protection Warning", "Arrange a joint patrol"]


def test_an_empty_phrase_is_refused(db) -> None:
    with pytest.raises(ValidationError):
        add_phrase(db, "   ")


def test_the_demo_offers_its_repeated_wording(demo_db) -> None:
    offered = common_phrases(demo_db, limit=5)
    assert len(offered) == 5
    counts = [
        sum(1 for a in actions.list_actions(demo_db) if a.text == phrase) for phrase in offered
    ]
    assert counts == sorted(counts, reverse=True) and counts[-1] >= 2
