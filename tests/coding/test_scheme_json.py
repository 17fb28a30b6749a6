"""Scheme JSON: every field round-trips; a bad document is refused whole, all problems listed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from vfcoach.coding.scheme import Code, CodeKind, ModifierDef, ModifierKind, Polarity, Scheme
from vfcoach.coding.scheme_json import (
    BUILTIN_SCHEMES,
    SchemeRejected,
    builtin_scheme,
    scheme_from_dict,
    scheme_from_json,
    scheme_to_dict,
    scheme_to_json,
)

FULL = Scheme(
    "org-list",
    3,
    (
        Code("CUE", "Cue", CodeKind.POINT, "c", "#123456", "Child", caregiver_visible=True),
        Code(
            "RESP",
            "Response",
            CodeKind.POINT,
            "r",
            includes="warm, prompt",
            excludes="late",
            link_to=("CUE",),
            polarity=Polarity.STRENGTH,
            definition="Ünïcode — text",
            modifiers=(
                ModifierDef("parts", ModifierKind.SET, ("a", "b"), "Parts"),
                ModifierDef("sure", ModifierKind.FLAG),
                ModifierDef("note", ModifierKind.TEXT),
            ),
        ),
        Code("REV", "Review", CodeKind.STATE, "v", segment="REVIEW", polarity=Polarity.NEUTRAL),
        Code("X", "Concern", CodeKind.STATE, "x", me_set="SET", polarity=Polarity.CONCERN),
    ),
    description="Licensed list",
)


def good() -> dict[str, Any]:
    return scheme_to_dict(FULL)


def problems_of(doc: Any) -> list[str]:
    with pytest.raises(SchemeRejected) as info:
        scheme_from_dict(doc)
    return info.value.problems


def test_every_field_round_trips():
    assert scheme_from_json(scheme_to_json(FULL)) == FULL
    assert scheme_to_json(FULL).endswith("}\n")


@pytest.mark.parametrize("name", BUILTIN_SCHEMES)
def test_builtins_round_trip(name: str):
    scheme = builtin_scheme(name)
    assert scheme_from_json(scheme_to_json(scheme)) == scheme


def test_old_documents_without_the_new_fields_still_load():
    doc = {
        "name": "v1-era",
        "codes": [{"key": "A", "label": "Alpha", "kind": "point", "shortcut": "a"}],
    }
    scheme = scheme_from_dict(doc)
    assert scheme.version == 1
    assert scheme.codes == (Code("A", "Alpha", CodeKind.POINT, "a"),)


def test_a_malformed_document_lists_every_problem():
    doc = good()
    doc["version"] = 0
    doc["colour_scheme"] = "dark"
    codes = doc["codes"]
    codes[0]["caregiver_visable"] = True  # misspelt: must not be silently ignored
    codes[0]["caregiver_visible"] = "yes"
    codes[1]["polarity"] = "good"
    codes[1]["link_to"] = "CUE"
    codes[1]["modifiers"][0]["kind"] = "many"
    codes[2]["segment"] = "LUNCH"
    codes[3]["shortcut"] = "c"
    codes.append({"key": "Y", "kind": "point"})
    codes.append("not an object")
    problems = problems_of(doc)
    assert problems == [
        "scheme: unknown field 'colour_scheme'",
        "version must be a whole number from 1",
        "code CUE: unknown field 'caregiver_visable'",
        "code CUE: caregiver_visible must be true or false",
        "code RESP: polarity 'good' is not strength/concern/neutral",
        "code RESP, modifier parts: kind 'many' is not choice/flag/text/set",
        "code RESP: link_to must be a list of text",
        "code 5: missing label, shortcut",
        "code 6: must be an object",
        "REV: segment 'LUNCH' is not one of FIDELITY_CLIP, RELIABILITY_CLIP, UNCODABLE, REVIEW",
        "X: shortcut 'c' is already used by CUE (Cue)",
    ]


def test_the_message_carries_every_problem():
    doc = good()
    doc["codes"][0]["kind"] = "moment"
    doc["codes"][1]["shortcut"] = "7"
    with pytest.raises(SchemeRejected, match=r"^2 problem\(s\), nothing imported: ") as info:
        scheme_from_dict(doc)
    assert "kind 'moment' is not point/state" in str(info.value)
    assert "shortcut '7' is kept for the player" in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "not valid JSON (line 1"),
        ("[]", "a scheme must be a JSON object"),
        ("{}", "the scheme needs a name"),
        ('{"name": "x", "codes": []}', "the scheme needs a list of codes"),
        ('{"name": "x", "version": true, "codes": [1]}', "version must be a whole number"),
    ],
)
def test_hopeless_documents(text: str, expected: str):
    with pytest.raises(SchemeRejected, match=expected.replace("(", r"\(")):
        scheme_from_json(text)


def test_export_is_stable_text():
    text = scheme_to_json(FULL)
    assert json.loads(text)["codes"][1]["modifiers"][0] == {
        "name": "parts",
        "kind": "set",
        "values": ["a", "b"],
        "label": "Parts",
    }
    assert scheme_to_json(scheme_from_json(text)) == text
