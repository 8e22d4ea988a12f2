"""Risk as red, amber, green cells for the tables a chair reads on a projector."""

from __future__ import annotations

from rich.text import Text

RISK_STYLES = {
    "high": "bold white on red",
    "medium": "bold black on yellow",
    "low": "black on green",
}


def risk_cell(risk: str | None) -> Text:
    """Risk as the chair reads it on a projector: red, amber, green, and always the word
    (never colour alone); no risk chosen yet reads "not set"."""
    if not risk:
        return Text(" not set ", style="italic")
    return Text(f" {risk} ", style=RISK_STYLES.get(risk, ""))
