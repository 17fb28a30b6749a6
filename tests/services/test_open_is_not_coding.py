"""Opening a recording is looking at it; *Start coding* is what makes a person its coder.

Before, opening created the person's pass, so the double-coding draw (which takes a
recording's coach from its primary pass) counted recordings a coach had only looked at as
that coach's work. Both backends.
"""

from __future__ import annotations

import datetime as dt

from tests.actors import who
from tests.consent_helpers import agree_in
from tests.services.test_double_coding import coded
from tests.storage.conftest import media_facts
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.services.access import Actor
from vfcoach.services.recordings.open_for_coding import open_recording, start_coding
from vfcoach.services.reliability.plan import SampleOperation
from vfcoach.storage.database import Database


def uncoded(db: Database, family: str) -> RecordingId:
    with db.uow() as uow:
        fam = uow.families.add(family)
        agree_in(uow, fam.id)  # others look at it too: the family agreed to supervision
        scheme = uow.schemes.ensure(builtin_scheme("abc-style"))
        assert scheme.id is not None
        visit = uow.visits.add(fam.id, 1, date=dt.date(2026, 3, 3))
        rec = uow.recordings.add(visit.id, "/v.mp4", media_facts(), scheme_id=scheme.id)
        uow.commit()
    return rec.id


def test_opening_creates_no_pass_and_no_coder(db: Database):
    rec = uncoded(db, "F-9")
    opened = open_recording(db, rec, Actor("Dee"))
    assert opened.coding_pass is None and opened.shown_pass is None
    with db.uow() as uow:
        assert uow.passes.for_recording(rec) == []
        assert uow.coders.by_name("Dee") is None


def test_the_draw_does_not_count_a_recording_only_looked_at(db: Database):
    worked = coded(db, "Ana", 1, "F-1")
    looked = uncoded(db, "F-2")
    open_recording(db, looked, Actor("Ana"))
    draw = SampleOperation(db, share=1.0, seed=7, actor=who(db, "Sue")).run()
    assert looked not in draw.recording_ids and set(worked) <= set(draw.recording_ids)


def test_start_coding_makes_the_pass_and_then_the_draw_counts_it(db: Database):
    rec = uncoded(db, "F-3")
    started = start_coding(db, rec, Actor("Ana"))
    assert started.coding_pass is not None and started.shown_pass == started.coding_pass
    again = open_recording(db, rec, Actor("Ana"))  # reopening finds it: still one pass
    assert again.coding_pass == started.coding_pass
    with db.uow() as uow:
        assert len(uow.passes.for_recording(rec)) == 1
    assert rec in SampleOperation(db, share=1.0, seed=7, actor=who(db, "Sue")).run().recording_ids


def test_opening_shows_another_coders_pass_read_only(db: Database):
    (rec,) = coded(db, "Ana", 1, "F-4")
    opened = open_recording(db, rec, Actor("Ben"))
    assert opened.coding_pass is None
    assert opened.shown_pass is not None and opened.shown_coder == "Ana"
    assert not opened.mine


def test_any_visible_coder_can_be_shown_and_a_supervisors_blind_look_is_audited(db: Database):
    from vfcoach.coding.double_coding import BLIND_READ
    from vfcoach.coding.project import CoderRole
    from vfcoach.services.reliability.plan import AssignOperation, set_role

    (rec,) = coded(db, "Ana", 1, "F-5")
    AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run()
    start_coding(db, rec, Actor("Ben"))
    set_role(db, "Sue", CoderRole.SUPERVISOR, None, actor=who(db, "Sue"))
    sue = Actor("Sue", CoderRole.SUPERVISOR)
    first = open_recording(db, rec, sue)
    assert first.others == ("Ana", "Ben") and first.shown_coder == "Ana"  # the coach first
    ben = open_recording(db, rec, sue, show="Ben")
    assert ben.shown_coder == "Ben" and ben.shown_pass is not None and not ben.mine
    with db.uow() as uow:
        assert len(uow.audit.list(action=BLIND_READ)) == 2  # each look is in the log
    # Ben, blind, sees nobody else's codes; his own are "his"
    assert open_recording(db, rec, Actor("Ben"), show="Ana").shown_coder == "Ben"
    assert open_recording(db, rec, Actor("Ben")).others == ()
