"""The caption lint (domain.md §5): no code keys, no jargon, plain words pass."""

from __future__ import annotations

import pytest

from tests.coding.reels.helpers import ABC, VIPP
from vfcoach.coding.reels import CAPTIONS, CaptionLint

LINT = CaptionLint.for_schemes([ABC, VIPP])


@pytest.mark.parametrize(
    "caption",
    [
        "Great FTL here",
        "great ftl here",
        "A nice NUR moment.",
        "That was on-target.",
        "Not intrusive at all",
        "INTRUSIVE? no.",
        "Less frightening than before",
        "Good scaffolding!",
        "ITM: well done",
        "You avoided OVW",
        "C_DIS, then comfort",
        "P_RESP was quick",
    ],
)
def test_coding_language_is_refused(caption):
    assert LINT.reason(caption) is not None


@pytest.mark.parametrize(
    "caption",
    [
        "You picked her up as soon as she cried, and she settled on your shoulder.",
        "She became calm in your arms.",  # CALM the code, calm the word
        "In this moment you waited for him.",
        "Delightful! You laughed together.",  # DEL is a key; 'Delightful' is a word
        "Internal thoughts aside, you followed.",
    ],
)
def test_plain_language_passes(caption):
    assert LINT.reason(caption) is None


def test_the_jargon_list_is_configurable():
    lint = CaptionLint.for_schemes([ABC], jargon=["tickle"])
    assert lint.reason("a lovely tickle game") is not None
    assert lint.reason("that was on-target") is None  # the organisation replaced the list
    assert lint.reason("FTL") is not None  # keys stay forbidden whatever the list


def test_every_default_caption_passes_the_lint():
    for _rank, caption in CAPTIONS.values():
        assert LINT.reason(caption) is None, caption
