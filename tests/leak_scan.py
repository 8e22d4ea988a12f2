"""A leak scanner for redacted Word files: every XML part of a .docx (body, tables, headers,
footers, footnotes, comments, core/app/custom properties), and every file in a folder.

Text is read twice: each paragraph's runs joined (a name split across runs is found) and the
raw XML of the part (a name in an attribute or a property). A form is searched as a whole
word, case-insensitively and without accents; phrases that are allowed to stay (places
that share a word with a party) are removed first. Each part is folded once and searched
with one pattern for every form (the property tests scan a thousand documents).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import unescape

W_T = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
PARAGRAPH = re.compile(r"<w:p[\s>].*?</w:p>", re.S)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    """Without accents, one apostrophe, case-folded."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = text.translate({ord(c): None for c in set(text) if unicodedata.combining(c)})
        text = text.replace("\u2019", "'")
    return text.casefold()


def _part_text(xml: str) -> str:
    """Runs joined per paragraph, then the markup-free XML."""
    joined = "\n".join("".join(unescape(t) for t in W_T.findall(p)) for p in PARAGRAPH.findall(xml))
    return joined + "\n" + unescape(TAG.sub(" ", xml))


def _members(source: Path | bytes) -> dict[str, bytes]:
    opened = io.BytesIO(source) if isinstance(source, bytes) else source
    with zipfile.ZipFile(opened) as package:
        return {
            member: package.read(member)
            for member in package.namelist()
            if member.endswith((".xml", ".rels"))
        }


def part_texts(source: Path | bytes) -> dict[str, str]:
    """Every XML part of the .docx (a path, or its bytes): runs joined per paragraph, then
    the markup-free XML."""
    return {
        member: _part_text(xml.decode("utf-8", "replace"))
        for member, xml in _members(source).items()
    }


def body_text(path: Path | bytes) -> str:
    """The text of the document body only (``word/document.xml``), as ``part_texts``."""
    opened = io.BytesIO(path) if isinstance(path, bytes) else path
    with zipfile.ZipFile(opened) as package:
        return _part_text(package.read("word/document.xml").decode("utf-8", "replace"))


@lru_cache(maxsize=1024)
def _scanned(xml: bytes) -> tuple[str, frozenset[str]]:
    """A part's folded text and its set of folded words. Cached on the part's bytes: the
    parts a template gives every export (styles, theme, settings) are read once."""
    folded = _fold(_part_text(xml.decode("utf-8", "replace")))
    return folded, frozenset(WORD.findall(folded))


def leaks(path: Path | bytes, forms: list[str], allowed: Iterable[str] = ()) -> list[str]:
    """``member: form`` for every form found in any part of ``path`` (a .docx, its bytes,
    or a text file) or, for a folder, in any file inside it (file names included)."""
    if not isinstance(path, bytes):
        path = Path(path)
        if path.is_dir():
            found = []
            for child in sorted(path.rglob("*")):
                found += [f"{child.name} (file name): {f}" for f in _search(child.name, forms)]
                if child.is_file():
                    found += [f"{child.name}/{hit}" for hit in leaks(child, forms, allowed)]
            return found
        if path.suffix.lower() != ".docx":
            text = path.read_text(encoding="utf-8", errors="replace")
            return [f"{path.name}: {f}" for f in _search(text, forms, allowed)]
    allowed = tuple(allowed)
    return [
        f"{member}: {form}"
        for member, xml in _members(path).items()
        for form in _found(*_scanned(xml), forms, allowed)
    ]


def _search(text: str, forms: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    """The forms found in ``text`` as whole words, after removing the allowed phrases."""
    folded = _fold(text)
    return _found(folded, frozenset(WORD.findall(folded)), forms, tuple(allowed))


def _found(
    folded: str, present: frozenset[str], forms: Iterable[str], allowed: tuple[str, ...]
) -> list[str]:
    """The forms whose words are all ``present`` and that occur whole in ``folded`` once
    the allowed phrases are blanked (checked only where it matters: a form present)."""
    candidates = [f for f in forms if set(WORD.findall(_fold(f))) <= present]
    if not candidates:
        return []
    kept = [a for a in allowed if set(WORD.findall(_fold(a))) <= present]
    if kept:
        folded = _phrase(tuple(kept)).sub(" ", folded)
    return [f for f in candidates if _phrase((f,)).search(folded)]


@lru_cache(maxsize=4096)
def _phrase(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """The folded phrases as whole words, longest first."""
    folded = sorted({_fold(p) for p in phrases}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, folded))})(?!\w)")


def name_words(name: str) -> list[str]:
    """What must not appear: every word of the name of two letters or more (no title)."""
    from spp_tui.exports.redaction import core, words

    return [w for w in core(words(name)) if len(w) >= 2 and not w.isdigit()]
