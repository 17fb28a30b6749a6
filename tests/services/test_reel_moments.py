"""Hand-picked moments (issue 5 §1): chosen events, a free range, trims of overridden clips,
and the blind-coding guard on suggestions. Both backends, through the operations the main
window and `vfcoach reel add` share.
"""

from __future__ import annotations

import uuid

import pytest

from tests.actors import who
from tests.services.test_double_coding import coded
from tests.services.test_reels import Visit, code, make_visit
from tests.storage.conftest import annotation, moment
from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.ids import AnnotationId, RecordingId, VisitId
from vfcoach.coding.reels import Audience, Reel, ReelRefused, Severity
from vfcoach.services.access import BlindCodingRefused
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reels.clip_edits import EditClipTextOperation, TrimClipOperation
from vfcoach.services.reels.clips import (
    REEL_CREATED,
    AddClipOperation,
    load_reel_for_export,
)
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.services.reels.moments import AddMomentsOperation, NewReelOperation
from vfcoach.services.reels.override import OverrideClipOperation
from vfcoach.services.reels.trim import concerns_under
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database

REASON = "she asked to see this moment again"


@pytest.fixture(name="visit")
def visit_fixture(db: Database) -> Visit:
    return make_visit(db)


def new_reel(db: Database, visit_id: VisitId, audience: Audience = Audience.CAREGIVER) -> Reel:
    reel = NewReelOperation(db, visit_id, "  For  Mia ", audience, who(db, "coach-b")).run().reel
    assert reel.id is not None
    return reel


def stored(db: Database, reel: Reel) -> Reel:
    assert reel.id is not None
    with db.uow() as uow:
        return uow.reels.get(reel.id)


def test_a_new_reel_is_empty_titled_and_logged(db: Database, visit: Visit):
    reel = new_reel(db, visit.visit_id, Audience.COACH)
    assert (reel.title, reel.clips, reel.audience) == ("For Mia", (), Audience.COACH)
    assert (reel.pre_roll_ms, reel.post_roll_ms) == (1000, 1000)  # the settings' defaults
    with db.uow() as uow:
        (entry,) = uow.audit.list(action=REEL_CREATED)
    assert (entry.actor, entry.detail["what"]) == ("coach-b", "made by hand")


def test_chosen_events_become_clips_and_each_refusal_keeps_its_reason(db: Database, visit: Visit):
    nur, dl = annotation(visit.pass_id, 900), annotation(visit.pass_id, 250, "DEL")
    intr = annotation(visit.pass_id, 600, "INT", 610)
    fr_next_to_ftl = annotation(visit.pass_id, 1200, "FTL"), annotation(visit.pass_id, 1210, "FR")
    code(db, visit.pass_id, nur, dl, intr, *fr_next_to_ftl)
    with db.uow() as uow:  # an event of another family's recording
        other = uow.passes.get_or_create(visit.other_recording, uow.coders.list()[0].id,
                                         visit.scheme.id or 0)  # fmt: skip
        stranger = annotation(other.id, 100)
        uow.annotations.add(stranger)
        uow.commit()
    reel = new_reel(db, visit.visit_id)
    assert reel.id is not None
    nope = AnnotationId(uuid.UUID("00000000-0000-4000-8000-000000000000"))
    chosen = [nur.id, intr.id, dl.id, fr_next_to_ftl[0].id, stranger.id, nope]
    result = AddMomentsOperation(db, reel.id, chosen, who(db, "coach-b")).run()
    assert [c.annotation_id for c in result.added] == [dl.id, nur.id]  # in playing order
    assert [c.caption for c in result.added] == [
        "You enjoyed your child, and your child could see it.",
        "You comforted your child as soon as they were upset.",
    ]
    assert {(c.pre_roll_ms, c.post_roll_ms) for c in result.added} == {(1000, 1000)}
    assert (result.added[0].start, result.added[0].end) == (moment(250), moment(250))
    refused = {r.annotation_id: r for r in result.refused}
    assert set(refused) == {intr.id, fr_next_to_ftl[0].id, stranger.id, nope}
    assert refused[intr.id].label == "INT at 00:00:24.000"
    assert "not for caregivers" in refused[intr.id].reasons[0]
    assert any("FR at" in r for r in refused[fr_next_to_ftl[0].id].reasons)
    assert any("another family" in r for r in refused[stranger.id].reasons)
    assert refused[nope].label == f"event {nope}"
    assert [c.annotation_id for c in stored(db, reel).clips] == [dl.id, nur.id]
    with pytest.raises(ReelRefused, match="at least one event"):
        AddMomentsOperation(db, reel.id, []).run()


def test_a_free_range_snaps_times_to_frames_and_bad_ranges_change_nothing(
    db: Database, visit: Visit
):
    reel = new_reel(db, visit.visit_id)
    assert reel.id is not None

    def add(start_ms: int, end_ms: int) -> Reel:
        assert reel.id is not None
        op = AddClipOperation(db, reel.id, recording_id=visit.recording_id, start_ms=start_ms,
                              end_ms=end_ms, caption="You waited for him.")  # fmt: skip
        return op.run().reel

    (clip,) = add(4_019, 9_999).clips  # 40 ms frames: the frames shown at those times
    assert (clip.start, clip.end) == (moment(100), moment(249))
    with pytest.raises(ReelRefused, match=r"out point \(frame 100\) comes before"):
        add(8_000, 4_000)
    with pytest.raises(InvalidTime, match="outside the recording"):
        add(50_000, 70_000)
    with pytest.raises(InvalidTime, match=r"outside 0\.\.1499"):
        AddClipOperation(db, reel.id, recording_id=visit.recording_id, start_frame=10,
                         end_frame=1500).run()  # fmt: skip
    assert [c.id for c in stored(db, reel).clips] == [clip.id]


