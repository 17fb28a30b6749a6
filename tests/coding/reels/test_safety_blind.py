"""The safety rule under blind double coding: a hidden pass is judged but never named.

Pass 2 is "the other coder's" pass, hidden from whoever is making the reel. Its moments must
still keep a clip out (safety wins), yet no refusal may carry their code, label, modifier or
time, or the reel editor would tell the coach what the other coder marked.
"""

from __future__ import annotations

import dataclasses
import re

from tests.coding.reels.helpers import ABC, VIPP, ann, clip, evidence, reel
from vfcoach.coding.annotation import Annotation
from vfcoach.coding.ids import PassId
from vfcoach.coding.reels import (
    ClipOverride,
    CodedRecording,
    Concern,
    ReelEvidence,
    Severity,
    check_reel,
    clip_safety,
)
from vfcoach.coding.reels.safety import HIDDEN_MOMENT, concern_moments
from vfcoach.coding.scheme import Scheme

OTHER = PassId(2)
CLOCK = re.compile(r"\d\d:\d\d:\d\d")
REASON = "she asked to see this moment again"


def hiding(coded: CodedRecording, *passes: PassId) -> CodedRecording:
    return dataclasses.replace(coded, hidden_passes=frozenset(passes))


def blind_evidence(
    *annotations: Annotation, scheme: Scheme = ABC, hidden: bool = True
) -> ReelEvidence:
    found = evidence(list(annotations), scheme)
    if not hidden:
        return found
    coded = {rid: hiding(c, OTHER) for rid, c in found.coded.items()}
    return dataclasses.replace(found, coded=coded)


def test_a_hidden_concern_still_refuses_but_names_neither_code_nor_time() -> None:
    ovw = ann("OVW", 20, pass_id=OTHER)
    free = clip(19, 21)
    (problem,) = clip_safety(free, blind_evidence(ovw).coded[free.recording_id])
    assert problem.severity is Severity.ERROR and problem.concern is Concern.CONCERN
    assert HIDDEN_MOMENT in problem.message and "blind double coding" in problem.message
    assert "OVW" not in problem.message and "Overwhelm" not in problem.message
    assert not CLOCK.search(problem.message), problem.message
    (named,) = clip_safety(free, blind_evidence(ovw, hidden=False).coded[free.recording_id])
    assert "OVW at 00:00:20.000" in named.message  # once visible, it names the moment


def test_hidden_fr_reads_like_any_hidden_concern_and_is_never_overridable() -> None:
    fr, ovw = ann("FR", 20, pass_id=OTHER), ann("OVW", 40, pass_id=OTHER)
    near_fr, near_ovw = clip(19, 21), clip(39, 41)
    ev = blind_evidence(fr, ovw)
    coded = ev.coded[near_fr.recording_id]
    (on_fr,), (on_ovw,) = clip_safety(near_fr, coded), clip_safety(near_ovw, coded)
    assert on_fr.message == on_ovw.message  # the words do not tell FR from OVW
    assert on_fr.concern is Concern.FRIGHTENING and on_ovw.concern is Concern.CONCERN
    kept = dataclasses.replace(near_fr, override=ClipOverride(REASON, "Ana"))
    judged = check_reel(reel(kept), ev)
    assert [p.concern for p in judged if p.is_error] == [Concern.FRIGHTENING]  # override or not
    assert all("FR" not in p.message for p in judged)
    ovw_kept = dataclasses.replace(near_ovw, override=ClipOverride(REASON, "Ana"))
    kept_ovw = check_reel(reel(ovw_kept), ev)
    assert not [p for p in kept_ovw if p.is_error]  # a hidden OVW may be kept on override
    assert any(HIDDEN_MOMENT in p.message and REASON in p.message for p in kept_ovw)
    assert all("OVW" not in p.message for p in kept_ovw)


def test_a_hidden_negative_modifier_names_no_modifier() -> None:
    scaffolding = ann("ITM", 20, mods=(("valence", "scaffolding"),), pass_id=OTHER)
    mismatched = ann("P_RESP", 20, mods=(("fit", "mismatched"),), pass_id=OTHER)
    for a, scheme in ((scaffolding, ABC), (mismatched, VIPP)):
        free = clip(19, 21)
        (problem,) = clip_safety(free, blind_evidence(a, scheme=scheme).coded[free.recording_id])
        assert HIDDEN_MOMENT in problem.message and problem.concern is Concern.CONCERN
        assert "=" not in problem.message and a.code_key not in problem.message


def test_the_own_pass_stays_named_next_to_a_hidden_one() -> None:
    own, other = ann("INT", 20), ann("OVW", 20.5, pass_id=OTHER)
    free = clip(19, 21)
    messages = [
        p.message for p in clip_safety(free, blind_evidence(own, other).coded[free.recording_id])
    ]
    assert any("INT at 00:00:20.000" in m for m in messages)
    assert any(HIDDEN_MOMENT in m for m in messages) and not any("OVW" in m for m in messages)


def test_an_anchor_in_a_hidden_pass_is_not_described() -> None:
    hidden_code = ann("LEAD_NONE", 20, pass_id=OTHER)  # not caregiver-visible
    unknown = ann("XYZ", 30, pass_id=OTHER)
    ev = blind_evidence(hidden_code, unknown)
    for a in (hidden_code, unknown):
        anchored = clip(a.onset.pts_ms / 1000, a.onset.pts_ms / 1000, anchor=a)
        problems = clip_safety(anchored, ev.coded[anchored.recording_id])
        assert problems and all(HIDDEN_MOMENT in p.message for p in problems)
        assert all(a.code_key not in p.message and not CLOCK.search(p.message) for p in problems)


def test_moments_of_concern_are_told_apart_by_annotation_not_by_words() -> None:
    first, second = ann("OVW", 20, pass_id=OTHER), ann("INT", 21, pass_id=OTHER)
    coded = blind_evidence(first, second).coded[clip(0, 1).recording_id]
    assert concern_moments(clip(19, 20), coded) == {first.id, second.id}  # padded 1 s: both
    assert concern_moments(clip(18, 19), coded) == {first.id}  # padded 17-20
    assert concern_moments(clip(5, 6), coded) == frozenset()
