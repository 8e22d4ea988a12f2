"""The name-matching engine behind redaction: plain Python, no database, no UI.

Use ``spp_tui.exports.redaction.Redactor.for_meeting(db, meeting_id)`` to get one loaded
with a meeting's names; this module is the engine itself (the readiness check, in the
database layer below the exports, uses it directly)::

    redactor = Redactor([("Kevin Doyle", "suspect")], places=["Doyle Court"])
    redactor.redact("Kevin Doyle's dog")               # -> "[Person 1 (suspect)]'s dog"

Every case party's name and every name marked sensitive (the ``sensitive_names`` setting,
or marked a party in the redaction review) is replaced by one placeholder per person with
their role, ``[Person 1 (suspect)]``. ``for_meeting`` numbers the meeting's own parties in
agenda order, so the placeholders are the same in every copy and on every screen; others
are numbered as they first appear. Redaction is one pass of one regular expression over
the original text (longest form first), so a placeholder is never redacted again.

Matched, case-insensitively and Unicode-aware (accents as recorded, and without them):
the name in full, with or without a title, as title and surname, initial and surname, the
first name or surname alone; each with a possessive (``'s``, ``s'``, straight or curly
apostrophe) or plural (``the Doyles``); across line breaks. A single word that is also a
common English word (``Will``, ``Bell``) is matched capitalised or in capitals only. A word
shared by two people becomes ``[name redacted]``. Labels such as ``Youth 1`` are matched
whole only; a bare role word recorded as a name (``Resident``) identifies nobody.

Kept: professionals' names, recorded locations and wards, a name followed by a street word
(``Henry Street``, ``Park Road``), operations and agencies. When a person and a place
share a word the person goes and the place stays.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spp_tui.name_words import (
    COMMON_WORDS,
    GENERIC_NAMES,
    HONORIFICS,
    STREET_WORDS,
    TITLE_FORMS,
)

AMBIGUOUS = "[name redacted]"
APOSTROPHES = "'\u2019\u2018\u02bc`"
HYPHENS = "-\u2010\u2011"
#: Names are matched in a copy of the text with plain ' and - (one character for one, so
#: positions hold): a class such as ['’‘ʼ`] costs Python's compiler ~1.5 ms each time.
_PLAIN_MARKS = str.maketrans({c: "'" for c in APOSTROPHES[1:]} | {c: "-" for c in HYPHENS[1:]})
_APOS = "'"
_HYPHEN = "-"
#: Possessive or plural after a name: Pryce's, Knowles', Knowles's, the Doyles, Doyles'.
_SUFFIX = rf"(?:{_APOS}s|e?s{_APOS}?|{_APOS})?"
#: Not inside a longer word, a hyphenated word, a reference (PSG-2023-014) or O'Neill.
_BEFORE = rf"(?<![\w\-])(?<!\w{_APOS})"
_AFTER = rf"(?!\w)(?!{_HYPHEN}\w)(?!{_APOS}\w)"
_PLACEHOLDER = r"\[(?:Person \d+(?: \([^\[\]\n]*\))?|name redacted)\]"
_PLACEHOLDER_RE = re.compile(_PLACEHOLDER)
_TOKEN = re.compile(rf"[^\W_](?:[\w{APOSTROPHES}\-\u2010\u2011]*\w)?")
_SUFFIXES = ("'s", "s'", "es'", "'", "es", "s")
_TITLE = "(?P<title>(?:" + "|".join(sorted(TITLE_FORMS, key=len, reverse=True)) + r")\.?\s+)?"
#: After a name: a possessive/plural; or nothing, then a street word (a place, kept),
#: looked for after the match rather than compiled into every name's pattern.
_TAIL = rf"(?P<suffix>{_SUFFIX})"
_STREET = re.compile(r"\s+(?:" + "|".join(STREET_WORDS) + rf")\b{_AFTER}")
KEEP = None  #: a variant that stays as written (a place, a professional)


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """The comparison form: no accents, case-folded, one apostrophe, one hyphen. Cached:
    every word of every redacted text is folded, and the words of a meeting repeat."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    for apostrophe in APOSTROPHES[1:]:
        text = text.replace(apostrophe, "'")
    return text.replace("\u2010", "-").replace("\u2011", "-").casefold()


