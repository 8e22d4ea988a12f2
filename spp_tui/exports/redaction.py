"""Redaction for wider circulation (s115, minimum necessary).

Every case party's name (resident, victim, suspect, young person...) and any other name
marked sensitive is replaced, wherever it appears in the text, by one consistent placeholder
per person with their role: ``[Person 1 (suspect)]``. Placeholders are numbered in the order
people first appear in the document. Professionals' names stay.

A name is found in its usual forms: in full (``Mrs Edna Pryce``), without its title
(``Edna Pryce``), as title and surname (``Mrs Pryce``, ``Ms Pryce``), and as surname or first
name alone (``Pryce``, ``Edna``; capitalised or in capitals). A single word shared by two
parties (two Doyles) becomes ``[name redacted]`` rather than a guess at which one. A
professional's full name is protected even when a party shares their first name or surname.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "master",
        "prof",
        "sir",
        "dame",
        "rev",
        "cllr",
        "insp",
        "inspector",
        "pc",
        "ps",
        "dc",
        "ds",
        "sgt",
        "det",
        "supt",
        "ch",
    ]
)
AMBIGUOUS = "[name redacted]"
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
#: A name word must not sit inside a longer word or a reference such as PSG-2023-014.
_BEFORE = r"(?<![\w'’-])"
_AFTER = r"(?![\w-])"


@dataclass
class _Person:
    name: str
    role: str
    number: int = 0  # given when the person first appears


def _words(name: str) -> list[str]:
    return _WORD.findall(name)


def _core(words: list[str]) -> list[str]:
    """The name without leading titles (``Insp. Mark Dalton`` -> Mark Dalton)."""
    index = 0
    while index < len(words) - 1 and words[index].lower().rstrip(".") in HONORIFICS:
        index += 1
    return words[index:]


def _key(text: str) -> str:
    return " ".join(_words(text)).lower()


class Redactor:
    """Replaces the names of case parties by consistent placeholders.

    ``parties``: (name, role) pairs, a person named in several cases once or many times;
    ``keep``: names that must stay (the professionals);
    ``extra``: other names marked sensitive (placeholder without a role).
    """

    def __init__(
        self,
        parties: Iterable[tuple[str, str]],
        keep: Iterable[str] = (),
        extra: Iterable[str] = (),
    ) -> None:
        self._people: dict[str, _Person] = {}
        for name, role in [*parties, *((n, "") for n in extra)]:
            key = _key(name)
            if key and key not in self._people:
                self._people[key] = _Person(" ".join(_words(name)), role)
        self._counter = 0
        # variant (lower-case words joined by a space) -> person key, "" = ambiguous,
        # None = keep as is (a professional's name).
        self._variants: dict[str, str | None] = {}
        self._single_words: set[str] = set()
        self._build(keep)
        self._first_words = {v.split(" ", 1)[0] for v in self._variants}
        self._cache: dict[frozenset[str], re.Pattern[str]] = {}

    # --- set-up ------------------------------------------------------------------------

    def _build(self, keep: Iterable[str]) -> None:
        single: dict[str, set[str]] = {}
        for key, person in self._people.items():
            words = _words(person.name)
            core = _core(words)
            forms = {" ".join(words), " ".join(core)}
            if len(core) >= 2:
                surname = core[-1]
                forms.update(f"{title} {surname}" for title in ("Mr", "Mrs", "Ms", "Miss", "Mx"))
                forms.add(f"{core[0]} {surname}")
            for form in forms:
                self._variants[form.lower()] = key
            for word in {core[0], core[-1]} if len(core) >= 2 else set():
                if len(word) >= 3:  # initials alone ("J") would hit too much
                    single.setdefault(word.lower(), set()).add(key)
        for word, owners in single.items():
            if word in self._variants:
                continue  # a full-name form already (a one-word party name)
            self._variants[word] = owners.pop() if len(owners) == 1 else ""
            self._single_words.add(word)
        for name in keep:
            words = _words(name)
            for form in {" ".join(words), " ".join(_core(words))}:
                if len(form.split()) >= 2 and form.lower() not in self._variants:
                    self._variants[form.lower()] = None

    def _pattern(self, candidates: frozenset[str]) -> re.Pattern[str]:
        pattern = self._cache.get(candidates)
        if pattern is None:
            parts = []
            for variant in sorted(candidates, key=lambda v: (-len(v), v)):
                words = variant.split(" ")
                if variant in self._single_words:
                    # Capitalised or in capitals: "Doyle", "DOYLE" (not "bell" in "door bell").
                    word = words[0]
                    parts.append(f"(?:{re.escape(word.capitalize())}|{re.escape(word.upper())})")
                else:
                    glue = r"\.?\s+"  # "Mrs  Pryce", "Insp. Dalton"
                    parts.append("(?i:" + glue.join(re.escape(w) for w in words) + ")")
            pattern = re.compile(_BEFORE + "(?:" + "|".join(parts) + ")" + _AFTER)
            self._cache[candidates] = pattern
        return pattern

    # --- use ---------------------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        """The names this redactor hides (full forms)."""
        return [person.name for person in self._people.values()]

    def placeholder(self, name: str) -> str:
        """The placeholder of a party (numbering them on first use)."""
        key = _key(name)
        person = self._people.get(key)
        if person is None:
            return AMBIGUOUS
        if not person.number:
            self._counter += 1
            person.number = self._counter
        role = f" ({person.role})" if person.role else ""
        return f"[Person {person.number}{role}]"

    def redact(self, text: str) -> str:
        if not text or not self._variants:
            return text
        present = {w.lower() for w in _WORD.findall(text)}
        starts = present & self._first_words
        if not starts:
            return text
        candidates = frozenset(v for v in self._variants if v.split(" ", 1)[0] in starts)
        return self._pattern(candidates).sub(self._replace, text)

    __call__ = redact

    def _replace(self, match: re.Match[str]) -> str:
        found = self._variants.get(_key(match.group(0)))
        if found is None:
            return match.group(0)  # a professional's name, or not really ours
        if found == "":
            return AMBIGUOUS
        return self.placeholder(self._people[found].name)
