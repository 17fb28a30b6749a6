"""The SECURITY DEFINER helpers the team database's policies call (see `policies`).

Owned by the admin who runs `team init` (the tables' owner, whose own policy sees every
row), with a fixed `search_path`, so a policy on `coding_pass` may look at other passes
without recursing into itself. Each takes the login as an argument (the policy passes
`current_user`) and answers only for the session's own login or a role it belongs to
(`vfc_me`), so nobody can ask them about a colleague.

PL/pgSQL, not SQL-language bodies: a SECURITY DEFINER function is never inlined, and a
non-inlined SQL function is planned again in every statement that calls it, while PL/pgSQL
keeps its plans for the connection's life. The policies call these on every key press
(`bench/bench_team.py`): one coach's pass-lock UPDATE went from 1.2 to 0.3 ms.
"""

from __future__ import annotations

#: SECURITY DEFINER helpers; `{schema}` is the quoted schema the tables live in.
FUNCTIONS = """
CREATE OR REPLACE FUNCTION vfc_me(p_login name) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT c.id FROM coder c
     WHERE c.login = p_login AND NOT c.disabled
       AND pg_has_role(session_user, p_login, 'MEMBER')
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_name(p_login name) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT c.name FROM coder c WHERE c.id = vfc_me(p_login)
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_is_supervisor(p_login name) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT EXISTS (SELECT 1 FROM coder c WHERE c.id = vfc_me(p_login)
                   AND (c.team_role = 'supervisor' OR c.role = 'supervisor'))
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_family_mine(p_family integer, p_login name) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT EXISTS (SELECT 1 FROM caseload k
                   WHERE k.family_id = p_family AND k.coach_id = vfc_me(p_login))
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_family_read(p_family integer, p_login name) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT vfc_family_mine(p_family, p_login)
        OR EXISTS (SELECT 1 FROM caseload k JOIN coder c ON c.id = k.coach_id
                   WHERE k.family_id = p_family AND c.supervisor_id = vfc_me(p_login))
  );
END
$$;

-- A reliability coder sees the family and visit of a recording assigned to them (to find it),
-- not the family's children, reels or other recordings (domain.md §7 rule 7).
CREATE OR REPLACE FUNCTION vfc_family_assigned(p_family integer, p_login name) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT EXISTS (SELECT 1 FROM reliability_assignment a
                   JOIN recording r ON r.id = a.recording_id JOIN visit v ON v.id = r.visit_id
                   WHERE v.family_id = p_family AND a.coder_id = vfc_me(p_login))
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_visit_family(p_visit integer) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT v.family_id FROM visit v WHERE v.id = p_visit
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_recording_family(p_recording integer) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT v.family_id FROM recording r JOIN visit v ON v.id = r.visit_id
     WHERE r.id = p_recording
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_assigned(p_recording integer, p_login name) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT EXISTS (SELECT 1 FROM reliability_assignment a
                   WHERE a.recording_id = p_recording AND a.coder_id = vfc_me(p_login))
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_recording_read(p_recording integer, p_login name)
RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT vfc_family_read(vfc_recording_family(p_recording), p_login)
        OR vfc_assigned(p_recording, p_login)
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_recording_write(p_recording integer, p_login name)
RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT vfc_family_mine(vfc_recording_family(p_recording), p_login)
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_submitted(p_recording integer, p_coder integer)
RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT EXISTS (SELECT 1 FROM coding_pass p WHERE p.recording_id = p_recording
                   AND p.coder_id = p_coder AND p.status IN ('submitted', 'locked'))
  );
END
$$;

-- Blind double coding (domain.md §6): the recording's coders are the primary passes' coders
-- and every chosen assigned coder; blindness holds while one of them has not submitted.
CREATE OR REPLACE FUNCTION vfc_blind_active(p_recording integer) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    WITH coders AS (
      SELECT p.coder_id AS id FROM coding_pass p
       WHERE p.recording_id = p_recording AND p.purpose = 'primary'
      UNION
      SELECT a.coder_id FROM reliability_assignment a
       WHERE a.recording_id = p_recording AND a.coder_id IS NOT NULL)
    SELECT EXISTS (SELECT 1 FROM reliability_assignment a WHERE a.recording_id = p_recording
                   AND a.coder_id IS NOT NULL AND a.blind)
       AND EXISTS (SELECT 1 FROM coders c WHERE NOT vfc_submitted(p_recording, c.id))
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_codes(p_recording integer, p_coder integer) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT EXISTS (SELECT 1 FROM coding_pass p WHERE p.recording_id = p_recording
                   AND p.coder_id = p_coder AND p.purpose = 'primary')
        OR EXISTS (SELECT 1 FROM reliability_assignment a
                   WHERE a.recording_id = p_recording AND a.coder_id = p_coder)
  );
END
$$;

-- A supervisor's read of a blind pass, written to the audit log by the server as the table
-- owner (once per pass and transaction: `at` is the transaction's start). It only ever
-- records a read by the caller's own login. Returns true, so a policy can AND it in.
CREATE OR REPLACE FUNCTION vfc_log_blind_read(p_pass integer, p_recording integer,
                                              p_login name)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  IF vfc_me(p_login) IS NULL THEN RETURN false; END IF;
  IF NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.action = 'double.blind_read'
                 AND e.at = now() AND e.written_by = p_login
                 AND e.subject = 'recording:' || p_recording
                 AND e.detail::jsonb ->> 'pass_id' = p_pass::text) THEN
    INSERT INTO audit_event (at, actor, written_by, action, subject, detail)
    VALUES (now(), coalesce(vfc_name(p_login), p_login), p_login, 'double.blind_read',
            'recording:' || p_recording,
            json_build_object('pass_id', p_pass, 'why', 'supervision', 'by', 'server'));
  END IF;
  RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION vfc_pass_recording(p_pass integer) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT p.recording_id FROM coding_pass p WHERE p.id = p_pass
  );
END
$$;

-- May the login read this pass? Its own always; others only where the recording is theirs to
-- read and blind coding does not hide it. A supervisor who does not code the recording may
-- read it, and that read is written to the audit log here, by the server (once per pass and
-- transaction), so no client can skip it.
CREATE OR REPLACE FUNCTION vfc_pass_read(p_pass integer, p_coder integer,
                                         p_recording integer, p_login name)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
  me integer := vfc_me(p_login);
BEGIN
  IF me IS NULL THEN RETURN false; END IF;
  IF p_coder = me THEN RETURN true; END IF;
  IF NOT vfc_recording_read(p_recording, p_login) THEN RETURN false; END IF;
  IF NOT vfc_blind_active(p_recording) THEN RETURN true; END IF;
  IF vfc_submitted(p_recording, me) AND vfc_submitted(p_recording, p_coder) THEN
    RETURN true;
  END IF;
  IF vfc_is_supervisor(p_login) AND NOT vfc_codes(p_recording, me) THEN
    RETURN vfc_log_blind_read(p_pass, p_recording, p_login);
  END IF;
  RETURN false;
END
$$;

-- The same rule as vfc_pass_read for every pass at once, in set form, so a policy on a table
-- with many rows per pass (annotation, pass_tally) runs it once per query, not once per row.
-- `audited`: readable only because the login supervises (vfc_pass_read logs that read).
CREATE OR REPLACE FUNCTION vfc_pass_sight(p_login name)
RETURNS TABLE (pass_id integer, audited boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    WITH me AS (SELECT vfc_me(p_login) AS id, vfc_is_supervisor(p_login) AS sup),
    families AS (
      SELECT k.family_id FROM caseload k, me WHERE k.coach_id = me.id
      UNION
      SELECT k.family_id FROM caseload k JOIN coder c ON c.id = k.coach_id, me
       WHERE c.supervisor_id = me.id),
    readable AS (
      SELECT r.id FROM recording r JOIN visit v ON v.id = r.visit_id
       WHERE v.family_id IN (SELECT family_id FROM families)
      UNION
      SELECT a.recording_id FROM reliability_assignment a, me WHERE a.coder_id = me.id),
    coders AS (
      SELECT p.recording_id AS rid, p.coder_id AS cid FROM coding_pass p
       WHERE p.purpose = 'primary'
      UNION
      SELECT a.recording_id, a.coder_id FROM reliability_assignment a
       WHERE a.coder_id IS NOT NULL),
    submitted AS (
      SELECT DISTINCT p.recording_id AS rid, p.coder_id AS cid FROM coding_pass p
       WHERE p.status IN ('submitted', 'locked')),
    blind AS (
      SELECT DISTINCT a.recording_id AS rid FROM reliability_assignment a
       WHERE a.blind AND a.coder_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM coders c WHERE c.rid = a.recording_id
                     AND (c.rid, c.cid) NOT IN (SELECT rid, cid FROM submitted))),
    candidates AS (
      SELECT p.id, p.coder_id = me.id AS own,
             p.recording_id IN (SELECT rid FROM blind)
               AND NOT ((p.recording_id, me.id) IN (SELECT rid, cid FROM submitted)
                        AND (p.recording_id, p.coder_id) IN (SELECT rid, cid FROM submitted))
               AS hidden,
             me.sup AND (p.recording_id, me.id) NOT IN (SELECT rid, cid FROM coders) AS overseer
        FROM coding_pass p, me
       WHERE me.id IS NOT NULL
         AND (p.coder_id = me.id OR p.recording_id IN (SELECT id FROM readable)))
    SELECT c.id, NOT c.own AND c.hidden FROM candidates c
     WHERE c.own OR NOT c.hidden OR c.overseer;
END
$$;

-- The codes of a pass are written by its coder while it is a draft: submitted is final
-- (a later change is a new revision pass), here as in the app (`storage/pass_lock.py`).
CREATE OR REPLACE FUNCTION vfc_pass_mine(p_pass integer, p_login name) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT EXISTS (SELECT 1 FROM coding_pass p
                   WHERE p.id = p_pass AND p.coder_id = vfc_me(p_login)
                     AND p.status = 'draft')
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_reel_family(p_reel integer) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT v.family_id FROM reel r JOIN visit v ON v.id = r.visit_id WHERE r.id = p_reel
  );
END
$$;

CREATE OR REPLACE FUNCTION vfc_supervises(p_coder integer, p_login name) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN (
    SELECT EXISTS (SELECT 1 FROM coder c
                   WHERE c.id = p_coder AND c.supervisor_id = vfc_me(p_login))
  );
END
$$;

-- A family nobody holds yet (no caseload row): what a coach's new family is at its INSERT.
CREATE OR REPLACE FUNCTION vfc_family_new(p_family integer, p_login name) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
  RETURN vfc_me(p_login) IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM caseload k WHERE k.family_id = p_family);
END
$$;

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

FUNCTION_NAMES = (
    "vfc_me(name)",
    "vfc_name(name)",
    "vfc_is_supervisor(name)",
    "vfc_family_mine(integer, name)",
    "vfc_family_read(integer, name)",
    "vfc_family_assigned(integer, name)",
    "vfc_visit_family(integer)",
    "vfc_recording_family(integer)",
    "vfc_assigned(integer, name)",
    "vfc_recording_read(integer, name)",
    "vfc_recording_write(integer, name)",
    "vfc_blind_active(integer)",
    "vfc_submitted(integer, integer)",
    "vfc_codes(integer, integer)",
    "vfc_pass_read(integer, integer, integer, name)",
    "vfc_pass_mine(integer, name)",
    "vfc_pass_sight(name)",
    "vfc_log_blind_read(integer, integer, name)",
    "vfc_pass_recording(integer)",
    "vfc_reel_family(integer)",
    "vfc_supervises(integer, name)",
    "vfc_family_new(integer, name)",
)
