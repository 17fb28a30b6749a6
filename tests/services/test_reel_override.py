"""Overrides with a reason and coach-view reels on a stored database (domain.md §5 rules 1, 2).

The export tests prove that no path gets an un-overridden concern clip, or any FR clip, past
`load_reel_for_export`: not a crafted row with an override on FR, not a blank reason.
"""

from __future__ import annotations

import pytest

from tests.actors import who
from tests.services.test_reels import Visit, code, make_visit
from tests.storage.conftest import annotation, moment
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.reels import Audience, ClipOverride, Reel, ReelClip, ReelRefused, new_clip_id
from vfcoach.services.reels.clips import CLIP_OVERRIDDEN, AddClipOperation, load_reel_for_export
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.services.reels.override import OverrideClipOperation
from vfcoach.storage.database import Database

REASON = "she asked to see the moment again"


@pytest.fixture(name="visit")
def visit_fixture(sqlite_db: Database) -> Visit:
    return make_visit(sqlite_db)


def new_reel(db: Database, visit: Visit, audience: Audience = Audience.CAREGIVER) -> Reel:
    return CreateReelOperation(db, visit.visit_id, audience=audience).run().reel


def add(db: Database, reel: Reel, first: int, last: int, **kw: object) -> Reel:
    assert reel.id is not None
    caption = "You waited for him."
    op = AddClipOperation(db, reel.id, None, reel_recording(db, reel), first, last, caption, **kw)  # type: ignore[arg-type]
    return op.run().reel


def reel_recording(db: Database, reel: Reel) -> RecordingId:
    with db.uow() as uow:
        return uow.recordings.for_visit(reel.visit_id)[0].id


def test_a_recoded_concern_is_overridden_with_a_reason_and_logged(
    sqlite_db: Database, visit: Visit
):
    reel = add(sqlite_db, new_reel(sqlite_db, visit), 500, 625)
    assert reel.id is not None
    code(sqlite_db, visit.pass_id, annotation(visit.pass_id, 560, "OVW"))
    with pytest.raises(ReelRefused, match="OVW"):
        load_reel_for_export(sqlite_db, reel.id)
    with pytest.raises(ReelRefused, match="at least 3 words"):
        OverrideClipOperation(sqlite_db, reel.id, 1, "ok", who(sqlite_db, "coach-a")).run()
    with pytest.raises(ReelRefused, match="no clip 2"):
        OverrideClipOperation(sqlite_db, reel.id, 2, REASON, who(sqlite_db, "coach-a")).run()
    result = OverrideClipOperation(
        sqlite_db, reel.id, 1, f"  {REASON} ", who(sqlite_db, "coach-a")
    ).run()
    assert result.reel.clips[0].override == ClipOverride(REASON, "coach-a")
    exported = load_reel_for_export(sqlite_db, reel.id)
    assert exported.for_caregiver
    assert any("OVW" in w.message and REASON in w.message for w in exported.warnings)
    with sqlite_db.uow() as uow:
        (event,) = uow.audit.list(action=CLIP_OVERRIDDEN)
    assert (event.actor, event.subject) == ("coach-a", f"reel:{reel.id}")
    assert event.detail == {"clip": str(reel.clips[0].id), "position": 1, "reason": REASON}
    assert event.at is not None


def test_nothing_to_override_and_fr_are_refused(sqlite_db: Database, visit: Visit):
    reel = add(sqlite_db, new_reel(sqlite_db, visit), 10, 135)
    assert reel.id is not None
    with pytest.raises(ReelRefused, match="nothing an override can lift"):
        OverrideClipOperation(sqlite_db, reel.id, 1, REASON, who(sqlite_db, "coach-a")).run()
    code(
        sqlite_db,
        visit.pass_id,
        annotation(visit.pass_id, 60, "FR", modifiers=(("subtype", "harsh"),)),
    )
    with pytest.raises(ReelRefused, match="never applies to FR"):
        OverrideClipOperation(sqlite_db, reel.id, 1, REASON, who(sqlite_db, "coach-a")).run()
    with pytest.raises(ReelRefused, match="FR at"):
        AddClipOperation(sqlite_db, reel.id, None, visit.recording_id, 20, 100, "Hi.",
                         override=ClipOverride(REASON, "coach-a")).run()  # fmt: skip


