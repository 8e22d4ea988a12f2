"""Is a file's schema exactly the one this version's migrations make? (restore's gatekeeper)

Why: a backup travels on shared drives. A file with an extra TRIGGER could rewrite every
later save or copy personal data into a hidden table a purge never reaches; a VIEW or a
dropped table breaks every later command. So a backup is restored only if its tables,
columns, indexes, constraints and nothing else match, object for object, a fresh database
built by running this version's own migrations up to the backup's revision (never a
hard-coded list, so a new migration is covered the day it is written).
"""

from __future__ import annotations

import functools
import re
import sqlite3
import tempfile
from pathlib import Path

#: SQLite's own bookkeeping, written by ANALYZE and not part of what the migrations make.
_IGNORED = re.compile(r"^sqlite_stat\d$")

Schema = dict[tuple[str, str], dict[str, object]]


def read_schema(con: sqlite3.Connection) -> Schema:
    """Every object in the file: (type, name) -> its columns, indexes, keys and definition."""
    schema: Schema = {}
    rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in rows:
        if _IGNORED.match(name):
            continue
        entry: dict[str, object] = {"table": table, "sql": _normalise(sql)}
        if kind == "table":
            quoted = _quote(name)
            entry["columns"] = {
                r[1]: tuple(r[2:]) for r in con.execute(f"PRAGMA table_xinfo({quoted})")
            }
            entry["foreign keys"] = sorted(
                tuple(r[2:]) for r in con.execute(f"PRAGMA foreign_key_list({quoted})")
            )
        elif kind == "index":
            entry["columns"] = [
                tuple(r[1:]) for r in con.execute(f"PRAGMA index_xinfo({_quote(name)})")
            ]
        schema[(kind, name)] = entry
    return schema


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _normalise(sql: str | None) -> str:
    """The definition with quoting, case and spacing ironed out (ALTER TABLE spaces vary)."""
    return re.sub(r"\s+", "", (sql or "").replace('"', "").replace("`", "").lower())


def first_difference(found: Schema, expected: Schema) -> str:
    """'' when the two schemas match, else the first difference in one short phrase."""
    for key in sorted(expected.keys() - found.keys(), key=_tables_first):
        return f"the {key[0]} {key[1]} is missing"
    for key in sorted(found.keys() - expected.keys(), key=_tables_first):
        return f"it holds an extra {key[0]} {key[1]}, which spp-tui never makes"
    for key in sorted(expected, key=_tables_first):
        kind, name = key
        want, got = expected[key], found[key]
        if kind == "table":
            want_cols, got_cols = want["columns"], got["columns"]
            assert isinstance(want_cols, dict) and isinstance(got_cols, dict)
            for column in want_cols:
                if column not in got_cols:
                    return f"the column {name}.{column} is missing"
            for column in got_cols:
                if column not in want_cols:
                    return f"it holds an extra column {name}.{column}"
            for column in want_cols:
                if want_cols[column] != got_cols[column]:
                    return f"the column {name}.{column} is defined differently"
            if want["foreign keys"] != got["foreign keys"]:
                return f"the table {name} links to other tables differently"
        if want != got:
            return f"the {kind} {name} is defined differently"
    return ""


def _tables_first(key: tuple[str, str]) -> tuple[bool, str, str]:
    """A missing table is named rather than the indexes that went with it."""
    return (key[0] != "table", key[0], key[1])


@functools.lru_cache(maxsize=4)
def reference_schema(revision: str) -> Schema:
    """The schema this version's migrations produce at ``revision``, built once per process
    in a scratch file (the same Alembic path every real database takes)."""
    from alembic import command

    from spp_tui.db.database import make_engine, sqlite_url
    from spp_tui.db.migrate import alembic_config

    with tempfile.TemporaryDirectory(prefix="spp-tui-schema-") as folder:
        path = Path(folder) / "reference.sqlite3"
        engine = make_engine(sqlite_url(path))
        try:
            cfg = alembic_config()
            with engine.begin() as connection:
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, revision)
        finally:
            engine.dispose()
        con = sqlite3.connect(path)
        try:
            return read_schema(con)
        finally:
            con.close()


def data_problem(con: sqlite3.Connection) -> str:
    """'' if every foreign key in the file points at a row that exists, else the first one."""
    row = con.execute("PRAGMA foreign_key_check").fetchone()
    if row is None:
        return ""
    table, rowid, parent, _ = row
    return f"row {rowid} of {table} points at a {parent} that is not there"
