"""The keymap table in the README, generated from the screens' own ``BINDINGS``.

A development tool, not part of the app: run ``python scripts/readme_keymap.py --write-readme``
after adding or changing a binding; a test checks that the README matches. Screens not
written yet are skipped, so the table grows as the product does.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from spp_tui.keymap import binding_rows, describe_key, own_bindings

#: (section title, "module:Class") in the order a user meets them.
KEYMAP_SOURCES: list[tuple[str, str]] = [
    ("Everywhere", "spp_tui.app:SppApp"),
    ("Meetings (home)", "spp_tui.screens.home:HomeScreen"),
    ("New meeting dialog", "spp_tui.dialogs.new_meeting:NewMeetingDialog"),
    ("Meeting screen", "spp_tui.screens.meeting:MeetingScreen"),
    ("Attendance", "spp_tui.panels.attendance:AttendancePanel"),
    ("Confidentiality statement", "spp_tui.panels.confidentiality:ConfidentialityPanel"),
    ("Minutes of the last meeting", "spp_tui.panels.previous_minutes:PreviousMinutesPanel"),
    ("Review of the action log", "spp_tui.panels.action_review:ActionReviewPanel"),
    ("Cases (referrals, reviews, youth)", "spp_tui.panels.case:CasePanel"),
    ("Cases: in the case list", "spp_tui.panels.case:CaseList"),
    ("Cases: in the parties list", "spp_tui.panels.case:PartyList"),
    ("Cases: in the actions list", "spp_tui.panels.case:CaseActionList"),
    ("Urgent case dialog", "spp_tui.dialogs.urgent_case:UrgentCaseDialog"),
    ("Action dialog", "spp_tui.dialogs.action:ActionDialog"),
    ("Action dialog: owner field", "spp_tui.dialogs.action:OwnerInput"),
    ("Action dialog: common phrases (F3)", "spp_tui.dialogs.action:PhrasePicker"),
    (
        "Text fields (notes areas too: Ctrl+Z undo, Ctrl+Y redo)",
        "spp_tui.widgets.undo_input:UndoInput",
    ),
    ("Text areas (summary, decisions, notes)", "spp_tui.widgets.fields:TextArea"),
    ("Action log", "spp_tui.screens.action_log:ActionLogScreen"),
    ("Case list", "spp_tui.screens.case_list:CaseListScreen"),
    ("Case", "spp_tui.screens.case_screen:CaseScreen"),
    ("Dashboard (d on home)", "spp_tui.screens.dashboard:DashboardScreen"),
    ("Minutes check (F7 on a held meeting)", "spp_tui.dialogs.readiness:ReadinessScreen"),
    ("Unlock approved minutes", "spp_tui.dialogs.readiness:UnlockDialog"),
    ("Item not taken / taken (x, t in the check)", "spp_tui.dialogs.readiness:ItemMarkDialog"),
    ("Confirm dialogs", "spp_tui.dialogs.common:ConfirmDialog"),
    ("Help", "spp_tui.dialogs.common:HelpScreen"),
]

START = "<!-- keymap:start -->"
END = "<!-- keymap:end -->"
README = Path(__file__).resolve().parent.parent / "README.md"


def _load(target: str) -> type | None:
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None
    return getattr(module, class_name, None)


def keymap_markdown() -> str:
    """The README's keymap section body: one table row per binding, grouped by screen."""
    from textual.app import App

    lines = [
        "Keys shown at the bottom of each screen are the ones that apply there; F1 lists them",
        'all. Each binding has an id: to change a key, write `"binding id" = "keys"` lines',
        "in `keymap.toml` in the data folder (see *Where your data lives*), for example",
        '`"meeting.next_item" = "ctrl+right"` (several keys: `"f5,ctrl+right"`).',
        "",
        "| where | keys | what it does | binding id |",
        "|---|---|---|---|",
    ]
    for title, target in KEYMAP_SOURCES:
        cls = _load(target)
        if cls is None:
            continue
        rows = binding_rows(own_bindings(cls))
        if title == "Everywhere":
            rows.append((describe_key(App.COMMAND_PALETTE_BINDING), "Command palette", ""))
        for keys, description, binding_id in rows:
            keys = keys.replace("|", "\\|")
            lines.append(f"| {title} | {keys} | {description} | {binding_id} |")
    return "\n".join(lines)


def readme_with_keymap(readme_text: str) -> str:
    before, rest = readme_text.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{keymap_markdown()}\n{END}{after}"


def readme_keymap_section(readme_text: str) -> str:
    return readme_text.split(START, 1)[1].split(END, 1)[0].strip("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-readme", action="store_true", help="update README.md in place")
    args = parser.parse_args(argv)
    if not args.write_readme:
        print(keymap_markdown())
        return 0
    text = README.read_text(encoding="utf-8")
    updated = readme_with_keymap(text)
    if updated != text:
        temp = README.with_suffix(".md.tmp")
        temp.write_text(updated, encoding="utf-8")
        temp.replace(README)
        print(f"updated {README}")
    else:
        print(f"{README} already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
