"""The caption placement is remembered per reel, audit-logged, and refuses unknown places."""

from __future__ import annotations

import pytest

from tests.services.test_reels import make_visit
from vfcoach.coding.reels import ReelId
from vfcoach.services.access import Actor
from vfcoach.services.reels.caption_place import (
    UnknownCaptionPlace,
    caption_place,
    set_caption_place,
)
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.storage.database import Database
from vfcoach.storage.errors import NotFound


def test_each_reel_keeps_its_own_placement(db: Database) -> None:
    visit = make_visit(db)
    first = CreateReelOperation(db, visit.visit_id, []).run().reel
    second = CreateReelOperation(db, visit.visit_id, []).run().reel
    assert first.id is not None and second.id is not None
    assert caption_place(db, first.id) == "burn"  # never chosen: in the picture, as before
    assert set_caption_place(db, first.id, "subtitles", Actor("coach-a")) == "subtitles"
    assert caption_place(db, first.id) == "subtitles" and caption_place(db, second.id) == "burn"
    with db.uow() as uow:
        events = [e for e in uow.audit.list() if e.action == "reel.caption_place"]
    assert [(e.actor, e.detail) for e in events] == [("coach-a", {"place": "subtitles"})]


def test_unknown_places_and_reels_are_refused(db: Database) -> None:
    visit = make_visit(db)
    reel = CreateReelOperation(db, visit.visit_id, []).run().reel
    assert reel.id is not None
    with pytest.raises(UnknownCaptionPlace, match="not 'above'"):
        set_caption_place(db, reel.id, "above", Actor("coach-a"))
    with pytest.raises(NotFound):
        set_caption_place(db, ReelId(9999), "none", Actor("coach-a"))
    assert caption_place(db, reel.id) == "burn"
