"""A long action log as a register: each case a heading kept with its first action, each
action one paragraph (reference, text, owner and agency, raised, due, status, overdue, the
latest update), so nothing the table holds is lost.

Why not a table: LibreOffice reads and lays out a Word table cell by cell, about 8 ms a
row of nine cells on the shared machine (the five-year all-actions log of the large demo,
21,924 rows, took 20 minutes and 1,588 pages); the same actions as paragraphs are read and
laid out several times faster and fill far fewer pages, because a paragraph uses the whole
line where a narrow column wraps. The register starts at ``REGISTER_FROM`` actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from spp_tui.exports import docx_kit as kit

if TYPE_CHECKING:
    from spp_tui.db.services.action_log import ActionLog
    from spp_tui.db.services.actions import ActionRow

#: A log of this many actions or more is written as a register, not a table (a table of
#: 1,000 actions is about 75 pages and 10 s of LibreOffice's CPU; 20,000 took 20 minutes).
REGISTER_FROM = 1000

_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_SIZE = f'<w:sz w:val="{kit.TABLE_FONT_PT * 2}"/><w:szCs w:val="{kit.TABLE_FONT_PT * 2}"/>'
#: The reference hangs in the margin of its paragraph: a tab to the text after it.
_HANG = 1500
_ENTRY_PPR = (
    f'<w:pPr><w:spacing w:before="0" w:after="50" w:line="240" w:lineRule="auto"/>'
    f'<w:ind w:left="{_HANG}" w:hanging="{_HANG}"/></w:pPr>'
)
_PLAIN = f"<w:rPr>{_SIZE}</w:rPr>"
_BOLD = f"<w:rPr><w:b/>{_SIZE}</w:rPr>"
_OVERDUE = f'<w:rPr><w:b/><w:color w:val="C00000"/>{_SIZE}</w:rPr>'


def _escape(text: str) -> str:
    return kit.xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _runs(text: str, props: str) -> str:
    """``text`` as runs, a line break where the text had one."""
    lines = text.splitlines() or [""]
    return "<w:br/>".join(
        f'<w:r>{props}<w:t xml:space="preserve">{_escape(line)}</w:t></w:r>' for line in lines
    ).replace("</w:r><w:br/><w:r>", "<w:br/>")


def write_register(
    writer: kit.Writer,
    log: ActionLog,
    short_names: dict[int | None, str],
    today: dt.date,
) -> None:
    """The log's groups as headings, each action a paragraph (see the module)."""
    clean: Callable[[str], str] = writer.clean
    for group in log.groups:
        writer.heading(
            f"{group.case_reference}: {group.case_title}"
            if group.case_reference
            else "General actions (no case)",
            level=2,
        )
        batch = [_entry(r, log, short_names, today, clean) for r in group.actions]
        for start in range(0, len(batch), 200):
            writer.append_body("".join(batch[start : start + 200]))


def _entry(
    r: ActionRow,
    log: ActionLog,
    short_names: dict[int | None, str],
    today: dt.date,
    clean: Callable[[str], str],
) -> str:
    owner = r.owner_name or "NO OWNER"
    agency = short_names.get(r.agency_id, r.agency_name) or "none"
    raised = kit.short_date(r.raised_on) if r.raised_on else "not recorded"
    due = kit.short_date(r.due_on) if r.due_on else "NO DUE DATE"
    days = r.days_overdue(today)
    latest = log.latest.get(r.id)
    if latest is None:
        update = "none yet"
    else:  # its status only where it is not the action's (said once is enough)
        said = [kit.status_text(latest.status)] if latest.status != r.status else []
        update = f"{kit.short_date(latest.made_on)}: " + ". ".join(
            [*said, *([latest.note] if latest.note else [])]
        )
        update = update.removesuffix(": ")
    parts = [
        f"<w:p {_W_NS}>{_ENTRY_PPR}",
        _runs(r.reference, _BOLD),
        f"<w:r>{_PLAIN}<w:tab/></w:r>",
        _runs(clean(r.text), _PLAIN),
        _runs(f" | {clean(owner)}, {clean(agency)} | raised {raised}, due {due} | ", _PLAIN),
        _runs(kit.status_text(r.status), _BOLD),
        _runs(f", {kit.plural(days, 'day')} overdue", _OVERDUE) if days > 0 else "",
        _runs(" | latest update: ", _PLAIN),
        _runs(clean(update), _PLAIN),
        "</w:p>",
    ]
    return "".join(parts)
