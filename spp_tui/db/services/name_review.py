"""The redaction review: what a redacted copy replaces, and what looks like a name but is no
recorded party (``possible name not recorded``), before anything leaves the partnership.

The texts reviewed are those the redacted copies print: the meeting's discussions, notes and
corrections, the cases discussed (title, referral), their previous discussion (the agenda
pack), the actions raised or reviewed at the meeting with their update notes, and every live
action (the agency extracts). A candidate is a run of two or more capitalised words, or a
title and a capitalised word (``Mrs Hollis``), that is no recorded party, professional,
place, operation or agency. The secretariat marks each as a ``party`` (redacted from then
on) or ``not a person`` (not asked again); decisions are kept in ``NameReview``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import col, select

from spp_tui.db.database import Database
from spp_tui.db.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Case,
    CaseDiscussion,
    Meeting,
    NameReview,
)
from spp_tui.db.services._audit import fetch, os_user
from spp_tui.errors import ValidationError
from spp_tui.name_words import COMMON_WORDS, GENERIC_NAMES, NOT_NAME_WORDS, STREET_WORDS
from spp_tui.names import TITLE_FORMS, Redactor, Replacement, fold, key

PARTY = "party"
NOT_A_PERSON = "not a person"
DECISIONS = (PARTY, NOT_A_PERSON)
_STREETS = {w.casefold() for w in STREET_WORDS}
_TITLES = {t.casefold() for t in TITLE_FORMS}
_RUN = re.compile(r"[^\W\d_][\w'\u2019-]*(?:[ \t]+[^\W\d_][\w'\u2019-]*)*")


@dataclass(frozen=True)
class Found:
    """A replacement or a candidate, and where it is (``A-2023-031 action``...)."""

    where: str
    text: str
    placeholder: str
    context: str


@dataclass(frozen=True)
class Review:
    replacements: tuple[Found, ...]
    #: Possible names not recorded and not yet reviewed, one per phrase (first place seen).
    candidates: tuple[Found, ...]


def meeting_texts(db: Database, meeting_id: int) -> list[tuple[str, str]]:
    """(where, text) for every free text a redacted copy of the meeting's papers prints."""
    with db.read() as s:
        meeting = fetch(s, Meeting, meeting_id)
        texts = [
            ("AOB", meeting.aob_notes),
            ("previous minutes corrections", meeting.previous_minutes_corrections),
        ]
        for item in s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)):
            texts.append((f"agenda item {item.position}", f"{item.title}\n{item.notes}"))
        rows = s.exec(
            select(CaseDiscussion, Case)
            .join(Case, col(Case.id) == CaseDiscussion.case_id)
            .where(CaseDiscussion.meeting_id == meeting_id)
        ).all()
        case_ids = [case.id for _, case in rows]
        for discussion, case in rows:
            texts.append((case.reference, f"{case.title}\n{case.scanning}"))
            texts.append(
                (
                    f"{case.reference} discussion",
                    "\n".join(
                        (discussion.summary, discussion.decisions, discussion.outcome_reason)
                    ),
                )
            )
        earlier = s.exec(
            select(CaseDiscussion, Case.reference)
            .join(Case, col(Case.id) == CaseDiscussion.case_id)
            .where(col(CaseDiscussion.case_id).in_(case_ids))
            .where(CaseDiscussion.meeting_id != meeting_id)
        ).all()
        for discussion, reference in earlier:
            texts.append(
                (f"{reference} earlier discussion", f"{discussion.summary}\n{discussion.decisions}")
            )
        updates = s.exec(
            select(ActionUpdate, Action.reference)
            .join(Action, col(Action.id) == ActionUpdate.action_id)
            .where(ActionUpdate.meeting_id == meeting_id)
        ).all()
        reviewed = {u.action_id for u, _ in updates}
        for update, reference in updates:
            texts.append((f"{reference} update note", update.note))
        actions = s.exec(
            select(Action).where(
                (col(Action.meeting_id) == meeting_id)
                | col(Action.id).in_(reviewed)
                | col(Action.status).in_(("open", "in progress", "not done"))
            )
        ).all()
        texts += [(f"{a.reference} action", a.text) for a in actions]
    return [(where, text) for where, text in texts if text and text.strip()]


def reviewed(db: Database) -> dict[str, str]:
    """phrase key -> decision, for every phrase the secretariat has marked."""
    with db.read() as s:
        return {r.phrase_key: r.decision for r in s.exec(select(NameReview))}