def words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def key(text: str) -> str:
    """Words folded and joined by one space: the lookup key of a name or a match."""
    return " ".join(fold(w) for w in words(text))


def core(name_words: list[str]) -> list[str]:
    """The name without leading titles (``Insp. Mark Dalton`` -> Mark Dalton)."""
    index = 0
    while index < len(name_words) - 1 and fold(name_words[index]).rstrip(".") in HONORIFICS:
        index += 1
    return name_words[index:]


def is_label(name_words: list[str]) -> bool:
    """``Youth 1``, ``Person A``, ``Resident``: a label, not a name; matched whole only."""
    return (
        any(any(c.isdigit() for c in w) for w in name_words)
        or any(len(w) == 1 for w in name_words)
        or (bool(name_words) and fold(name_words[0]) in GENERIC_NAMES)
    )


@dataclass
class Person:
    name: str
    role: str
    number: int = 0  # given when the person first appears (or by ``for_meeting``)


@dataclass(frozen=True)
class Replacement:
    """One name replaced: what was written, what it became, and the text around it."""

    original: str
    placeholder: str
    context: str
    #: The person's recorded name ("" when the word is shared by two people).
    name: str = ""


@dataclass
class _Variant:
    """How a form is matched: case-insensitively, or (a common word) capitalised only."""

    text: str
    owner: str | None  # person key; "" ambiguous; None kept
    loose: bool = True
    forms: set[str] = field(default_factory=set)


def _spellings(recorded: set[str]) -> list[str]:
    """Regular expressions for one word of a name: as recorded and without accents, any
    apostrophe or hyphen (matched case-insensitively)."""
    out: set[str] = set()
    for word in recorded:
        nfc = unicodedata.normalize("NFC", word)
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", nfc) if not unicodedata.combining(c)
        )
        for spelling in (nfc, plain):
            out.add(
                "".join(
                    _APOS if c in APOSTROPHES else "\\-" if c in HYPHENS else re.escape(c)
                    for c in spelling
                )
            )
    return sorted(out, key=len, reverse=True)


