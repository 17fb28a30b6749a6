"""Event agreement aligned within each category of the scheme (`within_category`).

The crossing example of issue 6: A codes a child cue and then the caregiver's answer, B codes
the same two moments in the other order, a few tenths of a second apart. In one stream the
most-pairs-then-smallest-offset alignment pairs the cue with the caregiver behaviour twice;
within categories both coders agree on both events.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.actors import who
from tests.services.reliability_world import code, import_video
from vfcoach.coding.reliability import NIL
from vfcoach.reports.reliability_json import result_json
from vfcoach.services.reliability.irr import (
    InvalidIrrSettings,
    IrrOperation,
    IrrSettings,
    load_irr_settings,
)
from vfcoach.services.reliability.settings import SETTING_KEY
from vfcoach.storage.database import Database

CROSSING_A = [("C_DIS", 10.0), ("NUR", 10.8)]
CROSSING_B = [("NUR", 10.1), ("C_DIS", 10.9)]


def _crossing(db: Database, video: Path, family: str = "F-1", visit: int = 1) -> int:
    rec = import_video(db, video, family, visit)
    code(db, rec, "Ana", list(CROSSING_A))
    code(db, rec, "Ben", list(CROSSING_B))
    return rec


def test_one_stream_pairs_the_cue_with_the_caregiver_twice(db: Database, video_20s: Path):
    rec = _crossing(db, video_20s)
    result = IrrOperation(db, [rec], "Ana", "Ben", IrrSettings(), actor=who(db, "Sue")).run()
    ev = result.event
    assert ev is not None
    # rows C_DIS/NUR (0.1 s) and NUR/C_DIS (0.1 s) beat the 0.9 + 0.7 s same-code pairing
    # table (A rows, B columns; C_DIS, NUR; no nil, nothing went unpaired): [[0,1],[1,0]]
    # Po = 0; pA = pB = (1/2, 1/2); Pe = 1/2; κ = (0 - 1/2)/(1 - 1/2) = -1
    assert ev.table.categories == ("C_DIS", "NUR")
    assert ev.table.matrix.tolist() == [[0, 1], [1, 0]]
    assert ev.stats.po == pytest.approx(0.0)
    assert ev.stats.pe == pytest.approx(0.5)
    assert ev.stats.kappa == pytest.approx(-1.0)
    kinds = [(d.kind, d.code_a, d.code_b) for d in result.disagreements]
    assert kinds == [("substitution", "C_DIS", "NUR"), ("substitution", "NUR", "C_DIS")]
    assert result.matching_rule.startswith("Events pair one-to-one")
    assert "category" not in result.matching_rule
    assert result_json(result)["settings"]["within_category"] is False


def test_within_category_both_coders_agree_on_both_events(db: Database, video_20s: Path):
    rec = _crossing(db, video_20s)
    settings = IrrSettings(within_category=True)
    result = IrrOperation(db, [rec], "Ana", "Ben", settings, actor=who(db, "Sue")).run()
    ev = result.event
    assert ev is not None
    # Child cues: C_DIS 10.0 / 10.9 agree; Caregiver: NUR 10.8 / 10.1 agree
    # table [[1,0],[0,1]]: Po = 1, Pe = 1/4 + 1/4 = 1/2, κ = (1 - 1/2)/(1 - 1/2) = 1
    assert ev.table.categories == ("C_DIS", "NUR")
    assert ev.table.matrix.tolist() == [[1, 0], [0, 1]]
    assert ev.stats.po == pytest.approx(1.0)
    assert ev.stats.pe == pytest.approx(0.5)
    assert ev.stats.kappa == pytest.approx(1.0)
    assert ev.n_pairs == 2 and ev.code_agreement == pytest.approx(1.0)
    assert result.disagreements == ()
    # alignment rows read in time order, whatever category they came from
    assert [(p.a.code, p.b.code) for p in ev.pairs if p.a and p.b] == [
        ("C_DIS", "C_DIS"),
        ("NUR", "NUR"),
    ]
    assert "within each category of the scheme (Child cues, Caregiver, Coach)" in (
        result.matching_rule
    )
    data = result_json(result)
    assert data["settings"]["within_category"] is True
    assert data["matching_rule"] == result.matching_rule
    (part,) = result.recordings
    assert part.event is not None and part.event.rule == result.matching_rule
    assert part.categories == ("Child cues", "Caregiver", "Coach")


def test_within_category_pools_over_recordings_like_one_stream(db: Database, video_20s: Path):
    recs = [_crossing(db, video_20s, "F-1", 1), _crossing(db, video_20s, "F-2", 1)]
    settings = IrrSettings(within_category=True)
    result = IrrOperation(db, recs, "Ana", "Ben", settings, actor=who(db, "Sue")).run()
    assert result.event is not None
    assert result.event.table.matrix.tolist() == [[2, 0], [0, 2]]
    assert result.event.stats.n == 4 and result.event.stats.kappa == pytest.approx(1.0)


def test_a_miss_in_one_category_stays_a_miss(db: Database, video_20s: Path):
    """Within categories a caregiver behaviour only B saw is an extra, even when A coded a
    child cue right there (one stream would call it a substitution)."""
    rec = import_video(db, video_20s, "F-3", 1)
    code(db, rec, "Ana", [("C_DIS", 5.0), ("C_DIS", 12.0)])
    code(db, rec, "Ben", [("C_DIS", 5.2), ("NUR", 12.1)])
    one = IrrOperation(db, [rec], "Ana", "Ben", IrrSettings(), who(db, "Sue")).run()
    apart = IrrOperation(
        db, [rec], "Ana", "Ben", IrrSettings(within_category=True), who(db, "Sue")
    ).run()
    assert [d.kind for d in one.disagreements] == ["substitution"]
    assert sorted(d.kind for d in apart.disagreements) == ["extra", "miss"]
    # apart: rows C_DIS=C_DIS, C_DIS/nil, nil/NUR: Po = 1/3
    # pA = (2/3 C_DIS, 0 NUR, 1/3 nil), pB = (1/3, 1/3, 1/3): Pe = 2/9 + 0 + 1/9 = 1/3, κ = 0
    assert apart.event is not None
    assert apart.event.table.categories == ("C_DIS", "NUR", NIL)
    assert apart.event.table.matrix.tolist() == [[1, 0, 1], [0, 0, 0], [0, 1, 0]]
    assert apart.event.stats.po == pytest.approx(1 / 3)
    assert apart.event.stats.kappa == pytest.approx(0.0)


def test_settings_round_trip_and_old_stored_settings_load(db: Database):
    on = IrrSettings(within_category=True, tolerance_ms=3000)
    assert IrrSettings.from_dict(on.to_dict()) == on
    old = IrrSettings().to_dict()
    del old["within_category"]  # stored by a vfcoach that did not know the option
    with db.uow() as uow:
        uow.settings.set(SETTING_KEY, old)
        uow.commit()
    with db.uow() as uow:
        assert load_irr_settings(uow) == IrrSettings()
        assert load_irr_settings(uow).within_category is False
    with pytest.raises(InvalidIrrSettings, match="within category must be true or false"):
        IrrSettings.from_dict({"within_category": "yes"})
