"""`vfcoach team migrate`: a coach's own SQLite database moved into the team's, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.team.conftest import TeamDb
from vfcoach.services.team import admin

pytestmark = pytest.mark.postgres


def test_a_coachs_database_moves_once_and_counts_match(
    team_db: TeamDb, cli: Cli, cfr_video: Path, tmp_path: Path, sqlite_url: str
):
    mia, ole = team_db.login("mia"), team_db.login("ole")
    own = ("--db", sqlite_url)
    recording = cli("session", "add", cfr_video, "--family", "F-MIA-1", *own).out.strip()
    codes = tmp_path / "codes.csv"
    codes.write_text("code,start,end,modifiers,note\nFTL,0.1,1.2,,MIA-NOTE\n", "utf-8")
    assert cli("annotations", "import", recording, codes, "--coder", mia, *own).code == 0
    assert cli("annotations", "import", recording, codes, "--coder", ole, *own).code == 0
    held = cli("retention", "hold", "F-MIA-1", "--reason", "court order 7", *own)
    assert held.code == 0, held.err

    url = team_db.admin_url
    admin.init_team(url)
    admin.add_person(url, mia, "coach", "pw")
    move = ("team", "migrate", "--from", sqlite_url, "--to", url, "--coach", mia)
    missing = cli(*move)
    assert missing.code == 1 and ole in missing.error_line  # ole has no sign-in yet
    admin.add_person(url, ole, "coach", "pw")
    moved = cli(*move)
    assert moved.code == 0, moved.err
    assert "annotation: 2 here, 2 there" in moved.out and "family: 1 here, 1 there" in moved.out
    with team_db.connect(mia) as c:
        assert c.execute("SELECT code FROM family").fetchall() == [("F-MIA-1",)]
        notes = c.execute("SELECT note FROM annotation").fetchall()
        assert ("MIA-NOTE",) in notes
    with team_db.connect("postgres") as c:  # the hold came along: nobody erases it there
        assert c.execute(
            "SELECT h.reason FROM legal_hold h JOIN family f ON f.id = h.family_id"
            " WHERE f.code = 'F-MIA-1'"
        ).fetchall() == [("court order 7",)]
    assert "legal_hold: 1 here, 1 there" in moved.out
    again = cli(*move)
    assert again.code == 1 and "already in the team database" in again.error_line
    with team_db.connect("postgres") as c:
        assert c.execute("SELECT count(*) FROM annotation").fetchone() == (2,)
