"""Tally and trend operations over a stored database, and per-programme thresholds."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from tests.actors import who
from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import AnnotationId, PassId, RecordingId, new_annotation_id
from vfcoach.coding.project import MediaFacts
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.coding.tally import FidelityThresholds, InvalidThresholds
from vfcoach.services.annotations.io import PassNotChosen
from vfcoach.services.tally.tally import (
    TallyOperation,
    TrendOperation,
    load_thresholds,
    save_thresholds,
)
from vfcoach.storage.database import Database
from vfcoach.storage.errors import NotFound

FPS = 50  # a 20 ms grid: 13:04.5 of the worked example is a frame time
MIN = 60_000


@dataclass(frozen=True)
class Planned:
    """An annotation to store, in ms, snapped to the recording's frames when written."""

    key: str
    start_ms: int
    end_ms: int | None = None
    modifiers: tuple[tuple[str, str], ...] = ()
    id: AnnotationId | None = None
    trigger: AnnotationId | None = None


def comment(ms: int, target: str = "FTL", on: str = "yes", valence: str = "positive") -> Planned:
    return Planned("ITM", ms, None, (("on_target", on), ("target", target), ("valence", valence)))


def make_recording(
    db: Database,
    family: str = "F-1",
    visit: int = 1,
    date: dt.date | None = None,
    minutes: int = 20,
    programme: str = "ABC",
) -> RecordingId:
    frame_map = FrameMap.constant(minutes * 60 * FPS, FPS)
    facts = MediaFacts(
        f"sha256:{uuid.uuid4().hex}", frame_map.duration_ms, float(FPS), frame_map.frame_count,
        160, 120, 0, False, frame_map.to_bytes(),
    )  # fmt: skip
    with db.uow() as uow:
        fam = uow.families.by_code(family) or uow.families.add(family, programme=programme)
        v = uow.visits.add(fam.id, visit, date=date, programme=programme)
        scheme = uow.schemes.ensure(builtin_scheme("abc-style"))
        recording = uow.recordings.add(v.id, f"/media/{family}-{visit}.mp4", facts, scheme.id)
        uow.commit()
    return recording.id


def code(db: Database, recording_id: RecordingId, coder: str, plan: Sequence[Planned]) -> PassId:
    with db.uow() as uow:
        recording = uow.recordings.get(recording_id)
        assert recording.scheme_id is not None
        c = uow.coders.get_or_create(coder)
        p = uow.passes.get_or_create(recording_id, c.id, recording.scheme_id)
        fmap = uow.recordings.frame_map(recording_id)
        added = tuple(
            Annotation(
                x.id or new_annotation_id(), p.id, x.key, fmap.moment_at_ms(x.start_ms),
                None if x.end_ms is None else fmap.moment_at_ms(x.end_ms), x.modifiers,
                trigger=x.trigger,
            )
            for x in plan
        )  # fmt: skip
        uow.annotations.apply(AnnotationChange(added=added))
        uow.commit()
    return p.id


def worked_example() -> list[Planned]:
    """domain.md §4: clip 12:00–17:00, 7 ITMs, 6 on target, 5 positive, one 2.5 s latency."""
    trigger = new_annotation_id()
    return [
        Planned("FIDELITY_CLIP", 12 * MIN, 17 * MIN),
        Planned("FTL", 13 * MIN + 2_000, 13 * MIN + 30_000, id=trigger),
        Planned("ITM", 13 * MIN + 4_500, None, comment(0).modifiers, trigger=trigger),
        comment(12 * MIN + 10_000),
        comment(14 * MIN, valence="scaffolding"),
        comment(15 * MIN, on="no"),
        comment(16 * MIN),
        comment(12 * MIN + 30_000, "NUR", valence="scaffolding"),
        comment(16 * MIN + 30_000, "NUR"),
        comment(3 * MIN),  # outside the clip
    ]


def test_tally_of_the_worked_example_from_the_database(sqlite_db: Database) -> None:
    rid = make_recording(sqlite_db, date=dt.date(2024, 3, 4))
    code(sqlite_db, rid, "Ana", worked_example())
    result = TallyOperation(sqlite_db, rid, clip="fidelity").run()
    assert result.coder == "Ana" and result.family_code == "F-1" and result.programme == "ABC"
    data = result.to_json()
    assert data["recording"] == {
        "id": rid, "label": "", "family": "F-1", "visit": 1, "date": "2024-03-04",
        "programme": "ABC", "coder": "Ana",
    }  # fmt: skip
    assert (data["n"], data["rate_per_min"], data["on_target_pct"]) == (7, 1.4, 85.7)
    assert data["valence"]["positive_pct"] == 71.4 and data["latency"]["median_s"] == 2.5
    assert data["verdict"]["status"] == "meets" and data["scheme"].startswith("abc-style v")
    whole = TallyOperation(sqlite_db, rid, coder_name="Ana").run().tally
    assert whole.n == 8 and whole.coded_min == 20.0
    rows = result.csv_rows()
    assert rows[1] == ("recording", "", "id", str(rid))