def overridden_clip(db: Database, visit: Visit) -> Reel:
    """Clip 500-625 (padded 475-650) kept on override for an OVW coded at 540-550 later."""
    reel = new_reel(db, visit.visit_id)
    assert reel.id is not None
    AddClipOperation(db, reel.id, None, visit.recording_id, 500, 625, "You waited.").run()
    code(db, visit.pass_id, annotation(visit.pass_id, 540, "OVW", 550),
         annotation(visit.pass_id, 690, "INT", 695))  # fmt: skip
    return OverrideClipOperation(db, reel.id, 1, REASON, who(db, "coach-b")).run().reel


def test_trimming_inside_the_same_moments_keeps_the_override(db: Database, visit: Visit):
    reel = overridden_clip(db, visit)
    assert reel.id is not None
    clip = reel.clips[0]
    result = TrimClipOperation(db, reel.id, clip.id, start_frame=510, end_frame=620).run()
    trimmed = result.reel.clips[0]
    assert trimmed.override is not None and trimmed.override.reason == REASON
    assert (trimmed.start, trimmed.end) == (moment(510), moment(620))
    assert load_reel_for_export(db, reel.id).reel.clips[0].override == trimmed.override
    edited = EditClipTextOperation(db, reel.id, clip.id, caption="You paused.").run()
    assert edited.reel.clips[0].override == clip.override  # no range change: untouched


def test_a_range_that_brings_in_another_concern_does_not_carry_the_override(
    db: Database, visit: Visit
):
    reel = overridden_clip(db, visit)
    assert reel.id is not None
    clip = reel.clips[0]
    with pytest.raises(ReelRefused) as refused:
        TrimClipOperation(db, reel.id, clip.id, end_frame=670).run()  # padded to 695: INT
    messages = [p.message for p in refused.value.problems]
    assert messages[0].startswith("clip 1: the override by coach-b was cleared")
    assert "override it again" in messages[0]
    assert any("INT at" in m for m in messages) and any("OVW at" in m for m in messages)
    assert stored(db, reel) == reel  # nothing changed: old range, override kept


def test_trimming_the_concern_away_clears_the_override_and_says_so(db: Database, visit: Visit):
    reel = overridden_clip(db, visit)
    assert reel.id is not None
    clip = reel.clips[0]
    result = TrimClipOperation(db, reel.id, clip.id, start_frame=600).run()  # padded 575
    assert result.reel.clips[0].override is None
    note = result.warnings[0]
    assert note.severity is Severity.WARNING and "nothing left for it to lift" in note.message
    with db.uow() as uow:
        last = uow.audit.list(action="reel.edited")[-1]
    assert last.detail["what"] == "clip edited, override cleared"


def test_concerns_under_names_each_moment(db: Database, visit: Visit):
    reel = overridden_clip(db, visit)
    from vfcoach.services.reels.evidence import EvidenceReader, reel_settings

    with db.uow() as uow:
        evidence = EvidenceReader(uow).evidence({visit.recording_id}, reel_settings(uow))
        (only,) = concerns_under(reel, reel.clips[0], evidence)
        assert uow.annotations.get(only).code_key == "OVW"


# ---- the blind guard on suggestions (issue 5 fix b) ----


def blind_visit(db: Database) -> tuple[VisitId, RecordingId]:
    """Ana coded two NUR and an ITM; Ben is assigned blind and coded one DEL of his own."""
    (rec,) = coded(db, "Ana", 1, "F-1")
    AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run()
    opened = start_coding(db, rec, who(db, "Ben"))
    with db.uow() as uow:
        uow.annotations.add(annotation(opened.coding_pass.id, 150, "DEL"))
        uow.commit()
        return uow.recordings.get(rec).visit_id, rec


def test_reel_create_reads_passes_through_the_blind_guard(db: Database):
    visit_id, rec = blind_visit(db)
    with pytest.raises(BlindCodingRefused, match="Ana's codes stay hidden from Ben"):
        CreateReelOperation(db, visit_id, coder_name="Ana", actor=who(db, "Ben")).run()
    with pytest.raises(BlindCodingRefused, match="say who is asking"):
        CreateReelOperation(db, visit_id, coder_name="Ana").run()
    own = (
        CreateReelOperation(
            db,
            visit_id,
            actor=who(db, "Ben"),
        )
        .run()
        .reel
    )
    assert [c.start.frame for c in own.clips] == [150]  # only his DEL, none of Ana's NUR
    anas = CreateReelOperation(db, visit_id, coder_name="Ana", actor=who(db, "Ana")).run().reel
    assert {c.start.frame for c in anas.clips} <= {10, 50}
    with db.uow() as uow:
        ana = uow.coders.by_name("Ana")
        assert ana is not None
        ana_pass = next(p for p in uow.passes.for_recording(rec) if p.coder_id == ana.id)
        anas_nur = uow.annotations.for_pass(ana_pass.id)[0]
    assert own.id is not None
    added = AddMomentsOperation(db, own.id, [anas_nur.id], who(db, "Ben")).run()
    assert not added.added and "stay hidden from Ben" in added.refused[0].reasons[0]
