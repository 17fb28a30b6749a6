"""IrrOperation on real imported recordings: hand-worked κ, pooling, ICC inputs, blind refusal."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.actors import who
from tests.services.reliability_world import (
    EXAMPLE2_A,
    EXAMPLE2_B,
    EXAMPLE3_A,
    EXAMPLE3_B,
    code,
    import_video,
)
from vfcoach.coding.reliability import NIL, NONE
from vfcoach.reports.reliability_json import result_json
from vfcoach.services.access import BlindCodingRefused, PassNotChosen
from vfcoach.services.reliability.irr import (
    InvalidIrrSettings,
    IrrOperation,
    IrrSettings,
    double_coded_recordings,
    load_irr_settings,
    save_irr_settings,
)
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database


def test_event_kappa_of_worked_example_3(db: Database, video_120s: Path):
    rec = import_video(db, video_120s, "F-1", 1)
    code(db, rec, "Ana", list(EXAMPLE3_A))
    code(db, rec, "Ben", list(EXAMPLE3_B))
    result = IrrOperation(db, [rec], "Ana", "Ben", IrrSettings(), actor=who(db, "Ana")).run()
    ev = result.event
    assert ev is not None and result.time is None
    # rows: NUR=NUR, C_LEAD=C_LEAD twice, C_LEAD/nil, nil/C_LEAD, DEL/C_LEAD -> 6 rows
    # Po = 3/6; A: C_LEAD 3, DEL 1, NUR 1, nil 1; B: C_LEAD 4, NUR 1, nil 1
    # Pe = (3*4 + 1*0 + 1*1 + 1*1)/36 = 14/36; κ = (1/2 - 14/36)/(1 - 14/36) = 2/11
    assert ev.stats.n == 6 and ev.n_pairs == 4
    assert ev.stats.po == pytest.approx(0.5)
    assert ev.stats.kappa == pytest.approx(2 / 11)
    assert ev.code_agreement == pytest.approx(3 / 4)
    assert ev.stats.label is None  # 6 < 20 events: too few to judge
    assert ev.table.categories == ("C_LEAD", "DEL", "NUR", NIL)
    assert ev.table.matrix.tolist() == [[2, 0, 0, 1], [1, 0, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]]
    assert "±2 s" in result.matching_rule
    kinds = [(d.kind, d.code_a, d.code_b, d.time_a_ms, d.time_b_ms) for d in result.disagreements]
    assert kinds == [
        ("miss", "C_LEAD", NIL, 47000, None),
        ("extra", NIL, "C_LEAD", None, 52000),
        ("substitution", "DEL", "C_LEAD", 80200, 79000),
    ]
    assert all(d.ref_a or d.kind == "extra" for d in result.disagreements)
    (part,) = result.recordings
    assert part.label == "F-1 visit 1 recording 1" and part.duration_ms >= 119_900  # no file name
    assert part.notes == ()  # both passes submitted


def test_wider_tolerance_pairs_the_stragglers(db: Database, video_120s: Path):
    rec = import_video(db, video_120s, "F-1", 1)
    code(db, rec, "Ana", list(EXAMPLE3_A))
    code(db, rec, "Ben", list(EXAMPLE3_B))
    settings = IrrSettings(tolerance_ms=5000)
    ev = IrrOperation(db, [rec], "Ana", "Ben", settings, actor=who(db, "Ben")).run().event
    assert ev is not None
    assert ev.n_pairs == 5 and ev.code_agreement == pytest.approx(4 / 5)


def test_time_unit_kappa_of_worked_example_2(db: Database, video_20s: Path):
    rec = import_video(db, video_20s, "F-2", 1)
    code(db, rec, "Ana", EXAMPLE2_A)
    code(db, rec, "Ben", EXAMPLE2_B)
    settings = IrrSettings(method="time", min_events=20)
    result = IrrOperation(db, [rec], "Ana", "Ben", settings, actor=None).run()
    assert result.event is None and result.time is not None
    lead = result.time["LEAD"]
    # Po = 18/20; Pe = (12*12 + 4*5 + 4*3)/400 = .44; κ = .46/.56
    assert lead.stats.n == 20
    assert lead.stats.po == pytest.approx(0.9)
    assert lead.stats.kappa == pytest.approx(0.46 / 0.56)
    assert lead.stats.label == "almost perfect"
    runs = [(d.at_ms, d.end_ms, d.kind, d.code_a, d.code_b) for d in result.disagreements]
    assert runs == [
        (5000, 6000, "substitution", "FTL", "INT"),
        (13000, 14000, "extra", NONE, "FTL"),
    ]
    tolerant = IrrSettings(method="time", tolerance_slices=1)
    lead1 = IrrOperation(db, [rec], "Ana", "Ben", tolerant, actor=None).run().time
    assert lead1 is not None and lead1["LEAD"].stats.po == pytest.approx(1.0)


def test_pooling_and_icc_across_recordings(db: Database, video_120s: Path):
    """Three recordings: pooled table = sum; ICC rows are each coder's ITM count."""
    recs = [import_video(db, video_120s, "F-3", v) for v in (1, 2, 3)]
    counts = [(3, 3), (5, 4), (8, 8)]
    for rec, (na, nb) in zip(recs, counts, strict=True):
        code(db, rec, "Ana", [("ITM", 10.0 + 5 * i) for i in range(na)])
        code(db, rec, "Ben", [("ITM", 10.5 + 5 * i) for i in range(nb)])
    result = IrrOperation(db, recs, "Ana", "Ben", IrrSettings(), actor=who(db, "Ana")).run()
    assert result.event is not None
    assert result.event.stats.n == 16 and result.event.n_pairs == 15
    assert result.event.table.matrix.tolist() == [[15, 1], [0, 0]]  # ITM, nil
    # Po = 15/16 = Pe (A: ITM 16; B: ITM 15, nil 1; Pe = 16·15/256): κ = 0 despite .94
    assert result.event.stats.kappa == pytest.approx(0.0)
    assert result.event.stats.po == pytest.approx(15 / 16)
    icc2, icc3 = result.icc["ITM count"]
    # ANOVA of [[3,3],[5,4],[8,8]] by hand: grand 31/6; MSR = 2·Σ(row mean − grand)²/2
    rows = [(3, 3), (5, 4), (8, 8)]
    grand = sum(a + b for a, b in rows) / 6
    msr = 2 * sum(((a + b) / 2 - grand) ** 2 for a, b in rows) / 2
    col = [sum(r[j] for r in rows) / 3 for j in (0, 1)]
    msc = 3 * sum((c - grand) ** 2 for c in col) / 1
    sst = sum((x - grand) ** 2 for r in rows for x in r)
    mse = (sst - 2 * msr - msc) / 2
    assert icc2.value == pytest.approx((msr - mse) / (msr + mse + 2 * (msc - mse) / 3))
    assert icc3.value == pytest.approx((msr - mse) / (msr + mse))
    assert icc2.label is None  # 3 recordings < 10: too few to judge
    assert [r.tally_a.n for r in result.recordings] == [3, 5, 8]
    assert double_coded_recordings(db, "Ana", "Ben") == recs
    assert double_coded_recordings(db, "Ana", "Nobody") == []


