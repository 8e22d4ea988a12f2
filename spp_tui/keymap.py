"""Bindings as a person reads them: the rows the help screen lists (and the README's keymap,
written by ``scripts/readme_keymap.py``, shows)."""

from __future__ import annotations

import re
from pathlib import Path

_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def own_bindings(cls: type) -> list:
    """Bindings declared by our classes (not Textual's built-in widgets), base classes first
    and overridden keys replaced, as Textual merges them."""
    from textual.binding import Binding

    merged: dict[str, Binding] = {}
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("spp_tui") or "BINDINGS" not in vars(klass):
            continue
        declared: dict[str, Binding] = {}
        for binding in Binding.make_bindings(vars(klass)["BINDINGS"]):
            # "enter,o" arrives as two bindings: show them as one row, keys joined.
            name = binding.id or binding.action
            if name in declared:
                declared[name] = declared[name].with_key(f"{declared[name].key},{binding.key}")
            else:
                declared[name] = binding
        merged.update(declared)
    return [b for b in merged.values() if b.description and not b.system]


def binding_rows(bindings: list) -> list[tuple[str, str, str]]:
    """(keys, what it does, id); runs like "Go to item 1..9" fold into one row."""

    rows: list[tuple[str, str, str]] = []
    index = 0
    while index < len(bindings):
        binding = bindings[index]
        numbered = _NUMBERED.match(binding.description)
        run = [binding]
        numbers = [numbered.group(2)] if numbered else []
        if numbered and binding.id:
            while index + len(run) < len(bindings):
                candidate = bindings[index + len(run)]
                match = _NUMBERED.match(candidate.description)
                if not match or match.group(1) != numbered.group(1) or not candidate.id:
                    break
                run.append(candidate)
                numbers.append(match.group(2))
        if numbered and len(run) > 1:
            first, last = run[0], run[-1]
            rows.append(
                (
                    f"{describe_key(first.key)} … {describe_key(last.key)}",
                    f"{numbered.group(1)}{numbers[0]}–{numbers[-1]}",
                    f"`{first.id}` … `{last.id}`",
                )
            )
        else:
            rows.append(
                (
                    describe_key(binding.key),
                    binding.description,
                    f"`{binding.id}`" if binding.id else "",
                )
            )
        index += len(run)
    return rows


def describe_key(key: str) -> str:
    """A key as a person reads it: ``ctrl+n`` -> ``Ctrl+N``, ``f1`` -> ``F1``."""
    names = {
        "escape": "Esc",
        "enter": "Enter",
        "delete": "Delete",
        "space": "Space",
        "tab": "Tab",
        "up": "↑",
        "down": "↓",
        "left": "←",
        "right": "→",
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "home": "Home",
        "end": "End",
        "question_mark": "?",
        "slash": "/",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
    }
    shown = []
    for one in key.split(","):
        *modifiers, base = one.strip().split("+")
        if base in names:
            base = names[base]
        elif len(base) == 1:
            base = base.upper() if modifiers else base
        else:
            base = base.upper() if base.startswith("f") and base[1:].isdigit() else base
        shown.append("+".join([m.capitalize() for m in modifiers] + [base]))
    return ", ".join(shown)


def known_binding_ids() -> set[str]:
    """Every binding id a keymap may name: those of the app and of every screen, panel,
    dialog and widget class (their modules are imported, so call this off the UI thread)."""
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding

    import spp_tui

    names = ["spp_tui.app"]
    for package in ("screens", "panels", "dialogs", "widgets"):
        module = importlib.import_module(f"spp_tui.{package}")
        names += [
            info.name for info in pkgutil.iter_modules(module.__path__, f"{module.__name__}.")
        ]
    ids: set[str] = set()
    for name in names:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__.startswith(spp_tui.__name__) and "BINDINGS" in vars(cls):
                ids.update(b.id for b in Binding.make_bindings(vars(cls)["BINDINGS"]) if b.id)
    return ids


def parse_keymap(text: str) -> dict[str, str]:
    """Read user key overrides (``"meeting.next_item" = "ctrl+right"``) from TOML text, either
    plain lines or a ``[keymap]`` table. Bad TOML raises ``ValueError``."""
    if not text.strip():
        return {}
    import tomllib  # only once the database is open, never before the first frame

    data = tomllib.loads(text)
    table = data.get("keymap", data)
    return {str(k): str(v) for k, v in table.items() if isinstance(v, str)}


def read_keymap(sources: list[tuple[str, str]]) -> tuple[dict[str, str], list[str]]:
    """The keymap from (where, TOML text) sources, each read on its own, later ones winning
    (the database setting, then ``keymap.toml``): one bad source never drops the others.
    Also the one-line problems: a source that is not TOML, binding ids nobody has."""
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for where, text in sources:
        try:
            keymap.update(parse_keymap(text))
        except ValueError as exc:  # tomllib.TOMLDecodeError
            problems.append(f"{where} is not valid TOML ({exc}); its keys are not used.")
    if keymap:
        unknown = sorted(set(keymap) - known_binding_ids())
        if unknown:
            problems.append(f"Keymap: no binding has the id {', '.join(unknown)} (F1 lists keys).")
    return keymap, problems


def user_keymap_path() -> Path:
    """``keymap.toml`` in the data folder: key overrides by binding id (see the README)."""
    from spp_tui.paths import data_dir

    return data_dir() / "keymap.toml"
