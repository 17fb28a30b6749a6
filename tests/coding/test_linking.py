"""An ITM links by default to the behaviour the coach just saw (domain.md §3.2)."""

from __future__ import annotations

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import PassId, new_annotation_id
from vfcoach.coding.linking import candidates, default_trigger
from vfcoach.coding.scheme import Code, CodeKind, Scheme

FMAP = FrameMap.constant(25 * 120, 25)  # two minutes at 25 fps
ITM = Code("ITM", "Comment", CodeKind.POINT, "m", link_to=("NUR", "FTL", "DEL"))
PASS = PassId(1)
SCHEME = Scheme(
    "t",
    1,
    (
        ITM,
        Code("NUR", "Nurture", CodeKind.POINT, "n"),
        Code("DEL", "Delight", CodeKind.POINT, "l"),
        Code("FTL", "Lead", CodeKind.STATE, "f"),
        Code("C_LEAD", "Child", CodeKind.POINT, "c"),
    ),
)


def ev(key: str, second: float, end: float | None = None) -> Annotation:
    onset = FMAP.moment(round(second * 25))
    offset = None if end is None else FMAP.moment(round(end * 25))
    return Annotation(new_annotation_id(), PASS, key, onset, offset)


def test_links_the_latest_linkable_point_within_the_window():
    old, recent, other = ev("NUR", 10), ev("DEL", 30), ev("C_LEAD", 31)
    assert default_trigger([old, recent, other], SCHEME, ITM, FMAP.moment(32 * 25)) == recent.id


def test_nothing_to_link_when_too_long_ago_or_after_the_comment():
    before, after = ev("NUR", 10), ev("DEL", 50)
    assert default_trigger([before, after], SCHEME, ITM, FMAP.moment(40 * 25)) is None


def test_a_running_state_is_linkable_however_long_it_has_lasted():
    running = ev("FTL", 5, 90)
    open_state = ev("FTL", 100)
    assert default_trigger([running], SCHEME, ITM, FMAP.moment(60 * 25)) == running.id
    assert default_trigger([open_state], SCHEME, ITM, FMAP.moment(110 * 25)) == open_state.id


def test_codes_without_link_rules_never_link():
    plain = Code("DEL", "Delight", CodeKind.POINT, "l")
    assert default_trigger([ev("NUR", 10)], SCHEME, plain, FMAP.moment(11 * 25)) is None


def test_candidates_are_most_recent_first():
    a, b, c = ev("NUR", 1), ev("DEL", 3), ev("FTL", 2, 4)
    assert [x.id for x in candidates([a, b, c], SCHEME, ITM, FMAP.moment(5 * 25), 60_000)] == [
        b.id,
        c.id,
        a.id,
    ]
