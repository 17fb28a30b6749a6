"""Bystander spans (issue 14 §6, domain.md §7.4): `bystander_span`, one row per flagged span.

A span of a recording showing someone who has not consented; every reel and fidelity draw
keeps out of it. Per recording (a recording's rows go with it). Downgrading drops the table,
and with it the flags; nothing else changes.

Must match `vfcoach/storage/rows.py` exactly; `tests/storage/test_migrations.py` compares
them with Alembic's autogenerate on SQLite and PostgreSQL.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bystander_span",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("start_frame", sa.Integer(), nullable=False),
        sa.Column("start_pts_ms", sa.Integer(), nullable=False),
        sa.Column("end_frame", sa.Integer(), nullable=False),
        sa.Column("end_pts_ms", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("flagged_by", sa.String(length=128), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("written_by", sa.String(length=63), nullable=True),
        sa.CheckConstraint(
            "end_frame >= start_frame", name=op.f("ck_bystander_span_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["recording_id"],
            ["recording.id"],
            name=op.f("fk_bystander_span_recording_id_recording"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bystander_span")),
    )
    op.create_index(
        op.f("ix_bystander_span_recording_id"), "bystander_span", ["recording_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_bystander_span_recording_id"), table_name="bystander_span")
    op.drop_table("bystander_span")
