"""Recordings keep their media facts and frame map exactly, on both backends."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.storage.conftest import World, media_facts
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import RecordingId, SchemeId, VisitId
from vfcoach.coding.project import Recording
from vfcoach.storage.database import Database
from vfcoach.storage.errors import NotFound


def test_recording_round_trip_keeps_every_fact(db: Database, world: World):
    vfr = FrameMap(pts_ms=[0, 33, 70, 100, 140, 171], last_frame_ms=29)  # variable frame rate
    facts = replace(media_facts("sha256:vfr"), fps=29.97, frame_map_blob=vfr.to_bytes())
    with db.uow() as uow:
        added = uow.recordings.add(
            world.visit.id, "/media/é ü/visit 1.MOV", facts, world.scheme.id, "tablet"
        )
        uow.commit()
    assert added == Recording(
        added.id, world.visit.id, "/media/é ü/visit 1.MOV", facts, world.scheme.id, "tablet"
    )
    with db.uow() as uow:
        stored = uow.recordings.get(added.id)
        assert stored == added
        assert isinstance(stored.facts.frame_map_blob, bytes)
        assert uow.recordings.frame_map(added.id) == vfr


def test_recordings_by_visit_list_and_fingerprint(db: Database, world: World):
    with db.uow() as uow:
        visit2 = uow.visits.add(world.family.id, 2)
        copy = uow.recordings.add(visit2.id, "/elsewhere/visit1.mp4", media_facts())
        other = uow.recordings.add(visit2.id, "/media/visit2.mp4", media_facts("sha256:def"))
        uow.commit()
    with db.uow() as uow:
        assert uow.recordings.for_visit(world.visit.id) == [world.recording]
        assert uow.recordings.for_visit(visit2.id) == [copy, other]
        assert uow.recordings.list() == [world.recording, copy, other]
        assert uow.recordings.by_fingerprint("sha256:abc") == [world.recording, copy]
        assert uow.recordings.by_fingerprint("sha256:none") == []
        assert uow.recordings.media_paths() == [
            (r.id, r.media_path) for r in (world.recording, copy, other)
        ]


def test_set_path_and_scheme(db: Database, world: World):
    with db.uow() as uow:
        uow.recordings.set_path(world.recording.id, "/moved/visit1.mp4")
        uow.recordings.set_scheme(world.recording.id, world.scheme.id)
        uow.commit()
    with db.uow() as uow:
        stored = uow.recordings.get(world.recording.id)
        assert stored.media_path == "/moved/visit1.mp4"
        assert stored.scheme_id == world.scheme.id
        uow.recordings.set_scheme(world.recording.id, None)
        uow.commit()
    with db.uow() as uow:
        assert uow.recordings.get(world.recording.id).scheme_id is None


def test_missing_recording_visit_or_scheme_is_not_found(db: Database, world: World):
    missing = RecordingId(4242)
    with db.uow() as uow:
        with pytest.raises(NotFound):
            uow.recordings.get(missing)
        with pytest.raises(NotFound):
            uow.recordings.frame_map(missing)
        with pytest.raises(NotFound):
            uow.recordings.set_path(missing, "/x.mp4")
        with pytest.raises(NotFound):
            uow.recordings.add(VisitId(4242), "/x.mp4", media_facts())
        with pytest.raises(NotFound):
            uow.recordings.add(world.visit.id, "/x.mp4", media_facts(), SchemeId(4242))
        with pytest.raises(NotFound):
            uow.recordings.set_scheme(world.recording.id, SchemeId(4242))
