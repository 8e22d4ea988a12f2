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

if TYPE_CHECKING:
    from spp_tui.db.database import Database
    from spp_tui.db.services.annual_report import ReportFigures

plural = kit.plural


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


def _period(figures: ReportFigures) -> str:
    return f"{kit.long_date(figures.start)} to {kit.long_date(figures.end)}"


def _was(now: int, before: int | None) -> str:
    """`` (up from 80 the period before)`` or nothing without a previous period."""
    if before is None:
        return ""
    if now == before:
        return " (the same as the period before)"
    return f" ({'up' if now > before else 'down'} from {before} the period before)"


def _listing(counts: dict[str, int], limit: int = 3) -> str:
    """``Patrols (141), Closure Order (68) and Warning letter (48)``."""
    items = [f"{name.rstrip('.')} ({n})" for name, n in list(counts.items())[:limit]]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def build_report(
    figures: ReportFigures,
    before: ReportFigures | None,
    template: Path,
    partnership: str,
    series: str | None,
):  # noqa: ANN201 - a Document
    who = series or "Problem Solving Group"
    title = f"{who}: annual report, {_period(figures)}"
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
        f" Figures in brackets compare with the period before ({_period(before)})."
        if before
        else " There is no earlier data to compare with."
    )
    writer.paragraph(
        f"This report counts what the {who} recorded between {_period(figures)}: meetings, "
        f"case discussions, referrals, closures, interventions, actions and attendance." + previous
    )
    sections = (
        _meetings,
        _discussions,
        _referrals,
        _closures,
        _interventions,
        _places,
        _youth,
        _actions,
        _attendance,
    )
    for number, section in enumerate(sections, start=1):
        section(writer, figures, before, number)
    return document


def _counts_table(
    writer: kit.Writer,
    heading: str,
    now: dict[str, int],
    before: dict[str, int] | None,
) -> None:
    columns = [(heading, 5.0), ("Number", 1.4)]
    if before is not None:
        columns.append(("Period before", 1.6))
    rows = [
        (name, str(n), *([str(before.get(name, 0))] if before is not None else []))
        for name, n in now.items()
    ]
    writer.table(columns, rows or [("none", "0", *(["0"] if before is not None else []))])


def _chart(writer: kit.Writer, number: int, title: str, counts: dict[str, int]) -> None:
    if not counts:
        return
    writer.label(f"Chart {number}: {title}")
    add_bar_chart(writer, title, list(counts), [("Number", list(counts.values()))])


def _meetings(writer, figures, before, number) -> None:  # noqa: ANN001
    writer.heading(f"{number}. Meetings held", 1)
    kinds = ", ".join(plural(n, kind) for kind, n in figures.meetings_by_kind.items())
    writer.paragraph(
        f"The group met {plural(figures.meetings_held, 'time')}"
        f"{_was(figures.meetings_held, before.meetings_held if before else None)}"
        f"{': ' + kinds if kinds else ''}.",
        keep_with_next=True,
    )
    _counts_table(
        writer, "Meeting", figures.meetings_by_kind, before.meetings_by_kind if before else None
    )


def _discussions(writer, figures, before, number) -> None:  # noqa: ANN001
    writer.heading(f"{number}. Case discussions", 1)
    writer.paragraph(
        f"The group oversaw a total of {plural(figures.case_discussions, 'case discussion')}"
        f"{_was(figures.case_discussions, before.case_discussions if before else None)}, "
        f"about {plural(figures.cases_discussed, 'case')}. The decisions taken were: "
        f"{_listing(figures.decisions, 4) or 'none'}.",
        keep_with_next=True,
    )
    _counts_table(writer, "Decision", figures.decisions, before.decisions if before else None)


def _referrals(writer, figures, before, number) -> None:  # noqa: ANN001
    writer.heading(f"{number}. New referrals", 1)
    writer.paragraph(
        f"{plural(figures.new_referrals, 'new case was', 'new cases were')} referred"
        f"{_was(figures.new_referrals, before.new_referrals if before else None)}. "
        f"Most came from {_listing(figures.referrals_by_agency) or 'no agency'}.",
        keep_with_next=True,
    )
    _counts_table(
        writer,
        "Referred by",
        figures.referrals_by_agency,
        before.referrals_by_agency if before else None,
    )
    _chart(writer, number, "New referrals by referring agency", figures.referrals_by_agency)


def _closures(writer, figures, before, number) -> None:  # noqa: ANN001
    writer.heading(f"{number}. Cases closed", 1)
    writer.paragraph(
        f"{plural(figures.cases_closed, 'case was', 'cases were')} closed"
        f"{_was(figures.cases_closed, before.cases_closed if before else None)}. "
        f"The reasons recorded most often: {_listing(figures.closure_reasons) or 'none'}.",
        keep_with_next=True,
    )
    _counts_table(
        writer,
        "Closure reason",
        figures.closure_reasons,
        before.closure_reasons if before else None,
    )


