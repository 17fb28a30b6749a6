"""Highlight reels: `reel` (one visit's reel) and `reel_clip` (its clips, in order).

A clip stores references only (domain.md §5 rule 4). `reel_clip.annotation_id` has no
foreign key on purpose: undo may remove and restore an annotation, and the export re-checks
every clip against the annotations as they are then.

Must match `vfcoach/storage/rows.py` exactly; `tests/storage/test_migrations.py` compares
them with Alembic's autogenerate on SQLite and PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pre_roll_ms", sa.Integer(), nullable=False),
        sa.Column("post_roll_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_reel_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reel")),
    )
    op.create_index(op.f("ix_reel_visit_id"), "reel", ["visit_id"], unique=False)
    op.create_table(
        "reel_clip",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reel_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("annotation_id", sa.Uuid(), nullable=True),
        sa.Column("in_frame", sa.Integer(), nullable=False),
        sa.Column("in_pts_ms", sa.Integer(), nullable=False),
        sa.Column("out_frame", sa.Integer(), nullable=False),
        sa.Column("out_pts_ms", sa.Integer(), nullable=False),
        sa.Column("pre_roll_ms", sa.Integer(), nullable=False),
        sa.Column("post_roll_ms", sa.Integer(), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("talking_point", sa.Text(), nullable=False),
        sa.Column("slow_motion", sa.Float(), nullable=True),
        sa.Column("freeze_end_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recording_id"],
            ["recording.id"],
            name=op.f("fk_reel_clip_recording_id_recording"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reel_id"], ["reel.id"], name=op.f("fk_reel_clip_reel_id_reel"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reel_clip")),
        sa.UniqueConstraint("reel_id", "position", name=op.f("uq_reel_clip_reel_id_position")),
    )
    op.create_index(op.f("ix_reel_clip_recording_id"), "reel_clip", ["recording_id"], unique=False)
    op.create_index(op.f("ix_reel_clip_reel_id"), "reel_clip", ["reel_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_reel_clip_reel_id"), table_name="reel_clip")
    op.drop_index(op.f("ix_reel_clip_recording_id"), table_name="reel_clip")
    op.drop_table("reel_clip")
    op.drop_index(op.f("ix_reel_visit_id"), table_name="reel")
    op.drop_table("reel")
