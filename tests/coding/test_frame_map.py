"""The frame map: exact frame <-> ms for constant and variable frame rates."""

from __future__ import annotations

import numpy as np
import pytest

from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.frame_time import FrameTime


def test_constant_rates() -> None:
    fm = FrameMap.constant(100, 25)
    assert fm.frame_count == 100 and fm.ms_at(1) == 40 and fm.duration_ms == 4000
    ntsc = FrameMap.constant(4, 30000, 1001)
    assert list(ntsc.pts_ms) == [0, 33, 67, 100]  # 33.37 -> 33, 66.73 -> 67: no drift


def test_at_ms_is_the_frame_on_screen() -> None:
    fm = FrameMap(np.array([0, 40, 100, 110]), last_frame_ms=40)  # variable frame rate
    assert [fm.at_ms(ms) for ms in (-5, 0, 39, 40, 99, 100, 109, 110, 10_000)] == [
        0,
        0,
        0,
        1,
        1,
        2,
        2,
        3,
        3,
    ]


def test_moment_at_ms_snaps_and_rejects_past_the_end() -> None:
    fm = FrameMap(np.array([0, 40, 100, 110]), last_frame_ms=40)
    assert fm.moment_at_ms(99) == FrameTime(1, 40)
    assert fm.moment_at_ms(150) == FrameTime(3, 110)  # the last frame is shown until 150
    with pytest.raises(InvalidTime):
        fm.moment_at_ms(151)
    with pytest.raises(InvalidTime):
        fm.moment_at_ms(-1)
    with pytest.raises(InvalidTime):
        fm.ms_at(4)


def test_bytes_round_trip() -> None:
    fm = FrameMap(np.array([0, 33, 67, 100, 140, 1_000_000]), last_frame_ms=35)
    blob = fm.to_bytes()
    assert isinstance(blob, bytes)
    back = FrameMap.from_bytes(blob)
    assert back == fm and back.last_frame_ms == 35 and back.pts_ms.dtype == np.int64
    assert hash(back) == hash(fm)


def test_invalid_maps() -> None:
    with pytest.raises(ValueError):
        FrameMap(np.array([], dtype=np.int64))
    with pytest.raises(ValueError):
        FrameMap(np.array([0, 40, 20]))
