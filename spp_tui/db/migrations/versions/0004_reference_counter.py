"""reference counter: one row per series and year, bumped in the saving transaction

Revision ID: 0004_reference_counter
Revises: 0003_attendance_guest
Create Date: 2026-12-01 06:50:00

Seeded from the references already stored (the highest number per series and year, read as
a number in Python, so neither collation nor string order matters).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_reference_counter"
down_revision = "0003_attendance_guest"
branch_labels = None
depends_on = None

SERIES = {"case": "PSG", "action": "A"}


def upgrade() -> None:
    counter = op.create_table(
        "referencecounter",
        sa.Column("series", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("series", "year"),
    )
    highest: dict[tuple[str, int], int] = {}
    connection = op.get_bind()
    for table, series in SERIES.items():
        for (reference,) in connection.execute(sa.text(f'SELECT reference FROM "{table}"')):
            parts = str(reference).split("-")
            if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
                key = (series, int(parts[1]))
                highest[key] = max(highest.get(key, 0), int(parts[2]))
    if highest:
        op.bulk_insert(
            counter,
            [{"series": s, "year": y, "last_number": n} for (s, y), n in sorted(highest.items())],
        )


def downgrade() -> None:
    op.drop_table("referencecounter")
