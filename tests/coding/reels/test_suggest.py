"""Suggested moments: strengths only, ranked by code, spread over the recording, safe."""

from __future__ import annotations

import itertools
import random

import pytest

from tests.coding.reels.helpers import ABC, FRAME_MAP, REC, VIPP, ann, coded
from vfcoach.coding.reels import CaptionLint, anchor_reason, clip_safety, suggest_moments


def keys(suggestions):
    return [s.code_key for s in suggestions]


def test_only_strengths_are_suggested_in_time_order():
    anns = [
        ann("FR", 5),
        ann("INT", 40, 45),
        ann("NUR_MISS", 50),
        ann("DEL", 30),
        ann("NUR", 12),
        ann("ITM", 31, mods=(("valence", "scaffolding"),)),
    ]
    got = suggest_moments(anns, ABC, FRAME_MAP, REC, max_clips=5)
    assert keys(got) == ["NUR"]  # DEL at 30 s sits 1 s from a scaffolding comment
    assert got[0].clip.caption.startswith("You comforted")


def test_ranked_by_code_when_fewer_clips_are_wanted():
    anns = [ann("DEL", 55), ann("FTL", 5, 11), ann("NUR", 30)]
    assert keys(suggest_moments(anns, ABC, FRAME_MAP, REC, max_clips=1)) == ["NUR"]
    assert keys(suggest_moments(anns, ABC, FRAME_MAP, REC, max_clips=2)) == ["FTL", "NUR"]


def test_spread_beats_a_cluster_of_the_best_code():
    anns = [ann("NUR", s) for s in (2, 7, 12, 17)] + [ann("DEL", 50)]
    got = suggest_moments(anns, ABC, FRAME_MAP, REC, max_clips=2)
    assert keys(got) == ["NUR", "DEL"]  # gap = 60 s / 4 = 15 s keeps the other NURs out


def test_no_two_suggestions_overlap():
    anns = [ann("NUR", s) for s in range(1, 58, 2)]
    got = suggest_moments(anns, ABC, FRAME_MAP, REC, max_clips=20)
    spans = sorted((s.clip.padded_start_ms, s.clip.padded_end_ms) for s in got)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert len(got) > 3


def test_the_story_starts_at_the_cue_and_codes_filter():
    cue = ann("C_DIS", 10)
    nur = ann("NUR", 12, trigger=cue.id)
    got = suggest_moments([cue, nur, ann("DEL", 40)], ABC, FRAME_MAP, REC, codes=["NUR"])
    assert keys(got) == ["NUR"]
    assert got[0].clip.start == cue.onset and got[0].clip.end.pts_ms == 15_000
    assert got[0].clip.annotation_id == nur.id


def test_positive_itm_suggests_the_behaviour_it_names():
    ftl = ann("FTL", 10, 14)
    itm = ann("ITM", 15, mods=(("valence", "positive"),), trigger=ftl.id)
    got = suggest_moments([ftl, itm], ABC, FRAME_MAP, REC, codes=["ITM"])
    assert [s.clip.annotation_id for s in got] == [ftl.id]


def test_vipp_chain_and_moment_types():
    sig = ann("C_SIG", 5)
    resp = ann("P_RESP", 6, mods=(("fit", "attuned"),), trigger=sig.id)
    react = ann("C_REACT", 11, mods=(("reaction", "positive"),), trigger=resp.id)
    bad = ann("MOMENT", 30, 40, (("type", "corrective"),))
    good = ann("MOMENT", 45, 55, (("type", "positive"),))
    got = suggest_moments([sig, resp, react, bad, good], VIPP, FRAME_MAP, REC)
    assert keys(got) == ["P_RESP", "MOMENT"]
    assert got[0].clip.start == sig.onset and got[0].clip.end.pts_ms == 12_000
    assert got[1].clip.annotation_id == good.id


def test_every_suggestion_is_safe_and_lint_clean_and_capped():
    anns = [ann("FTL", 1, 59), ann("NUR", 30), ann("OVW", 33)]
    lint = CaptionLint.for_schemes([ABC])
    got = suggest_moments(anns, ABC, FRAME_MAP, REC, coded=coded(anns))
    assert got and all(lint.reason(s.clip.caption) is None for s in got)
    assert all(s.clip.source_ms <= 20_000 for s in got)
    by_id = {a.id: a for a in anns}
    assert all(anchor_reason(by_id[s.clip.annotation_id], ABC) is None for s in got)
    assert "NUR" not in keys(got)  # 3 s from an OVW


@pytest.mark.parametrize("seed", range(20))
def test_random_codings_never_yield_an_unsafe_suggestion(seed):
    """Any mix of codes and modifier values: every suggestion passes the full safety rule."""
    rng = random.Random(seed)
    anns = []
    for scheme in (ABC, VIPP):
        for _ in range(40):
            code = rng.choice(scheme.codes)
            mods = tuple(
                (m.name, rng.choice(m.values))
                for m in code.modifiers
                if m.values and m.kind == "choice"
            )
            onset = rng.uniform(0, 55)
            offset = (
                onset + rng.uniform(1, 20) if code.kind == "state" and rng.random() < 0.8 else None
            )
            trigger = rng.choice(anns).id if anns and rng.random() < 0.5 else None
            anns.append(ann(code.key, onset, min(offset, 59.9) if offset else None, mods, trigger))
        mine = [a for a in anns if scheme.has(a.code_key)]
        got = suggest_moments(mine, scheme, FRAME_MAP, REC, max_clips=10, coded=coded(mine, scheme))
        for s in got:
            assert clip_safety(s.clip, coded(mine, scheme)) == []
        anns.clear()
