"""name review: the secretariat's decisions on possible names not recorded (redaction review)

Revision ID: 0005_name_review
Revises: 0004_reference_counter
Create Date: 2026-12-01 07:40:00

Schema only: a new table, empty in existing databases (nothing has been reviewed yet).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_name_review"
down_revision = "0004_reference_counter"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "namereview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=200), nullable=False),
        sa.Column("phrase_key", sa.String(length=200), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("phrase_key"),
    )
    op.create_index("ix_namereview_meeting_id", "namereview", ["meeting_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_namereview_meeting_id", table_name="namereview")
    op.drop_table("namereview")
