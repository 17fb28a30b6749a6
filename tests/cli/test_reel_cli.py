"""`vfcoach reel create|list|show|override`: the operations' results, one-line errors, no Qt."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.cli.conftest import REPO, Cli
from tests.consent_helpers import agree_in
from tests.storage.conftest import annotation, media_facts
from vfcoach.coding.ids import VisitId
from vfcoach.storage.database import Database


@pytest.fixture
def visit(sqlite_url: str) -> VisitId:
    from vfcoach.coding.scheme_json import builtin_scheme

    with Database.open(sqlite_url) as db, db.uow() as uow:
        family = uow.families.add("F-0009")
        agree_in(uow, family.id)  # caregiver reels, supervision: the family agreed
        visit = uow.visits.add(family.id, 1)
        rec = uow.recordings.add(visit.id, "/media/v.mp4", media_facts("sha256:c", 1500))
        scheme = uow.schemes.ensure(builtin_scheme("abc-style"))
        assert scheme.id is not None
        coder = uow.coders.get_or_create("Ana")
        cpass = uow.passes.get_or_create(rec.id, coder.id, scheme.id)
        for a in (
            annotation(cpass.id, 250),
            annotation(cpass.id, 700, "FTL", 850),
            annotation(cpass.id, 1300, "DEL"),
            annotation(cpass.id, 1000, "FR"),
        ):
            uow.annotations.add(a)
        uow.commit()
    return visit.id


def test_create_list_show(cli: Cli, sqlite_url: str, visit: VisitId):
    db = ("--db", sqlite_url)
    made = cli("reel", "create", visit, "--from-codes", "NUR,FTL", "--max-clips", "5",
               "--pre", "2", "--post", "3", "--coder", "Ana", *db)  # fmt: skip
    assert made.code == 0, made.err
    reel_id = int(made.out.strip())
    shown = json.loads(cli("reel", "show", reel_id, "--json", *db).out)
    assert [c["pre_roll_ms"] for c in shown["clips"]] == [2000, 2000]
    assert [c["post_roll_ms"] for c in shown["clips"]] == [3000, 3000]
    assert shown["clips"][0]["caption"].startswith("You comforted")
    listed = cli("reel", "list", visit, *db)
    assert listed.code == 0 and f"{reel_id}\tVisit 1 highlights\t2 clip(s)" in listed.out
    assert json.loads(cli("reel", "list", visit, "--json", *db).out)[0]["id"] == reel_id
    text_form = cli("reel", "show", reel_id, *db).out
    assert "caption: You comforted" in text_form and "frames 250-" in text_form


def test_errors_are_one_line(cli: Cli, sqlite_url: str, visit: VisitId):
    db = ("--db", sqlite_url)
    assert "visit 999 does not exist" in cli("reel", "create", 999, *db).error_line
    assert "reel 42 does not exist" in cli("reel", "show", 42, *db).error_line
    assert "coded by 'Bo'" in cli("reel", "create", visit, "--coder", "Bo", *db).error_line
    assert cli("reel", "create", visit, "--pre", "soon", *db).code == 2


def test_reel_commands_never_load_qt(sqlite_url: str, visit: VisitId) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        import vfcoach.cli
        db = ['--db', {sqlite_url!r}]
        assert vfcoach.cli.main(['reel', 'create', '{visit}', *db]) == 0
        assert vfcoach.cli.main(['reel', 'list', '{visit}', *db]) == 0
        assert vfcoach.cli.main(['reel', 'show', '1', *db]) == 0
        loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))
        assert not loaded, loaded
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


# ---- coach-view reels and overrides (domain.md §5 rules 1 and 2) ----


def _code(sqlite_url: str, frame: int, key: str) -> None:
    with Database.open(sqlite_url) as db, db.uow() as uow:
        (cpass,) = uow.passes.for_recording(uow.recordings.list()[0].id)
        uow.annotations.add(annotation(cpass.id, frame, key))
        uow.commit()


def test_create_a_coach_view_reel(cli: Cli, sqlite_url: str, visit: VisitId):
    db = ("--db", sqlite_url)
    made = cli("reel", "create", visit, "--audience", "coach", "--coder", "Ana", *db)
    assert made.code == 0, made.err
    reel_id = int(made.out.strip())
    assert json.loads(cli("reel", "show", reel_id, "--json", *db).out)["audience"] == "coach"
    assert "coach-view reel" in cli("reel", "show", reel_id, *db).out
    bad = cli("reel", "create", visit, "--audience", "everyone", "--coder", "Ana", *db)
    assert bad.code == 2 and "invalid choice" in bad.err


def test_override_one_refused_clip_with_a_reason(cli: Cli, sqlite_url: str, visit: VisitId):
    db = ("--db", sqlite_url)
    reel_id = int(cli("reel", "create", visit, "--from-codes", "NUR", "--coder", "Ana", *db).out)
    _code(sqlite_url, 260, "OVW")  # recoded after the reel was made
    short = cli("reel", "override", reel_id, 1, "--reason", "fine", "--by", "Ana", *db)
    assert short.code == 1 and "at least 3 words" in short.error_line
    kept = cli(
        "reel", "override", reel_id, 1, "--reason", "she wants to see it", "--by", "Ana", *db
    )
    assert kept.code == 0, kept.err
    assert f"clip 1 of reel {reel_id} kept on override by Ana" in kept.out
    shown = json.loads(cli("reel", "show", reel_id, "--json", *db).out)
    assert shown["clips"][0]["override"] == {"reason": "she wants to see it", "by": "Ana"}
    assert "kept on override by Ana: she wants to see it" in cli("reel", "show", reel_id, *db).out
    with Database.open(sqlite_url) as database, database.uow() as uow:
        (event,) = uow.audit.list(action="reel.clip_overridden")
    assert event.actor == "Ana" and event.detail["reason"] == "she wants to see it"
    _code(sqlite_url, 255, "FR")
    fr = cli("reel", "override", reel_id, 1, "--reason", "she wants to see it", "--by", "Ana", *db)
    assert fr.code == 1 and "never applies to FR" in fr.error_line
