"""The rules of a team database, as SQL PostgreSQL itself enforces (issue 13 §2).

Everything here is keyed on `current_user`, the login the server authenticated, never on a
session variable a client could set. Membership checks are the SECURITY DEFINER helpers of
`functions`, so a policy never recurses into its own table. Admins have a policy of their
own that sees everything; the audit log stays append-only even for them.

Applied by `team init` (`vfcoach.storage.team.setup`), in one transaction, every time it
runs: functions are `CREATE OR REPLACE`, policies and triggers are dropped and made again,
so running it twice upgrades in place.
"""

from __future__ import annotations

COACH = "vfcoach_coach"
SUPERVISOR = "vfcoach_supervisor"
ADMIN = "vfcoach_admin"
GROUPS = (COACH, SUPERVISOR, ADMIN)
MEMBERS = f"{COACH}, {SUPERVISOR}"  # everyone who is not an admin

#: The tables of the schema (head 0009); every one gets FORCE ROW LEVEL SECURITY.
TABLES = (
    "family",
    "child",
    "visit",
    "scheme",
    "code",
    "recording",
    "coder",
    "caseload",
    "coding_pass",
    "pass_tally",
    "reliability_assignment",
    "annotation",
    "setting",
    "audit_event",
    "reel",
    "reel_clip",
    "bystander_span",  # issue 14 §6
    "consent",  # issue 14 §1
    # retention and erase (0018)
    "retention_rule",
    "legal_hold",
    "written_file",
    "erasure",
)

#: Shared reference data only supervisors (and admins) edit; what a coach may still do to it:
#: a scheme version is locked by its first use, which may be a coach's first pass.
SUPERVISORS_EDIT = {"scheme": "SELECT, UPDATE (locked)", "code": "SELECT"}

ME = "current_user"
_FAMILY_READ = f"vfc_family_read(family_id, {ME})"
_FAMILY_MINE = f"vfc_family_mine(family_id, {ME})"
_VISIT_READ = f"vfc_family_read(vfc_visit_family(visit_id), {ME})"
_VISIT_MINE = f"vfc_family_mine(vfc_visit_family(visit_id), {ME})"

# Rows of a pass: the set of readable passes once per query; only the rows of a pass read
# by a supervisor's override go through vfc_log_blind_read (CASE: only those rows).
_SIGHT_RULE = (
    "pass_id IN (SELECT s.pass_id FROM vfc_pass_sight(current_user) s WHERE NOT s.audited) "
    "OR CASE WHEN pass_id IN (SELECT s.pass_id FROM vfc_pass_sight(current_user) s "
    "WHERE s.audited) THEN vfc_log_blind_read(pass_id, vfc_pass_recording(pass_id), "
    "current_user) ELSE false END"
)

#: (table, read USING, write USING/WITH CHECK) for everyone but admins; None: no such right.
MEMBER_RULES: tuple[tuple[str, str, str | None], ...] = (
    (
        "family",
        f"vfc_family_read(id, {ME}) OR vfc_family_assigned(id, {ME})",
        f"vfc_family_mine(id, {ME})",
    ),
    ("child", _FAMILY_READ, _FAMILY_MINE),
    ("visit", f"{_FAMILY_READ} OR vfc_family_assigned(family_id, {ME})", _FAMILY_MINE),
    ("scheme", "true", "true"),  # grants narrow coaches to locking a version (SUPERVISORS_EDIT)
    ("code", "true", "true"),
    ("setting", "true", f"vfc_is_supervisor({ME})"),
    # From the row's own columns, not its id: an INSERT ... RETURNING checks the new row
    # against this before a lookup by id could find it.
    ("recording", f"{_VISIT_READ} OR vfc_assigned(id, {ME})", _VISIT_MINE),
    ("coder", "true", None),  # colleagues' names are no secret; only admins manage people
    (
        "caseload",
        f"coach_id = vfc_me({ME}) OR vfc_supervises(coach_id, {ME})",
        None,
    ),
    (
        "coding_pass",
        f"vfc_pass_read(id, coder_id, recording_id, {ME})",
        f"coder_id = vfc_me({ME}) AND (vfc_recording_write(recording_id, {ME}) "
        f"OR vfc_assigned(recording_id, {ME}) "
        f"OR (vfc_is_supervisor({ME}) AND vfc_recording_read(recording_id, {ME})))",
    ),
    ("annotation", _SIGHT_RULE, f"vfc_pass_mine(pass_id, {ME})"),
    ("pass_tally", _SIGHT_RULE, _SIGHT_RULE),
    (
        "reliability_assignment",
        f"vfc_recording_read(recording_id, {ME})",
        f"vfc_is_supervisor({ME}) AND vfc_recording_read(recording_id, {ME})",
    ),
    ("reel", _VISIT_READ, _VISIT_MINE),
    (
        "reel_clip",
        f"vfc_family_read(vfc_reel_family(reel_id), {ME}) "
        f"AND vfc_recording_read(recording_id, {ME})",
        f"vfc_family_mine(vfc_reel_family(reel_id), {ME}) "
        f"AND vfc_recording_read(recording_id, {ME})",
    ),
    # issue 14 §6: a bystander flag is the recording's, readable as it is; whoever codes it
    # (its coach, an assigned second coder) may flag
    (
        "bystander_span",
        f"vfc_recording_read(recording_id, {ME})",
        f"vfc_recording_write(recording_id, {ME}) OR vfc_assigned(recording_id, {ME})",
    ),
    # issue 14 §1: read by whoever may reach the family (every gate reads it); written by its coach
    (
        "consent",
        f"{_FAMILY_READ} OR vfc_family_assigned(family_id, {ME})",
        _FAMILY_MINE,
    ),
    # Retention and erase (0018): supervisors set rules and holds; an erase record (kinds,
    # counts, who, why; file paths while pending) is read by who erased and by supervisors.
    ("retention_rule", "true", f"vfc_is_supervisor({ME})"),
    ("legal_hold", _FAMILY_READ, f"vfc_is_supervisor({ME}) AND {_FAMILY_READ}"),
    ("written_file", _FAMILY_READ, _FAMILY_READ),
    (
        "erasure",
        f"written_by = {ME} OR vfc_is_supervisor({ME})",
        f"written_by = {ME} OR vfc_is_supervisor({ME})",
    ),
)


