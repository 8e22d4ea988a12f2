"""Risk as red, amber, green: the one palette of the screens.

Two looks from one table of colours: a filled cell for the tables a chair reads on a projector
(``risk_cell``) and a coloured dot and word beside a case (``risk_mark``, ``MARK_STYLES``). The
word is always there: the meaning is never carried by colour alone.
"""

from __future__ import annotations

from rich.text import Text

from spp_tui.vocabulary import Risk

#: risk -> (cell style, mark style)
_PALETTE: dict[str, tuple[str, str]] = {
    Risk.HIGH: ("bold white on red", "bold red"),
    Risk.MEDIUM: ("bold black on yellow", "bold dark_orange"),
    Risk.LOW: ("black on green", "bold green"),
}

#: Filled cells (tables).
RISK_STYLES = {risk: cell for risk, (cell, _mark) in _PALETTE.items()}
#: Coloured text (a dot and the word beside a case).
MARK_STYLES = {risk: mark for risk, (_cell, mark) in _PALETTE.items()}


def risk_cell(risk: str | None) -> Text:
    """Risk as the chair reads it on a projector: red, amber, green, and always the word
    (never colour alone); no risk chosen yet reads "not set"."""
    if not risk:
        return Text(" not set ", style="italic")
    return Text(f" {risk} ", style=RISK_STYLES.get(risk, ""))


def risk_mark(risk: str | None) -> Text:
    """A coloured risk marker: the word carries the meaning (never the colour alone); no risk
    chosen yet reads "risk not set"."""
    return Text(f"● {risk or 'risk not set'}", style=MARK_STYLES.get(risk or "", ""))


def risk_letter(risk: str | None) -> tuple[str, str]:
    """A list's risk mark: H, M or L in its colour, ``-`` while not set."""
    return (f"{(risk or '-')[0].upper()} ", MARK_STYLES.get(risk or "", ""))
