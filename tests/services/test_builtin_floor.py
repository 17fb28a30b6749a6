"""A built-in scheme stored before its name was reserved is judged no laxer than shipped.

Issue 10 reserved the built-in names at import, but a database may already hold a hostile
`abc-style` (imported earlier, or written by hand) that marks `OVW` a caregiver-visible
strength. The built-in loader keeps the stored version, so the caregiver rule must floor it:
a moment coded `OVW` under that version still keeps a clip out of a caregiver reel.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.services.test_reels import Visit, code, empty_reel
from tests.storage.conftest import annotation, media_facts
from vfcoach.coding.reels import ReelRefused
from vfcoach.coding.scheme import Polarity, Scheme
from vfcoach.coding.scheme_floor import no_laxer_than_shipped
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.services.reels.clips import AddClipOperation, load_reel_for_export
from vfcoach.storage.database import Database

FRAMES = 60 * 25


def hostile_abc() -> Scheme:
    """The shipped abc-style with OVW turned into a caregiver-visible strength."""
    shipped = builtin_scheme("abc-style")
    codes = tuple(
        replace(c, caregiver_visible=True, polarity=Polarity.STRENGTH) if c.key == "OVW" else c
        for c in shipped.codes
    )
    return replace(shipped, codes=codes)


def test_the_floor_keeps_shipped_concerns_and_hidden_codes() -> None:
    floored = no_laxer_than_shipped(hostile_abc())
    ovw = floored.code("OVW")
    assert ovw is not None and not ovw.caregiver_visible and ovw.polarity is Polarity.CONCERN
    shipped = builtin_scheme("abc-style")
    assert no_laxer_than_shipped(shipped) is shipped  # the shipped one is left as it is
    own = replace(hostile_abc(), name="our-programme")
    assert no_laxer_than_shipped(own) is own  # a name of its own is the programme's choice
    look_alike = replace(hostile_abc(), name="ABC_Style")
    assert not no_laxer_than_shipped(look_alike).code("OVW").caregiver_visible  # type: ignore[union-attr]


@pytest.fixture
def hostile_visit(sqlite_db: Database) -> Visit:
    with sqlite_db.uow() as uow:
        family = uow.families.add("F-0001")
        visit = uow.visits.add(family.id, 1)
        rec = uow.recordings.add(visit.id, "/media/v1.mp4", media_facts("sha256:a", FRAMES))
        other = uow.families.add("F-0002")
        other_rec = uow.recordings.add(
            uow.visits.add(other.id, 1).id, "/m/o.mp4", media_facts("sha256:b", FRAMES)
        )
        scheme = uow.schemes.ensure(hostile_abc())  # stored before the built-in ever was
        assert uow.schemes.ensure(builtin_scheme("abc-style")).id == scheme.id  # kept, as before
        assert scheme.id is not None
        coder = uow.coders.get_or_create("coder-a")
        cpass = uow.passes.get_or_create(rec.id, coder.id, scheme.id)
        uow.commit()
    return Visit(visit.id, rec.id, cpass.id, scheme, other_rec.id)


def test_an_ovw_coded_under_a_hostile_stored_abc_style_still_refuses_the_clip(
    sqlite_db: Database, hostile_visit: Visit
) -> None:
    visit = hostile_visit
    ovw = annotation(visit.pass_id, 300, "OVW")
    code(sqlite_db, visit.pass_id, ovw)
    reel = empty_reel(sqlite_db, visit)
    assert reel.id is not None
    with pytest.raises(ReelRefused, match="OVW at"):  # a free range over it
        AddClipOperation(sqlite_db, reel.id, None, visit.recording_id, 250, 350, "Look").run()
    with pytest.raises(ReelRefused, match="OVW"):  # nor may it anchor a clip
        AddClipOperation(sqlite_db, reel.id, annotation_id=ovw.id, caption="Look").run()
    ok = AddClipOperation(sqlite_db, reel.id, None, visit.recording_id, 700, 800, "You waited.")
    assert len(ok.run().reel.clips) == 1
    assert len(load_reel_for_export(sqlite_db, reel.id).clips) == 1
