"""Double coding: pass purpose and revision, coder role, reliability assignments.

A pass becomes unique per (recording, coder, scheme, revision), so a correction of a
submitted pass or a supervisor's consensus is a new pass and the originals stay as
reliability saw them (domain.md §2, §6). Existing passes get `revision` 1; on each
recording the passes of the coder who coded it first become `primary` and later coders'
passes `reliability` (`master` when that coder is the master coder), which is how the
tallies already read them ("the coach's own; reliability passes come later"). Their
`submitted_at` stays NULL: when they were submitted was never recorded.

Downgrading refuses while corrections or consensus passes (revision > 1) exist, because
the old uniqueness rule cannot hold them and dropping them would lose annotations.

Must match `vfcoach/storage/rows.py` exactly; `tests/storage/test_migrations.py` compares
them with Alembic's autogenerate on SQLite and PostgreSQL.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LATER_CODERS = """
UPDATE coding_pass
SET purpose = CASE
    WHEN (SELECT c.is_master FROM coder c WHERE c.id = coding_pass.coder_id)
    THEN 'master' ELSE 'reliability' END
WHERE coder_id <> (
    SELECT p.coder_id FROM coding_pass p
    WHERE p.recording_id = coding_pass.recording_id
    ORDER BY p.id LIMIT 1
)
"""


def upgrade() -> None:
    with op.batch_alter_table("coder", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "role", sa.String(length=16), server_default=sa.text("'coder'"), nullable=False
            )
        )
        batch_op.create_check_constraint(op.f("ck_coder_role"), "role IN ('coder', 'supervisor')")
    with op.batch_alter_table("coding_pass", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "purpose", sa.String(length=16), server_default=sa.text("'primary'"), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("revision", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(
            op.f("uq_coding_pass_recording_id_coder_id_scheme_id"), type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_coding_pass_recording_id_coder_id_scheme_id_revision"),
            ["recording_id", "coder_id", "scheme_id", "revision"],
        )
        batch_op.create_check_constraint(
            op.f("ck_coding_pass_purpose"),
            "purpose IN ('primary', 'reliability', 'master', 'consensus')",
        )
        batch_op.create_check_constraint(op.f("ck_coding_pass_revision"), "revision >= 1")
    op.execute(sa.text(_LATER_CODERS))
    op.create_table(
        "reliability_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("assigned_by", sa.String(length=128), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("draw_seed", sa.Integer(), nullable=True),
        sa.Column("draw_share", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('reliability', 'master')",
            name=op.f("ck_reliability_assignment_purpose"),
        ),
        sa.ForeignKeyConstraint(
            ["coder_id"], ["coder.id"], name=op.f("fk_reliability_assignment_coder_id_coder")
        ),
        sa.ForeignKeyConstraint(
            ["recording_id"],
            ["recording.id"],
            name=op.f("fk_reliability_assignment_recording_id_recording"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reliability_assignment")),
        sa.UniqueConstraint(
            "recording_id",
            "coder_id",
            name=op.f("uq_reliability_assignment_recording_id_coder_id"),
        ),
    )
    op.create_index(
        op.f("ix_reliability_assignment_coder_id"),
        "reliability_assignment",
        ["coder_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_reliability_assignment_recording_id"),
        "reliability_assignment",
        ["recording_id"],
        unique=False,
    )


def downgrade() -> None:
    later = op.get_bind().scalar(sa.text("SELECT COUNT(*) FROM coding_pass WHERE revision > 1"))
    if later:
        raise RuntimeError(
            f"{later} correction or consensus pass(es) exist; vfcoach before 0004 cannot hold "
            "them, and dropping them would lose annotations"
        )
    op.drop_index(
        op.f("ix_reliability_assignment_recording_id"), table_name="reliability_assignment"
    )
    op.drop_index(op.f("ix_reliability_assignment_coder_id"), table_name="reliability_assignment")
    op.drop_table("reliability_assignment")
    with op.batch_alter_table("coding_pass", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_coding_pass_revision"), type_="check")
        batch_op.drop_constraint(op.f("ck_coding_pass_purpose"), type_="check")
        batch_op.drop_constraint(
            op.f("uq_coding_pass_recording_id_coder_id_scheme_id_revision"), type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_coding_pass_recording_id_coder_id_scheme_id"),
            ["recording_id", "coder_id", "scheme_id"],
        )
        batch_op.drop_column("submitted_at")
        batch_op.drop_column("revision")
        batch_op.drop_column("purpose")
    with op.batch_alter_table("coder", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_coder_role"), type_="check")
        batch_op.drop_column("role")
