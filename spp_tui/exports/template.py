"""The default Word template shipped in the package (``default_template.docx``).

It is python-docx's blank document restyled: A4, 2 cm margins, Arial, sober headings, and
Word's built-in style names (Normal, Title, Subtitle, Heading 1/2, Table Grid, List Bullet,
Header, Footer), which the exports use so that an organisation's own template (``--template``)
restyles every export. Regenerate it after changing this file::

    python -m spp_tui.exports.template
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

NAVY = "1F3864"


def build_default_template(target: Path) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(0.9)

    def restyle(
        name: str,
        size: float,
        *,
        bold: bool = False,
        color: str | None = None,
        before: float = 0,
        after: float = 4,
    ) -> None:
        style = document.styles[name]
        font = style.font
        r_fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
        if r_fonts is not None:  # theme fonts would override the name set below
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                r_fonts.attrib.pop(qn(attribute), None)
        font.name = "Arial"
        font.size = Pt(size)
        font.bold = bold
        font.italic = False
        font.color.rgb = RGBColor.from_string(color) if color else RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)

    restyle("Normal", 10)
    restyle("Title", 18, bold=True, color=NAVY, after=2)
    restyle("Subtitle", 12, color=NAVY, after=10)
    restyle("Heading 1", 13, bold=True, color=NAVY, before=14, after=4)
    restyle("Heading 2", 11, bold=True, color=NAVY, before=10, after=3)
    for name in ("Heading 1", "Heading 2"):
        document.styles[name].paragraph_format.keep_with_next = True
    _drop_title_border(document)
    for name in ("Header", "Footer"):
        document.styles[name].font.name = "Arial"
        document.styles[name].font.size = Pt(9)
    props = document.core_properties
    props.author = "spp-tui"
    props.last_modified_by = "spp-tui"
    props.title = "PSG document"
    props.comments = ""
    props.keywords = ""
    # An empty body: the exports clear it anyway, a user opening the template sees a blank page.
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    document.add_paragraph()
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def _drop_title_border(document: Any) -> None:  # a python-docx Document
    """python-docx's Title has a blue rule under it; council documents do not."""
    from docx.oxml.ns import qn

    p_pr = document.styles["Title"].element.pPr
    if p_pr is not None:
        for border in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(border)


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    from spp_tui.exports.docx_kit import DEFAULT_TEMPLATE

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TEMPLATE
    print(build_default_template(out))
