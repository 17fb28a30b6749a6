"""Times as coaches type them, and the one rounding that makes exports re-import exactly."""

from __future__ import annotations

import pytest

from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.frame_time import FrameTime, format_ms, parse_time_ms


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("72.48", 72480),
        ("0", 0),
        (" 1.0005 ", 1000),  # rounds once, to the nearest ms (banker's rounding of .5)
        ("00:01:12.480", 72480),
        ("1:12.5", 72500),
        ("01:00:00.001", 3_600_001),
        ("2:03:04", 7_384_000),
        ("12:05", 725_000),
    ],
)
def test_parse_time(text: str, ms: int) -> None:
    assert parse_time_ms(text) == ms


@pytest.mark.parametrize("text", ["", "abc", "-1", "1:2:3:4", "00:00:61", "00:61:00", "1.2.3"])
def test_parse_time_rejects(text: str) -> None:
    with pytest.raises(InvalidTime):
        parse_time_ms(text)


@pytest.mark.parametrize("ms", [0, 1, 999, 72480, 3_599_999, 36_000_000])
def test_format_parse_round_trip(ms: int) -> None:
    assert parse_time_ms(format_ms(ms)) == ms


def test_format_ms() -> None:
    assert format_ms(72480) == "00:01:12.480"
    assert format_ms(-40) == "-00:00:00.040"


def test_frame_time_is_never_negative() -> None:
    with pytest.raises(InvalidTime):
        FrameTime(-1, 0)
    assert FrameTime(1, 40) < FrameTime(2, 80)
