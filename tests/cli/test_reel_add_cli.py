"""`vfcoach reel add` (chosen events or a free range) and `reel create --as` (blind guard)."""

from __future__ import annotations

import json

import pytest

from tests.actors import who
from tests.cli.conftest import Cli
from tests.cli.test_reel_cli import visit  # noqa: F401  (the fixture: Ana coded NUR, FTL, DEL, FR)
from vfcoach.coding.ids import VisitId
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database


def event_ids(sqlite_url: str) -> dict[str, str]:
    with Database.open(sqlite_url) as db, db.uow() as uow:
        (cpass,) = uow.passes.for_recording(uow.recordings.list()[0].id)
        return {a.code_key: str(a.id) for a in uow.annotations.for_pass(cpass.id)}


@pytest.fixture
def empty_reel(cli: Cli, sqlite_url: str, visit: VisitId) -> int:  # noqa: F811
    made = cli(
        "reel", "create", visit, "--from-codes", "CALM", "--coder", "Ana", "--db", sqlite_url
    )  # fmt: skip  (abc-style has no CALM: an empty reel)
    assert made.code == 0, made.err
    return int(made.out.strip())


def test_add_events_prints_each_clip_and_each_refusal(cli: Cli, sqlite_url: str, empty_reel: int):
    db, ids = ("--db", sqlite_url), event_ids(sqlite_url)
    done = cli("reel", "add", empty_reel, "--annotation", ids["FTL"], "--annotation", ids["FR"],
               "--annotation", ids["NUR"], "--talking-point", "Ask what she saw",
               "--by", "Ana", *db)  # fmt: skip
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert lines[0].startswith("added clip 1: recording 1  00:00:10.000 - 00:00:10.000")
    assert lines[0].endswith("caption: You comforted your child as soon as they were upset.")
    assert lines[1].startswith("added clip 2: recording 1  00:00:28.000 - 00:00:34.000")
    assert "refused: FR at 00:00:40.000: not for caregivers" in done.err
    shown = json.loads(cli("reel", "show", empty_reel, "--json", *db).out)
    assert [c["annotation"] for c in shown["clips"]] == [ids["NUR"], ids["FTL"]]
    assert {c["talking_point_coach_only"] for c in shown["clips"]} == {"Ask what she saw"}
    only_refused = cli("reel", "add", empty_reel, "--annotation", ids["FR"], *db)
    assert only_refused.code == 1 and not only_refused.out
    assert only_refused.err.startswith("refused: FR at 00:00:40.000")


def test_add_a_free_range(cli: Cli, sqlite_url: str, empty_reel: int):
    db = ("--db", sqlite_url)
    done = cli("reel", "add", empty_reel, "--from", "4.01", "--to", "0:08", "--recording", 1,
               "--caption", "You waited for him.", *db)  # fmt: skip
    assert done.code == 0, done.err
    assert done.out.startswith("added clip 1: recording 1  00:00:04.000 - 00:00:08.000")
    (clip,) = json.loads(cli("reel", "show", empty_reel, "--json", *db).out)["clips"]
    assert (clip["in"]["frame"], clip["out"]["frame"], clip["annotation"]) == (100, 200, None)
    backwards = cli("reel", "add", empty_reel, "--from", "8", "--to", "4", "--recording", 1, *db)
    assert backwards.code == 1 and "comes before the in point" in backwards.err
    outside = cli("reel", "add", empty_reel, "--from", "50", "--to", "90", "--recording", 1, *db)
    assert "outside the recording" in outside.error_line
    around_fr = cli("reel", "add", empty_reel, "--from", "39", "--to", "41", "--recording", 1,
                    "--caption", "Look.", *db)  # fmt: skip
    assert around_fr.code == 1 and "refused: 39 - 41: not for caregivers" in around_fr.err
    assert len(json.loads(cli("reel", "show", empty_reel, "--json", *db).out)["clips"]) == 1


def test_add_refuses_bad_input_in_one_line(cli: Cli, sqlite_url: str, empty_reel: int):
    db, ids = ("--db", sqlite_url), event_ids(sqlite_url)
    assert "not an event id" in cli("reel", "add", empty_reel, "--annotation", "x1", *db).error_line
    both = cli("reel", "add", empty_reel, "--annotation", ids["NUR"], "--from", "1", *db)
    assert "not both" in both.error_line
    half = cli("reel", "add", empty_reel, "--from", "1", "--to", "2", *db)
    assert "needs --from TIME, --to TIME and --recording ID" in half.error_line
    assert "not a time" in cli("reel", "add", empty_reel, "--from", "soon", "--to", "2",
                               "--recording", 1, *db).error_line  # fmt: skip
    assert "reel 99 does not exist" in cli("reel", "add", 99, "--from", "1", "--to", "2",
                                           "--recording", 1, *db).error_line  # fmt: skip


def test_create_reads_passes_as_the_acting_coder(cli: Cli, sqlite_url: str, visit: VisitId):  # noqa: F811
    db = ("--db", sqlite_url)
    with Database.open(sqlite_url) as database:
        with database.uow() as uow:
            rec = uow.recordings.list()[0].id
        AssignOperation(database, rec, "Ben", actor=who(database, "Sue")).run()
        start_coding(database, rec, who(database, "Ben"))  # Ben's blind pass
    hidden = cli("reel", "create", visit, "--coder", "Ana", "--as", "Ben", *db)
    assert "Ana's codes stay hidden from Ben" in hidden.error_line
    assert "say who is asking" in cli("reel", "create", visit, "--coder", "Ana", *db).error_line
    own = cli("reel", "create", visit, "--coder", "Ana", "--as", "Ana", *db)
    assert own.code == 0, own.err


def test_a_warning_said_of_several_clips_is_printed_once_with_their_count(capsys) -> None:
    from vfcoach.cli.commands.reels import _warn
    from vfcoach.coding.reels import Problem, Severity
    from vfcoach.coding.reels.model import new_clip_id

    same = "the clip has no caption for the caregiver yet"
    _warn(
        (
            Problem(Severity.WARNING, same, new_clip_id()),
            Problem(Severity.WARNING, "clip 2 is 3 s long", new_clip_id()),
            Problem(Severity.WARNING, same, new_clip_id()),
        )
    )
    assert capsys.readouterr().err.splitlines() == [
        f"warning: {same} (2 clips)",
        "warning: clip 2 is 3 s long",
    ]
