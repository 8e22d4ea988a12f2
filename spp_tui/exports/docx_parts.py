"""The parts of a Word file beyond the body: properties, language, template leftovers.

A template brings more than page setup: custom document properties (``TemplateOwner: Joe
Bloggs``, ``Classification: OFFICIAL``), an app.xml naming the program that made it, a
thumbnail of its first page, customXml items (SharePoint metadata), comments and footnotes,
and a proofing language. Every export gets its own: the template's custom properties,
thumbnail and customXml go; ``Classification`` is the meeting's marking; the application is
spp-tui; the language is en-GB. A redacted copy also has the template's headers and
footers passed through the redactor, and its comments and footnotes dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from docx.document import Document
    from docx.opc.part import Part
    from docx.opc.rel import Relationships

LANGUAGE = "en-GB"
APPLICATION = "spp-tui"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_LANG = re.compile(rb'(<w:(?:lang|themeFontLang)\b[^>]*?\bw:val=")[A-Za-z-]+(")')


def _drop(rels: Relationships, *reltypes: str) -> None:
    for rel in list(rels.values()):
        if rel.reltype in reltypes:
            rels.pop(rel.rId)


def own_properties(document: Document, marking: str) -> None:
    """Replace what the template says about itself by what this export is."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    _drop(package.rels, RT.CUSTOM_PROPERTIES, RT.EXTENDED_PROPERTIES, RT.THUMBNAIL)
    _drop(document.part.rels, RT.CUSTOM_XML)
    custom = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">'
        f'<property fmtid="{_FMTID}" pid="2" name="Classification">'
        f"<vt:lpwstr>{escape(marking)}</vt:lpwstr></property></Properties>"
    )
    app = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_EXTENDED_NS}" xmlns:vt="{_VT_NS}">'
        f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
        f"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        f"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        f"</Properties>"
    )
    for name, content_type, reltype, xml in (
        ("/docProps/custom.xml", CT.OFC_CUSTOM_PROPERTIES, RT.CUSTOM_PROPERTIES, custom),
        ("/docProps/app.xml", CT.OFC_EXTENDED_PROPERTIES, RT.EXTENDED_PROPERTIES, app),
    ):
        part = Part(PackURI(name), content_type, xml.encode("utf-8"), package)
        package.relate_to(part, reltype)
    props = document.core_properties
    props.language = LANGUAGE
    props.category = marking
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    _language(document)


def _language(document: Document) -> None:
    """Proofing language en-GB in the style defaults and every styles/settings part."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    r_default = defaults.find(qn("w:rPrDefault"))
    if r_default is None:
        r_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_default)
    r_pr = r_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_default.append(r_pr)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    for element in styles.iter(qn("w:lang")):
        if element.get(qn("w:val")):
            element.set(qn("w:val"), LANGUAGE)
    settings = document.settings.element
    for element in settings.iter(qn("w:themeFontLang")):
        element.set(qn("w:val"), LANGUAGE)
    for rel in document.part.rels.values():
        part = rel.target_part if not rel.is_external else None
        blob = getattr(part, "_blob", None)
        if part is not None and isinstance(blob, bytes) and b"w:lang" in blob:  # stylesWithEffects
            part._blob = _LANG.sub(rb"\g<1>" + LANGUAGE.encode() + rb"\g<2>", blob)


def scrub_for_circulation(document: Document, clean: Callable[[str], str]) -> None:
    """A redacted copy: the template's header and footer text redacted, no footnotes or
    endnotes of the template (the body that cited them is gone)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    comments = [r.reltype for r in document.part.rels.values() if "comments" in r.reltype]
    _drop(document.part.rels, *comments)
    for rel in list(document.part.rels.values()):
        if rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES) and not rel.is_external:
            _drop_notes(rel.target_part)
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            for paragraph in part._element.iter(qn("w:p")):
                texts = list(paragraph.iter(qn("w:t")))
                joined = "".join(t.text or "" for t in texts)
                redacted = clean(joined)
                if texts and redacted != joined:
                    texts[0].text = redacted
                    for t in texts[1:]:
                        t.text = ""


def _drop_notes(part: Part) -> None:
    """Keep the separator notes Word needs, drop every note with text (``part``: the
    footnotes or endnotes)."""
    from lxml import etree  # type: ignore[import-untyped]  # lxml has no hints; no types-lxml

    element = getattr(part, "_element", None)
    root = element if element is not None else etree.fromstring(part.blob)
    for note in list(root):
        if note.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type") is None:
            root.remove(note)
    if element is None:
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
