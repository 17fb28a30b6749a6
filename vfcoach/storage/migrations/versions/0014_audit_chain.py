"""The audit trail as a hash chain nobody can quietly change (issue 14 §4).

`audit_event` gains `seq` (gap-free, unique), `prev_hash` and `entry_hash` (SHA-256 over the
canonical encoding of `vfcoach.coding.audit_chain`). Existing entries are chained here, in the
order they were written (by id).

On PostgreSQL the server computes every link itself: a BEFORE INSERT trigger (SECURITY
DEFINER, so it sees the whole chain under row-level security) takes a transaction-level
advisory lock, reads the head and sets the three columns, whatever the client sent, so
concurrent writers never fork the chain and nobody can insert a forged hash. Another trigger
refuses UPDATE, DELETE and TRUNCATE even for the table's owner; `vfc_audit_verify()` checks
the whole chain without returning any entry's content, so a coach may run it too.

On SQLite the repository computes the link inside the write transaction, and two triggers
refuse UPDATE and DELETE (someone with the file can drop them; `audit verify` notices).

Must match `vfcoach/storage/rows.py` exactly.

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from vfcoach.coding.audit_chain import GENESIS, ChainEntry, link_of

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The advisory lock key every audit insert on PostgreSQL takes (one chain, one writer).
CHAIN_LOCK = 71_400_014

SQLITE_GUARDS = {
    "vfc_audit_no_update": "UPDATE",
    "vfc_audit_no_delete": "DELETE",
}
REFUSAL = "the audit trail is append-only: entries are never changed or removed"

_HASH_SQL = """
CREATE OR REPLACE FUNCTION vfc_audit_hash(p_seq integer, p_at timestamptz, p_actor text,
    p_action text, p_subject text, p_detail json, p_written_by text, p_prev text)
RETURNS text LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
  SELECT encode(sha256(convert_to(jsonb_build_object(
    'seq', p_seq,
    'at', to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || 'Z',
    'actor', p_actor, 'action', p_action, 'subject', p_subject,
    'detail', p_detail::jsonb, 'written_by', p_written_by, 'prev', p_prev)::text,
    'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION vfc_audit_link() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
  last_seq integer;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock({lock});
  SELECT e.seq, e.entry_hash INTO last_seq, last_hash
    FROM audit_event e ORDER BY e.seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.entry_hash := vfc_audit_hash(NEW.seq, NEW.at, NEW.actor, NEW.action, NEW.subject,
                                   NEW.detail, NEW.written_by, NEW.prev_hash);
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION vfc_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '{refusal}' USING ERRCODE = 'insufficient_privilege';
END
$$;

-- The whole chain's check, for anyone: the first broken entry's number, time and action and
-- a reason code (missing, outside, twice, changed, moved), never an entry's content.
CREATE OR REPLACE FUNCTION vfc_audit_verify()
RETURNS TABLE (entries bigint, broken_seq integer, broken_at timestamptz,
               broken_action text, reason text, next_seq integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
  r RECORD;
  prev text := repeat('0', 64);
  expected integer := 1;
BEGIN
  entries := 0;
  FOR r IN SELECT * FROM audit_event ORDER BY seq NULLS LAST, id LOOP
    entries := entries + 1;
    CONTINUE WHEN reason IS NOT NULL;
    IF r.seq IS NULL THEN
      broken_seq := expected; broken_at := r.at; broken_action := r.action;
      reason := 'outside';
    ELSIF r.seq > expected THEN
      broken_seq := expected; next_seq := r.seq; broken_at := r.at;
      broken_action := r.action; reason := 'missing';
    ELSIF r.seq < expected THEN
      broken_seq := r.seq; broken_at := r.at; broken_action := r.action; reason := 'twice';
    ELSIF r.entry_hash IS DISTINCT FROM vfc_audit_hash(r.seq, r.at, r.actor, r.action,
            r.subject, r.detail, r.written_by, coalesce(r.prev_hash, '')) THEN
      broken_seq := r.seq; broken_at := r.at; broken_action := r.action; reason := 'changed';
    ELSIF r.prev_hash IS DISTINCT FROM prev THEN
      broken_seq := r.seq; broken_at := r.at; broken_action := r.action; reason := 'moved';
    ELSE
      prev := r.entry_hash;
      expected := expected + 1;
    END IF;
  END LOOP;
  RETURN NEXT;
END
$$;
"""

_PG_TRIGGERS = (
    # Named to fire after vfc_stamp (alphabetical), so the hash covers the stamped writer.
    "CREATE TRIGGER vfc_zz_audit_link BEFORE INSERT ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION vfc_audit_link()",
    "CREATE TRIGGER vfc_audit_append_only BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION vfc_audit_append_only()",
    "CREATE TRIGGER vfc_audit_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION vfc_audit_append_only()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC",
)


def _chain_existing(bind: sa.Connection) -> None:
    """Link the entries written before this revision, oldest first."""
    table = sa.table(
        "audit_event",
        *(
            sa.column(name)
            for name in ("id", "actor", "action", "subject", "written_by", "seq")
        ),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("detail", sa.JSON()),
        sa.column("prev_hash"),
        sa.column("entry_hash"),
    )
    rows = bind.execute(sa.select(table).order_by(table.c.id)).all()
    prev = GENESIS
    for seq, row in enumerate(rows, start=1):
        entry = ChainEntry(
            seq=seq,
            at=row.at,
            actor=row.actor,
            action=row.action,
            subject=row.subject,
            detail=row.detail or {},
            written_by=row.written_by,
            prev_hash=prev,
            hash=None,
        )
        link = link_of(entry, prev)
        bind.execute(
            table.update()
            .where(table.c.id == row.id)
            .values(seq=seq, prev_hash=prev, entry_hash=link)
        )
        prev = link


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    forced = False
    if postgres:
        # Team databases force row-level security even on the owner, and their audit table
        # has no UPDATE policy: lift that for the one-time chaining of existing entries.
        forced = bool(
            bind.exec_driver_sql(
                "SELECT relforcerowsecurity FROM pg_class "
                "WHERE oid = 'audit_event'::regclass"
            ).scalar()
        )
        if forced:
            op.execute("ALTER TABLE audit_event NO FORCE ROW LEVEL SECURITY")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
    _chain_existing(bind)
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("entry_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_event_seq"), ["seq"])
    if not postgres:
        for name, verb in SQLITE_GUARDS.items():
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {verb} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )
        return
    if forced:
        op.execute("ALTER TABLE audit_event FORCE ROW LEVEL SECURITY")
    schema = bind.exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
    op.execute(
        _HASH_SQL.replace("{schema}", str(schema))
        .replace("{lock}", str(CHAIN_LOCK))
        .replace("{refusal}", REFUSAL)
    )
    for statement in _PG_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for trigger in ("vfc_zz_audit_link", "vfc_audit_append_only", "vfc_audit_no_truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON audit_event")
        for function in (
            "vfc_audit_verify()",
            "vfc_audit_link()",
            "vfc_audit_append_only()",
            "vfc_audit_hash(integer, timestamptz, text, text, text, json, text, text)",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
    else:
        for name in SQLITE_GUARDS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_event_seq"), type_="unique")
        batch_op.drop_column("entry_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
