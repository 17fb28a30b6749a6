"""One family per reel, length caps, and the whole gate `check_caregiver_safe`."""

from __future__ import annotations

from tests.coding.reels.helpers import ann, clip, evidence, reel
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.reels import ReelLimits, Severity, check_caregiver_safe, length_problems


def test_a_clip_of_another_family_is_refused():
    other = clip(5, 10, recording=RecordingId(8))
    problems = check_caregiver_safe(reel(clip(1, 6), other), evidence([], r8=99))
    assert [p.clip_id for p in problems if p.is_error] == [other.id]
    assert "another family" in problems[0].message


def test_an_unknown_recording_is_refused():
    ghost = clip(5, 10, recording=RecordingId(77))
    assert check_caregiver_safe(reel(ghost), evidence([]))[0].is_error


def test_a_clip_over_30_seconds_is_refused_and_outside_typical_warns():
    limits = ReelLimits()
    long = reel(clip(0, 29.5))  # + 1 s post-roll (no pre-roll at 0) = 30.5 s
    assert [p.severity for p in length_problems(long, limits)] == [Severity.ERROR, Severity.WARNING]
    assert [p.severity for p in length_problems(reel(clip(5, 24)), limits)] == [
        Severity.WARNING,  # 21 s: above typical
        Severity.WARNING,  # one clip: fewer than 3
    ]
    fine = reel(clip(5, 12), clip(20, 28), clip(40, 47))
    assert length_problems(fine, limits) == []


def test_more_than_six_clips_or_three_minutes_only_warns():
    seven = reel(*(clip(s, s + 5) for s in range(0, 56, 8)))
    problems = length_problems(seven, ReelLimits())
    assert problems and not any(p.is_error for p in problems)
    assert "the reel has 7 clips;" in problems[-1].message
    short_total = ReelLimits(total_max_ms=10_000)
    assert any("runs" in p.message for p in length_problems(seven, short_total))


def test_limits_come_from_settings():
    limits = ReelLimits.from_settings({"clip_max_ms": 10_000, "unknown": 1})
    assert limits.clip_max_ms == 10_000 and limits.clips_max == 6


def test_the_gate_collects_safety_caption_and_caps_errors_first():
    fr = ann("FR", 30)
    bad = reel(clip(5, 12, caption="Lovely FTL"), clip(28, 33), clip(40, 46, caption=""))
    problems = check_caregiver_safe(bad, evidence([fr]))
    errors = [p.message for p in problems if p.is_error]
    assert any("coding language" in m for m in errors)
    assert any("FR at" in m for m in errors)
    assert problems[-1].severity is Severity.WARNING  # the empty caption
    assert all(p.is_error for p in problems[: len(errors)])
