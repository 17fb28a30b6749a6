"""Initial schema: families, visits, recordings, schemes, coders, coding passes, annotations.

Must match `vfcoach/storage/rows.py` exactly; `tests/storage/test_migrations.py` compares
them with Alembic's autogenerate on SQLite and PostgreSQL. Tables are created parents first
and dropped children first so that foreign keys hold at every step.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "family",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("programme", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family")),
        sa.UniqueConstraint("code", name=op.f("uq_family_code")),
    )
    op.create_table(
        "coder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("is_master", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coder")),
        sa.UniqueConstraint("name", name=op.f("uq_coder_name")),
    )
    op.create_table(
        "scheme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheme")),
        sa.UniqueConstraint("name", "version", name=op.f("uq_scheme_name_version")),
    )
    op.create_table(
        "child",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=64), nullable=False),
        sa.Column("birth_month", sa.String(length=7), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_child_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child")),
    )
    op.create_index(op.f("ix_child_family_id"), "child", ["family_id"], unique=False)
    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("programme", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_visit_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
        sa.UniqueConstraint("family_id", "number", name=op.f("uq_visit_family_id_number")),
    )
    op.create_table(
        "code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("shortcut", sa.String(length=16), nullable=False),
        sa.Column("colour", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("modifiers", sa.JSON(), nullable=False),
        sa.Column("caregiver_visible", sa.Boolean(), nullable=False),
        sa.Column("me_set", sa.String(length=64), nullable=True),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["scheme.id"],
            name=op.f("fk_code_scheme_id_scheme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code")),
        sa.UniqueConstraint("scheme_id", "key", name=op.f("uq_code_scheme_id_key")),
    )
    op.create_table(
        "recording",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("media_path", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=128), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("fps", sa.Float(), nullable=False),
        sa.Column("frame_count", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("rotation", sa.Integer(), nullable=False),
        sa.Column("has_audio", sa.Boolean(), nullable=False),
        sa.Column("frame_map", sa.LargeBinary(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["scheme.id"],
            name=op.f("fk_recording_scheme_id_scheme"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_recording_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recording")),
    )
    op.create_index(op.f("ix_recording_fingerprint"), "recording", ["fingerprint"], unique=False)
    op.create_index(op.f("ix_recording_scheme_id"), "recording", ["scheme_id"], unique=False)
    op.create_index(op.f("ix_recording_visit_id"), "recording", ["visit_id"], unique=False)
    op.create_table(
        "coding_pass",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'locked')", name=op.f("ck_coding_pass_status")
        ),
        sa.ForeignKeyConstraint(
            ["coder_id"], ["coder.id"], name=op.f("fk_coding_pass_coder_id_coder")
        ),
        sa.ForeignKeyConstraint(
            ["recording_id"],
            ["recording.id"],
            name=op.f("fk_coding_pass_recording_id_recording"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"], ["scheme.id"], name=op.f("fk_coding_pass_scheme_id_scheme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coding_pass")),
        sa.UniqueConstraint(
            "recording_id",
            "coder_id",
            "scheme_id",
            name=op.f("uq_coding_pass_recording_id_coder_id_scheme_id"),
        ),
    )
    op.create_index(op.f("ix_coding_pass_coder_id"), "coding_pass", ["coder_id"], unique=False)
    op.create_index(op.f("ix_coding_pass_scheme_id"), "coding_pass", ["scheme_id"], unique=False)
    op.create_table(
        "annotation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("pass_id", sa.Integer(), nullable=False),
        sa.Column("code_key", sa.String(length=64), nullable=False),
        sa.Column("onset_frame", sa.Integer(), nullable=False),
        sa.Column("onset_pts_ms", sa.Integer(), nullable=False),
        sa.Column("offset_frame", sa.Integer(), nullable=True),
        sa.Column("offset_pts_ms", sa.Integer(), nullable=True),
        sa.Column("modifiers", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("trigger_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(offset_frame IS NULL) = (offset_pts_ms IS NULL)",
            name=op.f("ck_annotation_offset_complete"),
        ),
        sa.ForeignKeyConstraint(
            ["pass_id"],
            ["coding_pass.id"],
            name=op.f("fk_annotation_pass_id_coding_pass"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation")),
    )
    op.create_index(op.f("ix_annotation_pass_id"), "annotation", ["pass_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_annotation_pass_id"), table_name="annotation")
    op.drop_table("annotation")
    op.drop_index(op.f("ix_coding_pass_scheme_id"), table_name="coding_pass")
    op.drop_index(op.f("ix_coding_pass_coder_id"), table_name="coding_pass")
    op.drop_table("coding_pass")
    op.drop_index(op.f("ix_recording_visit_id"), table_name="recording")
    op.drop_index(op.f("ix_recording_scheme_id"), table_name="recording")
    op.drop_index(op.f("ix_recording_fingerprint"), table_name="recording")
    op.drop_table("recording")
    op.drop_table("code")
    op.drop_table("visit")
    op.drop_index(op.f("ix_child_family_id"), table_name="child")
    op.drop_table("child")
    op.drop_table("scheme")
    op.drop_table("coder")
    op.drop_table("family")