#: Who may add a row, where that differs from who may change one: anyone signed in adds a
#: family (a trigger puts it on their caseload, `vfc_family_added`); nobody else's changes.
INSERT_RULES = {"family": f"vfc_family_mine(id, {ME}) OR vfc_family_new(id, {ME})"}

#: Triggers beyond the stamp, as (table, name, timing and event, function).
TRIGGERS = (("family", "vfc_family_added", "AFTER INSERT", "vfc_family_added()"),)


def member_policies(table: str, read: str, write: str | None) -> list[str]:
    """The policies of one table for coaches and supervisors (admins have their own)."""
    out = [f"CREATE POLICY vfc_read ON {table} FOR SELECT TO {MEMBERS} USING ({read})"]
    if write is not None:
        insert = INSERT_RULES.get(table, write)
        out += [
            f"CREATE POLICY vfc_insert ON {table} FOR INSERT TO {MEMBERS} WITH CHECK ({insert})",
            # Each rule in its own brackets: a read rule with an OR at its top level (the
            # sight rule of a pass's rows) must not leave `write` binding to half of it.
            f"CREATE POLICY vfc_update ON {table} FOR UPDATE TO {MEMBERS} "
            f"USING (({read}) AND ({write})) WITH CHECK ({write})",
            f"CREATE POLICY vfc_delete ON {table} FOR DELETE TO {MEMBERS} "
            f"USING (({read}) AND ({write}))",
        ]
    return out


def admin_policies(table: str) -> list[str]:
    """Admins manage everything; the audit log stays append-only even for them."""
    if table == "audit_event":
        return [
            f"CREATE POLICY vfc_admin_read ON {table} FOR SELECT TO {ADMIN} USING (true)",
            f"CREATE POLICY vfc_admin_insert ON {table} FOR INSERT TO {ADMIN} WITH CHECK (true)",
        ]
    return [f"CREATE POLICY vfc_admin ON {table} TO {ADMIN} USING (true) WITH CHECK (true)"]


#: A supervisor also reads the entries of the coaches they supervise (issue 14 §4, `audit show`).
_AUDIT_READ = (
    "written_by = current_user OR (vfc_is_supervisor(current_user) AND written_by IN "
    "(SELECT c.login FROM coder c WHERE c.supervisor_id = vfc_me(current_user)))"
)


def audit_policies() -> list[str]:
    """Anyone appends (the trigger names them and links the chain); each reads back their own
    entries, a supervisor their team's too."""
    return [
        f"CREATE POLICY vfc_read ON audit_event FOR SELECT TO {MEMBERS} USING ({_AUDIT_READ})",
        f"CREATE POLICY vfc_insert ON audit_event FOR INSERT TO {MEMBERS} WITH CHECK (true)",
    ]


def table_statements() -> list[str]:
    """Row-level security, grants, policies and the stamping trigger of every table."""
    rules = {table: (read, write) for table, read, write in MEMBER_RULES}
    out: list[str] = []
    for table in TABLES:
        out += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"DROP TRIGGER IF EXISTS vfc_stamp ON {table}",
            f"CREATE TRIGGER vfc_stamp BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION vfc_stamp()",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {ADMIN}",
        ]
        if table == "audit_event":
            out += [f"GRANT SELECT, INSERT ON {table} TO {MEMBERS}", *audit_policies()]
            out.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {ADMIN}, {MEMBERS}")
        else:
            read, write = rules[table]
            rights = "SELECT" if write is None else "SELECT, INSERT, UPDATE, DELETE"
            if table in SUPERVISORS_EDIT:
                out += [
                    f"GRANT {rights} ON {table} TO {SUPERVISOR}",
                    f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {COACH}",
                    f"GRANT {SUPERVISORS_EDIT[table]} ON {table} TO {COACH}",
                ]
            else:
                out.append(f"GRANT {rights} ON {table} TO {MEMBERS}")
            out += member_policies(table, read, write)
        out += admin_policies(table)
    for table, name, when, function in TRIGGERS:
        out += [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}",
        ]
    return out
