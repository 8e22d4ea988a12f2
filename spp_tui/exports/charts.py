"""Native Word bar charts (DrawingML chart parts with their values cached in the chart).

Word and LibreOffice draw them from the cached values, so no plotting library and no image:
the report stays fast to write and small, and a reader can restyle a chart in Word.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
COLOURS = ("1F4E79", "C55A11", "7F7F7F", "548235")
EMU_PER_CM = 360000


def _column(index: int) -> str:
    return chr(ord("B") + index)


def chart_xml(
    categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], stacked: bool
) -> str:
    """A horizontal bar chart, one bar per category (several series: clustered or stacked)."""
    n = len(categories)
    cats = "".join(
        f'<c:pt idx="{i}"><c:v>{escape(str(c))}</c:v></c:pt>' for i, c in enumerate(categories)
    )
    parts = []
    for index, (name, values) in enumerate(series):
        col = _column(index)
        points = "".join(f'<c:pt idx="{i}"><c:v>{v:g}</c:v></c:pt>' for i, v in enumerate(values))
        parts.append(
            f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
            f"<c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f><c:strCache>"
            f'<c:ptCount val="1"/><c:pt idx="0"><c:v>{escape(name)}</c:v></c:pt>'
            "</c:strCache></c:strRef></c:tx>"
            f'<c:spPr><a:solidFill><a:srgbClr val="{COLOURS[index % len(COLOURS)]}"/>'
            '</a:solidFill></c:spPr><c:invertIfNegative val="0"/>'
            '<c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
            '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
            "</c:dLbls>"
            f"<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${n + 1}</c:f><c:strCache>"
            f'<c:ptCount val="{n}"/>{cats}</c:strCache></c:strRef></c:cat>'
            f"<c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${n + 1}</c:f><c:numCache>"
            f'<c:formatCode>General</c:formatCode><c:ptCount val="{n}"/>{points}'
            "</c:numCache></c:numRef></c:val></c:ser>"
        )
    grouping = "stacked" if stacked else "clustered"
    overlap = '<c:overlap val="100"/>' if stacked else ""
    legend = (
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' if len(series) > 1 else ""
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}">'
        '<c:roundedCorners val="0"/><c:chart><c:autoTitleDeleted val="1"/><c:plotArea>'
        f'<c:layout/><c:barChart><c:barDir val="bar"/><c:grouping val="{grouping}"/>'
        f'<c:varyColors val="0"/>{"".join(parts)}<c:gapWidth val="60"/>{overlap}'
        '<c:axId val="5001"/><c:axId val="5002"/></c:barChart>'
        '<c:catAx><c:axId val="5001"/><c:scaling><c:orientation val="maxMin"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="5002"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/>'
        "</c:catAx>"
        '<c:valAx><c:axId val="5002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="t"/><c:majorGridlines/>'
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="5001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        f'</c:valAx></c:plotArea>{legend}<c:plotVisOnly val="1"/>'
        '<c:dispBlanksAs val="gap"/></c:chart>'
        '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr>'
        '<a:endParaRPr lang="en-GB"/></a:p></c:txPr></c:chartSpace>'
    )


def add_bar_chart(
    writer: Any,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    width_cm: float = 16.0,
    stacked: bool = False,
) -> None:
    """Add a chart in its own paragraph at the end of ``writer``'s document, described by
    ``title`` for screen readers (and for tests that look for it)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = writer.document
    package = document.part.package
    number = 1 + sum(1 for p in package.iter_parts() if p.partname.startswith("/word/charts/"))
    blob = chart_xml(categories, series, stacked).encode("utf-8")
    part = Part(PackURI(f"/word/charts/chart{number}.xml"), CHART_CT, blob, package)
    rid = document.part.relate_to(part, CHART_RT)
    bars = len(categories) * (1 if stacked else len(series))
    height_cm = max(4.0, min(20.0, 2.0 + 0.5 * bars + 0.15 * len(categories)))
    cx, cy = int(width_cm * EMU_PER_CM), int(height_cm * EMU_PER_CM)
    writer.append_xml(
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:pPr><w:keepNext/></w:pPr><w:r><w:drawing>"
        f'<wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{1000 + number}" name="Chart {number}" descr="{escape(title)}"/>'
        f'<wp:cNvGraphicFramePr/><a:graphic xmlns:a="{_A}">'
        f'<a:graphicData uri="{_C}"><c:chart xmlns:c="{_C}" xmlns:r="{_R}" r:id="{rid}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
