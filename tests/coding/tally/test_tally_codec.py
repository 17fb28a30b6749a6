"""A stored tally reads back equal to the computed one, for every shape a tally takes."""

from __future__ import annotations

import json

import pytest

from tests.coding.tally.builders import MIN, SCHEME, itm, mmss, point, state
from tests.coding.tally.test_itm_tally import worked_example
from vfcoach.coding.tally import FidelityThresholds, itm_tally
from vfcoach.coding.tally.tally_codec import tally_from_json, tally_to_json


@pytest.mark.parametrize("clip", ["all", "fidelity", [(mmss(12), mmss(14)), (mmss(15), mmss(16))]])
def test_worked_example_round_trips_exactly(clip) -> None:
    events, _late = worked_example()
    events.append(itm(mmss(13, 1.0), "FTL", "yes", "positive", trigger=events[1].id))
    thresholds = FidelityThresholds(positive_share_flag=0.9, practice_rate_info=None)
    tally = itm_tally(events, SCHEME, 20 * MIN, clip, thresholds)
    back = tally_from_json(tally_to_json(tally))
    assert back == tally
    assert back.itm_ids == tally.itm_ids and back.verdict.status is tally.verdict.status


def test_empty_and_odd_tallies_round_trip() -> None:
    for events in (
        [],
        [point("ITM", 4000)],  # a comment with no modifiers yet
        [state("FTL", 1000, None), itm(2000, addressee="P1")],  # open state, an addressee
    ):
        tally = itm_tally(events, SCHEME, MIN)
        assert tally_from_json(tally_to_json(tally)) == tally


def test_text_of_another_shape_is_refused_not_misread() -> None:
    tally = itm_tally([itm(1000)], SCHEME, MIN)
    data = json.loads(tally_to_json(tally))
    del data["verdict"]
    with pytest.raises(KeyError):
        tally_from_json(json.dumps(data))
