"""Per-pass change stamp and stored tallies (issue 11, section 5).

`coding_pass.change_stamp` is bumped by every write into the pass (under its write lock);
`pass_tally` keeps a pass's tally as JSON with the stamp it was computed at, so a trend over
hundreds of visits reads stored tallies instead of recomputing them, and any edit, import,
undo or submission makes the stored one stale. Downgrading drops both; nothing else
depends on them.

Must match `vfcoach/storage/rows.py` exactly; `tests/storage/test_migrations.py` compares
them with Alembic's autogenerate on SQLite and PostgreSQL.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("coding_pass", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("change_stamp", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
    op.create_table(
        "pass_tally",
        sa.Column("pass_id", sa.Integer(), nullable=False),
        sa.Column("settings", sa.String(length=64), nullable=False),
        sa.Column("change_stamp", sa.Integer(), nullable=False),
        sa.Column("tally", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pass_id"],
            ["coding_pass.id"],
            name=op.f("fk_pass_tally_pass_id_coding_pass"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pass_id", "settings", name=op.f("pk_pass_tally")),
    )


def downgrade() -> None:
    op.drop_table("pass_tally")
    with op.batch_alter_table("coding_pass", schema=None) as batch_op:
        batch_op.drop_column("change_stamp")
