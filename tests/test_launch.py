"""The entry point opens the app without click only when nothing but --db is given."""

from __future__ import annotations

import pytest

from spp_tui.launch import plain_launch


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (True, None)),
        (["--db", "x.sqlite3"], (True, "x.sqlite3")),
        (["--db=x.sqlite3"], (True, "x.sqlite3")),
        (["demo"], (False, None)),
        (["--db", "x.sqlite3", "demo"], (False, None)),
        (["--help"], (False, None)),
        (["--version"], (False, None)),
        (["--db"], (False, None)),  # click explains the missing value
    ],
)
def test_plain_launch_only_for_opening_the_app(argv: list[str], expected) -> None:
    assert plain_launch(argv) == expected


def test_the_entry_point_does_not_import_click_to_open_the_app(tmp_path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\nimport spp_tui.launch as launch\n"
        "launch.open_app = lambda target: print('OPEN', target)\n"
        f"launch.main(['--db', {str(tmp_path / 'psg.sqlite3')!r}])\n"
        "print('click' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.split("\n")
    assert lines[0] == f"OPEN {tmp_path / 'psg.sqlite3'}"
    assert lines[1] == "False"


@pytest.mark.parametrize(
    ("argv", "projector", "plain"),
    [
        (["--projector"], True, (True, None)),
        (["--projector", "--db", "x.sqlite3"], True, (True, "x.sqlite3")),
        (["--db", "x.sqlite3", "--projector"], True, (True, "x.sqlite3")),
        (["--db=x.sqlite3"], False, (True, "x.sqlite3")),
        (["--projector", "demo"], True, (False, None)),
    ],
)
def test_projector_is_a_plain_launch_of_the_rooms_view(argv, projector, plain) -> None:
    from spp_tui.launch import split_projector

    wanted, rest = split_projector(argv)
    assert wanted is projector
    assert plain_launch(rest) == plain


def test_the_projector_launch_opens_the_rooms_view_without_click(tmp_path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\nimport spp_tui.launch as launch\n"
        "launch.open_projector = lambda target: print('ROOM', target)\n"
        "launch.open_app = lambda target: print('APP', target)\n"
        f"launch.main(['--projector', '--db', {str(tmp_path / 'psg.sqlite3')!r}])\n"
        "print('click' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == [f"ROOM {tmp_path / 'psg.sqlite3'}", "False"]
