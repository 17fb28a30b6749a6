"""The Enter suggestion for an ITM's target, row by row from domain.md §3.1–3.2."""

from __future__ import annotations

import pytest

from vfcoach.coding.itm_suggest import suggested_target, suggested_values
from vfcoach.coding.scheme_json import builtin_scheme

# (behaviour the comment is linked to, suggested target, why: the words of domain.md)
TABLE = [
    ("NUR", "NUR", "target `NUR`: a nurturing response is the nurturing target"),
    ("FTL", "FTL", "target `FTL`: following the lead"),
    ("DEL", "DEL", "target `DEL`: delight"),
    ("INT", "FTL", "`INT` is a state in `LEAD` {`FTL`,`INT`,`LEAD_NONE`}"),
    ("LEAD_NONE", "FTL", "`LEAD_NONE` is in the same ME&E set `LEAD` as `FTL`"),
    ("FR", "AVOID_FR", "`AVOID_FR` (frightening/overwhelming)"),
    ("OVW", "AVOID_FR", "`AVOID_FR` (frightening/overwhelming)"),
    ("NUR_MISS", "NUR", "missed nurturance: distress met with no comfort"),
    ("C_DIS", None, "a child cue: more than one target may fit"),
    ("C_LEAD", None, "a child cue: more than one target may fit"),
    (None, None, "no linked behaviour, nothing to suggest"),
]


@pytest.mark.parametrize(("trigger", "target", "why"), TABLE)
def test_abc_style_suggestions(trigger: str | None, target: str | None, why: str) -> None:
    scheme = builtin_scheme("abc-style")
    assert suggested_target(scheme, scheme.code("ITM"), trigger) == target, why


def test_calm_in_the_toddler_scheme_suggests_calm() -> None:
    scheme = builtin_scheme("abc-toddler-style")
    assert suggested_values(scheme, scheme.code("ITM"), "CALM") == {"target": "CALM"}
    assert suggested_values(scheme, scheme.code("ITM"), "INT") == {"target": "FTL"}


def test_a_code_without_a_target_question_gets_no_suggestion() -> None:
    scheme = builtin_scheme("abc-style")
    assert suggested_values(scheme, scheme.code("DEL"), "FTL") == {}
