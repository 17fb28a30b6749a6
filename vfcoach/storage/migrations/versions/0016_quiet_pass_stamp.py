"""A pass's change stamp alone is not news: no notice for it (team PostgreSQL only).

Every key press bumps its pass's `change_stamp` (`storage/pass_lock.py`: the tally cache's
"last change"), and 0010's trigger told every open window about each bump as a change of
the pass, so with twenty coaches coding each window rebuilt its browser many times a
second. The code itself is announced by its own `annotation` notice; a pass is news only
when something a window shows of it changes (status, coder, purpose, ...).

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Columns whose change alone says nothing a window shows.
_QUIET = "- 'change_stamp' - 'written_by'"


def _function(quiet: bool) -> str:
    skip = (
        f"    IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) {_QUIET}) = (to_jsonb(NEW) {_QUIET}) THEN\n"
        "        RETURN NULL;\n"
        "    END IF;\n"
        if quiet
        else ""
    )
    return f"""
CREATE OR REPLACE FUNCTION vfcoach_notify_coding_pass() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE r RECORD;
BEGIN
{skip}    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    PERFORM pg_notify('vfcoach', json_build_object('table', TG_TABLE_NAME, 'op', TG_OP,
                                                   'id', r.id, 'recording_id', r.recording_id)::text);
    RETURN NULL;
END $$;
"""


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(_function(quiet=True))


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(_function(quiet=False))
