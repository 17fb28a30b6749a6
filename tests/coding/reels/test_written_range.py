"""`written_range_reasons`: what only a file's extra frames (a keyframe lead-in, a tail) show.

The padded span was judged by the audience's rule (with its overrides); the extra frames a
fast copy writes were never seen by the coach, so any concern there is returned, whoever
coded it, and a hidden pass's moment is described without code or time.
"""

from __future__ import annotations

from dataclasses import replace

from tests.coding.reels.helpers import ann, clip, coded
from vfcoach.coding.ids import PassId, RecordingId
from vfcoach.coding.reels import written_range_reasons
from vfcoach.coding.reels.safety import HIDDEN_MOMENT


def test_a_concern_only_on_the_lead_in_is_named():
    fr, nur = ann("FR", 10.4), ann("NUR", 16.4)
    c = clip(16.4, 16.4, anchor=nur)  # padded 15.4..17.4 s
    rec = coded([fr, nur])
    assert written_range_reasons(c, rec, 15_400, 17_400) == []  # exactly the padded span
    (reason,) = written_range_reasons(c, rec, 10_000, 17_400)  # from the keyframe at 10 s
    assert reason.startswith("FR at 00:00:10.400")
    (tail,) = written_range_reasons(c, coded([ann("OVW", 17.44), nur]), 15_400, 17_480)
    assert tail.startswith("OVW at")


def test_concerns_the_padded_span_holds_are_not_judged_twice():
    ovw = ann("OVW", 16.0)  # inside the clip: the audience rule decided it (override or not)
    c = clip(16.0, 16.4)
    assert written_range_reasons(c, coded([ovw]), 10_000, 17_400) == []


def test_a_hidden_moment_is_judged_but_not_named():
    ben = PassId(2)
    fr = ann("FR", 10.4, pass_id=ben)
    rec = replace(coded([fr]), hidden_passes=frozenset({ben}))
    (reason,) = written_range_reasons(clip(16.4, 16.4), rec, 10_000, 17_400)
    assert HIDDEN_MOMENT in reason and "FR" not in reason and "10.4" not in reason


def test_a_clip_of_another_recording_is_refused():
    c = replace(clip(16.4, 16.4), recording_id=RecordingId(99))
    assert written_range_reasons(c, coded([]), 0, 1000) != []
