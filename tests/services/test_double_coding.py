"""Blind double coding through the operations the GUI and the CLI share (both backends)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from tests.actors import who
from tests.consent_helpers import agree_in
from tests.storage.conftest import annotation, media_facts
from vfcoach.coding.annotation import PassPurpose, PassStatus
from vfcoach.coding.double_coding import ASSIGNED, BLIND_READ, CODING_SUBMITTED, SAMPLE_DRAWN
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import CoderRole
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.services.access import BlindCodingRefused, PassNotChosen
from vfcoach.services.annotations.io import ExportAnnotationsOperation
from vfcoach.services.annotations.submit import SubmitPassOperation
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reliability.plan import (
    AssignOperation,
    DueOperation,
    SampleOperation,
    load_share,
    save_share,
)
from vfcoach.services.tally.tally import TallyOperation, TrendOperation
from vfcoach.storage.database import Database
from vfcoach.storage.passes import PassStatusRefused


@dataclass(frozen=True)
class Blind:
    rec: RecordingId


def coded(
    db: Database, coach: str, n_visits: int, family: str, month: int = 1
) -> list[RecordingId]:
    """A family whose visits `coach` coded (two NUR and an ITM each), one visit per month."""
    out = []
    with db.uow() as uow:
        fam = uow.families.add(family)
        agree_in(uow, fam.id)  # supervision, double coding: the family agreed
        scheme = uow.schemes.ensure(builtin_scheme("abc-style"))
        assert scheme.id is not None
        coder = uow.coders.get_or_create(coach)
        for i in range(n_visits):
            visit = uow.visits.add(fam.id, i + 1, date=dt.date(2026, month + i, 3))
            rec = uow.recordings.add(visit.id, "/v.mp4", media_facts(), scheme_id=scheme.id)
            p = uow.passes.get_or_create(rec.id, coder.id, scheme.id)
            for a in (annotation(p.id, 10), annotation(p.id, 50), annotation(p.id, 60, "ITM")):
                uow.annotations.add(a)
            out.append(rec.id)
        uow.commit()
    return out


@pytest.fixture
def blind(db: Database) -> Blind:
    """Ana coded the recording; Ben is assigned blind and has coded one moment of his own."""
    (rec,) = coded(db, "Ana", 1, "F-1")
    AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run()
    opened = start_coding(db, rec, who(db, "Ben"))
    assert opened.blind is not None and opened.coding_pass.purpose is PassPurpose.RELIABILITY
    with db.uow() as uow:
        uow.annotations.add(annotation(opened.coding_pass.id, 30, "DEL"))
        uow.commit()
    return Blind(rec)


def export(db: Database, rec: RecordingId, coder: str | None, viewer: str | None) -> str:
    return ExportAnnotationsOperation(db, rec, "csv", coder, actor=who(db, viewer)).run().text


def test_export_refuses_the_other_coders_pass_until_both_submitted(db: Database, blind: Blind):
    assert "DEL" in export(db, blind.rec, "Ben", "Ben")  # his own
    with pytest.raises(BlindCodingRefused, match="Ana's codes stay hidden from Ben"):
        export(db, blind.rec, "Ana", "Ben")
    with pytest.raises(BlindCodingRefused, match="Ben's codes stay hidden from Ana"):
        export(db, blind.rec, "Ben", "Ana")
    with pytest.raises(BlindCodingRefused, match="--as NAME"):
        export(db, blind.rec, "Ana", None)
    # without --coder, each sees only their own pass (no "coded by Ana, Ben" listing)
    assert "DEL" in export(db, blind.rec, None, "Ben")
    assert "DEL" not in export(db, blind.rec, None, "Ana")
    with pytest.raises(BlindCodingRefused):
        export(db, blind.rec, None, "Cleo")  # not a coder of it: refused, not an empty file
    SubmitPassOperation(db, blind.rec, "Ana").run()
    with pytest.raises(BlindCodingRefused, match=r"\(Ben has not submitted\)"):
        export(db, blind.rec, "Ben", "Ana")
    result = SubmitPassOperation(db, blind.rec, "Ben").run()
    assert result.blind_released and result.annotation_count == 1
    assert "NUR" in export(db, blind.rec, "Ana", "Ben")
    assert "DEL" in export(db, blind.rec, "Ben", "Ana")
    with pytest.raises(PassNotChosen, match="coded by Ana, Ben"):
        export(db, blind.rec, None, "Ana")


def test_tally_and_trend_are_guarded(db: Database, blind: Blind):
    assert TallyOperation(db, blind.rec, "Ben", actor=who(db, "Ben")).run().tally.n == 0
    with pytest.raises(BlindCodingRefused):
        TallyOperation(db, blind.rec, "Ana", actor=who(db, "Ben")).run()
    with pytest.raises(BlindCodingRefused):  # "the only coder's" is not a way around it
        TallyOperation(db, blind.rec, None).run()
    family_trend = TrendOperation(db, "F-1", None, actor=who(db, "Ben")).run()
    assert [r.coder for r in family_trend.results] == ["Ben"]  # Ana's point is left out
    assert TrendOperation(db, None, "Ana", actor=who(db, "Ana")).run().results[0].tally.n == 1
    with pytest.raises(PassNotChosen):
        TrendOperation(db, None, "Ana", actor=who(db, "Ben")).run()


def test_a_supervisor_reads_both_and_the_read_is_audited(db: Database, blind: Blind):
    with db.uow() as uow:
        sue = uow.coders.get_or_create("Sue")
        uow.coders.set_role(sue.id, CoderRole.SUPERVISOR)
        uow.commit()
    assert "NUR" in export(db, blind.rec, "Ana", "Sue")
    assert "DEL" in export(db, blind.rec, "Ben", "Sue")
    with db.uow() as uow:
        reads = uow.audit.list(action=BLIND_READ)
    assert [(e.actor, e.detail["coder"]) for e in reads] == [("Sue", "Ana"), ("Sue", "Ben")]


def test_submit_is_final_and_audited(db: Database, blind: Blind):
    SubmitPassOperation(db, blind.rec, "Ben").run()
    with pytest.raises(PassNotChosen, match="already submitted"):
        SubmitPassOperation(db, blind.rec, "Ben").run()
    with pytest.raises(PassNotChosen, match="has not coded"):
        SubmitPassOperation(db, blind.rec, "Nobody").run()
    with db.uow() as uow:
        (ben,) = [
            p
            for p in uow.passes.for_recording(blind.rec)
            if p.revision == 1 and p.purpose is PassPurpose.RELIABILITY
        ]
        assert ben.status is PassStatus.SUBMITTED
        with pytest.raises(PassStatusRefused):
            uow.passes.set_status(ben.id, PassStatus.DRAFT)
        (event,) = uow.audit.list(action=CODING_SUBMITTED)
    assert event.actor == "Ben" and event.detail["annotations"] == 1


def test_assign_rules(db: Database, blind: Blind):
    with pytest.raises(PassNotChosen, match="as its coach"):
        AssignOperation(db, blind.rec, "Ana").run()
    with pytest.raises(PassNotChosen, match="not the master coder"):
        AssignOperation(db, blind.rec, "Mara", master=True).run()
    with db.uow() as uow:
        (event,) = uow.audit.list(action=ASSIGNED)
    assert event.actor == "Sue" and event.detail["coder"] == "Ben" and event.detail["blind"]


def test_sample_marks_each_coachs_share_and_due_lists_it(db: Database):
    ana = coded(db, "Ana", 5, "F-A")
    ben = coded(db, "Ben", 3, "F-B", month=3)
    assert load_share(db) == 0.2
    save_share(db, 0.25, who(db, "Sue"))
    draw = SampleOperation(db, seed=1234, actor=who(db, "Sue")).run()
    assert draw.share == 0.25
    chosen = set(draw.recording_ids)
    share_picks = [s.candidate.recording_id for s in draw.drawn if s.reason == "share"]
    assert len(set(share_picks) & set(ana)) == 2 and len(set(share_picks) & set(ben)) == 1
    months = {f"2026-{m:02d}" for m in range(1, 6)}  # Ana's months 1-5, Ben's 3-5
    assert {s.candidate.month for s in draw.drawn} == months  # every month covered
    again = SampleOperation(db, seed=1234, actor=who(db, "Sue")).run()
    assert again.drawn == ()  # already chosen: nothing drawn twice
    due = DueOperation(db).run()
    assert {d.recording_id for d in due} == chosen
    assert all(d.coder is None and d.coder_status == "needs a coder" for d in due)
    first = min(chosen & set(ana))
    AssignOperation(db, first, "Cleo", actor=who(db, "Sue")).run()
    (mine,) = DueOperation(db, "Cleo").run()
    assert (mine.recording_id, mine.coach, mine.coder_status, mine.draw_seed) == (
        first,
        "Ana",
        "not started",
        1234,
    )
    with db.uow() as uow:
        drawn, rerun = uow.audit.list(action=SAMPLE_DRAWN)  # every draw is logged
        assert drawn.detail["seed"] == 1234 and sorted(drawn.detail["drawn"]) == sorted(chosen)
        assert rerun.detail["drawn"] == [] and rerun.actor == "Sue"
        (assignment,) = uow.assignments.for_recording(first)
    assert assignment.draw_seed == 1234 and assignment.coder_id is not None
    start_coding(db, first, who(db, "Cleo"))
    SubmitPassOperation(db, first, "Cleo").run()
    assert DueOperation(db, "Cleo").run() == []
