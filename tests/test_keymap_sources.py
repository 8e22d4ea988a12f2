"""One keymap from two sources (the database setting, keymap.toml), read one by one."""

from __future__ import annotations

from spp_tui.app import read_keymap


def test_both_sources_declaring_a_keymap_table_are_merged_the_file_winning() -> None:
    setting = '[keymap]\n"app.help" = "f2"\n"meeting.next_item" = "ctrl+n"\n'
    file = '[keymap]\n"meeting.next_item" = "ctrl+right"\n'
    keymap, problems = read_keymap([("setting", setting), ("keymap.toml", file)])
    assert keymap == {"app.help": "f2", "meeting.next_item": "ctrl+right"}
    assert problems == []


def test_a_broken_source_is_one_line_and_the_other_still_counts() -> None:
    keymap, problems = read_keymap(
        [("Your keymap setting", "[keymap\n"), ("keymap.toml", '"app.help" = "f2"\n')]
    )
    assert keymap == {"app.help": "f2"}
    assert len(problems) == 1 and problems[0].startswith("Your keymap setting is not valid TOML")
    assert "\n" not in problems[0]


def test_unknown_binding_ids_are_reported_in_one_line() -> None:
    keymap, problems = read_keymap([("keymap.toml", '"app.hlep" = "f2"\n"case.nxet" = "x"\n')])
    assert keymap == {"app.hlep": "f2", "case.nxet": "x"}
    assert problems == ["Keymap: no binding has the id app.hlep, case.nxet (F1 lists keys)."]


def test_known_ids_include_the_panels_and_dialogs() -> None:
    from spp_tui.keymap import known_binding_ids

    ids = known_binding_ids()
    assert {"app.help", "meeting.next_item", "case.next_case", "case.remove_party"} <= ids
    assert "field.undo" in ids
