"""Erasing on a team database: the coach of a family erases it under the server's own rules,
a colleague cannot touch it, and a refusal by the server comes before anything is deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.team.conftest import TeamDb
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.retention import CodesAfter, RetentionRefused, RetentionRule
from vfcoach.services.access import actor_named
from vfcoach.services.retention.erase import EraseFamilyOperation
from vfcoach.services.retention.rules import place_hold, release_hold, set_rule
from vfcoach.services.team import admin
from vfcoach.storage.database import Database

pytestmark = pytest.mark.postgres

REASON = "the family asked for it"


def _url(team_db: TeamDb, login: str) -> str:
    return f"postgresql://{login}@127.0.0.1:{team_db.server.port}/{team_db.name}"


@pytest.fixture(scope="module")
def people(team_db: TeamDb) -> tuple[str, str, str]:
    url = team_db.admin_url
    admin.init_team(url)
    anna, bert, sue = (team_db.login(n) for n in ("anna", "bert", "sue"))
    admin.add_person(url, sue, "supervisor", "pw")
    admin.add_person(url, anna, "coach", "pw", supervisor=sue)
    admin.add_person(url, bert, "coach", "pw")
    with Database.open(url) as db, db.uow() as uow:
        for code in ("FAM-A1", "FAM-A2", "FAM-A3"):
            family = uow.families.add(code)
            uow.visits.add(family.id, 1)
        uow.commit()
    admin.caseload_add(url, anna, "FAM-A1")
    admin.caseload_add(url, anna, "FAM-A2")
    admin.caseload_add(url, anna, "FAM-A3")
    admin.add_person(url, team_db.login("ada"), "admin", "pw")
    return anna, bert, sue


def _codes(team_db: TeamDb) -> set[str]:
    with Database.open(team_db.admin_url) as db, db.uow() as uow:
        return {f.code for f in uow.families.list()}


def test_the_coach_erases_their_family_and_a_colleague_cannot(
    team_db: TeamDb, people: tuple[str, str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    anna, bert, _sue = people
    monkeypatch.setenv("VFCOACH_DATA", str(tmp_path))
    with Database.open(_url(team_db, bert)) as db, pytest.raises(VfcoachError, match="no family"):
        EraseFamilyOperation(db, "FAM-A1", REASON, actor_named(db, None)).run()  # not his
    with Database.open(_url(team_db, anna)) as db:
        result = EraseFamilyOperation(db, "FAM-A1", REASON, actor_named(db, None)).run()
        assert result.family_code == "FAM-A1"
        with db.uow() as uow:
            (record,) = uow.erasures.list()
        assert record.status == "done" and record.actor == anna
    assert "FAM-A1" not in _codes(team_db)
    with Database.open(_url(team_db, bert)) as db, db.uow() as uow:
        assert uow.erasures.list() == []  # a colleague does not read who erased what


def test_a_server_refusal_comes_before_anything_is_deleted(
    team_db: TeamDb, people: tuple[str, str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    anna, _bert, sue = people
    monkeypatch.setenv("VFCOACH_DATA", str(tmp_path))
    with Database.open(_url(team_db, sue)) as db:
        set_rule(db, RetentionRule("ABC", 24, 12, CodesAfter.DEIDENTIFY), actor_named(db, None))
    with Database.open(_url(team_db, anna)) as db:
        with pytest.raises(RetentionRefused, match="only an admin may do that"):
            EraseFamilyOperation(db, "FAM-A2", REASON, actor_named(db, None)).run()
        with db.uow() as uow:
            assert uow.erasures.pending() == []
    assert "FAM-A2" in _codes(team_db)
    with Database.open(_url(team_db, team_db.login("ada"))) as db:
        EraseFamilyOperation(db, "FAM-A2", REASON, actor_named(db, None)).run()
    codes = _codes(team_db)
    assert "FAM-A2" not in codes and any(c.startswith("ERASED-") for c in codes)


def test_holds_are_for_supervisors_and_admins(
    team_db: TeamDb, people: tuple[str, str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    anna, _bert, sue = people
    monkeypatch.setenv("VFCOACH_DATA", str(tmp_path))
    with (
        Database.open(_url(team_db, anna)) as db,
        pytest.raises(RetentionRefused, match="only a supervisor"),
    ):
        place_hold(db, "FAM-A3", "court order 17", actor_named(db, None))
    with Database.open(_url(team_db, sue)) as db:
        place_hold(db, "FAM-A3", "court order 17", actor_named(db, None))
        assert release_hold(db, "FAM-A3", actor_named(db, None))
    ada = team_db.login("ada")
    with Database.open(_url(team_db, ada)) as db:
        place_hold(db, "FAM-A3", "court order 18", actor_named(db, None))
    with (
        Database.open(_url(team_db, anna)) as db,
        pytest.raises(RetentionRefused, match="legal hold"),
    ):
        EraseFamilyOperation(db, "FAM-A3", REASON, actor_named(db, None)).run()
