"""Run Alembic programmatically against an engine (no alembic.ini needed on the user's laptop)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_PATH = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_PATH))
    return cfg


def upgrade_to_head(engine: Engine) -> None:
    with engine.begin() as connection:
        upgrade_on(connection)


def upgrade_on(connection: Connection) -> None:
    """Migrate to head inside the caller's transaction (``db upgrade`` holds a lock in it)."""
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")
