"""The annual report as sections (heading, narrative, tables, chart) built from the figures:
one source for the Word report and the TUI's dashboard, so both say the same thing.

Plain data and words only: no Word, no Textual (the report writes each section the same way,
the dashboard draws it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spp_tui.exports.doc_words import long_date, plural

if TYPE_CHECKING:
    from collections.abc import Callable

    from spp_tui.db.services.annual_report import ReportFigures


@dataclass(frozen=True)
class ReportTable:
    """Columns (heading, relative width) and rows of text; ``label`` a bold lead-in."""

    columns: tuple[tuple[str, float], ...]
    rows: tuple[tuple[str, ...], ...]
    label: str = ""


@dataclass(frozen=True)
class ReportChart:
    """A bar chart: one bar (or one bar per series) per category."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]
    stacked: bool = False


@dataclass(frozen=True)
class ReportSection:
    number: int
    heading: str
    narrative: str
    tables: tuple[ReportTable, ...] = ()
    chart: ReportChart | None = None


def period_text(figures: ReportFigures) -> str:
    return f"{long_date(figures.start)} to {long_date(figures.end)}"


def was(now: int, before: int | None) -> str:
    """`` (up from 80 the period before)`` or nothing without a previous period."""
    if before is None:
        return ""
    if now == before:
        return " (the same as the period before)"
    return f" ({'up' if now > before else 'down'} from {before} the period before)"


def listing(counts: dict[str, int], limit: int = 3) -> str:
    """``Patrols (141), Closure Order (68) and Warning letter (48)``."""
    items = [f"{name.rstrip('.')} ({n})" for name, n in list(counts.items())[:limit]]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def counts_table(
    heading: str, now: dict[str, int], before: dict[str, int] | None, label: str = ""
) -> ReportTable:
    """Name and number, with the period before's number when there is one."""
    columns = [(heading, 5.0), ("Number", 1.4)]
    if before is not None:
        columns.append(("Period before", 1.6))
    rows = [
        (name, str(n), *([str(before.get(name, 0))] if before is not None else []))
        for name, n in now.items()
    ]
    none = ("none", "0", *(["0"] if before is not None else []))
    return ReportTable(tuple(columns), tuple(rows or [none]), label)


def counts_chart(title: str, counts: dict[str, int]) -> ReportChart | None:
    if not counts:
        return None
    return ReportChart(title, tuple(counts), (("Number", tuple(counts.values())),))


