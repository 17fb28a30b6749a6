"""The caption check refuses what points outside the family watching (issue 12 §5).

Paths, web and e-mail addresses, another family's code and another family's child's name,
in any case and with look-alike or invisible characters; the family's own code and child
pass, and so do plain sentences with a slash or a full stop.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.coding.reels.helpers import ABC
from tests.coding.reels.hostile_captions import (
    HOSTILE,
    OTHER_CHILD,
    OTHER_FAMILIES,
    OWN_CHILD,
    OWN_FAMILY,
    PLAIN,
)
from vfcoach.coding.ids import FamilyId
from vfcoach.coding.reels import CaptionLint

OWN, OTHER, THIRD = FamilyId(1), FamilyId(2), FamilyId(3)
NAMES = (
    (OWN, OWN_FAMILY),
    (OWN, OWN_CHILD),
    (OTHER, OTHER_FAMILIES[0]),
    (OTHER, OTHER_CHILD),
    (THIRD, OTHER_FAMILIES[1]),
    (THIRD, OWN_CHILD),  # another family's child shares the name: still the own child's name
)
LINT = CaptionLint.for_schemes([ABC], family_names=NAMES).for_family(OWN)


@pytest.mark.parametrize("caption", HOSTILE)
def test_hostile_captions_are_refused(caption: str) -> None:
    reason = LINT.reason(caption)
    assert reason is not None and "take it out" in reason
    assert LINT.shown_caption(caption) == ""


@pytest.mark.parametrize("caption", PLAIN)
def test_plain_captions_pass(caption: str) -> None:
    assert LINT.reason(caption) is None
    assert LINT.shown_caption(caption) == caption


def test_the_reason_says_what_was_found_in_plain_words() -> None:
    reason = LINT.reason("see /home/coach/HOLD-01/visit3.mp4 and DEMO-02 too")
    assert reason is not None
    assert "a file or folder path" in reason and "'DEMO-02'" in reason
    email = LINT.reason("write to coach.anna@clinic.nl")
    assert email is not None and "e-mail address" in email and "web address" not in email


def test_without_the_database_lists_paths_and_addresses_are_still_refused() -> None:
    bare = CaptionLint()
    assert bare.reason("file:///home/coach/visit3.mp4") is not None
    assert bare.reason("DEMO-02 too") is None  # names come from the database only


def test_another_reel_family_may_name_itself() -> None:
    theirs = CaptionLint(family_names=NAMES).for_family(OTHER)
    assert theirs.reason("Noah smiled as well") is None
    assert theirs.reason("Like DEMO-01 did") is not None


_SEPARATORS = st.sampled_from([" ", ", ", "(", ")", ": ", "\n", "'s ", ". ", "!"])


@given(
    before=st.text(alphabet="abc XYZ.,", max_size=12),
    sep_a=_SEPARATORS,
    sep_b=_SEPARATORS,
    name=st.sampled_from([*OTHER_FAMILIES, OTHER_CHILD]),
    case=st.sampled_from([str.upper, str.lower, str.title, lambda s: s]),
    after=st.text(alphabet="abc XYZ.,", max_size=12),
)
def test_another_familys_name_is_refused_wherever_it_stands(
    before: str, sep_a: str, sep_b: str, name: str, case: object, after: str
) -> None:
    assert callable(case)
    caption = f"{before}{sep_a}{case(name)}{sep_b}{after}"
    assert LINT.reason(caption) is not None, caption