def test_a_coder_cannot_read_the_other_pass_through_irr_while_blind(db: Database, video_120s: Path):
    rec = import_video(db, video_120s, "F-4", 1)
    code(db, rec, "Ana", list(EXAMPLE3_A), submit=False)
    AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run()
    code(db, rec, "Ben", list(EXAMPLE3_B), submit=False)
    with pytest.raises(BlindCodingRefused, match="hidden from Ben"):
        IrrOperation(db, [rec], "Ana", "Ben", IrrSettings(), actor=who(db, "Ben")).run()
    with pytest.raises(BlindCodingRefused, match="--as NAME"):
        IrrOperation(db, [rec], "Ana", "Ben", IrrSettings(), actor=None).run()
    code(db, rec, "Ana", [])  # Ana submits
    with pytest.raises(BlindCodingRefused, match=r"Ben has not submitted"):
        IrrOperation(db, [rec], "Ana", "Ben", IrrSettings(), actor=who(db, "Ana")).run()
    code(db, rec, "Ben", [])
    result = IrrOperation(db, [rec], "Ana", "Ben", IrrSettings(), actor=who(db, "Ben")).run()
    assert result.event is not None and result.event.n_pairs == 4


def test_bad_requests_are_refused_with_a_reason(db: Database, video_120s: Path):
    rec = import_video(db, video_120s, "F-5", 1)
    code(db, rec, "Ana", [("NUR", 1.0)])
    with pytest.raises(PassNotChosen, match="no pass by coder 'Ben'"):
        IrrOperation(db, [rec], "Ana", "Ben", IrrSettings(), actor=None).run()
    with pytest.raises(Exception, match="two different coders"):
        IrrOperation(db, [rec], "Ana", "Ana", IrrSettings(), actor=None)
    with pytest.raises(InvalidIrrSettings, match="tolerance"):
        IrrSettings(tolerance_ms=-1)
    with pytest.raises(InvalidIrrSettings, match="method"):
        IrrSettings(method="slices")  # type: ignore[arg-type]


def test_settings_are_stored_and_audited(db: Database):
    with db.uow() as uow:
        assert load_irr_settings(uow) == IrrSettings()
        save_irr_settings(
            uow, IrrSettings(tolerance_ms=3000, kappa_criterion=0.8), actor=who(uow, "Sue")
        )
        uow.commit()
    with db.uow() as uow:
        stored = load_irr_settings(uow)
        assert stored.tolerance_ms == 3000 and stored.kappa_criterion == 0.8
        assert stored.slice_ms == 1000
        assert any(e.actor == "Sue" for e in uow.audit.list())


def test_coders_who_coded_nothing_give_undefined_figures_not_errors(db: Database, video_20s: Path):
    from vfcoach.reports.reliability_report import build_report

    rec = import_video(db, video_20s, "F-6", 1)
    code(db, rec, "Ana", [])
    code(db, rec, "Ben", [])
    for method in ("event", "time"):
        result = IrrOperation(db, [rec], "Ana", "Ben", IrrSettings(method=method), None).run()
        if method == "event":
            assert result.event is not None
            assert result.event.stats.n == 0 and math.isnan(result.event.stats.kappa)
        else:
            assert result.time == {}  # no state code used: no group to slice
        icc = result.icc["ITM count"][0].value
        assert icc is None or math.isnan(icc)
        data = result_json(result)  # what a script reads: no figure at all, and who is empty
        assert data["disagreements"] == []
        assert data["without_codes"] == ["Ana", "Ben"]
        assert data["event"] is None and data["time"] is None and data["icc"] == {}
        html = build_report(result).html
        assert "The coders agree everywhere." in html
