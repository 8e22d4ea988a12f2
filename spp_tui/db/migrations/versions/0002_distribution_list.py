"""distribution list: the agencies each meeting series' minutes go to

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 10:09:05.501754

Schema only: existing databases start with an empty list (the secretariat chooses who gets
the minutes; nothing is guessed on their behalf).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "distributionentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("series", "agency_id", name="uq_distributionentry_series_agency"),
    )
    with op.batch_alter_table("distributionentry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_distributionentry_agency_id"), ["agency_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_distributionentry_series"), ["series"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("distributionentry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_distributionentry_series"))
        batch_op.drop_index(batch_op.f("ix_distributionentry_agency_id"))
    op.drop_table("distributionentry")
