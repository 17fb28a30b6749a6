"""Retention rules, legal holds, the register of written files and erase records (issue 14 §2).

`retention_rule`: per programme, months after the family's last visit that its video and its
derived files are kept, and whether codes are kept de-identified or erased. `legal_hold`: a
family that may not be erased, with the reason. `written_file`: every file vfcoach wrote for a
family (so an erase deletes those inside the data folder and lists the others). `erasure`:
the deletion record, written `pending` before an erase deletes anything and `done` after.

Must match `vfcoach/storage/rows.py` exactly.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"  # main's head when h-erase merged it
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "retention_rule",
        sa.Column("programme", sa.String(length=64), nullable=False),
        sa.Column("media_months", sa.Integer(), nullable=False),
        sa.Column("derived_months", sa.Integer(), nullable=False),
        sa.Column("codes", sa.String(length=16), nullable=False),
        sa.Column("set_by", sa.String(length=128), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("written_by", sa.String(length=63), nullable=True),
        sa.CheckConstraint("codes IN ('deidentify', 'erase')", name=op.f("ck_retention_rule_codes")),
        sa.PrimaryKeyConstraint("programme", name=op.f("pk_retention_rule")),
    )
    op.create_table(
        "legal_hold",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_by", sa.String(length=128), nullable=False),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("written_by", sa.String(length=63), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_legal_hold_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("family_id", name=op.f("pk_legal_hold")),
    )
    op.create_table(
        "written_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("written_by", sa.String(length=63), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_written_file_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_written_file")),
    )
    with op.batch_alter_table("written_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_written_file_family_id"), ["family_id"], unique=False)
    op.create_table(
        "erasure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_code", sa.String(length=64), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("keep_codes", sa.Boolean(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("written_by", sa.String(length=63), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'done')", name=op.f("ck_erasure_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure")),
    )
    with op.batch_alter_table("erasure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_erasure_family_code"), ["family_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("erasure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_erasure_family_code"))
    op.drop_table("erasure")
    with op.batch_alter_table("written_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_written_file_family_id"))
    op.drop_table("written_file")
    op.drop_table("legal_hold")
    op.drop_table("retention_rule")
