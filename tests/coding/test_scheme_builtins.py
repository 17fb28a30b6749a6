"""The built-in schemes carry every code of domain.md §3, safe visibility and the notice."""

from __future__ import annotations

import pytest

from vfcoach.coding.scheme import (
    RESERVED_SHORTCUTS,
    SEGMENT_KINDS,
    CodeKind,
    ModifierKind,
    Polarity,
    Scheme,
    validate_codes,
)
from vfcoach.coding.scheme_json import BUILTIN_SCHEMES, builtin_scheme

ABC = ["C_DIS", "C_LEAD", "NUR", "NUR_MISS", "FTL", "INT", "LEAD_NONE", "DEL", "OVW", "FR", "ITM"]
VIPP = ["C_SIG", "P_RESP", "C_REACT", "MOMENT", "ITM"]
NEVER_VISIBLE = {"FR", "OVW", "INT", "NUR_MISS", "ITM", *SEGMENT_KINDS}
STRENGTHS = {"NUR", "FTL", "DEL", "CALM"}
CONCERNS = {"FR", "OVW", "INT", "NUR_MISS"}


@pytest.fixture(params=BUILTIN_SCHEMES)
def scheme(request: pytest.FixtureRequest) -> Scheme:
    return builtin_scheme(request.param)


def test_every_builtin_loads_and_validates(scheme: Scheme):
    assert validate_codes(scheme.codes) == []


def test_keys_are_those_of_the_domain():
    assert [c.key for c in builtin_scheme("abc-style").codes] == [*ABC, *SEGMENT_KINDS]
    toddler = [c.key for c in builtin_scheme("abc-toddler-style").codes]
    assert toddler == [*ABC[:-1], "CALM", "ITM", *SEGMENT_KINDS]
    assert [c.key for c in builtin_scheme("vipp-sd-style").codes] == [*VIPP, *SEGMENT_KINDS]


def test_versions():
    assert builtin_scheme("abc-style").version == 2  # v1 is already in some databases
    assert builtin_scheme("abc-toddler-style").version == 1
    assert builtin_scheme("vipp-sd-style").version == 1


def test_shortcuts_are_unique_single_keys_away_from_the_player(scheme: Scheme):
    keys = [c.shortcut.lower() for c in scheme.codes]
    assert len(set(keys)) == len(keys)
    assert all(len(k) == 1 and k not in RESERVED_SHORTCUTS for k in keys)


def test_abc_keeps_the_v1_shortcuts():
    abc = builtin_scheme("abc-style")
    kept = {"d": "C_DIS", "c": "C_LEAD", "n": "NUR", "f": "FTL", "i": "INT", "l": "DEL"}
    kept |= {"r": "FR", "m": "ITM"}
    for key, code in kept.items():
        assert abc.code(code).shortcut == key


def test_caregiver_visibility(scheme: Scheme):
    for code in scheme.codes:
        if code.key in NEVER_VISIBLE:
            assert not code.caregiver_visible, code.key
        if code.polarity is Polarity.CONCERN:
            assert not code.caregiver_visible, code.key
    visible = {c.key for c in scheme.codes if c.caregiver_visible}
    if scheme.name.startswith("abc"):
        assert visible == {"C_DIS", "C_LEAD"} | (STRENGTHS & {c.key for c in scheme.codes})


def test_polarity_and_segments(scheme: Scheme):
    for code in scheme.codes:
        expected = (
            Polarity.STRENGTH
            if code.key in STRENGTHS
            else Polarity.CONCERN
            if code.key in CONCERNS
            else Polarity.NEUTRAL
        )
        assert code.polarity is expected, code.key
    for kind in SEGMENT_KINDS:
        seg = scheme.segment_code(kind)
        assert seg is not None and seg.key == kind and seg.kind is CodeKind.STATE
        assert seg.category == "Segments"


def test_abc_structure():
    for name in ("abc-style", "abc-toddler-style"):
        abc = builtin_scheme(name)
        assert {c.key for c in abc.codes if c.me_set == "LEAD"} == {"FTL", "INT", "LEAD_NONE"}
        assert abc.code("NUR").link_to == ("C_DIS",)
        assert abc.code("NUR_MISS").link_to == ("C_DIS",)
        itm = abc.code("ITM")
        assert [m.name for m in itm.modifiers] == [
            "target",
            "on_target",
            "valence",
            "components",
            "addressee",
        ]
        target = itm.modifier("target")
        assert target is not None
        assert target.values == ("NUR", "FTL", "DEL", "AVOID_FR", "CALM", "NONE")
        components = itm.modifier("components")
        assert components is not None and components.kind is ModifierKind.SET
        assert components.accepts("describes_behaviour+links_target+links_outcome")
        fr = abc.code("FR").modifier("subtype")
        assert fr is not None
        assert fr.values == ("threatening", "frightened", "dissociative", "harsh")
        assert set(itm.link_to) >= {"NUR", "FTL", "DEL"}
    toddler = builtin_scheme("abc-toddler-style")
    assert toddler.code("CALM").link_to == ("C_DIS",)
    assert "CALM" in toddler.code("ITM").link_to


def test_vipp_structure():
    vipp = builtin_scheme("vipp-sd-style")
    assert vipp.code("P_RESP").link_to == ("C_SIG",)
    assert vipp.code("C_REACT").link_to == ("P_RESP",)
    fit = vipp.code("P_RESP").modifier("fit")
    assert fit is not None and fit.values == ("attuned", "missed", "mismatched")
    moment = vipp.code("MOMENT")
    assert moment.kind is CodeKind.STATE
    assert [m.name for m in moment.modifiers] == ["type", "theme", "caption"]
    caption = moment.modifier("caption")
    assert caption is not None and caption.kind is ModifierKind.TEXT


def test_every_code_is_explained(scheme: Scheme):
    for code in scheme.codes:
        assert code.label and code.definition, code.key


def test_the_notice_is_in_every_description(scheme: Scheme):
    assert "written for vfcoach" in scheme.description
    assert "not the official" in scheme.description
