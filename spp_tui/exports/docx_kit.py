"""Building blocks shared by the Word exports: template, marked pages, tables, safe saving.

Layout rules (issue 5) live here once: the protective marking centred in the header and
footer of every page (first page included), a footer with the meeting, "Page X of Y" as real
PAGE / NUMPAGES fields and a DRAFT / APPROVED label; Word's built-in style names so an
organisation's template restyles everything; table header rows that repeat, rows that never
split across pages, a width on every cell; headings kept with what follows.

python-docx is imported lazily (inside functions) so importing this module is free.
"""

from __future__ import annotations

import errno
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spp_tui.errors import ExportError
from spp_tui.exports.doc_words import (  # noqa: F401 - the documents' words, re-exported
    clock,
    long_date,
    plural,
    short_date,
    slug,
    status_text,
)

# The template and the marked pages live in ``docx_template``; reachable from here too.
from spp_tui.exports.docx_template import (  # noqa: F401
    DEFAULT_MARKING,
    DEFAULT_TEMPLATE,
    REQUIRED_STYLES,
    TEMPLATE_SUFFIXES,
    add_field,
    check_template,
    choose_template,
    landscape,
    mark_pages,
    new_document,
    open_template,
    remembered_template,
    usable_template,
)
from spp_tui.paths import documents_export_dir, make_private_dir, restrict_to_user

if TYPE_CHECKING:
    from docx.document import Document

    from spp_tui.db.database import Database

TABLE_FONT_PT = 9

RISK_FILLS = {
    "high": ("C00000", "FFFFFF"),
    "medium": ("FFC000", "000000"),
    "low": ("00B050", "000000"),
}

# --- where the file goes ----------------------------------------------------------------


def output_path(out: Path | None, default_name: str) -> Path:
    """The file to write: ``out`` if it names a .docx file, ``out/default_name`` if it is a
    folder, else ``default_name`` in the documents export folder (created if needed)."""
    if out is None:
        folder = documents_export_dir()
        try:
            make_private_dir(folder)
        except OSError as exc:
            raise ExportError(
                f"cannot create the export folder {folder}: {_reason(exc)}."
            ) from None
        return folder / default_name
    out = Path(out).expanduser()
    if out.is_dir():
        return out / default_name
    if out.suffix.lower() != ".docx":
        raise ExportError(f"{out} must be a .docx file name (or an existing folder).")
    if not out.parent.is_dir():
        raise ExportError(f"the folder {out.parent} does not exist.")
    return out


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full (nothing was written; free some space and export again)"
    return (exc.strerror or str(exc)).lower()


def lock_files(target: Path) -> list[Path]:
    """Where Word (``~$``, dropping up to two leading characters of long names) and
    LibreOffice (``.~lock.NAME#``) leave an owner file while a document is open."""
    name = target.name
    candidates = {f"~${name}", f"~${name[1:]}", f"~${name[2:]}", f".~lock.{name}#"}
    return [target.with_name(c) for c in sorted(candidates)]


def save_document(document: Document, target: Path) -> Path:
    """Write ``document`` to ``target`` all or nothing: a temp file in the same folder, then
    ``os.replace``. An open or read-only target, or an unwritable folder, raises ExportError
    and leaves any existing file exactly as it was."""
    folder = target.parent
    for lock in lock_files(target):
        if lock.exists():
            raise ExportError(
                f"{target.name} is open in Word or LibreOffice; close it and export again "
                f"(if it is not open, delete the leftover lock file {lock.name})."
            )
    if target.is_dir():
        raise ExportError(f"{target} is a folder, not a file.")
    if target.exists() and not os.access(target, os.W_OK):
        raise ExportError(f"{target} is read-only; nothing was written.")
    # Built in memory first: if the disk fills, python-docx's zip writer is never left
    # half-closed on the file (it would print a traceback when collected).
    buffer = io.BytesIO()
    document.save(buffer)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".spp-tui-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(f"cannot write in the folder {folder}: {_reason(exc)}.") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(buffer.getbuffer())
            stream.flush()
            os.fsync(stream.fileno())
        restrict_to_user(temp)
        os.replace(temp, target)
    except PermissionError:
        raise ExportError(
            f"{target.name} could not be replaced: it is probably open in Word; close it and "
            "export again."
        ) from None
    except OSError as exc:
        raise ExportError(f"could not write {target}: {_reason(exc)}.") from None
    finally:
        if temp.exists():
            temp.unlink(missing_ok=True)
    return target


