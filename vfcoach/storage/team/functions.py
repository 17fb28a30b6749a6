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

from vfcoach.storage.team.pass_functions import CODING_RULES
from vfcoach.storage.team.triggers import TRIGGER_FUNCTIONS

#: SECURITY DEFINER helpers on people, families and recordings; `{schema}` is the quoted
#: schema the tables live in.
FAMILY_FUNCTIONS = """
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
"""

#: Everything `team init` creates, in one text (PL/pgSQL bodies are checked when first run,
#: so the order does not matter).
FUNCTIONS = FAMILY_FUNCTIONS + CODING_RULES + TRIGGER_FUNCTIONS

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
