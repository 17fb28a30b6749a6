"""The moments of concern of one recording, indexed by time, for the overlap check.

`reel create` asks the overlap question once per candidate strength, and a busy visit has
thousands of both: scanning every annotation (and re-judging each one) per question made it
quadratic (4,000 events 7 s, 26,600 over 10 minutes; issue 10 item 7). So each moment is
judged once, and the moments are kept sorted by start: a question bisects to the short
moments that can reach its span and scans only the few long ones (open states run to the end
of the recording). Answers come back in annotation order, exactly as the full scan gave them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.ids import AnnotationId

#: Moments longer than this are scanned on every question instead of bisected; the rest are
#: found by start time within [span start - LONG_MS, span end].
LONG_MS = 10_000

Judge = Callable[[Annotation], tuple[str, int, int] | None]


@dataclass(frozen=True, slots=True)
class _Moment:
    order: int  # position in the recording's annotations: answers keep this order
    start_ms: int
    end_ms: int
    annotation: Annotation
    reason: str


class ConcernIndex:
    """Built once per `CodedRecording`; `judge` gives (reason, start, end) or None."""

    __slots__ = ("_by_id", "_long", "_short", "_starts")

    def __init__(self, annotations: Sequence[Annotation], judge: Judge) -> None:
        self._by_id: dict[AnnotationId, Annotation] = {}
        moments: list[_Moment] = []
        for order, a in enumerate(annotations):
            self._by_id.setdefault(a.id, a)  # the first, as a scan from the front finds it
            judged = judge(a)
            if judged is not None:
                reason, start_ms, end_ms = judged
                moments.append(_Moment(order, start_ms, end_ms, a, reason))
        self._long = [m for m in moments if m.end_ms - m.start_ms > LONG_MS]
        self._short = sorted(
            (m for m in moments if m.end_ms - m.start_ms <= LONG_MS), key=lambda m: m.start_ms
        )
        self._starts = [m.start_ms for m in self._short]

    def annotation(self, annotation_id: AnnotationId) -> Annotation | None:
        return self._by_id.get(annotation_id)

    def any_overlapping(self, start_ms: int, end_ms: int, besides: AnnotationId | None) -> bool:
        """Whether `overlapping` would name any moment but `besides`; stops at the first."""
        lo = bisect_left(self._starts, start_ms - LONG_MS)
        hi = bisect_right(self._starts, end_ms)
        for m in self._short[lo:hi]:
            if m.end_ms >= start_ms and m.annotation.id != besides:
                return True
        return any(
            m.start_ms <= end_ms and m.end_ms >= start_ms and m.annotation.id != besides
            for m in self._long
        )

    def overlapping(self, start_ms: int, end_ms: int) -> list[tuple[Annotation, str]]:
        """Moments within [start_ms, end_ms] (closed), in annotation order."""
        lo = bisect_left(self._starts, start_ms - LONG_MS)
        hi = bisect_right(self._starts, end_ms)
        found = [m for m in self._short[lo:hi] if m.end_ms >= start_ms]
        found += [m for m in self._long if m.start_ms <= end_ms and m.end_ms >= start_ms]
        found.sort(key=lambda m: m.order)
        return [(m.annotation, m.reason) for m in found]