def _interventions(writer, figures, before, number) -> None:  # noqa: ANN001
    writer.heading(f"{number}. Interventions used", 1)
    total = sum(figures.interventions.values())
    writer.paragraph(
        f"The cases discussed used {plural(total, 'intervention')}"
        f"{_was(total, sum(before.interventions.values()) if before else None)}; "
        f"most often {_listing(figures.interventions) or 'none'}.",
        keep_with_next=True,
    )
    _counts_table(
        writer, "Intervention", figures.interventions, before.interventions if before else None
    )
    _chart(writer, number, "Interventions used in the cases discussed", figures.interventions)


def _places(writer, figures, before, number) -> None:  # noqa: ANN001
    writer.heading(f"{number}. Operations and hot spots", 1)
    writer.paragraph(
        f"Cases discussed were linked to {plural(len(figures.operations), 'operation')}, "
        f"most to {_listing(figures.operations) or 'none'}. The hot spots with most cases "
        f"were {_listing(figures.locations) or 'none recorded'}; by ward, "
        f"{_listing(figures.wards) or 'none recorded'}.",
        keep_with_next=True,
    )
    _counts_table(writer, "Operation", figures.operations, before.operations if before else None)
    writer.label("Locations with most cases")
    _counts_table(writer, "Location", figures.locations, before.locations if before else None)
    writer.label("Wards with most cases")
    _counts_table(writer, "Ward", figures.wards, before.wards if before else None)
    _chart(writer, number, "Cases discussed by ward (the ten with most)", figures.wards)


def _youth(writer, figures, before, number) -> None:  # noqa: ANN001
    writer.heading(f"{number}. Youth cases", 1)
    writer.paragraph(
        f"The Youth PSG discussed {plural(figures.youth_cases, 'case')}"
        f"{_was(figures.youth_cases, before.youth_cases if before else None)}; "
        f"{plural(figures.youth_referrals, 'new youth case was', 'new youth cases were')} "
        f"referred{_was(figures.youth_referrals, before.youth_referrals if before else None)}."
    )


def _actions(writer, figures, before, number) -> None:  # noqa: ANN001
    writer.heading(f"{number}. Actions", 1)
    raised = figures.actions_raised
    rate = (
        f"{figures.actions_on_time * 100 // figures.actions_completed}%"
        if figures.actions_completed
        else "none"
    )
    median = (
        f"{figures.median_days_to_complete:g} days"
        if figures.median_days_to_complete is not None
        else "not known (none completed)"
    )
    writer.paragraph(
        f"Meetings raised {plural(raised, 'action')}"
        f"{_was(raised, before.actions_raised if before else None)}. "
        f"{figures.actions_completed} were completed by {kit.long_date(figures.end)}, "
        f"{figures.actions_on_time} of them on time ({rate}); "
        f"{figures.actions_overdue} were overdue at the end of the period. "
        f"The median time to complete an action was {median}.",
        keep_with_next=True,
    )
    rows = [
        (name, str(a.raised), str(a.completed), str(a.on_time), str(a.overdue))
        for name, a in figures.actions_by_agency.items()
    ]
    rows.append(
        (
            "All agencies",
            str(raised),
            str(figures.actions_completed),
            str(figures.actions_on_time),
            str(figures.actions_overdue),
        )
    )
    writer.table(
        [("Agency", 5.0), ("Raised", 1.3), ("Completed", 1.6), ("On time", 1.4), ("Overdue", 1.4)],
        rows,
    )
    names = list(figures.actions_by_agency)
    if names:
        writer.label(f"Chart {number}: Actions raised and completed on time, by agency")
        add_bar_chart(
            writer,
            "Actions raised and completed on time, by agency",
            names,
            [
                ("Raised", [a.raised for a in figures.actions_by_agency.values()]),
                ("Completed on time", [a.on_time for a in figures.actions_by_agency.values()]),
            ],
        )


def _attendance(writer, figures, before, number) -> None:  # noqa: ANN001
    writer.heading(f"{number}. Attendance by agency", 1)
    table = figures.attendance_by_agency
    rates = {name: c["present"] * 100 // max(1, sum(c.values())) for name, c in table.items()}
    best = sorted(rates.items(), key=lambda kv: (-kv[1], kv[0]))
    writer.paragraph(
        f"{plural(len(table), 'agency was', 'agencies were')} expected at the meetings. "
        + (
            f"Best attended: {best[0][0]} (present at {best[0][1]}% of them); least: "
            f"{best[-1][0]} ({best[-1][1]}%)."
            if best
            else "No attendance was recorded."
        )
    )
    writer.table(
        [("Agency", 5.0), ("Present", 1.4), ("Apologies", 1.6), ("Absent", 1.3), ("Rate", 1.1)],
        [
            (name, str(c["present"]), str(c["apologies"]), str(c["absent"]), f"{rates[name]}%")
            for name, c in table.items()
        ],
    )
    if table:
        writer.label(f"Chart {number}: Attendance by agency")
        add_bar_chart(
            writer,
            "Attendance by agency",
            list(table),
            [
                (status.capitalize(), [c[status] for c in table.values()])
                for status in ("present", "apologies", "absent")
            ],
            stacked=True,
        )
