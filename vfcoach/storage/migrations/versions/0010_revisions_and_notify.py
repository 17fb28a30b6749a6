"""Row revisions for reels and schemes, and change notices on PostgreSQL (issue 13 §3).

`reel.revision` and `scheme.revision` count the edits of a reel (with its clips) and of a
scheme version's codes. Every edit says which revision it was made against
(`UPDATE ... WHERE id = ? AND revision = ?`); if someone else saved in between, nothing
matches and the edit is refused with `EditConflict`, so no update is lost. (`scheme.version`
is the scheme's published version number, a different thing, hence the name.)

On PostgreSQL, triggers on recording, coding_pass, annotation, reel, reel_clip and coder call
`pg_notify('vfcoach', json)` with the table, the operation and ids only -- never a row's
content, since every listener on the server would receive it. Open windows LISTEN and reload
what changed. SQLite has no notices; the app polls a cheap change stamp there instead.

Must match `vfcoach/storage/rows.py` exactly.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> the ids a listener needs to decide whether the change concerns what it shows
_NOTIFIED = {
    "recording": ("id", "visit_id"),
    "coding_pass": ("id", "recording_id"),
    "annotation": ("id", "pass_id"),
    "reel": ("id", "visit_id"),
    "reel_clip": ("id", "reel_id"),
    "coder": ("id",),
}


def _function(table: str, columns: tuple[str, ...]) -> str:
    pairs = ", ".join(f"'{c}', r.{c}" for c in columns)
    return f"""
CREATE OR REPLACE FUNCTION vfcoach_notify_{table}() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE r RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    PERFORM pg_notify('vfcoach', json_build_object('table', TG_TABLE_NAME, 'op', TG_OP,
                                                   {pairs})::text);
    RETURN NULL;
END $$;
"""


def upgrade() -> None:
    for table in ("reel", "scheme"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("revision", sa.Integer(), server_default=sa.text("1"), nullable=False)
            )
    if op.get_context().dialect.name != "postgresql":
        return
    for table, columns in _NOTIFIED.items():
        op.execute(_function(table, columns))
        op.execute(
            f"CREATE TRIGGER vfcoach_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION vfcoach_notify_{table}()"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for table in _NOTIFIED:
            op.execute(f"DROP TRIGGER IF EXISTS vfcoach_notify ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS vfcoach_notify_{table}()")
    for table in ("scheme", "reel"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("revision")
