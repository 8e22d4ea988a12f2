"""The README's keymap section is generated from the bindings and must stay in step."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "readme_keymap.py"


def _load_script():  # noqa: ANN202 - a module
    spec = importlib.util.spec_from_file_location("readme_keymap", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


readme_keymap = _load_script()
README = readme_keymap.README
keymap_markdown = readme_keymap.keymap_markdown
readme_keymap_section = readme_keymap.readme_keymap_section


def test_readme_keymap_matches_the_bindings() -> None:
    section = readme_keymap_section(README.read_text(encoding="utf-8"))
    assert section == keymap_markdown(), (
        "README keymap is out of date: run `python scripts/readme_keymap.py --write-readme`"
    )


def test_keymap_lists_every_meeting_binding_with_its_id() -> None:
    from spp_tui.screens.meeting import MeetingScreen

    table = keymap_markdown()
    folded = {f"meeting.item_{n}" for n in range(2, 9)}  # shown as "1 … 9" in one row
    for binding in MeetingScreen.BINDINGS:
        if binding.id not in folded:
            assert f"`{binding.id}`" in table
    assert "| Meeting screen | Ctrl+N | Next | `meeting.next_item` |" in table
    assert "| Meetings (home) | Enter, o | Open | `home.open_meeting` |" in table