# --- body -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shaded:
    """A table cell with a coloured background (risk red / amber / green)."""

    text: str
    fill: str
    color: str = "000000"
    bold: bool = True


def risk_cell(risk: str | None) -> Shaded | str:
    if not risk:
        return "not set"
    fill, color = RISK_FILLS.get(risk, ("FFFFFF", "000000"))
    return Shaded(risk.capitalize(), fill, color)


CellValue = str | Shaded


@dataclass(frozen=True)
class Group:
    """A row across the whole table naming the group the rows below belong to (a case)."""

    text: str


def usable_width(section: Any) -> int:
    """Width between the margins (EMU); a template that leaves the page size or margins
    unset gets Word's defaults (A4 here, 2.54 cm margins)."""
    from docx.shared import Cm

    width = section.page_width or Cm(21.0)
    left = section.left_margin if section.left_margin is not None else Cm(2.54)
    right = section.right_margin if section.right_margin is not None else Cm(2.54)
    return max(int(width - left - right), int(Cm(8)))


class Writer:
    """Adds content to a document; every piece of text passes through ``clean`` (the
    redactor, in a redacted copy) so nothing reaches the file unredacted.

    Content is written as raw WordprocessingML inserted before the body's final ``sectPr``:
    python-docx's object layer costs about a millisecond per cell or run, too slow for a
    30-case meeting. Styles are referred to by their ids, looked up once by built-in name.
    """

    def __init__(self, document: Document, clean: Callable[[str], str] | None = None) -> None:
        from docx.oxml.ns import qn

        self.document = document
        redact = clean or (lambda text: text)
        # Control characters pasted into a note (a bell, an escape sequence) cannot be stored
        # in XML: drop those few, keep the rest.
        self.clean: Callable[[str], str] = lambda text: xml_safe(redact(text))
        section = document.sections[-1]
        self.usable_width = usable_width(section)
        self._style_ids = _style_ids(document)
        body = document.element.body
        self._end = body.find(qn("w:sectPr"))
        self._body = body

    def _append(self, xml: str) -> Any:
        from docx.oxml import parse_xml

        element = parse_xml(xml)
        if self._end is not None:
            self._end.addprevious(element)
        else:
            self._body.append(element)
        return element

    def append_xml(self, xml: str) -> Any:
        """Add a ready-made body element (a chart's paragraph) at the end."""
        return self._append(xml)

    def append_body(self, xml: str) -> None:
        """Add ready-made body elements (each declaring the w namespace) at the end."""
        from docx.oxml import parse_xml

        for element in list(parse_xml(f"<w:body {_W_NS}>{xml}</w:body>")):
            if self._end is not None:
                self._end.addprevious(element)
            else:
                self._body.append(element)

    def _paragraph_xml(
        self,
        runs: Sequence[tuple[str, bool]],
        *,
        style: str | None = None,
        keep_with_next: bool = False,
        space_after: int | None = None,
    ) -> str:
        props = ""
        style_id = self._style_ids.get(style) if style else None
        if style_id:
            props += f'<w:pStyle w:val="{style_id}"/>'
        if keep_with_next:
            props += "<w:keepNext/>"
        if space_after is not None:
            props += f'<w:spacing w:after="{space_after}"/>'
        body = "".join(
            f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}"
            f'<w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r>'
            for text, bold in runs
            if text
        )
        return f"<w:p {_W_NS}>{f'<w:pPr>{props}</w:pPr>' if props else ''}{body}</w:p>"

    # paragraphs

    def title(self, text: str, subtitle: str = "") -> None:
        self._append(self._paragraph_xml([(self.clean(text), False)], style="Title"))
        if subtitle:
            self._append(self._paragraph_xml([(self.clean(subtitle), False)], style="Subtitle"))

    def heading(self, text: str, level: int = 1) -> None:
        """A built-in heading, kept with what follows (also set on the paragraph, in case a
        template's heading style does not)."""
        self._append(
            self._paragraph_xml(
                [(self.clean(text), False)], style=f"Heading {level}", keep_with_next=True
            )
        )

    def paragraph(self, text: str, *, label: str = "", keep_with_next: bool = False) -> None:
        """Text (one paragraph per line); ``label`` in bold before the first line."""
        lines = [line for line in self.clean(text).splitlines() if line.strip()] or [""]
        for index, line in enumerate(lines):
            runs = [(self.clean(label) + ": ", True)] if label and index == 0 else []
            runs.append((line, False))
            self._append(
                self._paragraph_xml(runs, keep_with_next=keep_with_next or index < len(lines) - 1)
            )

    def label(self, text: str) -> None:
        """A bold lead-in kept with the table or text below it."""
        self._append(self._paragraph_xml([(self.clean(text), True)], keep_with_next=True))

    def agency_key(self, agencies: Sequence[Any]) -> None:
        """The key to the short agency names a table used (``CKH: Cross Keys Homes``)."""
        pairs = sorted(
            {(a.short_name, a.name) for a in agencies if a.short_name and a.short_name != a.name}
        )
        if pairs:
            self.label("Agency names used above")
            self.table([("Short name", 1), ("Agency", 4)], pairs)

    # tables

    def table(
        self,
        columns: Sequence[tuple[str, float]],
        rows: Iterable[Sequence[CellValue] | Group],
        *,
        header: bool = True,
        bold_first_column: bool = False,
        keep_together: bool = False,
    ) -> None:
        """A Table Grid table (a ``Group`` row spans it, naming what follows). ``columns``
        are (heading, relative width, widened to fit the longest word); widths are set on
        the grid and on every cell (fixed layout) so Word and LibreOffice agree; the header
        row repeats on each page; no row splits across pages."""
        rows = list(rows)
        from spp_tui.exports.table_widths import fit_widths, longest_words, table_parts

        twips = fit_widths(
            [weight for _, weight in columns],
            longest_words([h for h, _ in columns], rows, _cell_text),
            self.usable_width // 635,
            TABLE_FONT_PT,
        )
        for part in table_parts(rows, Group):
            self._table_part(twips, columns, part, header, bold_first_column, keep_together)

    def _table_part(
        self,
        twips: list[int],
        columns: Sequence[tuple[str, float]],
        rows: list[Sequence[CellValue] | Group],
        header: bool,
        bold_first_column: bool,
        keep_together: bool,
    ) -> None:
        style_id = self._style_ids.get("Table Grid")
        parts = [
            f"<w:tbl {_W_NS}><w:tblPr>",
            f'<w:tblStyle w:val="{style_id}"/>' if style_id else "",
            f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>',
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in twips),
            "</w:tblGrid>",
        ]
        if header:
            head = [Shaded(c, "D9E2F3", "000000", True) for c, _ in columns]
            parts.append(self._row(twips, head, header=True, keep_next=True))
        parts.append("</w:tbl>")
        table = self._append("".join(parts))
        # Rows go in in batches: lxml moves a parsed subtree into the document in time
        # quadratic in its size (20,000 rows at once take minutes, in batches a second).
        batch: list[str] = []
        # ``keep_together``: every row kept with the next (a case's details stay on one page
        # with their heading); otherwise only the first row, so a heading or a header row
        # never ends a page alone.
        last = len(rows) - 1
        for index, values in enumerate(rows):
            if isinstance(values, Group):
                batch.append(self._group_row(twips, values.text))
                if len(batch) == ROW_BATCH:
                    _extend(table, batch)
                    batch = []
                continue
            cells: Sequence[CellValue | _Bold] = values
            if bold_first_column and values:
                first = values[0]
                cells = [first if isinstance(first, Shaded) else _Bold(first), *values[1:]]
            keep = index < last and (keep_together or index == 0)
            batch.append(self._row(twips, cells, keep_next=keep))
            if len(batch) == ROW_BATCH:
                _extend(table, batch)
                batch = []
        _extend(table, batch)
        # Word needs a paragraph between consecutive tables; keep it small.
        self._append(self._paragraph_xml([], space_after=0))

    def _row(
        self,
        twips: list[int],
        values: Sequence[CellValue | _Bold],
        header: bool = False,
        keep_next: bool = False,
    ) -> str:
        keep = "<w:keepNext/>" if keep_next else ""
        clean = self.clean
        cells = []
        for width, value in zip(twips, values, strict=True):
            if isinstance(value, str):  # most cells: plain text, no shading, not bold
                raw, run_props, shade = value, _PLAIN_RUN, ""
            else:
                shaded = value if isinstance(value, Shaded) else None
                bold = isinstance(value, (Shaded, _Bold)) and value.bold
                raw = value.text if isinstance(value, (Shaded, _Bold)) else str(value)
                run_props = (
                    ("<w:b/>" if bold else "")
                    + (f'<w:color w:val="{shaded.color}"/>' if shaded else "")
                    + _SIZE
                )
                shade = (
                    f'<w:shd w:val="clear" w:color="auto" w:fill="{shaded.fill}"/>'
                    if shaded
                    else ""
                )
            start = (
                f'<w:p><w:pPr>{keep}<w:spacing w:before="20" w:after="20"/></w:pPr>'
                f'<w:r><w:rPr>{run_props}</w:rPr><w:t xml:space="preserve">'
            )
            paragraphs = "".join(
                f"{start}{_xml_text(line)}</w:t></w:r></w:p>"
                for line in (clean(raw).splitlines() or [""])
            )
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
                f"{paragraphs}</w:tc>"
            )
        row_props = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
        return f"<w:tr><w:trPr>{row_props}</w:trPr>{''.join(cells)}</w:tr>"

    def _group_row(self, twips: list[int], text: str) -> str:
        """One shaded cell across the table, kept with the first row of its group."""
        size = TABLE_FONT_PT * 2
        return (
            "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>"
            f'<w:tcW w:w="{sum(twips)}" w:type="dxa"/><w:gridSpan w:val="{len(twips)}"/>'
            '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/></w:tcPr>'
            '<w:p><w:pPr><w:keepNext/><w:spacing w:before="40" w:after="40"/></w:pPr>'
            f'<w:r><w:rPr><w:b/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
            f'<w:t xml:space="preserve">{_xml_text(self.clean(text))}</w:t></w:r></w:p>'
            "</w:tc></w:tr>"
        )


