"""Reading exported .docx files back (shared by the tests/test_export_*.py files)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from docx.table import Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(path: Path) -> DocumentType:
    return Document(str(path))


def all_text(document: DocumentType) -> str:
    """Every piece of text in the file: body paragraphs, tables, headers and footers, and the
    document properties (a name must not hide anywhere)."""
    parts = [paragraph_text(p) for p in document.element.body.iter(f"{W}p")]
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            parts.extend(paragraph_text(p) for p in part._element.iter(f"{W}p"))
    props = document.core_properties
    parts.extend([props.title or "", props.subject or "", props.author or "", props.comments or ""])
    return "\n".join(parts)


def paragraph_text(p) -> str:  # noqa: ANN001 - a <w:p>
    """A paragraph's text: its ``w:t`` elements joined (no tabs or breaks)."""
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def headers_and_footers(document: DocumentType):
    """(label, part) for every header and footer of every section, first-page ones included."""
    for index, section in enumerate(document.sections):
        yield f"s{index} header", section.header
        yield f"s{index} first-page header", section.first_page_header
        yield f"s{index} even-page header", section.even_page_header
        yield f"s{index} footer", section.footer
        yield f"s{index} first-page footer", section.first_page_footer
        yield f"s{index} even-page footer", section.even_page_footer


def part_text(part) -> str:  # noqa: ANN001 - a header or footer
    return "\n".join(p.text for p in part.paragraphs)


def headings(document: DocumentType, level: int | None = None) -> list[str]:
    names = {f"Heading {level}"} if level else {"Heading 1", "Heading 2"}
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name in names]


def table_rows(table: Table) -> list[list[str]]:
    """Cell texts per row (lines of a cell joined by newlines)."""
    rows = []
    for tr in table._tbl.tr_lst:
        rows.append(
            [
                "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iter(f"{W}p"))
                for tc in tr.tc_lst
            ]
        )
    return rows


def table_after_heading(document: DocumentType, heading_text: str) -> Table:
    """The first table that follows the paragraph whose text starts with ``heading_text``."""
    body = document.element.body
    seen = False
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(f"{W}t"))
            if text.startswith(heading_text):
                seen = True
        elif child.tag == qn("w:tbl") and seen:
            return Table(child, document._body)
    raise AssertionError(f"no table after {heading_text!r}")


def row_has(tr, tag: str) -> bool:  # noqa: ANN001 - a <w:tr>
    tr_pr = tr.trPr
    return tr_pr is not None and tr_pr.find(qn(tag)) is not None