def report_sections(figures: ReportFigures, before: ReportFigures | None) -> list[ReportSection]:
    """The nine sections, numbered, in the report's order."""
    builders: tuple[Callable[[ReportFigures, ReportFigures | None, int], ReportSection], ...] = (
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
    return [build(figures, before, n) for n, build in enumerate(builders, start=1)]


def _meetings(f: ReportFigures, b: ReportFigures | None, n: int) -> ReportSection:
    kinds = ", ".join(plural(count, kind) for kind, count in f.meetings_by_kind.items())
    return ReportSection(
        n,
        "Meetings held",
        f"The group met {plural(f.meetings_held, 'time')}"
        f"{was(f.meetings_held, b.meetings_held if b else None)}"
        f"{': ' + kinds if kinds else ''}.",
        (counts_table("Meeting", f.meetings_by_kind, b.meetings_by_kind if b else None),),
    )


def _discussions(f: ReportFigures, b: ReportFigures | None, n: int) -> ReportSection:
    return ReportSection(
        n,
        "Case discussions",
        f"The group oversaw a total of {plural(f.case_discussions, 'case discussion')}"
        f"{was(f.case_discussions, b.case_discussions if b else None)}, "
        f"about {plural(f.cases_discussed, 'case')}. The decisions taken were: "
        f"{listing(f.decisions, 4) or 'none'}.",
        (counts_table("Decision", f.decisions, b.decisions if b else None),),
    )


def _referrals(f: ReportFigures, b: ReportFigures | None, n: int) -> ReportSection:
    return ReportSection(
        n,
        "New referrals",
        f"{plural(f.new_referrals, 'new case was', 'new cases were')} referred"
        f"{was(f.new_referrals, b.new_referrals if b else None)}. "
        f"Most came from {listing(f.referrals_by_agency) or 'no agency'}.",
        (counts_table("Referred by", f.referrals_by_agency, b.referrals_by_agency if b else None),),
        counts_chart("New referrals by referring agency", f.referrals_by_agency),
    )


def _closures(f: ReportFigures, b: ReportFigures | None, n: int) -> ReportSection:
    return ReportSection(
        n,
        "Cases closed",
        f"{plural(f.cases_closed, 'case was', 'cases were')} closed"
        f"{was(f.cases_closed, b.cases_closed if b else None)}. "
        f"The reasons recorded most often: {listing(f.closure_reasons) or 'none'}.",
        (counts_table("Closure reason", f.closure_reasons, b.closure_reasons if b else None),),
    )


def _interventions(f: ReportFigures, b: ReportFigures | None, n: int) -> ReportSection:
    return ReportSection(
        n,
        "Interventions used",
        f"The cases discussed used {plural(f.interventions_used, 'intervention')}"
        f"{was(f.interventions_used, b.interventions_used if b else None)}; "
        f"most often {listing(f.interventions) or 'none'}.",
        (counts_table("Intervention", f.interventions, b.interventions if b else None),),
        counts_chart("Interventions used in the cases discussed", f.interventions),
    )


def _places(f: ReportFigures, b: ReportFigures | None, n: int) -> ReportSection:
    return ReportSection(
        n,
        "Operations and hot spots",
        f"Cases discussed were linked to {plural(len(f.operations), 'operation')}, "
        f"most to {listing(f.operations) or 'none'}. The hot spots with most cases "
        f"were {listing(f.locations) or 'none recorded'}; by ward, "
        f"{listing(f.wards) or 'none recorded'}.",
        (
            counts_table("Operation", f.operations, b.operations if b else None),
            counts_table(
                "Location", f.locations, b.locations if b else None, "Locations with most cases"
            ),
            counts_table("Ward", f.wards, b.wards if b else None, "Wards with most cases"),
        ),
        counts_chart("Cases discussed by ward (the ten with most)", f.wards),
    )


def _youth(f: ReportFigures, b: ReportFigures | None, n: int) -> ReportSection:
    return ReportSection(
        n,
        "Youth cases",
        f"The Youth PSG discussed {plural(f.youth_cases, 'case')}"
        f"{was(f.youth_cases, b.youth_cases if b else None)}; "
        f"{plural(f.youth_referrals, 'new youth case was', 'new youth cases were')} "
        f"referred{was(f.youth_referrals, b.youth_referrals if b else None)}.",
    )


def _actions(f: ReportFigures, b: ReportFigures | None, n: int) -> ReportSection:
    rate = f"{f.on_time_percent}%" if f.on_time_percent is not None else "none"
    median = (
        plural(f.median_days_to_complete, "day")
        if f.median_days_to_complete is not None
        else "not known (none completed)"
    )
    by_agency = f.actions_by_agency
    rows = [
        (name, str(a.raised), str(a.completed), str(a.on_time), str(a.overdue))
        for name, a in by_agency.items()
    ]
    rows.append(
        (
            "All agencies",
            str(f.actions_raised),
            str(f.actions_completed),
            str(f.actions_on_time),
            str(f.actions_overdue),
        )
    )
    title = "Actions raised and completed on time, by agency"
    chart = ReportChart(
        title,
        tuple(by_agency),
        (
            ("Raised", tuple(a.raised for a in by_agency.values())),
            ("Completed on time", tuple(a.on_time for a in by_agency.values())),
        ),
    )
    return ReportSection(
        n,
        "Actions",
        f"Meetings raised {plural(f.actions_raised, 'action')}"
        f"{was(f.actions_raised, b.actions_raised if b else None)}. "
        f"{f.actions_completed} were completed by {long_date(f.end)}, "
        f"{f.actions_on_time} of them on time ({rate}); "
        f"{f.actions_overdue} were overdue at the end of the period. "
        f"The median time to complete an action was {median}.",
        (
            ReportTable(
                (
                    ("Agency", 5.0),
                    ("Raised", 1.3),
                    ("Completed", 1.6),
                    ("On time", 1.4),
                    ("Overdue", 1.4),
                ),
                tuple(rows),
            ),
        ),
        chart if by_agency else None,
    )


def _attendance(f: ReportFigures, b: ReportFigures | None, n: int) -> ReportSection:
    table = f.attendance_by_agency
    rates = f.attendance_rates
    best = sorted(rates.items(), key=lambda kv: (-kv[1], kv[0]))
    statuses = ("present", "apologies", "absent")
    chart = ReportChart(
        "Attendance by agency",
        tuple(table),
        tuple((s.capitalize(), tuple(c[s] for c in table.values())) for s in statuses),
        stacked=True,
    )
    return ReportSection(
        n,
        "Attendance by agency",
        f"{plural(len(table), 'agency was', 'agencies were')} expected at the meetings. "
        + (
            f"Best attended: {best[0][0]} (present at {best[0][1]}% of them); least: "
            f"{best[-1][0]} ({best[-1][1]}%)."
            if best
            else "No attendance was recorded."
        ),
        (
            ReportTable(
                (
                    ("Agency", 5.0),
                    ("Present", 1.4),
                    ("Apologies", 1.6),
                    ("Absent", 1.3),
                    ("Rate", 1.1),
                ),
                tuple(
                    (name, *(str(c[s]) for s in statuses), f"{rates[name]}%")
                    for name, c in table.items()
                ),
            ),
        ),
        chart if table else None,
    )
