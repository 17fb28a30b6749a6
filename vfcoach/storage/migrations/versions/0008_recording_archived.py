"""Archived recordings (issue 12 §1): `recording.archived`, false for every existing row.

An archived recording keeps its passes, codes and reel clips; the browser only leaves it out
of its default view ("Show archived" brings it back). Downgrading drops the flag, which
un-archives everything and loses nothing else.

Must match `vfcoach/storage/rows.py` exactly; `tests/storage/test_migrations.py` compares
them with Alembic's autogenerate on SQLite and PostgreSQL.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("recording", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("archived", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("recording", schema=None) as batch_op:
        batch_op.drop_column("archived")
