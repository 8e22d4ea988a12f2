"""The Word template and the marked pages of every export: which template (the shipped one,
the organisation's, remembered), its styles, the protective marking centred in the header and
footer of every page, "Page X of Y" fields and the DRAFT / APPROVED label (split from
``docx_kit``, which re-exports these names).

python-docx is imported lazily (inside functions) so importing this module is free.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from spp_tui.errors import ExportError

if TYPE_CHECKING:
    from docx.blkcntnr import BlockItemContainer
    from docx.document import Document
    from docx.text.paragraph import Paragraph

    from spp_tui.db.database import Database

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
#: The template shipped in the package (regenerate with ``python -m spp_tui.exports.template``).
DEFAULT_TEMPLATE = Path(__file__).with_name("default_template.docx")
#: Styles the exports use; copied from the default template into a user's template lacking them.
REQUIRED_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Table Grid")


# --- template ---------------------------------------------------------------------------


TEMPLATE_SUFFIXES = (".docx", ".dotx")
_DOTX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def open_template(path: Path) -> Document:
    """The template as a document; a Word template (.dotx) is read as the document it
    would make (python-docx opens only documents: the main part's type is swapped)."""
    import io
    import zipfile

    from docx import Document as open_docx

    if path.suffix.lower() != ".dotx":
        return open_docx(str(path))
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(_DOTX_MAIN, _DOCX_MAIN)
            target.writestr(item, data)
    buffer.seek(0)
    return open_docx(buffer)


def check_template(path: Path) -> Path:
    """A usable Word template (.docx or .dotx), resolved; ExportError (one line) else."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise ExportError(f"the template {path} does not exist.")
    if path.suffix.lower() not in TEMPLATE_SUFFIXES:
        raise ExportError(f"the template {path.name} is not a Word .docx file.")
    try:
        open_template(path)
    except Exception:  # noqa: BLE001 - zip, XML and package errors all mean "not a .docx"
        raise ExportError(
            f"the template {path.name} is not a Word .docx file (it could not be opened)."
        ) from None
    return path.resolve()


def usable_template(db: Database) -> Path:
    """The remembered template, checked to open: called before a set of files is written,
    so a missing or broken template stops it before the first file."""
    path = remembered_template(db)
    return path if path == DEFAULT_TEMPLATE else check_template(path)


def remembered_template(db: Database) -> Path:
    """The template the settings remember, else the one shipped in the package."""
    from spp_tui.db.services import settings

    value = settings.get_setting(db, settings.MINUTES_TEMPLATE).strip()
    if not value:
        return DEFAULT_TEMPLATE
    path = Path(value)
    if not path.is_file():
        raise ExportError(
            f"the remembered template {path} is missing; give --template FILE.docx, or "
            "--template default for the built-in one."
        )
    return path


def choose_template(db: Database, template: Path | None) -> Path:
    """``template`` if given (checked, then remembered in the settings), else the remembered
    one. The word ``default`` forgets the remembered template."""
    from spp_tui.db.services import settings

    if template is None:
        return remembered_template(db)
    if str(template).strip().lower() == "default":
        if settings.get_setting(db, settings.MINUTES_TEMPLATE):
            settings.set_setting(db, settings.MINUTES_TEMPLATE, "")
        return DEFAULT_TEMPLATE
    path = check_template(template)
    if settings.get_setting(db, settings.MINUTES_TEMPLATE) != str(path):
        settings.set_setting(db, settings.MINUTES_TEMPLATE, str(path))
    return path


def new_document(
    template: Path, *, title: str, subject: str, author: str, marking: str = DEFAULT_MARKING
) -> Document:
    """Open the template, empty its body (keeping page setup, headers, footers and styles),
    make sure the built-in styles the exports use exist, and give the file its own
    properties (``docx_parts.own_properties``: classification ``marking``, en-GB)."""
    from docx.oxml.ns import qn

    from spp_tui.exports.docx_parts import own_properties

    try:
        document = open_template(template)
    except Exception:  # noqa: BLE001
        raise ExportError(f"the template {template.name} could not be opened.") from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    if template != DEFAULT_TEMPLATE:
        _ensure_styles(document)
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    props.category = ""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    props.created = now
    props.modified = now
    props.revision = 1
    own_properties(document, marking)
    return document


def _ensure_styles(document: Document) -> None:
    """Copy any style we use (and what it is based on) from the default template, without
    its font and colour: the copy takes the template's own body font, so a Title the
    template lacks does not arrive in our Arial navy above the template's headings."""
    from docx import Document as open_docx
    from docx.oxml.ns import qn

    present = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in present]
    if not missing:
        return
    source = open_docx(str(DEFAULT_TEMPLATE))
    for name in missing:
        style = source.styles[name]
        chain = []
        while style is not None and style.name not in present:
            chain.append(style)
            style = style.base_style
        for item in reversed(chain):
            element = copy.deepcopy(item.element)
            r_pr = element.find(qn("w:rPr"))
            if r_pr is not None and item.name != "Normal":
                for tag in ("w:rFonts", "w:color"):
                    for child in r_pr.findall(qn(tag)):
                        r_pr.remove(child)
            document.styles.element.append(element)
            present.add(item.name)


# --- pages: marking, header, footer -----------------------------------------------------


def _paragraph_at(part: BlockItemContainer, *, top: bool) -> Paragraph:
    """The empty paragraph a blank header/footer holds, else a new one at the top (header)
    or the bottom (footer) so a template's logo or address stays."""
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    paragraphs: list[Paragraph] = part.paragraphs  # (python-docx leaves it unannotated)
    if (
        len(paragraphs) == 1
        and not paragraphs[0].text
        and not paragraphs[0]._p.xpath(".//w:drawing|.//w:pict")
    ):
        return paragraphs[0]
    new_p = OxmlElement("w:p")
    container = part._element
    if top:
        container.insert(0, new_p)
    else:
        container.append(new_p)
    return Paragraph(new_p, part)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A real Word field (PAGE, NUMPAGES): begin, instruction, separate, cached result, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld_char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    fld_char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


def mark_pages(document: Document, marking: str, footer_label: str, state_label: str) -> None:
    """Marking centred in every header and footer (default, first-page and even-page, so it
    shows on page 1 whatever the template's settings); the footer also carries the meeting,
    Page X of Y and the state (DRAFT / APPROVED / AGENDA...)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            paragraph = _paragraph_at(header, top=True)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(marking)
            run.bold = True
        for footer in (section.footer, section.first_page_footer, section.even_page_footer):
            first = _paragraph_at(footer, top=False)
            first.alignment = WD_ALIGN_PARAGRAPH.CENTER
            first.add_run(marking).bold = True
            line = footer.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            line.add_run(f"{footer_label}   |   Page ")
            add_field(line, "PAGE")
            line.add_run(" of ")
            add_field(line, "NUMPAGES")
            if state_label:
                line.add_run(f"   |   {state_label}")
            for run in line.runs:
                run.font.size = Pt(8)


def landscape(document: Document) -> None:
    """Turn every section landscape (wide tables such as the action log)."""
    from docx.enum.section import WD_ORIENT

    for section in document.sections:
        if section.orientation != WD_ORIENT.LANDSCAPE:
            width, height = section.page_width, section.page_height
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = height, width
