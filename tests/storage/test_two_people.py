"""Two people, two processes, one pass / reel / scheme: exactly one edit wins (issue 13 §3).

Both processes read the same thing first, then are released together and save an edit made
against what they read. Whichever commits second finds the row's version or revision moved
and is refused with `EditConflict`; the stored row holds the winner's edit whole. On SQLite
and on PostgreSQL, each process with its own connection.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storage.conftest import World, annotation, build_world, moment
from vfcoach.coding.ids import PassId, SchemeId
from vfcoach.coding.reels import Audience, Reel, ReelClip, ReelId, new_clip_id
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.storage.database import Database

ROOT = Path(__file__).resolve().parents[2]


def race(url: str, kind: str, ident: int) -> dict[str, str]:
    """Run two people's edits of the same thing; their last output line, by name."""
    people = {
        who: subprocess.Popen(
            [sys.executable, "-m", "tests.storage.edit_worker", url, kind, str(ident), who],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("anna", "ben")
    }
    for proc in people.values():  # both have read before either writes
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr
    results = {}
    for who, proc in people.items():
        out, err = proc.communicate("go\n", timeout=60)
        assert proc.returncode == 0, err
        results[who] = out.strip().splitlines()[-1]
    return results


def one_won(results: dict[str, str]) -> str:
    saved = [who for who, line in results.items() if line == "saved"]
    refused = [line for line in results.values() if line.startswith("refused ")]
    assert len(saved) == 1 and len(refused) == 1, results
    assert "changed" in refused[0], refused
    return saved[0]


def test_two_people_edit_the_same_event(db: Database, db_url: str):
    world = build_world(db)
    with db.uow() as uow:
        uow.annotations.add(annotation(world.cpass.id, 10, note="first"))
        uow.commit()
    winner = one_won(race(db_url, "pass", world.cpass.id))
    with db.uow() as uow:
        (stored,) = uow.annotations.for_pass(PassId(world.cpass.id))
    assert stored.note == winner


def _reel(db: Database, world: World) -> Reel:
    clip = ReelClip(new_clip_id(), world.recording.id, moment(10), moment(60), caption="start")
    reel = Reel(world.visit.id, world.family.id, "Visit 1", "coach-a", (clip,),
                audience=Audience.COACH)  # fmt: skip
    with db.uow() as uow:
        stored = uow.reels.add(reel)
        uow.commit()
    return stored


def test_two_people_edit_the_same_reel(db: Database, db_url: str):
    stored = _reel(db, build_world(db))
    assert stored.id is not None and stored.revision == 1
    winner = one_won(race(db_url, "reel", stored.id))
    with db.uow() as uow:
        after = uow.reels.get(ReelId(stored.id))
    assert [c.caption for c in after.clips] == [winner]
    assert after.revision == 2


def test_two_people_edit_the_same_scheme(db: Database, db_url: str):
    with db.uow() as uow:
        draft = dataclasses.replace(builtin_scheme("abc-style"), name="team draft", id=None)
        scheme = uow.schemes.add(draft)
        uow.commit()
    assert scheme.id is not None and not scheme.locked
    winner = one_won(race(db_url, "scheme", scheme.id))
    with db.uow() as uow:
        after = uow.schemes.get(SchemeId(scheme.id))
        assert uow.schemes.latest("team draft") == after  # no second version appeared
    assert after.description == winner and after.revision == 2


def test_an_edit_of_an_older_reel_revision_is_refused_and_changes_nothing(db: Database):
    from vfcoach.services.reels.clip_edits import EditClipTextOperation
    from vfcoach.storage.errors import EditConflict

    stored = _reel(db, build_world(db))
    assert stored.id is not None
    clip = stored.clips[0].id
    EditClipTextOperation(db, stored.id, clip, caption="mine", seen_revision=1).run()
    with pytest.raises(EditConflict, match="this reel was changed by someone else"):
        EditClipTextOperation(db, stored.id, clip, caption="stale", seen_revision=1).run()
    with db.uow() as uow:
        assert [c.caption for c in uow.reels.get(ReelId(stored.id)).clips] == ["mine"]
