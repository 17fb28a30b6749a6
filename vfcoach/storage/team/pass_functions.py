"""The team rules on coding passes: who reads a pass, blind double coding, the server's audit
of a supervisor's blind read, and who writes a pass's codes (see `functions` for how these
helpers are owned and why they are PL/pgSQL).
"""

from __future__ import annotations

#: SECURITY DEFINER helpers on passes; `{schema}` is the quoted schema the tables live in.
CODING_RULES = """
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
"""
