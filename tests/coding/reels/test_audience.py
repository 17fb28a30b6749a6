"""Overrides (domain.md §5 rule 1) and coach-view reels with capped corrective clips (rule 2)."""

from __future__ import annotations

import dataclasses

import pytest

from tests.coding.reels.helpers import VIPP, ann, clip, evidence, reel
from vfcoach.coding.reels import (
    Audience,
    ClipOverride,
    Concern,
    Reel,
    ReelClip,
    check_caregiver_safe,
    check_reel,
    errors,
)

WHY = ClipOverride("she asked to see the moment she lost him", "coach-a")


def coach(*clips: ReelClip) -> Reel:
    return dataclasses.replace(reel(*clips), audience=Audience.COACH)


def kept(c: ReelClip, why: ClipOverride = WHY) -> ReelClip:
    return dataclasses.replace(c, override=why)


@pytest.mark.parametrize(
    ("key", "mods"),
    [
        ("OVW", ()),
        ("INT", ()),
        ("NUR_MISS", ()),
        ("ITM", (("valence", "scaffolding"),)),
    ],
)
def test_an_overridden_concern_is_kept_as_a_warning_naming_who_and_why(key, mods):
    concern = ann(key, 20, mods=mods)
    plain = clip(17, 22)
    (refused,) = errors(check_reel(reel(plain), evidence([concern])))
    assert refused.overridable and refused.concern is Concern.CONCERN
    problems = check_reel(reel(kept(plain)), evidence([concern]))
    assert errors(problems) == []
    note = next(p for p in problems if key in p.message)
    assert "coach-a" in note.message and "lost him" in note.message


def test_a_corrective_moment_anchor_can_be_overridden_in_a_caregiver_reel():
    corrective = ann("MOMENT", 10, 16, (("type", "corrective"),))
    anchored = clip(10, 16, anchor=corrective)
    ev = evidence([corrective], VIPP)
    assert errors(check_reel(reel(anchored), ev))[0].overridable
    assert errors(check_reel(reel(kept(anchored)), ev)) == []


def test_fr_is_refused_with_or_without_an_override_in_every_audience():
    fr = ann("FR", 20, mods=(("subtype", "harsh"),))
    c = kept(clip(17, 22))
    for r in (reel(c), coach(clip(1, 6), clip(30, 35), c)):
        (refused,) = errors(check_reel(r, evidence([fr])))
        assert refused.concern is Concern.FRIGHTENING and not refused.overridable
        assert "never applies" in refused.message


def test_a_one_word_or_blank_reason_does_not_count():
    ovw = ann("OVW", 20)
    for why in (ClipOverride("ok", "coach-a"), ClipOverride("   ", "coach-a")):
        found = [
            p.message for p in errors(check_reel(reel(kept(clip(17, 22), why)), evidence([ovw])))
        ]
        assert any("at least 3 words" in m for m in found)
        assert any("OVW" in m for m in found)


def test_an_override_never_lifts_what_is_not_a_concern():
    hidden = ann("LEAD_NONE", 10, 14)
    c = kept(dataclasses.replace(clip(10, 14, anchor=hidden), caption="Lovely FTL"))
    found = errors(check_reel(reel(c), evidence([hidden])))
    assert {("caregiver-visible" in p.message, "coding language" in p.message) for p in found} == {
        (True, False),
        (False, True),
    }
    assert not any(p.overridable for p in found)


def test_coach_view_allows_one_corrective_clip_after_two_positives():
    ovw = ann("OVW", 40)
    corrective = clip(38, 42)
    fine = coach(clip(1, 6), clip(10, 15), corrective)
    problems = check_reel(fine, evidence([ovw]))
    assert errors(problems) == []
    assert any("corrective clip" in p.message for p in problems)
    # The same reel judged for a caregiver refuses the corrective clip.
    assert errors(check_caregiver_safe(fine, evidence([ovw])))


@pytest.mark.parametrize("before", [0, 1])
def test_coach_view_refuses_a_corrective_clip_before_two_positives(before):
    ovw = ann("OVW", 40)
    positives = [clip(1, 6), clip(10, 15)]
    r = coach(*positives[:before], clip(38, 42), *positives[before:])
    (refused,) = errors(check_reel(r, evidence([ovw])))
    assert f"this one has {before} before it" in refused.message and not refused.overridable


def test_coach_view_caps_corrective_clips_at_one_or_two_with_an_override():
    ovw, intr = ann("OVW", 40), ann("INT", 48, 50)
    first, second = clip(38, 42), clip(45, 52)
    ev = evidence([ovw, intr])
    (capped,) = errors(check_reel(coach(clip(1, 6), clip(10, 15), first, second), ev))
    assert capped.clip_id == second.id and capped.overridable
    ok = coach(clip(1, 6), clip(10, 15), first, kept(second))
    assert errors(check_reel(ok, ev)) == []
    third = kept(clip(54, 58))
    ev3 = evidence([ovw, intr, ann("NUR_MISS", 56)])
    (never,) = errors(check_reel(coach(clip(1, 6), clip(10, 15), first, kept(second), third), ev3))
    assert never.clip_id == third.id and "at most 2" in never.message and not never.overridable


def test_coach_view_keeps_every_other_caregiver_rule():
    ovw = ann("OVW", 40)
    r = coach(
        clip(1, 6, caption="So intrusive"),
        clip(10, 15),
        dataclasses.replace(clip(38, 42)),
        clip(20, 59),
    )
    found = " ".join(p.message for p in errors(check_reel(r, evidence([ovw]))))
    assert "coding language" in found and "at most 30 s" in found
