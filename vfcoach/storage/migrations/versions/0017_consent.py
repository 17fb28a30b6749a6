"""Consent per use (issue 14 §1): the `consent` table, and coaching for every existing family.

Every family already in the database gets a coaching record dated now, recorded by
"migration", so nothing that worked before the upgrade stops working; every other use must
be recorded by a person. Downgrading drops the table (and with it the consent history).

Must match `vfcoach/storage/rows.py` exactly.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    consent = op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("consented_by", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.String(length=200), nullable=False),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=128), nullable=True),
        sa.Column("clean_take_home", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("unblurred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("written_by", sa.String(length=63), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_consent_family_id_family"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_family_id"), ["family_id"], unique=False)
    families = op.get_bind().execute(sa.text("SELECT id FROM family")).scalars().all()
    now = dt.datetime.now(dt.UTC)
    if families:
        op.bulk_insert(
            consent,
            [
                {
                    "family_id": family,
                    "scope": "coaching",
                    "consented_by": "",
                    "recorded_by": "migration",
                    "recorded_at": now,
                    "document": "",
                    "clean_take_home": False,
                    "unblurred": False,
                }
                for family in families
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_family_id"))
    op.drop_table("consent")
