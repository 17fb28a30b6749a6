"""Which caregiver behaviour an in-the-moment comment is about, by default.

A coach comments on something the caregiver *just* did (domain.md §3.2), so an ITM placed
right after a linkable behaviour links to it: the latest point event of a code in the ITM's
`link_to` within the window, or a state event of such a code that is running at that moment.
The coach can change or remove the link; latency (domain.md §4) is measured along it.
"""

from __future__ import annotations

from collections.abc import Iterable

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.scheme import Code, CodeKind, Scheme

DEFAULT_LINK_WINDOW_MS = 10_000


def linkable_codes(code: Code) -> frozenset[str]:
    return frozenset(getattr(code, "link_to", ()) or ())


def _is_state(scheme: Scheme, key: str) -> bool:
    return scheme.has(key) and scheme.code(key).kind is CodeKind.STATE


def candidates(
    annotations: Iterable[Annotation], scheme: Scheme, code: Code, at: FrameTime, window_ms: int
) -> list[Annotation]:
    """Behaviours `code` may link to at `at`, most recent first."""
    keys = linkable_codes(code)
    found = []
    for a in annotations:
        if a.code_key not in keys or a.onset.frame > at.frame:
            continue
        state = _is_state(scheme, a.code_key)
        running = state and (a.offset is None or a.offset.frame >= at.frame)
        recent = at.pts_ms - a.onset.pts_ms <= window_ms
        ended_recently = a.offset is not None and at.pts_ms - a.offset.pts_ms <= window_ms
        if recent or running or ended_recently:
            found.append(a)
    return sorted(found, key=lambda a: (a.onset.pts_ms, a.code_key), reverse=True)


def default_trigger(
    annotations: Iterable[Annotation],
    scheme: Scheme,
    code: Code,
    at: FrameTime,
    window_ms: int = DEFAULT_LINK_WINDOW_MS,
) -> AnnotationId | None:
    found = candidates(annotations, scheme, code, at, window_ms)
    return found[0].id if found else None
