"""Scheme rules: keys, shortcuts, links, segments, set modifiers; every problem said in words."""

from __future__ import annotations

from dataclasses import replace

import pytest

from vfcoach.coding.errors import SchemeError
from vfcoach.coding.scheme import (
    Code,
    CodeKind,
    ModifierDef,
    ModifierKind,
    Polarity,
    Scheme,
    validate_codes,
)

CUE = Code("CUE", "Cue", CodeKind.POINT, "c")
RESP = Code("RESP", "Response", CodeKind.POINT, "r", link_to=("CUE",))
FTL = Code("FTL", "Following the lead", CodeKind.STATE, "f", me_set="LEAD")
REVIEW = Code("REV", "Review", CodeKind.STATE, "v", segment="REVIEW")
PARTS = ModifierDef("parts", ModifierKind.SET, ("describes", "links", "outcome"))


def test_defaults_keep_old_callers_working():
    code = Code("A", "Alpha", CodeKind.POINT, "a")
    assert (code.includes, code.excludes, code.link_to) == ("", "", ())
    assert code.polarity is Polarity.NEUTRAL and code.segment is None
    assert code.display == "A (Alpha)"


def test_a_valid_scheme_has_no_problems():
    scheme = Scheme("s", 1, (CUE, RESP, FTL, REVIEW))
    assert scheme.segment_code("REVIEW") == REVIEW
    assert scheme.segment_code("UNCODABLE") is None


def test_duplicate_shortcut_names_the_code_that_has_it():
    clash = Code("INT", "Taking over", CodeKind.STATE, "F")
    assert validate_codes((FTL, clash)) == [
        "INT: shortcut 'F' is already used by FTL (Following the lead)"
    ]


@pytest.mark.parametrize("key", ["1", "0", "[", "]", " "])
def test_player_and_modifier_keys_are_reserved(key: str):
    (problem,) = validate_codes((replace(CUE, shortcut=key),))
    assert "kept for the player" in problem


def test_link_to_must_name_a_code_of_the_scheme():
    assert validate_codes((replace(RESP, link_to=("NOPE",)),)) == [
        "RESP: links to 'NOPE', which is not a code of the scheme"
    ]


def test_segments_are_state_codes_one_per_kind_from_the_known_list():
    point = replace(CUE, segment="REVIEW")
    assert "only state codes can mark a REVIEW segment" in validate_codes((point,))[0]
    twice = replace(FTL, key="REV2", shortcut="w", me_set=None, segment="REVIEW")
    assert validate_codes((REVIEW, twice)) == ["REV2: REV already marks REVIEW"]
    odd = replace(REVIEW, segment="LUNCH")
    assert "segment 'LUNCH' is not one of FIDELITY_CLIP" in validate_codes((odd,))[0]


def test_every_problem_is_listed_not_only_the_first():
    bad = (
        Code("A", "", CodeKind.POINT, "a", colour="red"),
        Code("A", "Again", CodeKind.POINT, "ab", me_set="X"),
        Code("B", "Bee", CodeKind.POINT, "b", modifiers=(ModifierDef("m", ModifierKind.CHOICE),)),
    )
    problems = validate_codes(bad)
    assert problems == [
        "A: a code needs a label",
        "A: colour 'red' must look like #3a7bd5",
        "code key 'A' is used twice",
        "A: shortcut must be a single key, not 'ab'",
        "A: only state codes can belong to an ME&E set",
        "B: modifier 'm' needs at least one value",
    ]
    with pytest.raises(SchemeError, match="scheme 's' v1: A: a code needs a label; "):
        Scheme("s", 1, bad)


def test_modifier_rules():
    twice = ModifierDef("m", ModifierKind.CHOICE, ("x", "x"))
    plus = ModifierDef("p", ModifierKind.SET, ("a+b",))
    dup = Code("D", "Dee", CodeKind.POINT, "d", modifiers=(twice, plus, PARTS, PARTS))
    assert validate_codes((dup,)) == [
        "D: modifier 'm' lists a value twice",
        "D: values of set modifier 'p' cannot contain '+'",
        "D: modifier 'parts' is defined twice",
    ]


def test_set_modifier_accepts_any_subset_once():
    assert PARTS.accepts("")  # none chosen
    assert PARTS.accepts("describes")
    assert PARTS.accepts("describes+links+outcome")
    assert PARTS.accepts("outcome+describes")  # order is for storage, not a rule
    assert not PARTS.accepts("describes+describes")
    assert not PARTS.accepts("describes+nonsense")
    assert not PARTS.accepts("+")
    assert PARTS.choices() == ("describes", "links", "outcome")


def test_set_values_are_joined_in_scheme_order():
    assert PARTS.join(["outcome", "describes"]) == "describes+outcome"
    assert PARTS.join([]) == ""
    assert PARTS.parts("describes+outcome") == ("describes", "outcome")
    assert PARTS.parts("") == ()
    with pytest.raises(SchemeError, match="nonsense"):
        PARTS.join(["nonsense"])


def test_other_kinds_are_unchanged():
    flag = ModifierDef("sure", ModifierKind.FLAG)
    text = ModifierDef("why", ModifierKind.TEXT)
    choice = ModifierDef("v", ModifierKind.CHOICE, ("a", "b"))
    assert flag.accepts("yes") and not flag.accepts("maybe") and flag.choices() == ("yes", "no")
    assert text.accepts("a+b; anything") and text.choices() == ()
    assert choice.accepts("a") and not choice.accepts("a+b")
    assert text.parts("a+b") == ("a+b",)


def test_same_content_ignores_identity():
    a = Scheme("s", 1, (CUE,), description="d")
    assert a.same_content(replace(a, version=2, locked=True))
    assert not a.same_content(replace(a, description="other"))
