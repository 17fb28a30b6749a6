"""Annotation version, for compare-and-set edits (issue 10, item 6).

Every update or delete of an annotation states the version it was made against
(`... WHERE id = ? AND version = ?`); a row changed elsewhere meanwhile no longer matches,
and the edit is refused with `EditConflict` instead of overwriting the other change.
Existing rows start at version 1. Downgrading drops the column; nothing else depends on it.

Must match `vfcoach/storage/rows.py` exactly; `tests/storage/test_migrations.py` compares
them with Alembic's autogenerate on SQLite and PostgreSQL.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("annotation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("annotation", schema=None) as batch_op:
        batch_op.drop_column("version")
