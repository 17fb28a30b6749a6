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


def test_a_hidden_moment_is_left_out_for_the_asker_wherever_it_is():
    """Blind coding: the clip is held instead (export refuses it), so the lead-in check must
    answer the same whether Ben's hidden FR sits on the lead-in or nowhere at all."""
    ben = PassId(2)
    c = clip(16.4, 16.4)
    on_lead_in = replace(coded([ann("FR", 10.4, pass_id=ben)]), hidden_passes=frozenset({ben}))
    elsewhere = replace(coded([ann("FR", 2.0, pass_id=ben)]), hidden_passes=frozenset({ben}))
    assert written_range_reasons(c, on_lead_in, 10_000, 17_400) == []
    assert written_range_reasons(c, elsewhere, 10_000, 17_400) == []
    (seen,) = written_range_reasons(c, coded([ann("FR", 10.4, pass_id=ben)]), 10_000, 17_400)
    assert seen.startswith("FR at 00:00:10.400")  # once visible, it is judged and named


def test_a_clip_of_another_recording_is_refused():
    c = replace(clip(16.4, 16.4), recording_id=RecordingId(99))
    assert written_range_reasons(c, coded([]), 0, 1000) != []
