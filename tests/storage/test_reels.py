"""The reel repository on SQLite and PostgreSQL: round trip, replace clips, list, delete."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from tests.storage.conftest import World, annotation, build_world, moment
from vfcoach.coding.reels import Audience, ClipOverride, Reel, ReelClip, ReelId, new_clip_id
from vfcoach.storage.database import Database
from vfcoach.storage.engine import make_engine
from vfcoach.storage.errors import NotFound, StorageError
from vfcoach.storage.migrate import current_revisions, downgrade_to, head_revision, migrate_to_head


def make_reel(world: World, *clips: ReelClip) -> Reel:
    return Reel(
        world.visit.id, world.family.id, "Visit 1", "coach-a", tuple(clips), None, 2000, 3000
    )


def make_clip(world: World, start: int, end: int, **kw: object) -> ReelClip:
    return ReelClip(new_clip_id(), world.recording.id, moment(start), moment(end), **kw)  # type: ignore[arg-type]


def test_round_trip_keeps_every_field(db: Database, world: World):
    a = annotation(world.cpass.id, 10)
    first = make_clip(
        world, 5, 60, caption="You held her.", annotation_id=a.id, talking_point="ask: bedtime",
        slow_motion=0.5, freeze_end_ms=1500, pre_roll_ms=2000, post_roll_ms=3000,
    )  # fmt: skip
    second = make_clip(world, 100, 150, caption="You waited.")
    with db.uow() as uow:
        stored = uow.reels.add(make_reel(world, first, second))
        uow.commit()
    assert stored.id is not None and stored.created_at is not None
    with db.uow() as uow:
        again = uow.reels.get(stored.id)
    assert again == stored
    assert again.clips == (first, second)
    assert again.family_id == world.family.id
    assert (again.pre_roll_ms, again.post_roll_ms) == (2000, 3000)


def test_update_replaces_and_reorders_clips(db: Database, world: World):
    a, b, c = (make_clip(world, s, s + 20) for s in (0, 50, 100))
    with db.uow() as uow:
        reel = uow.reels.add(make_reel(world, a, b))
        uow.commit()
    with db.uow() as uow:
        updated = uow.reels.update(reel.with_clips((b, c, a)))
        uow.commit()
    with db.uow() as uow:
        assert uow.reels.get(updated.id).clips == (b, c, a)  # type: ignore[arg-type]


def test_list_for_visit_and_delete(db: Database, world: World):
    with db.uow() as uow:
        one = uow.reels.add(make_reel(world, make_clip(world, 0, 10)))
        two = uow.reels.add(make_reel(world))
        uow.commit()
    with db.uow() as uow:
        assert [r.id for r in uow.reels.list_for_visit(world.visit.id)] == [one.id, two.id]
        assert one.id is not None
        uow.reels.delete(one.id)
        uow.commit()
    with db.uow() as uow:
        assert [r.id for r in uow.reels.list_for_visit(world.visit.id)] == [two.id]
        with pytest.raises(NotFound):
            uow.reels.get(ReelId(one.id))


def test_refusals(db: Database, world: World):
    clip = make_clip(world, 0, 10)
    with db.uow() as uow:
        with pytest.raises(StorageError, match="title"):
            uow.reels.add(Reel(world.visit.id, world.family.id, " ", "coach", ()))
        with pytest.raises(StorageError, match="twice"):
            uow.reels.add(make_reel(world, clip, clip))
    with db.uow() as uow, pytest.raises(NotFound, match="visit"):
        uow.reels.add(Reel(world.visit.id + 99, world.family.id, "x", "coach", ()))  # type: ignore[arg-type]


# ---- audience and per-clip override (migration 0005) -------------------------------------


def test_audience_and_override_round_trip_and_the_audience_never_changes(
    db: Database, world: World
):
    kept = make_clip(world, 5, 60, override=ClipOverride("she asked to see it again", "coach-a"))
    plain = make_clip(world, 100, 150)
    coach = dataclasses.replace(make_reel(world, plain, kept), audience=Audience.COACH)
    with db.uow() as uow:
        stored = uow.reels.add(coach)
        default = uow.reels.add(make_reel(world))
        uow.commit()
    with db.uow() as uow:
        again = uow.reels.get(stored.id)  # type: ignore[arg-type]
        assert uow.reels.get(default.id).audience is Audience.CAREGIVER  # type: ignore[arg-type]
    assert again.audience is Audience.COACH
    assert again.clips == (plain, kept) and again.clips[1].override == kept.override
    with db.uow() as uow, pytest.raises(StorageError, match="coach reel"):
        uow.reels.update(dataclasses.replace(again, audience=Audience.CAREGIVER))


def test_a_half_written_override_or_unknown_audience_is_refused_by_the_database(
    db: Database, world: World
):
    with db.uow() as uow:
        reel = uow.reels.add(make_reel(world, make_clip(world, 0, 10)))
        uow.commit()
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text("UPDATE reel_clip SET override_reason = 'because I say so'"))
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text("UPDATE reel SET audience = 'everyone' WHERE id = :id"), {"id": reel.id})


def test_migration_0005_makes_existing_reels_caregiver_reels_and_guards_downgrade(db_url: str):
    with Database.open(db_url) as db:
        world = build_world(db)
        with db.uow() as uow:
            old = uow.reels.add(make_reel(world, make_clip(world, 0, 10)))
            uow.commit()
    engine = make_engine(db_url, poolclass=NullPool)
    try:
        downgrade_to(engine, "0004")  # back to reels without an audience
        migrate_to_head(engine)
    finally:
        engine.dispose()
    with Database.open(db_url) as db, db.uow() as uow:
        got = uow.reels.get(old.id)  # type: ignore[arg-type]
        assert got.audience is Audience.CAREGIVER and got.clips[0].override is None
        uow.reels.add(dataclasses.replace(make_reel(world), audience=Audience.COACH))
        uow.commit()
    engine = make_engine(db_url, poolclass=NullPool)
    try:
        with pytest.raises(RuntimeError, match="1 coach-view reel"):
            downgrade_to(engine, "0004")
        assert current_revisions(engine) == (head_revision(),)
    finally:
        engine.dispose()
