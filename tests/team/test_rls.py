"""The team database's rules, checked from outside vfcoach with plain psycopg (issue 13 §2).

One team database for the module: two coaches with a family each, a supervisor of the first,
a reliability coder assigned blind to the first family's recording. Every family, pass, note,
caption and talking point carries a marker string; each person runs `SELECT *` on every table
and every column of every row they get back is searched for markers they must not see.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from tests.team.conftest import TeamDb
from vfcoach.services.team import admin
from vfcoach.storage.team.policies import TABLES

pytestmark = pytest.mark.postgres

NOW = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)


def _seed_family(c: psycopg.Connection, tag: str, coder_id: int, scheme: int) -> dict[str, int]:
    """A family, child, visit, recording, a pass by `coder_id` with a note, a reel with a clip."""
    fam = c.execute(
        "INSERT INTO family (code, programme) VALUES (%s, 'VIPP') RETURNING id", (f"FAM-{tag}",)
    ).fetchone()[0]
    c.execute("INSERT INTO child (family_id, pseudonym) VALUES (%s, %s)", (fam, f"CHILD-{tag}"))
    visit = c.execute(
        "INSERT INTO visit (family_id, number, programme) VALUES (%s, 1, 'VIPP') RETURNING id",
        (fam,),
    ).fetchone()[0]
    rec = c.execute(
        "INSERT INTO recording (visit_id, media_path, fingerprint, duration_ms, fps, frame_count,"
        " width, height, rotation, has_audio, frame_map, scheme_id, label) VALUES (%s, %s, %s,"
        " 1000, 25, 25, 64, 48, 0, false, ''::bytea, %s, %s) RETURNING id",
        (visit, f"/media/PATH-{tag}.mp4", f"FP-{tag}", scheme, f"LABEL-{tag}"),
    ).fetchone()[0]
    reel = c.execute(
        "INSERT INTO reel (visit_id, title, created_by, created_at, pre_roll_ms, post_roll_ms)"
        " VALUES (%s, %s, 'x', %s, 0, 0) RETURNING id",
        (visit, f"REEL-{tag}", NOW),
    ).fetchone()[0]
    c.execute(
        "INSERT INTO reel_clip (id, reel_id, position, recording_id, in_frame, in_pts_ms,"
        " out_frame, out_pts_ms, pre_roll_ms, post_roll_ms, caption, talking_point,"
        " freeze_end_ms) VALUES (%s, %s, 0, %s, 0, 0, 5, 200, 0, 0, %s, %s, 0)",
        (uuid.uuid4(), reel, rec, f"CAPTION-{tag}", f"TALK-{tag}"),
    )
    c.execute(  # issue 14 §6: a bystander flag is the recording's, read and written as it is
        "INSERT INTO bystander_span (recording_id, start_frame, start_pts_ms, end_frame,"
        " end_pts_ms, note, flagged_by, flagged_at) VALUES (%s, 1, 40, 4, 160, %s, 'x', %s)",
        (rec, f"BYSTANDER-{tag}", NOW),
    )
    pass_id = _seed_pass(c, rec, coder_id, scheme, f"NOTE-{tag}")
    return {"family": fam, "recording": rec, "pass": pass_id}


def _seed_pass(c: psycopg.Connection, rec: int, coder: int, scheme: int, note: str) -> int:
    pass_id = c.execute(
        "INSERT INTO coding_pass (recording_id, coder_id, scheme_id, status, purpose)"
        " VALUES (%s, %s, %s, 'draft', %s) RETURNING id",
        (rec, coder, scheme, "primary" if note.count("-") == 1 else "reliability"),
    ).fetchone()[0]
    c.execute(
        "INSERT INTO annotation (id, pass_id, code_key, onset_frame, onset_pts_ms, modifiers,"
        " note, created_at, updated_at) VALUES (%s, %s, 'ITM', 3, 120, '[]', %s, %s, %s)",
        (uuid.uuid4(), pass_id, note, NOW, NOW),
    )
    return int(pass_id)


@pytest.fixture(scope="module")
def world(team_db: TeamDb) -> Iterator[dict[str, object]]:
    url = team_db.admin_url
    admin.init_team(url)
    admin.init_team(url)  # a second run upgrades in place
    anna, bert, sue, carl, ada = (team_db.login(n) for n in ("anna", "bert", "sue", "carl", "ada"))
    admin.add_person(url, sue, "supervisor", "pw-sue")
    admin.add_person(url, anna, "coach", "pw-anna", supervisor=sue)
    admin.add_person(url, bert, "coach", "pw-bert")
    admin.add_person(url, carl, "coach", "pw-carl")
    admin.add_person(url, ada, "admin", "pw-ada")
    with team_db.connect("postgres") as c:
        ids = {r[0]: r[1] for r in c.execute("SELECT login, id FROM coder").fetchall()}
        scheme = c.execute(
            "INSERT INTO scheme (name, version, locked, description) VALUES ('VIPP', 1, false,"
            " '') RETURNING id"
        ).fetchone()[0]
        a = _seed_family(c, "ANNA", ids[anna], scheme)
        b = _seed_family(c, "BERT", ids[bert], scheme)
        c.execute(
            "INSERT INTO reliability_assignment (recording_id, coder_id, purpose, blind,"
            " assigned_by, assigned_at) VALUES (%s, %s, 'reliability', true, 'x', %s)",
            (a["recording"], ids[carl], NOW),
        )
        carl_pass = _seed_pass(c, a["recording"], ids[carl], scheme, "NOTE-CARL-ANNA")
    admin.caseload_add(url, anna, "FAM-ANNA")
    admin.caseload_add(url, bert, "FAM-BERT")
    yield {"ids": ids, "anna": a, "bert": b, "carl_pass": carl_pass, "scheme": scheme}


def everything(team_db: TeamDb, login: str) -> str:
    """Every column of every row of every table the login can read, as one text."""
    seen: list[str] = []
    with team_db.connect(login) as c:
        for table in TABLES:
            for row in c.execute(f"SELECT * FROM {table}").fetchall():
                seen.append(" ".join(str(v) for v in row))
    return "\n".join(seen)


def test_a_coach_sees_their_family_and_nothing_of_anothers(team_db: TeamDb, world):
    seen = everything(team_db, team_db.login("bert"))
    for marker in ("FAM-BERT", "CHILD-BERT", "NOTE-BERT", "CAPTION-BERT", "TALK-BERT", "REEL-BERT",
                   "BYSTANDER-BERT"):  # fmt: skip
        assert marker in seen
    assert "ANNA" not in seen  # no code, child, path, label, note, caption or reel of hers


def test_blind_coders_see_only_their_own_pass_until_both_submitted(team_db: TeamDb, world):
    anna_sees = everything(team_db, team_db.login("anna"))
    assert "NOTE-ANNA" in anna_sees and "CAPTION-ANNA" in anna_sees
    assert "NOTE-CARL-ANNA" not in anna_sees and "BERT" not in anna_sees
    carl_sees = everything(team_db, team_db.login("carl"))
    assert "NOTE-CARL-ANNA" in carl_sees  # his own pass of the recording he was assigned
    assert "NOTE-ANNA\n" not in carl_sees + "\n" and "NOTE-ANNA " not in carl_sees
    assert "TALK-ANNA" not in carl_sees and "CHILD-ANNA" not in carl_sees, carl_sees
    assert "BERT" not in carl_sees, carl_sees


def test_a_supervisor_sees_supervisees_families_and_the_server_audits_blind_reads(
    team_db: TeamDb, world
):
    sue = team_db.login("sue")
    seen = everything(team_db, sue)
    assert "NOTE-ANNA" in seen and "NOTE-CARL-ANNA" in seen and "FAM-ANNA" in seen
    assert "BERT" not in seen
    with team_db.connect("postgres") as c:
        logged = c.execute(
            "SELECT actor, written_by, detail::text FROM audit_event"
            " WHERE action = 'double.blind_read'"
        ).fetchall()
    assert {row[1] for row in logged} == {sue}
    assert any(f'"pass_id" : {world["carl_pass"]}' in row[2] for row in logged)


def test_once_both_submitted_the_coders_see_each_other(team_db: TeamDb, world):
    anna, carl = team_db.login("anna"), team_db.login("carl")
    with team_db.connect(anna) as c:
        c.execute(
            "UPDATE coding_pass SET status = 'submitted' WHERE id = %s", (world["anna"]["pass"],)
        )
    assert "NOTE-CARL-ANNA" not in everything(team_db, anna)  # carl has not submitted yet
    with team_db.connect(carl) as c:
        c.execute(
            "UPDATE coding_pass SET status = 'submitted' WHERE id = %s", (world["carl_pass"],)
        )
    assert "NOTE-CARL-ANNA" in everything(team_db, anna)
    with team_db.connect(anna) as c:  # seeing a colleague's codes is not changing them
        gone = c.execute("DELETE FROM annotation WHERE pass_id = %s", (world["carl_pass"],))
        assert gone.rowcount == 0
        edited = c.execute(
            "UPDATE annotation SET note = 'x' WHERE pass_id = %s", (world["carl_pass"],)
        )
        assert edited.rowcount == 0
    assert "NOTE-CARL-ANNA" in everything(team_db, anna)
    with team_db.connect("postgres") as c:  # back to blind for the tests after this one
        c.execute(
            "UPDATE coding_pass SET status = 'draft' WHERE id IN (%s, %s)",
            (world["anna"]["pass"], world["carl_pass"]),
        )


def test_writes_beyond_ones_rights_are_refused(team_db: TeamDb, world):
    anna, bert = team_db.login("anna"), team_db.login("bert")
    ids = world["ids"]
    with team_db.connect(bert) as c:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # into anna's pass
            c.execute(
                "INSERT INTO annotation (id, pass_id, code_key, onset_frame, onset_pts_ms,"
                " modifiers, note, created_at, updated_at) VALUES (%s, %s, 'ITM', 1, 40, '[]',"
                " 'x', now(), now())",
                (uuid.uuid4(), world["anna"]["pass"]),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a pass claiming anna
            c.execute(
                "INSERT INTO coding_pass (recording_id, coder_id, scheme_id, status, revision)"
                " VALUES (%s, %s, %s, 'draft', 2)",
                (world["bert"]["recording"], ids[anna], world["scheme"]),
            )
        gone = c.execute("DELETE FROM annotation WHERE pass_id = %s", (world["anna"]["pass"],))
        assert gone.rowcount == 0  # rows one cannot see cannot be deleted either
        # Adding a family puts it on one's own caseload, never on anyone else's; an
        # existing family cannot be taken over by adding it again.
        with pytest.raises(psycopg.errors.UniqueViolation):
            c.execute("INSERT INTO family (code, programme) VALUES ('FAM-ANNA', 'ABC')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute(
                "INSERT INTO family (id, code, programme) VALUES (%s, 'FAM-X', 'ABC')",
                (world["anna"]["family"],),
            )  # an id with a caseload is nobody's to claim
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            c.execute("SELECT vfc_family_added()")  # the trigger's body, called by hand
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a flag on anna's video
            c.execute(
                "INSERT INTO bystander_span (recording_id, start_frame, start_pts_ms, end_frame,"
                " end_pts_ms, flagged_by, flagged_at) VALUES (%s, 0, 0, 1, 40, 'x', now())",
                (world["anna"]["recording"],),
            )
        unflagged = c.execute(
            "DELETE FROM bystander_span WHERE recording_id = %s", (world["anna"]["recording"],)
        )
        assert unflagged.rowcount == 0  # nor can her flags be taken off
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("UPDATE coder SET team_role = 'admin' WHERE login = %s", (bert,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # schemes are supervisors'
            c.execute("UPDATE code SET label = 'x'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("UPDATE scheme SET description = 'x'")
        c.execute("UPDATE scheme SET locked = true WHERE id = %s", (world["scheme"],))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute(
                "INSERT INTO caseload (coach_id, family_id) VALUES (%s, %s)",
                (ids[bert], world["anna"]["family"]),
            )
        # Writing in someone else's name: the server stamps the row with the real login.
        c.execute(
            "INSERT INTO audit_event (at, actor, action, subject, detail, written_by)"
            " VALUES (now(), %s, 'test.forged', 'x', '{}', %s)",
            (anna, anna),
        )
        # Submitted is final, on the server too: no code into or out of one's own
        # submitted pass, whatever the client.
        c.execute(
            "UPDATE coding_pass SET status = 'submitted' WHERE id = %s", (world["bert"]["pass"],)
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute(
                "INSERT INTO annotation (id, pass_id, code_key, onset_frame, onset_pts_ms,"
                " modifiers, note, created_at, updated_at) VALUES (%s, %s, 'ITM', 1, 40, '[]',"
                " 'late', now(), now())",
                (uuid.uuid4(), world["bert"]["pass"]),
            )
        edited = c.execute(
            "UPDATE annotation SET note = 'changed after' WHERE pass_id = %s",
            (world["bert"]["pass"],),
        )
        assert edited.rowcount == 0
        removed = c.execute("DELETE FROM annotation WHERE pass_id = %s", (world["bert"]["pass"],))
        assert removed.rowcount == 0
    with team_db.connect("postgres") as c:  # a draft again for the tests after this one
        c.execute("UPDATE coding_pass SET status = 'draft' WHERE id = %s", (world["bert"]["pass"],))
    with team_db.connect(bert) as c:
        # Adding one's own pass to one's own family works (the rules are not just "no").
        c.execute(
            "INSERT INTO coding_pass (recording_id, coder_id, scheme_id, status, revision)"
            " VALUES (%s, %s, %s, 'draft', 2)",
            (world["bert"]["recording"], ids[bert], world["scheme"]),
        )
        c.execute(  # and flagging a bystander on one's own video (issue 14 §6)
            "INSERT INTO bystander_span (recording_id, start_frame, start_pts_ms, end_frame,"
            " end_pts_ms, flagged_by, flagged_at) VALUES (%s, 5, 200, 6, 240, 'x', now())",
            (world["bert"]["recording"],),
        )
    with team_db.connect("postgres") as c:
        forged = c.execute(
            "SELECT actor, written_by FROM audit_event WHERE action = 'test.forged'"
        ).fetchone()
        assert forged == (bert, bert)
        owner = c.execute(
            "SELECT written_by FROM coding_pass WHERE recording_id = %s AND revision = 2",
            (world["bert"]["recording"],),
        ).fetchone()
        assert owner == (bert,)


def test_the_tables_are_forced_under_row_level_security(team_db: TeamDb, world):
    with team_db.connect("postgres") as c:
        rows = c.execute(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
            " WHERE relname = ANY(%s)",
            (list(TABLES),),
        ).fetchall()
    assert len(rows) == len(TABLES)
    assert all(r[1] and r[2] for r in rows)


def test_no_way_around_the_rules_by_role_or_helper(team_db: TeamDb, world):
    anna, sue = team_db.login("anna"), team_db.login("sue")
    with team_db.connect(anna) as c:
        # The helpers answer only for oneself: asking about a colleague tells nothing.
        assert c.execute("SELECT vfc_me(%s)", (sue,)).fetchone() == (None,)
        assert c.execute(
            "SELECT vfc_family_read(%s, %s)", (world["anna"]["family"], sue)
        ).fetchone() == (False,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute(f'SET ROLE "{sue}"')
    with team_db.connect(anna) as c:
        c.execute("SET ROLE vfcoach_coach")  # the group itself is nobody: it sees no family
        assert c.execute("SELECT count(*) FROM family").fetchone() == (0,)
        assert c.execute("SELECT count(*) FROM annotation").fetchone() == (0,)
    with team_db.connect(anna) as c:
        c.execute("SET vfcoach.login = 'postgres'")  # session variables mean nothing here
        assert "BERT" not in " ".join(str(r) for r in c.execute("SELECT * FROM family").fetchall())
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("ALTER TABLE family NO FORCE ROW LEVEL SECURITY")


def test_vfcoach_itself_works_for_a_coach_within_the_rules(
    team_db: TeamDb, world, cli, cfr_video, tmp_path
):
    def db(person: str) -> str:
        return (
            f"postgresql://{team_db.login(person)}@127.0.0.1:{team_db.server.port}/{team_db.name}"
        )

    listed = cli("session", "list", "--db", db("bert"))
    assert listed.code == 0, listed.err
    assert "FAM-BERT" in listed.out and "ANNA" not in listed.out
    added = cli("session", "add", cfr_video, "--family", "FAM-BERT", "--db", db("bert"))
    assert added.code == 0, added.err
    recording = added.out.strip()
    codes = tmp_path / "codes.csv"
    codes.write_text("code,start,end,modifiers,note\nFTL,0.1,1.2,,MARK-BERT-NEW\n", "utf-8")
    bert = team_db.login("bert")
    imported = cli("annotations", "import", recording, codes, "--coder", bert, "--db", db("bert"))
    assert imported.code == 0, imported.err
    claimed = cli(
        "annotations", "import", recording, codes, "--coder", team_db.login("anna"),
        "--db", db("bert"),
    )  # fmt: skip
    assert claimed.code == 1  # a pass in anna's name, written by bert: the server refuses
    submitted = cli("pass", "submit", recording, "--coder", bert, "--db", db("bert"))
    assert submitted.code == 0, submitted.err
    assert (
        "MARK-BERT-NEW"
        in cli("annotations", "export", recording, "--format", "csv", "--db", db("bert")).out
    )
    assert "MARK-BERT-NEW" not in everything(team_db, team_db.login("anna"))
    refused = cli("session", "add", cfr_video, "--family", "FAM-ANNA", "--db", db("bert"))
    assert refused.code == 1 and "not on your caseload" in refused.error_line
    # A new family is the coach's own at once: on their caseload, nobody else's to see.
    fresh = cli("session", "add", cfr_video, "--family", "FAM-BERT-NEW", "--db", db("bert"))
    assert fresh.code == 0, fresh.err
    assert "FAM-BERT-NEW" in cli("session", "list", "--db", db("bert")).out
    assert "FAM-BERT-NEW" not in everything(team_db, team_db.login("anna"))
    with team_db.connect("postgres") as c:
        held = c.execute(
            "SELECT c.login, k.written_by FROM caseload k JOIN coder c ON c.id = k.coach_id"
            " JOIN family f ON f.id = k.family_id WHERE f.code = 'FAM-BERT-NEW'"
        ).fetchall()
        assert held == [(team_db.login("bert"), team_db.login("bert"))]
    assert "FAM-ANNA" not in cli("session", "list", "--db", db("bert")).out
    with team_db.connect("postgres") as c:
        stamped = c.execute(
            "SELECT r.written_by FROM recording r JOIN visit v ON v.id = r.visit_id"
            " WHERE v.family_id = %s ORDER BY r.id",
            (world["bert"]["family"],),
        ).fetchall()
        assert stamped[-1] == (team_db.login("bert"),)
        assert c.execute(
            "SELECT count(*) FROM recording r JOIN visit v ON v.id = r.visit_id"
            " WHERE v.family_id = %s",
            (world["anna"]["family"],),
        ).fetchone() == (1,)


def test_vfcoach_exports_for_a_blind_coder_only_their_own_codes(team_db: TeamDb, world, cli):
    def db(person: str) -> str:
        return (
            f"postgresql://{team_db.login(person)}@127.0.0.1:{team_db.server.port}/{team_db.name}"
        )

    rec = str(world["anna"]["recording"])
    own = cli("annotations", "export", rec, "--format", "json", "--db", db("carl"))
    assert own.code == 0, own.err
    assert "NOTE-CARL-ANNA" in own.out and '"NOTE-ANNA"' not in own.out
    hidden = cli(
        "annotations", "export", rec, "--coder", team_db.login("anna"), "--format", "json",
        "--db", db("carl"),
    )  # fmt: skip
    assert hidden.code == 1 and "NOTE-ANNA" not in hidden.out + hidden.err
    elsewhere = cli("annotations", "export", rec, "--format", "json", "--db", db("bert"))
    assert elsewhere.code == 1 and "ANNA" not in elsewhere.out + elsewhere.err
    supervised = cli(
        "annotations", "export", rec, "--coder", team_db.login("anna"), "--format", "json",
        "--db", db("sue"),
    )  # fmt: skip
    assert supervised.code == 0, supervised.err
    assert "NOTE-ANNA" in supervised.out


def test_the_server_logs_exactly_the_blind_passes_read_once_per_transaction(team_db: TeamDb, world):
    anna_pass, carl_pass = world["anna"]["pass"], world["carl_pass"]
    with team_db.connect("postgres") as c:
        for frame in (5, 6, 7):
            c.execute(
                "INSERT INTO annotation (id, pass_id, code_key, onset_frame, onset_pts_ms,"
                " modifiers, note, created_at, updated_at) VALUES (%s, %s, 'ITM', %s, 0, '[]',"
                " 'more', now(), now())",
                (uuid.uuid4(), anna_pass, frame),
            )
        # the audit trail is append-only (issue 14 §4): look only at entries after this one
        mark = c.execute("SELECT coalesce(max(seq), 0) FROM audit_event").fetchone()[0]
    with team_db.connect(team_db.login("sue")) as c:
        rows = c.execute("SELECT note FROM annotation WHERE pass_id = %s", (anna_pass,)).fetchall()
        assert len(rows) == 4
    with team_db.connect(team_db.login("bert")) as c:  # sees none of it, logs nothing
        assert c.execute("SELECT count(*) FROM annotation WHERE pass_id = %s", (anna_pass,)
                         ).fetchone() == (0,)  # fmt: skip
    with team_db.connect("postgres") as c:
        logged = c.execute(
            "SELECT written_by, detail::jsonb ->> 'pass_id' FROM audit_event"
            " WHERE action = 'double.blind_read' AND seq > %s",
            (mark,),
        ).fetchall()
    assert logged == [(team_db.login("sue"), str(anna_pass))]
    assert str(carl_pass) not in {row[1] for row in logged}


def test_every_table_of_the_schema_has_team_rules():
    """A table added by a later migration must get its policies here, or team init says so."""
    from vfcoach.storage.rows import Base

    assert set(TABLES) == set(Base.metadata.tables)
