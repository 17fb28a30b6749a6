"""The team database's trigger functions: the writer stamp on every row, and a coach's new
family put on their own caseload. Trigger functions cannot be called by hand.
"""

from __future__ import annotations

#: `{schema}` is the quoted schema the tables live in.
TRIGGER_FUNCTIONS = """
-- A coach or supervisor who adds a family holds it: it goes on their own caseload in the same
-- transaction (only admins write caseload rows otherwise). A trigger function, so nobody can
-- call it on a family of their choosing; the login is the session's (inside a SECURITY
-- DEFINER function current_user is the owner). Admins' families (team migrate, caseload add)
-- are placed by hand.
CREATE OR REPLACE FUNCTION vfc_family_added() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
  me integer := vfc_me(session_user);
BEGIN
  IF me IS NULL OR pg_has_role(session_user, 'vfcoach_admin', 'MEMBER')
     OR EXISTS (SELECT 1 FROM caseload k WHERE k.family_id = NEW.id) THEN
    RETURN NULL;
  END IF;
  INSERT INTO caseload (coach_id, family_id, written_by) VALUES (me, NEW.id, session_user);
  RETURN NULL;
END
$$;

-- Every write is stamped with the login that made it; names a row carries for its writer
-- (audit actor, reel author, who assigned) are the writer's own, whatever the client sent.
CREATE OR REPLACE FUNCTION vfc_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema}, pg_temp AS $$
BEGIN
  -- The exceptions: the server's own rows written as the table owner on behalf of the login
  -- they name (a blind read's audit entry, a new family's caseload row). No client can
  -- become the owner.
  IF current_user <> session_user AND TG_TABLE_NAME IN ('audit_event', 'caseload') AND EXISTS (
       SELECT 1 FROM pg_tables t WHERE t.schemaname = TG_TABLE_SCHEMA
       AND t.tablename = TG_TABLE_NAME AND t.tableowner = current_user) THEN
    RETURN NEW;
  END IF;
  NEW.written_by := current_user;
  -- An admin may carry over names from before (team migrate); written_by still says who
  -- wrote the row. Everyone else writes under their own name only.
  IF pg_has_role(current_user, 'vfcoach_admin', 'MEMBER') THEN
    RETURN NEW;
  END IF;
  IF TG_TABLE_NAME = 'audit_event' THEN
    NEW.actor := coalesce(vfc_name(current_user), current_user);
  ELSIF TG_TABLE_NAME = 'reel' AND TG_OP = 'INSERT' THEN
    NEW.created_by := coalesce(vfc_name(current_user), current_user);
  ELSIF TG_TABLE_NAME = 'reliability_assignment' THEN
    NEW.assigned_by := coalesce(vfc_name(current_user), current_user);
  END IF;
  RETURN NEW;
END
$$;
"""
