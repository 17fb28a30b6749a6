"""The caregiver-safety rule: anchors and overlaps (domain.md §5 hard rule 1)."""

from __future__ import annotations

import dataclasses

import pytest

from tests.coding.reels.helpers import ABC, VIPP, ann, clip, coded
from vfcoach.coding.reels import anchor_reason, clip_safety
from vfcoach.coding.scheme import Polarity, Scheme


@pytest.mark.parametrize("key", ["NUR", "FTL", "DEL", "C_DIS"])
def test_strength_and_visible_codes_may_anchor(key):
    assert anchor_reason(ann(key, 10, 12 if key == "FTL" else None), ABC) is None


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("FR", "concern"),
        ("OVW", "concern"),
        ("INT", "concern"),
        ("NUR_MISS", "concern"),
        ("LEAD_NONE", "not marked caregiver-visible"),
        ("FIDELITY_CLIP", "not marked caregiver-visible"),
    ],
)
def test_concern_and_hidden_codes_never_anchor(key, why):
    reason = anchor_reason(ann(key, 10), ABC)
    assert reason is not None and why in reason


@pytest.mark.parametrize(
    ("scheme", "key", "mods"),
    [
        (ABC, "ITM", (("valence", "scaffolding"),)),
        (VIPP, "P_RESP", (("fit", "missed"),)),
        (VIPP, "P_RESP", (("fit", "mismatched"),)),
        (VIPP, "MOMENT", (("type", "corrective"),)),
        (VIPP, "C_REACT", (("reaction", "negative"),)),
    ],
)
def test_negative_modifiers_refuse_with_the_value_named(scheme, key, mods):
    reason = anchor_reason(ann(key, 10, 15 if key == "MOMENT" else None, mods), scheme)
    assert reason is not None and f"{mods[0][0]}={mods[0][1]}" in reason


def test_positive_vipp_moments_may_anchor():
    assert anchor_reason(ann("MOMENT", 1, 9, (("type", "positive"),)), VIPP) is None
    assert anchor_reason(ann("P_RESP", 1, None, (("fit", "attuned"),)), VIPP) is None


def test_an_unknown_code_is_refused():
    assert "not a code" in (anchor_reason(ann("XYZ", 1), ABC) or "")


def test_a_free_range_overlapping_fr_is_refused_even_by_another_coder():
    from vfcoach.coding.ids import PassId

    fr = ann("FR", 20, mods=(("subtype", "harsh"),), pass_id=PassId(2))
    problems = clip_safety(clip(15, 19.5), coded([fr]))  # post-roll 1 s reaches 20.5 s
    assert problems and "FR at 00:00:20.000" in problems[0].message
    assert clip_safety(clip(10, 18), coded([fr])) == []


def test_an_open_intrusive_state_blocks_everything_after_it():
    intr = ann("INT", 30)
    assert clip_safety(clip(50, 55), coded([intr]))
    assert clip_safety(clip(5, 10), coded([intr])) == []


def test_a_missing_anchor_is_refused():
    nur = ann("NUR", 10)
    assert "no longer" in clip_safety(clip(9, 13, anchor=nur), coded([]))[0].message


def test_a_scheme_flag_flipped_after_the_fact_is_what_counts():
    del_ = ann("DEL", 10)
    assert clip_safety(clip(9, 13, anchor=del_), coded([del_])) == []
    hidden = Scheme(
        ABC.name,
        ABC.version,
        tuple(
            dataclasses.replace(c, caregiver_visible=False) if c.key == "DEL" else c
            for c in ABC.codes
        ),
    )
    assert (
        "caregiver-visible"
        in clip_safety(clip(9, 13, anchor=del_), coded([del_], hidden))[0].message
    )
    concern = Scheme(
        ABC.name,
        ABC.version,
        tuple(
            dataclasses.replace(c, polarity=Polarity.CONCERN) if c.key == "DEL" else c
            for c in ABC.codes
        ),
    )
    assert clip_safety(clip(9, 13, anchor=del_), coded([del_], concern))
