"""``spp-tui report``: the annual report of the PSG for a period, in Word."""

from __future__ import annotations

from pathlib import Path

import click

from spp_tui.cli import db_option, open_db
from spp_tui.commands.export import OUT_HELP, day_option


@click.command("report")
@db_option
@click.option(
    "--from", "start", required=True, metavar="DATE", help="First day (2023-01-01 or 01/01/2023)."
)
@click.option(
    "--to", "end", required=True, metavar="DATE", help="Last day (2023-12-31 or 31/12/2023)."
)
@click.option(
    "--series",
    type=click.Choice(["PSG", "Youth PSG"]),
    default=None,
    help="Only this meeting series (PSG includes extraordinary PSGs); default: all.",
)
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, metavar="FILE.docx", help=OUT_HELP
)
def report(start: str, end: str, series: str | None, out: Path | None) -> None:
    """The annual report: meetings, case discussions, referrals, closures, interventions,
    hot spots, youth cases, actions and attendance between two dates, with charts and a
    comparison with the period before."""
    from spp_tui.db.services.annual_report import check_period
    from spp_tui.exports.annual_report import export_report

    first, last = day_option(start, "--from"), day_option(end, "--to")
    check_period(first, last)
    db = open_db()
    try:
        path = export_report(db, first, last, out, series=series)
    finally:
        db.dispose()
    click.echo(f"report written: {path}")
