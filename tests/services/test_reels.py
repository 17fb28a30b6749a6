"""Reel operations on a stored database: create, add, edit, and the export gate.

The last tests prove domain.md §5 hard rule 1 on every path: no suggestion, no hand-added
clip, no crafted reel row and no scheme edited after the fact gets a moment that is not
caregiver-visible, or is negative, past `load_reel_for_export`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from tests.actors import who
from tests.storage.conftest import annotation, media_facts, moment
from vfcoach.coding.annotation import Annotation
from vfcoach.coding.ids import PassId, RecordingId, VisitId
from vfcoach.coding.reels import ClipNotFound, Reel, ReelClip, ReelRefused, new_clip_id
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.services.annotations.io import ImportAnnotationsOperation, PassNotChosen
from vfcoach.services.reels.clip_edits import (
    EditClipTextOperation,
    MoveClipOperation,
    RemoveClipOperation,
    SetClipSpeedOperation,
    TrimClipOperation,
)
from vfcoach.services.reels.clips import (
    REEL_CREATED,
    AddClipOperation,
    load_reel_for_export,
)
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.storage.database import Database

FRAMES = 60 * 25  # a 60 s recording at 25 fps


@dataclass(frozen=True)
class Visit:
    visit_id: VisitId
    recording_id: RecordingId
    pass_id: PassId
    scheme: Scheme
    other_recording: RecordingId  # another family's


def code(db: Database, pass_id: PassId, *annotations: Annotation) -> None:
    with db.uow() as uow:
        for a in annotations:
            uow.annotations.add(a)
        uow.commit()


@pytest.fixture
def visit(sqlite_db: Database) -> Visit:
    return make_visit(sqlite_db)


def make_visit(sqlite_db: Database) -> Visit:
    """A family's visit with a coded recording, and another family's recording."""
    with sqlite_db.uow() as uow:
        family = uow.families.add("F-0001")
        visit = uow.visits.add(family.id, 1)
        rec = uow.recordings.add(visit.id, "/media/v1.mp4", media_facts("sha256:a", FRAMES))
        other = uow.families.add("F-0002")
        other_visit = uow.visits.add(other.id, 1)
        other_rec = uow.recordings.add(other_visit.id, "/m/o.mp4", media_facts("sha256:b", FRAMES))
        scheme = uow.schemes.ensure(builtin_scheme("abc-style"))
        assert scheme.id is not None
        coder = uow.coders.get_or_create("coder-a")
        cpass = uow.passes.get_or_create(rec.id, coder.id, scheme.id)
        uow.commit()
    return Visit(visit.id, rec.id, cpass.id, scheme, other_rec.id)


def test_create_suggests_safe_strengths_and_logs_it(sqlite_db: Database, visit: Visit):
    nur, fr, dl = (
        annotation(visit.pass_id, 250),
        annotation(visit.pass_id, 600, "FR"),
        annotation(visit.pass_id, 1200, "DEL"),
    )
    code(sqlite_db, visit.pass_id, nur, fr, dl, annotation(visit.pass_id, 620, "DEL"))
    result = CreateReelOperation(sqlite_db, visit.visit_id, actor=who(sqlite_db, "coach-b")).run()
    reel = result.reel
    assert [c.annotation_id for c in reel.clips] == [nur.id, dl.id]  # DEL at 620 is next to FR
    assert (reel.pre_roll_ms, reel.post_roll_ms) == (1000, 1000)  # domain.md §9 default
    with sqlite_db.uow() as uow:
        events = uow.audit.list(action=REEL_CREATED)
    assert [(e.actor, e.subject) for e in events] == [("coach-b", f"reel:{reel.id}")]
    assert "caption" not in str(events[0].detail)


def test_create_uses_settings_and_options(sqlite_db: Database, visit: Visit):
    code(
        sqlite_db,
        visit.pass_id,
        annotation(visit.pass_id, 250),
        annotation(visit.pass_id, 900, "DEL"),
    )
    with sqlite_db.uow() as uow:
        uow.settings.set("reels.pre_roll_ms", 2000)
        uow.commit()
    reel = CreateReelOperation(sqlite_db, visit.visit_id, ["DEL"], post_ms=3000).run().reel
    assert [c.pre_roll_ms for c in reel.clips] == [2000]
    assert reel.clips[0].post_roll_ms == 3000


def test_create_needs_a_coder_when_several_coded(sqlite_db: Database, visit: Visit):
    with sqlite_db.uow() as uow:
        coder = uow.coders.get_or_create("coder-b")
        assert visit.scheme.id is not None
        second = uow.passes.get_or_create(visit.recording_id, coder.id, visit.scheme.id)
        uow.commit()
    code(sqlite_db, second.id, annotation(second.id, 100, "NUR"))
    with pytest.raises(PassNotChosen, match="coder-a, coder-b"):
        CreateReelOperation(sqlite_db, visit.visit_id).run()
    reel = CreateReelOperation(sqlite_db, visit.visit_id, coder_name="coder-b").run().reel
    assert len(reel.clips) == 1


def empty_reel(db: Database, visit: Visit) -> Reel:
    return CreateReelOperation(db, visit.visit_id).run().reel


def test_add_refuses_unsafe_and_other_family_clips_with_reasons(sqlite_db: Database, visit: Visit):
    fr, intr = annotation(visit.pass_id, 300, "FR"), annotation(visit.pass_id, 700, "INT", 800)
    itm = annotation(visit.pass_id, 1000, "ITM", modifiers=(("valence", "scaffolding"),))
    code(sqlite_db, visit.pass_id, fr, intr, itm)
    reel = empty_reel(sqlite_db, visit)
    assert reel.id is not None
    for a, why in ((fr, "concern"), (intr, "concern"), (itm, "valence=scaffolding")):
        with pytest.raises(ReelRefused, match=why):
            AddClipOperation(sqlite_db, reel.id, annotation_id=a.id, caption="Look").run()
    with pytest.raises(ReelRefused, match="another family"):
        AddClipOperation(sqlite_db, reel.id, None, visit.other_recording, 10, 200).run()
    with pytest.raises(ReelRefused, match="FR at"):  # a free range around the FR
        AddClipOperation(sqlite_db, reel.id, None, visit.recording_id, 250, 320).run()
    with pytest.raises(ReelRefused, match="coding language"):
        AddClipOperation(sqlite_db, reel.id, None, visit.recording_id, 10, 150, "Good FTL").run()
    ok = AddClipOperation(sqlite_db, reel.id, None, visit.recording_id, 10, 150, "You waited.")
    assert [c.caption for c in ok.run().reel.clips] == ["You waited."]
    nur = annotation(visit.pass_id, 1200)
    code(sqlite_db, visit.pass_id, nur)
    added = AddClipOperation(sqlite_db, reel.id, annotation_id=nur.id, position=0).run().reel
    assert added.clips[0].annotation_id == nur.id
    assert added.clips[0].caption.startswith("You comforted")  # the template, lint-clean
    with pytest.raises(ClipNotFound):
        EditClipTextOperation(sqlite_db, reel.id, new_clip_id(), caption="x").run()


def test_update_trims_captions_reorders_and_removes(sqlite_db: Database, visit: Visit):
    reel = empty_reel(sqlite_db, visit)
    assert reel.id is not None
    for start in (10, 400, 900):
        AddClipOperation(
            sqlite_db, reel.id, None, visit.recording_id, start, start + 125, "Hi."
        ).run()
    clips = load_reel_for_export(sqlite_db, reel.id).reel.clips
    first = clips[0]
    with pytest.raises(ReelRefused, match="coding language"):
        EditClipTextOperation(sqlite_db, reel.id, first.id, caption="so intrusive").run()
    EditClipTextOperation(
        sqlite_db, reel.id, first.id, caption="You smiled.", talking_point="ask how it felt"
    ).run()
    TrimClipOperation(sqlite_db, reel.id, first.id, start_frame=20, end_frame=140).run()
    MoveClipOperation(sqlite_db, reel.id, first.id, 2).run()
    edited = SetClipSpeedOperation(sqlite_db, reel.id, first.id, 0.5).run().reel
    assert [c.id for c in edited.clips] == [clips[1].id, clips[2].id, first.id]
    moved = edited.clips[2]
    assert (moved.start, moved.end, moved.caption) == (moment(20), moment(140), "You smiled.")
    assert moved.slow_motion == 0.5
    with pytest.raises(ReelRefused, match="at most 30 s"):
        TrimClipOperation(sqlite_db, reel.id, first.id, end_frame=900).run()
    assert (
        SetClipSpeedOperation(sqlite_db, reel.id, first.id, None)
        .run()
        .reel.clip(first.id)
        .slow_motion
        is None
    )  # normal speed again: no separate "clear" flag
    removed = RemoveClipOperation(sqlite_db, reel.id, first.id).run().reel
    assert first.id not in [c.id for c in removed.clips]


def test_export_resolves_frames_and_leaves_talking_points_out(sqlite_db: Database, visit: Visit):
    reel = empty_reel(sqlite_db, visit)
    assert reel.id is not None
    AddClipOperation(
        sqlite_db, reel.id, None, visit.recording_id, 10, 150, "You waited.", "coach note"
    ).run()
    out = load_reel_for_export(sqlite_db, reel.id)
    (clip,) = out.clips
    assert (clip.start_frame, clip.end_frame) == (0, 175)  # 1 s each side, clamped at 0
    assert str(clip.source) == "/media/v1.mp4" and clip.media.facts.rotation == 90
    spec = clip.spec()
    assert "coach note" not in repr(spec) and spec.caption == "You waited."
    assert spec.source is clip.media and clip.media.name.startswith(
        f"recording {clip.clip.recording_id} ("
    )


# ---- no path gets a hidden or negative moment into an export (domain.md §5 rule 1) ----


def stored_reel_with(
    db: Database, visit: Visit, a: Annotation | None, start: int, end: int
) -> Reel:
    """A reel row written straight through the repository, as a crafted import would."""
    clip = ReelClip(
        new_clip_id(), visit.recording_id, moment(start), moment(end), "You did well.",
        None if a is None else a.id,
    )  # fmt: skip
    with db.uow() as uow:
        family = uow.visits.get(visit.visit_id).family_id
        reel = uow.reels.add(Reel(visit.visit_id, family, "crafted", "x", (clip,)))
        uow.commit()
    return reel


@pytest.mark.parametrize(
    ("key", "mods"),
    [
        ("FR", (("subtype", "harsh"),)),
        ("NUR_MISS", ()),
        ("LEAD_NONE", ()),
        ("ITM", (("valence", "scaffolding"),)),
    ],
)
def test_a_crafted_reel_row_is_refused_at_export(sqlite_db: Database, visit: Visit, key, mods):
    a = annotation(visit.pass_id, 500, key, modifiers=mods)
    code(sqlite_db, visit.pass_id, a)
    reel = stored_reel_with(sqlite_db, visit, a, 480, 560)
    assert reel.id is not None
    with pytest.raises(ReelRefused):
        load_reel_for_export(sqlite_db, reel.id)


def test_a_moment_recoded_after_the_clip_was_added_blocks_export(sqlite_db: Database, visit: Visit):
    nur = annotation(visit.pass_id, 500)
    code(sqlite_db, visit.pass_id, nur)
    reel = CreateReelOperation(sqlite_db, visit.visit_id).run().reel
    assert reel.id is not None and reel.clips
    load_reel_for_export(sqlite_db, reel.id)  # fine so far
    code(sqlite_db, visit.pass_id, annotation(visit.pass_id, 520, "OVW"))
    with pytest.raises(ReelRefused, match="OVW"):
        load_reel_for_export(sqlite_db, reel.id)


def test_a_scheme_edited_after_the_fact_blocks_export(sqlite_db: Database, visit: Visit):
    dl = annotation(visit.pass_id, 500, "DEL")
    code(sqlite_db, visit.pass_id, dl)
    reel = CreateReelOperation(sqlite_db, visit.visit_id, ["DEL"]).run().reel
    assert reel.id is not None and [c.annotation_id for c in reel.clips] == [dl.id]
    with sqlite_db.engine.begin() as conn:  # an unlocked version, edited in place
        conn.execute(
            text("UPDATE scheme SET locked = false WHERE id = :id"), {"id": visit.scheme.id}
        )
    hidden = tuple(
        dataclasses.replace(c, caregiver_visible=False) if c.key == "DEL" else c
        for c in visit.scheme.codes
    )
    with sqlite_db.uow() as uow:
        uow.schemes.update(dataclasses.replace(visit.scheme, codes=hidden))
        uow.commit()
    with pytest.raises(ReelRefused, match="not marked caregiver-visible"):
        load_reel_for_export(sqlite_db, reel.id)
    assert CreateReelOperation(sqlite_db, visit.visit_id, ["DEL"]).run().reel.clips == ()


def test_a_concern_imported_from_a_file_after_the_fact_blocks_export(
    sqlite_db: Database, visit: Visit, tmp_path
):
    """The import path: a second coder's CSV brings in an OVW over a clip already in a reel."""
    nur = annotation(visit.pass_id, 500)  # 20.0 s at 25 fps
    code(sqlite_db, visit.pass_id, nur)
    reel = CreateReelOperation(sqlite_db, visit.visit_id).run().reel
    assert reel.id is not None and [c.annotation_id for c in reel.clips] == [nur.id]
    load_reel_for_export(sqlite_db, reel.id)  # fine so far
    csv = tmp_path / "second-coder.csv"
    csv.write_text("code,start,end,modifiers,note\nOVW,20.8,,,\n", encoding="utf-8")
    ImportAnnotationsOperation(sqlite_db, visit.recording_id, csv, "coder-b").run()
    with pytest.raises(ReelRefused, match="OVW"):
        load_reel_for_export(sqlite_db, reel.id)