_SIZE = f'<w:sz w:val="{TABLE_FONT_PT * 2}"/><w:szCs w:val="{TABLE_FONT_PT * 2}"/>'
_PLAIN_RUN = _SIZE


def _style_ids(document: Document) -> dict[str, str]:
    """Paragraph and table styles' ids by their names as Word shows them (``Heading 1``),
    read from the styles XML (python-docx's style objects cost ~8 ms a document)."""
    from docx.oxml.ns import qn
    from docx.styles import BabelFish

    ids: dict[str, str] = {}
    for style in document.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) not in ("paragraph", "table"):
            continue
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) is not None:
            ids[BabelFish.internal2ui(name.get(qn("w:val")))] = style.get(qn("w:styleId"))
    return ids


def _cell_text(value: Any) -> str:
    return value.text if isinstance(value, (Shaded, _Bold)) else str(value)


def _extend(table: Any, rows: list[str]) -> None:
    from docx.oxml import parse_xml

    if rows:
        # Each row declares the namespace itself: lxml then moves it into the document
        # without searching for the declaration element by element (and drops the repeat).
        xml = "".join(rows).replace("<w:tr>", _TR_WITH_NS)
        table.extend(list(parse_xml(f"<w:tbl {_W_NS}>{xml}</w:tbl>")))


ROW_BATCH = 200
_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_TR_WITH_NS = f"<w:tr {_W_NS}>"
#: Characters XML 1.0 forbids (control characters pasted from elsewhere) are dropped.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold; everything else as typed."""
    return _XML_BAD.sub("", text)


def _xml_text(text: str) -> str:
    """Text for a ``w:t``: forbidden characters dropped, ``& < >`` escaped."""
    return _XML_BAD.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class _Bold:
    text: str
    bold: bool = True


def audit_export(db: Database, entity: str, entity_id: int | None, summary: str) -> None:
    from spp_tui.db.services.audit_log import record_event

    record_event(db, entity, entity_id, "export", summary)
