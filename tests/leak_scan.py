"""A leak scanner for redacted Word files: every XML part of a .docx (body, tables, headers,
footers, footnotes, comments, core/app/custom properties), and every file in a folder.

Text is read twice: each paragraph's runs joined (a name split across runs is found) and the
raw XML of the part (a name in an attribute or a property). A form is searched as a whole
word, case-insensitively and without accents; phrases that are allowed to stay (places
that share a word with a party) are removed first.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

W_T = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
PARAGRAPH = re.compile(r"<w:p[\s>].*?</w:p>", re.S)
TAG = re.compile(r"<[^>]+>")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("\u2019", "'").casefold()


def part_texts(path: Path) -> dict[str, str]:
    """Every XML part of the .docx: runs joined per paragraph, then the markup-free XML."""
    from xml.sax.saxutils import unescape

    texts = {}
    with zipfile.ZipFile(path) as package:
        for member in package.namelist():
            if not member.endswith((".xml", ".rels")):
                continue
            xml = package.read(member).decode("utf-8", "replace")
            joined = "\n".join(
                "".join(unescape(t) for t in W_T.findall(p)) for p in PARAGRAPH.findall(xml)
            )
            plain = unescape(TAG.sub(" ", xml))
            texts[member] = joined + "\n" + plain
    return texts


def leaks(path: Path, forms: list[str], allowed: list[str] = ()) -> list[str]:
    """``member: form`` for every form found in any part of ``path`` (a .docx or a text
    file) or, for a folder, in any file inside it (file names included)."""
    path = Path(path)
    if path.is_dir():
        found = []
        for child in sorted(path.rglob("*")):
            found += [f"{child.name} (file name): {f}" for f in _search(child.name, forms, ())]
            if child.is_file():
                found += [f"{child.name}/{hit}" for hit in leaks(child, forms, allowed)]
        return found
    if path.suffix.lower() == ".docx":
        texts = part_texts(path)
    else:
        texts = {path.name: path.read_text(encoding="utf-8", errors="replace")}
    return [
        f"{member}: {f}" for member, text in texts.items() for f in _search(text, forms, allowed)
    ]


def _search(text: str, forms: list[str], allowed) -> list[str]:  # noqa: ANN001
    folded = _fold(text)
    for phrase in sorted(allowed, key=len, reverse=True):
        folded = re.sub(rf"(?<!\w){re.escape(_fold(phrase))}(?!\w)", " ", folded)
    return [form for form in forms if re.search(rf"(?<!\w){re.escape(_fold(form))}(?!\w)", folded)]


def name_words(name: str) -> list[str]:
    """What must not appear: every word of the name of two letters or more (no title)."""
    from spp_tui.exports.redaction import core, words

    return [w for w in core(words(name)) if len(w) >= 2 and not w.isdigit()]