class Redactor:
    """Replaces recorded people's names by placeholders; see the module docstring.

    ``parties``: (name, role) pairs (a person named in several cases may repeat);
    ``keep``: professionals' names; ``extra``: other sensitive names (no role);
    ``places``: locations, wards, operations, agencies (kept); ``order``: names to number
    first, in this order; ``record``: keep a list of every replacement (the review).
    """

    def __init__(
        self,
        parties: Iterable[tuple[str, str]],
        keep: Iterable[str] = (),
        extra: Iterable[str] = (),
        places: Iterable[str] = (),
        *,
        order: Iterable[str] = (),
        record: bool = False,
    ) -> None:
        self._people: dict[str, Person] = {}
        for name, role in [*parties, *((n, "") for n in extra)]:
            found = core(words(name))
            person_key = key(" ".join(found))
            if person_key and person_key not in self._people:
                self._people[person_key] = Person(" ".join(words(name)), role)
        self._counter = 0
        self._variants: dict[str, _Variant] = {}
        self._single: set[str] = set()
        self._initials: set[str] = set()
        self._build(keep, places)
        self._first: dict[str, set[str]] = {}
        for variant in self._variants:
            self._first.setdefault(variant.split(" ", 1)[0], set()).add(variant)
        self._searched = self._words_to_search()
        self._cache: dict[frozenset[str], re.Pattern[str]] = {}
        self.replacements: list[Replacement] | None = [] if record else None
        for name in order:
            self.placeholder(name)

    # --- set-up ------------------------------------------------------------------------

    def _add(self, text: str, owner: str | None, loose: bool = True) -> None:
        variant_key = key(text)
        if not variant_key:
            return
        known = self._variants.get(variant_key)
        if known is None:
            self._variants[variant_key] = _Variant(variant_key, owner, loose, {text})
            return
        known.forms.add(text)
        if known.owner is None and owner is not None:
            known.owner, known.loose = owner, loose  # a person beats a place
        elif owner is not None and known.owner not in (owner, None):
            known.owner = ""  # two people: do not guess
        known.loose = known.loose and loose

    def _build(self, keep: Iterable[str], places: Iterable[str]) -> None:
        for person_key, person in self._people.items():
            all_words = words(person.name)
            name = core(all_words)
            if is_label(name):
                if len(name) > 1 or fold(name[0]) not in GENERIC_NAMES:
                    self._add(" ".join(name), person_key)
                continue
            self._add(" ".join(all_words), person_key)
            self._add(" ".join(name), person_key)
            if len(name) >= 2:
                surname = name[-1]
                self._add(f"{name[0]} {surname}", person_key)
                initial = f"{name[0][0]}. {surname}"  # "E. Pryce": the stop is required
                self._add(initial, person_key)
                self._initials.add(key(initial))
            for word in name if len(name) >= 2 else ():
                if len(word) >= 2:
                    self._add(word, person_key, loose=fold(word) not in COMMON_WORDS)
                    self._single.add(key(word))
            if len(name) == 1:
                self._single.add(key(name[0]))
                self._variants[key(name[0])].loose = fold(name[0]) not in COMMON_WORDS
        for kept in keep:
            all_words = words(kept)
            for form in (all_words, core(all_words)):
                if len(form) >= 2:
                    self._add(" ".join(form), KEEP)
        for place in places:
            for part in _place_parts(place):
                part_key = key(part)
                if " " in part_key or part_key not in self._variants:
                    self._add(part, KEEP)

    def _words_to_search(self) -> frozenset[str]:
        """First words whose patterns can change a text: a person's, or a kept phrase's
        (a place, a professional) with a person's first word or a title inside it, which
        it must shield ("Cross Keys Homes" with a party named Keys). A kept phrase that
        starts no person's name and has none inside changes nothing: skipping it saves
        compiling a pattern per place in a large database (most of a redacted export)."""
        people = {
            word
            for word, variants in self._first.items()
            if any(self._variants[v].owner is not None for v in variants)
        }
        inside = people | {fold(t) for t in TITLE_FORMS} | set(HONORIFICS)
        shields = {
            word
            for word, variants in self._first.items()
            if word not in people and any(set(v.split(" ")[1:]) & inside for v in variants)
        }
        return frozenset(people | shields)

    def _pattern(self, candidates: frozenset[str]) -> re.Pattern[str]:
        """One alternation, longest variant first, case-insensitive (a common word's case
        is checked when it matches), with an optional title before and a street word or a
        possessive/plural after."""
        pattern = self._cache.get(candidates)
        if pattern is None:
            bodies = []
            for variant_key in sorted(candidates, key=lambda v: (-len(v), v)):
                variant = self._variants[variant_key]
                spellings: list[set[str]] = []
                for form in variant.forms:
                    for index, word in enumerate(words(form)):
                        if index == len(spellings):
                            spellings.append(set())
                        spellings[index].add(word)
                first = "|".join(_spellings(spellings[0]))
                initial = variant_key in self._initials
                body = f"(?-i:{first})\\.\\s*" if initial else f"(?:{first})"
                for index in range(1, len(spellings)):
                    glue = "" if initial else _glue(spellings[index - 1])
                    body += glue + "(?:" + "|".join(_spellings(spellings[index])) + ")"
                bodies.append(body)
            pattern = re.compile(
                f"{_BEFORE}{_TITLE}(?:{'|'.join(bodies)}){_TAIL}{_AFTER}",
                re.IGNORECASE,
            )
            self._cache[candidates] = pattern
        return pattern

    # --- use ---------------------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        """The names this redactor hides (full forms)."""
        return [person.name for person in self._people.values()]

    def is_known(self, phrase: str) -> bool:
        """Whether ``phrase`` is a recorded name, professional or place (the review's test)."""
        return key(phrase) in self._variants or key(" ".join(core(words(phrase)))) in (
            self._variants
        )

    def placeholder(self, name: str) -> str:
        """The placeholder of a person (numbering them on first use)."""
        person = self._people.get(key(" ".join(core(words(name)))))
        return AMBIGUOUS if person is None else self._placeholder_of(person)

    def _placeholder_of(self, person: Person) -> str:
        if not person.number:
            self._counter += 1
            person.number = self._counter
        role = f" ({person.role})" if person.role else ""
        return f"[Person {person.number}{role}]"

    def redact(self, text: str) -> str:
        """``text`` with every recorded name replaced, in one pass (idempotent)."""
        if not text or not self._variants:
            return text
        text = unicodedata.normalize("NFC", text)
        present: set[str] = set()
        for token in words(text):
            folded = fold(token)
            present.add(folded)
            present.update(folded[: -len(s)] for s in _SUFFIXES if folded.endswith(s))
        firsts = present & self._searched
        if not firsts:
            return text
        # One small pattern per first word (compiled once per redactor); every match of
        # every pattern over the text with plain marks, then left to right, longest first,
        # never overlapping: the same as one alternation, without compiling one per text.
        plain = text.translate(_PLAIN_MARKS)
        found = [(m.start(), -m.end(), m, True) for m in _PLACEHOLDER_RE.finditer(plain)]
        for word in firsts:
            pattern = self._pattern(frozenset(self._first[word]))
            found += [(m.start(), -m.end(), m, False) for m in pattern.finditer(plain)]
        found.sort(key=lambda item: (item[0], item[1]))
        replace = self._replacer(text, plain)
        out: list[str] = []
        position = 0
        for start, _, match, kept in found:
            if start < position:
                continue
            out.append(text[position:start])
            new, position = (text[start : match.end()], match.end()) if kept else replace(match)
            out.append(new)
        out.append(text[position:])
        return "".join(out)

    __call__ = redact

    def _replacer(self, text: str, plain: str) -> Callable[[re.Match[str]], tuple[str, int]]:
        """What a match becomes, and where it ends: a name followed by a street word takes
        the street word with it (kept together, or the placeholder then the street word)."""

        def replace(match: re.Match[str]) -> tuple[str, int]:
            end = match.end()
            street = None if match.group("suffix") else _STREET.match(plain, end)
            if street is not None:
                end = street.end()
            found = text[match.start() : end]
            start = match.end("title") if match.group("title") else match.start()
            written = text[start : match.start("suffix")]
            variant = self._variants.get(key(written))
            if variant is None or variant.owner is None:
                return found, end  # a professional, a place
            if street is not None and key(written) in self._single:
                return found, end  # "Henry Street", "Park Road": a place named like a person
            if not variant.loose and not _cased_as_name(written):
                return found, end  # "the door bell", not Mr Bell
            if variant.owner == "":
                new = AMBIGUOUS
            else:
                new = self._placeholder_of(self._people[variant.owner])
            if self.replacements is not None:
                context = " ".join(text[max(0, match.start() - 30) : end + 30].split())
                person = self._people.get(variant.owner)
                name = person.name if person else ""
                self.replacements.append(Replacement(found, new, context, name))
            if street is not None:
                return new + text[street.start() : end], end
            # a possessive stays readable ("[Person 1]'s"), a plural goes
            after = text[match.start("suffix") : match.end("suffix")]
            after = after if after[:1] in APOSTROPHES else after[-1:].strip("es")
            return new + after, end

        return replace


def _cased_as_name(word: str) -> bool:
    word = word.rstrip(APOSTROPHES)
    return word.isupper() or (word[:1].isupper() and not word[1:].isupper())


def _glue(before: set[str]) -> str:
    """Between two words of a name: spaces or a line break; a stop only after a title
    ("Insp. Dalton"), never between first name and surname (a sentence ends there)."""
    return r"\.?\s+" if any(fold(w) in HONORIFICS for w in before) else r"\s+"


def _place_parts(place: str) -> list[str]:
    """A recorded place and its parts (``Lincoln Road / Millfield``)."""
    parts = [place, *re.split(r"\s*(?:/|,|;|&|\band\b)\s*", place)]
    return [p.strip() for p in parts if p and p.strip()]