def test_thresholds_come_from_the_family_programme_and_travel_with_the_result(
    sqlite_db: Database,
) -> None:
    assert load_thresholds(sqlite_db, "ABC") == FidelityThresholds()
    rid = make_recording(sqlite_db)
    code(sqlite_db, rid, "Ana", worked_example())
    save_thresholds(
        sqlite_db, "abc", FidelityThresholds(min_rate_per_min=1.5), actor=who(sqlite_db, "Sup")
    )
    assert load_thresholds(sqlite_db, " ABC ").min_rate_per_min == 1.5
    assert load_thresholds(sqlite_db, "VIPP-SD") == FidelityThresholds()
    data = TallyOperation(sqlite_db, rid, clip="fidelity").run().to_json()
    assert data["thresholds"]["min_rate_per_min"] == 1.5
    assert data["verdict"]["status"] == "does not meet"
    with sqlite_db.uow() as uow:
        (event,) = uow.audit.list(action="setting.changed")
        assert event.actor == "Sup" and event.subject == "setting:fidelity.thresholds.ABC"
        assert event.detail["before"] is None
        uow.settings.set("fidelity.thresholds.ABC", {"min_rate_per_min": "lots"})
        uow.commit()
    with pytest.raises(InvalidThresholds, match=r"fidelity\.thresholds\.ABC"):
        TallyOperation(sqlite_db, rid).run()


def test_which_pass_is_tallied(sqlite_db: Database) -> None:
    rid = make_recording(sqlite_db)
    empty = TallyOperation(sqlite_db, rid).run()
    assert empty.coder is None and empty.tally.n == 0 and empty.tally.on_target_share is None
    code(sqlite_db, rid, "Ana", [comment(1000)])
    code(sqlite_db, rid, "Ben", [comment(1000), comment(2000)])
    with pytest.raises(PassNotChosen, match="Ana, Ben"):
        TallyOperation(sqlite_db, rid).run()
    assert TallyOperation(sqlite_db, rid, coder_name="Ben").run().tally.n == 2
    with pytest.raises(PassNotChosen, match="no pass by coder 'Cy'"):
        TallyOperation(sqlite_db, rid, coder_name="Cy").run()
    with pytest.raises(NotFound):
        TallyOperation(sqlite_db, RecordingId(999)).run()


def test_trends_over_a_family_and_over_a_coder(sqlite_db: Database) -> None:
    v2 = make_recording(sqlite_db, "F-1", 2, dt.date(2024, 3, 18), minutes=5)
    v1 = make_recording(sqlite_db, "F-1", 1, dt.date(2024, 3, 4), minutes=5)
    other = make_recording(sqlite_db, "F-2", 1, dt.date(2024, 3, 10), minutes=5)
    code(sqlite_db, v1, "Ana", [comment(i * 60_000) for i in range(3)])
    code(sqlite_db, v2, "Ana", [comment(i * 30_000) for i in range(6)])
    code(sqlite_db, v2, "Ben", [comment(1000)])  # a reliability pass: not the family's point
    code(sqlite_db, other, "Ben", [comment(1000, on="no")])
    family = TrendOperation(sqlite_db, family_code="F-1").run()
    assert family.series.labels == ("visit 1", "visit 2")
    assert family.series.rate_per_min == (0.6, 1.2)
    assert [r.coder for r in family.results] == ["Ana", "Ana"]
    assert family.to_json()["title"] == "family F-1"
    ben = TrendOperation(sqlite_db, coder_name="Ben").run()
    assert ben.series.labels == ("F-2 visit 1", "F-1 visit 2")
    assert ben.series.on_target_pct == (0.0, 100.0)
    with pytest.raises(NotFound, match="no family 'F-9'"):
        TrendOperation(sqlite_db, family_code="F-9").run()
    with pytest.raises(PassNotChosen):
        TrendOperation(sqlite_db)