def review(db: Database, meeting_id: int) -> Review:
    """Every replacement the redacted copies make, and every unreviewed possible name."""
    from spp_tui.db.services.redaction_names import meeting_redactor

    redactor = meeting_redactor(db, meeting_id, record=True)
    decided = reviewed(db)
    replacements: list[Found] = []
    candidates: dict[str, Found] = {}
    for where, text in meeting_texts(db, meeting_id):
        assert redactor.replacements is not None
        redactor.replacements.clear()
        redactor.redact(text)
        replacements += [_found(where, r) for r in redactor.replacements]
        for phrase, context in possible_names(text, redactor):
            if key(phrase) not in decided:
                candidates.setdefault(key(phrase), Found(where, phrase, "", context))
    return Review(tuple(replacements), tuple(candidates.values()))


def _found(where: str, replacement: Replacement) -> Found:
    return Found(where, replacement.original, replacement.placeholder, replacement.context)


def possible_names(text: str, redactor: Redactor) -> list[tuple[str, str]]:
    """(phrase, context) for each capitalised run that looks like a name and is no
    recorded party, professional, place, operation or agency (nor part of one:
    "Cross Keys" in "Cross Keys Homes")."""
    found = []
    for line in text.splitlines():
        for run in _RUN.finditer(line):
            run_words = run.group(0).split()
            for start, end in _name_like(run_words):
                if _known_around(run_words, start, end, redactor):
                    continue
                phrase = " ".join([*run_words[start : end - 1], _bare(run_words[end - 1])])
                at = line.find(phrase)
                context = " ".join(line[max(0, at - 30) : at + len(phrase) + 30].split())
                found.append((phrase, context))
    return found


def _known_around(run_words: list[str], start: int, end: int, redactor: Redactor) -> bool:
    """Whether words[start:end], a few words around them, or two or more words inside them
    ("Warn Sean O'Neill") are a recorded name or place."""
    for a in range(start, end - 1):
        for b in range(a + 2, end + 1):
            if redactor.is_known(" ".join([*run_words[a : b - 1], _bare(run_words[b - 1])])):
                return True
    for before in range(0, min(start, 3) + 1):
        for after in range(0, min(len(run_words) - end, 3) + 1):
            if redactor.is_known(" ".join(run_words[start - before : end + after])):
                return True
    return False


def _name_like(run_words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the capitalised sequences in a run of words that could be a name."""
    spans: list[tuple[int, int]] = []
    current: list[int] = []

    def close() -> None:
        if current:
            names = [i for i in current if fold(_bare(run_words[i])) not in _TITLES]
            titled = len(names) < len(current)
            last = fold(_bare(run_words[current[-1]]))
            lone_common = len(names) == 1 and fold(_bare(run_words[names[0]])) in COMMON_WORDS
            if names and (len(names) >= 2 or titled) and last not in _STREETS and not lone_common:
                spans.append((current[0], current[-1] + 1))
        current.clear()

    for index, word in enumerate(run_words):
        bare = _bare(word)
        folded = fold(bare)
        capital = bare[:1].isupper() and not bare.isupper()
        if capital and folded in _TITLES:
            close()
            current.append(index)
        elif capital and folded not in NOT_NAME_WORDS and folded not in GENERIC_NAMES:
            current.append(index)
            if bare != word:
                close()  # "Hollis's car": the possessive ends the name
        else:
            close()
    close()
    return spans


def _bare(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "\u2019s")) else word


def mark(db: Database, phrase: str, decision: str, meeting_id: int | None = None) -> NameReview:
    """Record the secretariat's decision on ``phrase`` (audited); a second mark replaces it."""
    from spp_tui.db.services.audit_log import record_event

    phrase = " ".join(phrase.split())
    if decision not in DECISIONS:
        raise ValidationError(f"a phrase is marked '{PARTY}' or '{NOT_A_PERSON}'.")
    if not key(phrase):
        raise ValidationError("give the phrase to mark.")
    with db.write() as s:
        row = s.exec(select(NameReview).where(NameReview.phrase_key == key(phrase))).first()
        if row is None:
            row = NameReview(phrase=phrase, phrase_key=key(phrase), decision=decision)
        row.decision, row.meeting_id, row.decided_by = decision, meeting_id, os_user()
        s.add(row)
        s.flush()
        s.refresh(row)
    # The audit line says what was decided, not the phrase (it may be a name).
    record_event(db, "meeting", meeting_id, "review", f"a possible name marked {decision}")
    return row


def party_names(db: Database) -> tuple[str, ...]:
    """Phrases marked a party: redacted like the sensitive names."""
    with db.read() as s:
        return tuple(s.exec(select(NameReview.phrase).where(NameReview.decision == PARTY)))


def unreviewed_count(db: Database, meeting_id: int) -> int:
    return len(review(db, meeting_id).candidates)
