"""Team mode: people as PostgreSQL logins, caseloads, and who wrote each row.

`coder` learns its login role (`login`), its supervisor, its team role and whether it is
disabled; `caseload` says which families a coach works with; every table gets `written_by`,
which on a team database a trigger fills from `current_user` (team init adds the trigger,
the policies and the roles; see `vfcoach/storage/team/policies.py`). On SQLite the new
columns and table exist but stay unused: one person, the app-level blind guard.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Every table of 0008, each stamped with the login that last wrote a row.
STAMPED = (
    "family",
    "child",
    "visit",
    "scheme",
    "code",
    "recording",
    "coder",
    "coding_pass",
    "pass_tally",
    "reliability_assignment",
    "annotation",
    "setting",
    "audit_event",
    "reel",
    "reel_clip",
)


def upgrade() -> None:
    with op.batch_alter_table("coder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("login", sa.String(length=63), nullable=True))
        batch_op.add_column(sa.Column("supervisor_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("team_role", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("disabled", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_unique_constraint(batch_op.f("uq_coder_login"), ["login"])
        batch_op.create_foreign_key(
            batch_op.f("fk_coder_supervisor_id_coder"),
            "coder",
            ["supervisor_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_coder_team_role"), "team_role IN ('coach', 'supervisor', 'admin')"
        )
    op.create_table(
        "caseload",
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("written_by", sa.String(length=63), nullable=True),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["coder.id"], name=op.f("fk_caseload_coach_id_coder"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_caseload_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("coach_id", "family_id", name=op.f("pk_caseload")),
    )
    op.create_index(op.f("ix_caseload_family_id"), "caseload", ["family_id"], unique=False)
    for table in STAMPED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("written_by", sa.String(length=63), nullable=True))


def downgrade() -> None:
    for table in reversed(STAMPED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("written_by")
    op.drop_index(op.f("ix_caseload_family_id"), table_name="caseload")
    op.drop_table("caseload")
    with op.batch_alter_table("coder", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_coder_team_role"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_coder_supervisor_id_coder"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_coder_login"), type_="unique")
        batch_op.drop_column("disabled")
        batch_op.drop_column("team_role")
        batch_op.drop_column("supervisor_id")
        batch_op.drop_column("login")
