"""Videos in vfcoach's encrypted media store (issue 14 §3): each recording's key.

A video added to vfcoach is sealed into `<data folder>/media/<file id>.vfm` with a random
key of its own. The key lives here, in the recording row, never beside the file: the
database is its protection (SQLCipher on SQLite, row-level security on PostgreSQL, where the
recording's existing policies cover these columns too). `media_file_id` is the id in the
sealed file's header, so a reader finds the key for a file. Both are NULL for a video kept
where it is (not encrypted by vfcoach), which is every recording from before this revision.

Downgrading drops the keys, which makes every sealed file unreadable: it refuses while any
recording has one.

Must match `vfcoach/storage/rows.py` exactly.

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("recording", schema=None) as batch_op:
        batch_op.add_column(sa.Column("media_file_id", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("media_key", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    sealed = op.get_bind().execute(
        sa.text("SELECT count(*) FROM recording WHERE media_key IS NOT NULL")
    ).scalar_one()
    if sealed:
        raise RuntimeError(
            f"{sealed} recordings are in the encrypted media store; downgrading would lose "
            "their keys and make their videos unreadable"
        )
    with op.batch_alter_table("recording", schema=None) as batch_op:
        batch_op.drop_column("media_key")
        batch_op.drop_column("media_file_id")
