"""Reel audience and per-clip override (domain.md §5 hard rules 1 and 2).

`reel.audience` says who a reel is for: `caregiver` (may be shown in caregiver mode) or
`coach` (used in person by the coach, the only reel that may hold a corrective clip).
Every reel made before this revision was made under the caregiver rules, so it becomes a
caregiver reel. `reel_clip.override_reason`/`override_by` keep the coach's explicit
decision to keep one clip despite a moment of concern; both or neither (when it was made is
in the audit log). No existing clip has an override.

Downgrading refuses while coach-view reels or overrides exist: vfcoach before 0005 would
treat them as plain caregiver reels, which is exactly what the rules forbid, and dropping
them silently would lose the coach's work.

Must match `vfcoach/storage/rows.py` exactly; `tests/storage/test_migrations.py` compares
them with Alembic's autogenerate on SQLite and PostgreSQL.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reel", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "audience",
                sa.String(length=16),
                server_default=sa.text("'caregiver'"),
                nullable=False,
            )
        )
        batch_op.create_check_constraint(
            op.f("ck_reel_audience"), "audience IN ('caregiver', 'coach')"
        )
    with op.batch_alter_table("reel_clip", schema=None) as batch_op:
        batch_op.add_column(sa.Column("override_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("override_by", sa.String(length=128), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_reel_clip_override_complete"),
            "(override_reason IS NULL) = (override_by IS NULL)",
        )


def downgrade() -> None:
    bind = op.get_bind()
    coach = bind.scalar(sa.text("SELECT COUNT(*) FROM reel WHERE audience <> 'caregiver'"))
    kept = bind.scalar(sa.text("SELECT COUNT(*) FROM reel_clip WHERE override_reason IS NOT NULL"))
    if coach or kept:
        raise RuntimeError(
            f"{coach} coach-view reel(s) and {kept} overridden clip(s) exist; vfcoach before "
            "0005 would show them as caregiver reels, and dropping them would lose them"
        )
    with op.batch_alter_table("reel_clip", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_reel_clip_override_complete"), type_="check")
        batch_op.drop_column("override_by")
        batch_op.drop_column("override_reason")
    with op.batch_alter_table("reel", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_reel_audience"), type_="check")
        batch_op.drop_column("audience")