def test_one_override_at_a_time_leaves_the_other_refused_clip_refused(
    sqlite_db: Database, visit: Visit
):
    reel = add(sqlite_db, add(sqlite_db, new_reel(sqlite_db, visit), 100, 225), 700, 825)
    assert reel.id is not None
    code(sqlite_db, visit.pass_id, annotation(visit.pass_id, 150, "OVW"),
         annotation(visit.pass_id, 750, "NUR_MISS"))  # fmt: skip
    result = OverrideClipOperation(sqlite_db, reel.id, 1, REASON, who(sqlite_db, "coach-a")).run()
    assert [p.clip_id for p in result.warnings if p.is_error] == [reel.clips[1].id]
    with pytest.raises(ReelRefused, match="NUR_MISS") as refused:
        load_reel_for_export(sqlite_db, reel.id)
    assert "OVW" not in str(refused.value)


def test_add_with_an_override_keeps_an_intrusive_stretch(sqlite_db: Database, visit: Visit):
    code(sqlite_db, visit.pass_id, annotation(visit.pass_id, 300, "INT", 340))
    reel = new_reel(sqlite_db, visit)
    with pytest.raises(ReelRefused, match="INT"):
        add(sqlite_db, reel, 280, 400)
    kept = add(sqlite_db, reel, 280, 400, override=ClipOverride(REASON, "coach-b"))
    assert kept.clips[-1].override is not None
    with sqlite_db.uow() as uow:
        assert [e.actor for e in uow.audit.list(action=CLIP_OVERRIDDEN)] == ["coach-b"]


def crafted(db: Database, visit: Visit, audience: Audience, *clips: ReelClip) -> Reel:
    """Rows written straight through the repository, as a crafted import would."""
    with db.uow() as uow:
        family = uow.visits.get(visit.visit_id).family_id
        reel = uow.reels.add(Reel(visit.visit_id, family, "crafted", "x", clips, audience=audience))
        uow.commit()
    return reel


def free(visit: Visit, first: int, last: int, why: ClipOverride | None = None) -> ReelClip:
    return ReelClip(new_clip_id(), visit.recording_id, moment(first), moment(last), "Hi.",
                    override=why)  # fmt: skip


@pytest.mark.parametrize("audience", list(Audience))
def test_no_crafted_row_exports_fr_or_an_unjustified_concern(
    sqlite_db: Database, visit: Visit, audience: Audience
):
    code(sqlite_db, visit.pass_id, annotation(visit.pass_id, 900, "FR"),
         annotation(visit.pass_id, 1300, "OVW"))  # fmt: skip
    positives = (free(visit, 10, 135), free(visit, 300, 425))
    on_fr = crafted(sqlite_db, visit, audience, *positives,
                    free(visit, 880, 960, ClipOverride(REASON, "x")))  # fmt: skip
    blank = crafted(
        sqlite_db, visit, Audience.CAREGIVER, free(visit, 1280, 1360, ClipOverride(" ", "x"))
    )
    bare = crafted(sqlite_db, visit, Audience.CAREGIVER, free(visit, 1280, 1360))
    for reel, why in ((on_fr, "never applies"), (blank, "at least 3 words"), (bare, "OVW")):
        assert reel.id is not None
        with pytest.raises(ReelRefused, match=why):
            load_reel_for_export(sqlite_db, reel.id)


def test_a_coach_view_reel_holds_capped_corrective_clips_after_two_positives(
    sqlite_db: Database, visit: Visit
):
    code(sqlite_db, visit.pass_id, annotation(visit.pass_id, 800, "OVW"),
         annotation(visit.pass_id, 1100, "INT", 1150))  # fmt: skip
    reel = new_reel(sqlite_db, visit, Audience.COACH)
    assert reel.audience is Audience.COACH and reel.id is not None
    reel = add(sqlite_db, reel, 10, 135)
    with pytest.raises(ReelRefused, match="has 1 before it"):
        add(sqlite_db, reel, 760, 880)
    reel = add(sqlite_db, reel, 300, 425)
    reel = add(sqlite_db, reel, 760, 880)  # the corrective clip, third
    with pytest.raises(ReelRefused, match="needs an override"):
        add(sqlite_db, reel, 1080, 1200)
    reel = add(sqlite_db, reel, 1080, 1200, override=ClipOverride(REASON, "coach-a"))
    assert len(reel.clips) == 4
    exported = load_reel_for_export(sqlite_db, reel.id)
    assert not exported.for_caregiver
    assert sum("corrective clip" in w.message for w in exported.warnings) == 2
    same = (free(visit, c.start.frame, c.end.frame) for c in reel.clips[:3])
    as_caregiver = crafted(sqlite_db, visit, Audience.CAREGIVER, *same)
    assert as_caregiver.id is not None
    with pytest.raises(ReelRefused, match="OVW"):  # the same moments under caregiver rules
        load_reel_for_export(sqlite_db, as_caregiver.id)
