"""Built-in scheme names are reserved against look-alikes; a code's kind change is named."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.coding.reels.helpers import ann
from vfcoach.coding.reels import FRIGHTENING_KEYS, Concern, concern_reason
from vfcoach.coding.reels.safety import concern_kind
from vfcoach.coding.scheme import CodeKind, Polarity
from vfcoach.coding.scheme_guard import (
    confirmation_problem,
    kind_changes,
    normalise_name,
    reserved_builtin,
)
from vfcoach.coding.scheme_json import BUILTIN_SCHEMES, builtin_scheme


@pytest.mark.parametrize(
    ("name", "builtin"),
    [
        ("abc-style", "abc-style"),
        ("ABC-STYLE", "abc-style"),
        (" abc  style\t", "abc-style"),
        ("abc__style", "abc-style"),
        ("abc\u2014style", "abc-style"),  # em dash
        ("ａｂｃ－ｓｔｙｌｅ", "abc-style"),  # fullwidth
        ("аbс-stуle", "abc-style"),  # Cyrillic а, с, у
        ("αbc-style", "abc-style"),  # Greek alpha
        ("abc\u00ad-style", "abc-style"),  # soft hyphen
        ("àbc-style", "abc-style"),
        ("Abc Toddler Style", "abc-toddler-style"),
        ("vipp_sd_style", "vipp-sd-style"),
        ("abc-style-2", None),
        ("abcstyle", None),
        ("our-abc", None),
    ],
)
def test_builtin_names_and_their_look_alikes_are_reserved(name: str, builtin: str | None):
    assert reserved_builtin(name) == builtin


@given(st.sampled_from(BUILTIN_SCHEMES), st.lists(st.sampled_from([" ", "_", "-", "\u2013"])))
def test_any_separator_mix_reads_as_the_builtin(builtin: str, seps: list[str]):
    words = builtin.split("-")
    mixed = "".join(w.upper() + (seps[i % len(seps)] if seps else "-") for i, w in enumerate(words))
    assert normalise_name(mixed) == builtin


def test_kind_changes_name_each_change():
    abc = builtin_scheme("abc-style")
    codes = tuple(
        replace(c, caregiver_visible=True, polarity=Polarity.STRENGTH)
        if c.key == "FR"
        else replace(c, kind=CodeKind.STATE)
        if c.key == "DEL"
        else replace(c, caregiver_visible=False)
        if c.key == "NUR"  # hiding a code is never a risk
        else c
        for c in abc.codes
    )
    assert kind_changes(abc.codes, codes) == [
        "DEL: kind point -> state",
        "FR: polarity concern -> strength, made caregiver-visible",
    ]
    assert kind_changes(abc.codes, abc.codes) == []


def test_a_confirmation_needs_a_name_and_a_reason():
    assert "--by NAME" in (confirmation_problem("a real reason here", " ") or "")
    assert "3 words" in (confirmation_problem("because", "Sue") or "")
    assert confirmation_problem("the licence holder said so", "Sue") is None


def test_fr_is_frightening_whatever_the_scheme_says():
    abc = builtin_scheme("abc-style")
    codes = tuple(
        replace(c, caregiver_visible=True, polarity=Polarity.STRENGTH) if c.key == "FR" else c
        for c in abc.codes
    )
    hostile = replace(abc, name="our-abc", codes=codes)
    assert "FR" in FRIGHTENING_KEYS
    fr = ann("FR", 10.0)
    assert "moment of concern" in (concern_reason(fr, hostile) or "")
    assert concern_kind(fr, hostile) is Concern.FRIGHTENING
