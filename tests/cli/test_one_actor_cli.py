"""One command, one person (issue 11 §1): the name after `--by` is resolved once, into one `Actor`.

`reel add` reads the chosen event through the blind guard, checks the reel and writes two
audit rows (the supervisor's blind read, the reel edit). Before the `Actor`, each step was
handed the name and looked it up again; now the command resolves it once and every step
judges, and every row records, that same person with the role the database gave them.
"""

from __future__ import annotations

import pytest

from tests.actors import who
from tests.cli.conftest import Cli
from tests.cli.test_reel_cli import visit  # noqa: F401  (the fixture: Ana coded NUR, FTL, DEL, FR)
from tests.storage.conftest import annotation
from vfcoach.coding.annotation import AnnotationId
from vfcoach.coding.double_coding import BLIND_READ
from vfcoach.coding.ids import VisitId
from vfcoach.coding.project import CoderRole
from vfcoach.coding.reels import Audience
from vfcoach.services.access import SYSTEM
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reels.clips import REEL_EDITED
from vfcoach.services.reels.moments import NewReelOperation
from vfcoach.services.reliability.plan import AssignOperation, set_role
from vfcoach.storage.database import Database


@pytest.fixture
def blind_event(sqlite_url: str, visit: VisitId) -> tuple[int, AnnotationId]:  # noqa: F811
    """Sue supervises; Ben codes Ana's recording blind and marked a NUR; Sue's empty reel."""
    with Database.open(sqlite_url) as db:
        set_role(db, "Sue", CoderRole.SUPERVISOR, None, SYSTEM)  # the first supervisor
        with db.uow() as uow:
            rec = uow.recordings.list()[0].id
        AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run()
        nur = annotation(start_coding(db, rec, who(db, "Ben")).coding_pass.id, 500)
        with db.uow() as uow:
            uow.annotations.add(nur)
            uow.commit()
        made = NewReelOperation(db, visit, "For Mia", Audience.CAREGIVER, who(db, "Sue")).run()
    assert made.reel.id is not None
    return made.reel.id, nur.id


def test_every_step_of_one_command_acts_as_the_one_resolved_supervisor(
    cli: Cli, sqlite_url: str, blind_event: tuple[int, AnnotationId]
) -> None:
    reel, nur = blind_event
    db = ("--db", sqlite_url)
    refused = cli("reel", "add", reel, "--annotation", str(nur), "--by", "Ana", *db)
    assert refused.code == 1 and "Ben's codes stay hidden from Ana" in refused.err
    done = cli("reel", "add", reel, "--annotation", str(nur), "--by", "  Sue  ", *db)
    assert done.code == 0, done.err
    assert done.out.startswith("added clip 1: recording 1  00:00:20.000")
    with Database.open(sqlite_url) as database, database.uow() as uow:
        (read,) = uow.audit.list(action=BLIND_READ)
        (edit,) = [
            e for e in uow.audit.list(action=REEL_EDITED) if e.detail["what"] == "clip added"
        ]
    assert (read.actor, read.detail["coder"], read.detail["why"]) == ("Sue", "Ben", "supervision")
    assert edit.actor == "Sue" and edit.subject == f"reel:{reel}"
