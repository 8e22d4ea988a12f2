"""The annual report in Word: what the PSG did in a period, as the partnership's scrutiny
report needs it (meetings, case discussions, referrals, closures, interventions, hot spots,
youth, actions, attendance), each section a short paragraph written from the figures, a
table and a native bar chart, compared with the period before where there is data.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING

from spp_tui.exports import docx_kit as kit
from spp_tui.exports.charts import add_bar_chart
from spp_tui.exports.report_sections import ReportSection, period_text, report_sections

if TYPE_CHECKING:
    from docx.document import Document

    from spp_tui.db.database import Database
    from spp_tui.db.services.annual_report import ReportFigures


def report_file_name(start: dt.date, end: dt.date, series: str | None) -> str:
    """``PSG-annual-report-2023-01-01-to-2023-12-31.docx``."""
    return f"{kit.slug(series or 'PSG')}-annual-report-{start}-to-{end}.docx"


def export_report(
    db: Database,
    start: dt.date,
    end: dt.date,
    out: Path | None = None,
    *,
    series: str | None = None,
) -> Path:
    """Write the report for ``start``..``end`` and return the path written."""
    from spp_tui.db.services import settings
    from spp_tui.db.services.annual_report import comparison, report_figures

    started = time.perf_counter()
    figures = report_figures(db, start, end, series)
    before = comparison(db, figures)
    template = kit.remembered_template(db)
    target = kit.output_path(out, report_file_name(start, end, series))
    partnership = settings.get_setting(db, settings.PARTNERSHIP_NAME)
    document = build_report(figures, before, template, partnership, series)
    kit.save_document(document, target)
    kit.audit_export(
        db,
        "database",
        None,
        f"annual report {start} to {end} exported to {target} "
        f"in {time.perf_counter() - started:.2f}s",
    )
    return target


def build_report(
    figures: ReportFigures,
    before: ReportFigures | None,
    template: Path,
    partnership: str,
    series: str | None,
) -> Document:
    """The report as a python-docx Document (not saved): the opening, then every section."""
    who = series or "Problem Solving Group"
    title = f"{who}: annual report, {period_text(figures)}"
    document = kit.new_document(
        template, title=title, subject=kit.DEFAULT_MARKING, author=partnership
    )
    kit.mark_pages(
        document,
        kit.DEFAULT_MARKING,
        f"{who} report, {figures.start} to {figures.end}",
        "REPORT",
    )
    writer = kit.Writer(document)
    writer.title(partnership, title)
    previous = (
        f" Figures in brackets compare with the period before ({period_text(before)})."
        if before
        else " There is no earlier data to compare with."
    )
    writer.paragraph(
        f"This report counts what the {who} recorded between {period_text(figures)}: meetings, "
        f"case discussions, referrals, closures, interventions, actions and attendance." + previous
    )
    for section in report_sections(figures, before):
        write_section(writer, section)
    return document


def write_section(writer: kit.Writer, section: ReportSection) -> None:
    """Heading, narrative (kept with the tables below it), tables, chart: every section the
    same way."""
    writer.heading(f"{section.number}. {section.heading}", 1)
    writer.paragraph(section.narrative, keep_with_next=bool(section.tables))
    for table in section.tables:
        if table.label:
            writer.label(table.label)
        writer.table(table.columns, table.rows)
    chart = section.chart
    if chart is not None:
        writer.label(f"Chart {section.number}: {chart.title}")
        add_bar_chart(writer, chart.title, chart.categories, chart.series, stacked=chart.stacked)
