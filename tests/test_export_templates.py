"""An organisation's template (issue 17): a style it lacks takes its body font (no foreign
look), a Word template (.dotx) is accepted, and a bad remembered template stops a
circulation before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from export_reading import open_docx

from spp_tui.db.services import meetings, settings
from spp_tui.errors import ExportError
from spp_tui.exports.circulation import circulate
from spp_tui.exports.minutes import export_minutes

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def _council_template(path: Path) -> Path:
    """A council's template: Georgia body text, maroon headings, and no Title or Subtitle."""
    from docx.shared import RGBColor

    document = Document()
    document.styles["Normal"].font.name = "Georgia"
    for name in ("Heading 1", "Heading 2"):
        document.styles[name].font.color.rgb = RGBColor(0x80, 0, 0)
    for name in ("Title", "Subtitle", "Title Char", "Subtitle Char"):
        try:
            element = document.styles[name].element
        except KeyError:
            continue
        element.getparent().remove(element)
    document.save(str(path))
    return path


def _as_dotx(docx: Path, dotx: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(dotx, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(DOCX_MAIN.encode(), DOTX_MAIN.encode())
            target.writestr(item, data)
    return dotx


def _font_chain(document, style_name: str) -> tuple[str | None, str | None]:  # noqa: ANN001
    """(font, colour) the style resolves to, following its base styles."""
    style = document.styles[style_name]
    font = color = None
    while style is not None:
        r_pr = style.element.find(qn("w:rPr"))
        if r_pr is not None:
            fonts = r_pr.find(qn("w:rFonts"))
            if font is None and fonts is not None and fonts.get(qn("w:ascii")):
                font = fonts.get(qn("w:ascii"))
            colour = r_pr.find(qn("w:color"))
            if color is None and colour is not None:
                color = colour.get(qn("w:val"))
        style = style.base_style
    return font, color


@pytest.mark.parametrize("suffix", [".docx", ".dotx"])
def test_missing_styles_take_the_templates_body_font(demo_db, tmp_path: Path, suffix: str):
    template = _council_template(tmp_path / "council.docx")
    if suffix == ".dotx":
        template = _as_dotx(template, tmp_path / "council.dotx")
    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    out = export_minutes(demo_db, march.id, tmp_path / "m.docx", template=template)
    document = open_docx(out)
    assert _font_chain(document, "Normal")[0] == "Georgia"
    for name in ("Title", "Subtitle"):  # copied in, but in the council's font, not navy Arial
        font, color = _font_chain(document, name)
        assert font == "Georgia", name
        assert color is None, name
    assert _font_chain(document, "Heading 1")[1] == "800000"  # the council's own headings
    assert document.paragraphs[0].style.name == "Title"
    assert settings.get_setting(demo_db, settings.MINUTES_TEMPLATE) == str(template.resolve())


def test_circulate_with_a_missing_template_writes_nothing(demo_db, tmp_path: Path):
    from spp_tui.db.services.distribution import fill_from_partners

    march = meetings.resolve_meeting(demo_db, "2023-03-07")
    fill_from_partners(demo_db, "PSG")
    settings.set_setting(demo_db, settings.MINUTES_TEMPLATE, str(tmp_path / "gone.docx"))
    out = tmp_path / "circulation"
    with pytest.raises(ExportError, match="the remembered template .* is missing"):
        circulate(demo_db, march.id, out)
    assert not out.exists()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    settings.set_setting(demo_db, settings.MINUTES_TEMPLATE, str(broken))
    with pytest.raises(ExportError, match="could not be opened"):
        circulate(demo_db, march.id, out)
    assert not out.exists()
