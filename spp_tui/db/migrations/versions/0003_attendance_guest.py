"""attendance: the case a one-item guest is invited for, and when they left

Revision ID: 0003_attendance_guest
Revises: 0002
Create Date: 2026-12-01 07:00:00

Schema only: existing attendance rows are members, deputies or observers with no invited
case and no leaving time (nothing is guessed for them).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_attendance_guest"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Plain ADD COLUMN (no batch copy): the table keeps its exact definition, so the
        # schema check of a restore compares the same text on every machine.
        op.execute(
            'ALTER TABLE attendance ADD COLUMN invited_for_case_id INTEGER REFERENCES "case" (id)'
        )
        op.execute("ALTER TABLE attendance ADD COLUMN left_at DATETIME")
        op.execute(
            "ALTER TABLE attendance ADD COLUMN left_after_item_id INTEGER "
            "REFERENCES agendaitem (id)"
        )
        return
    op.add_column("attendance", sa.Column("invited_for_case_id", sa.Integer(), nullable=True))
    op.add_column(
        "attendance", sa.Column("left_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
    )
    op.add_column("attendance", sa.Column("left_after_item_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        "fk_attendance_invited_for_case_id_case",
        "attendance",
        "case",
        ["invited_for_case_id"],
        ["id"],
    )
    op.create_foreign_key(
        "fk_attendance_left_after_item_id_agendaitem",
        "attendance",
        "agendaitem",
        ["left_after_item_id"],
        ["id"],
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(
            "fk_attendance_left_after_item_id_agendaitem", "attendance", type_="foreignkey"
        )
        op.drop_constraint(
            "fk_attendance_invited_for_case_id_case", "attendance", type_="foreignkey"
        )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_column("left_after_item_id")
        batch_op.drop_column("left_at")
        batch_op.drop_column("invited_for_case_id")
