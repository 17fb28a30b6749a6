"""Timeline lanes as sorted arrays, so painting a window of 5,000 events touches only the
events inside it (two binary searches per lane) instead of walking every annotation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.scheme import CodeKind, Scheme


@dataclass
class Lane:
    key: str
    label: str
    colour: str
    is_state: bool
    onsets: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    offsets: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    ids: list[AnnotationId] = field(default_factory=list)
    triggers: list[AnnotationId | None] = field(default_factory=list)
    max_len_ms: int = 0
    coder: str = ""  # set on comparison lanes: whose codes this lane shows

    def visible(self, start_ms: int, end_ms: int) -> range:
        """Indices of events that may intersect [start_ms, end_ms]."""
        lo = int(np.searchsorted(self.onsets, start_ms - self.max_len_ms, side="left"))
        hi = int(np.searchsorted(self.onsets, end_ms, side="right"))
        return range(lo, hi)


def build_lanes(scheme: Scheme, annotations: Iterable[Annotation], open_end_ms: int) -> list[Lane]:
    """One lane per code in scheme order; an open state runs to `open_end_ms` (the cursor)."""
    per_key: dict[str, list[Annotation]] = {c.key: [] for c in scheme.codes}
    for a in annotations:
        per_key.setdefault(a.code_key, []).append(a)
    lanes: list[Lane] = []
    for key, items in per_key.items():
        code = scheme.code(key) if scheme.has(key) else None
        items.sort(key=lambda a: a.onset.pts_ms)
        onsets = np.fromiter((a.onset.pts_ms for a in items), np.int64, len(items))
        offsets = np.fromiter(
            (
                a.offset.pts_ms if a.offset is not None else max(open_end_ms, a.onset.pts_ms)
                for a in items
            ),
            np.int64,
            len(items),
        )
        lane = Lane(
            key=key,
            label=code.label if code else key,
            colour=code.colour if code else "#888888",
            is_state=code is not None and code.kind is CodeKind.STATE,
            onsets=onsets,
            offsets=offsets,
            ids=[a.id for a in items],
            triggers=[a.trigger for a in items],
            max_len_ms=int((offsets - onsets).max()) if len(items) else 0,
        )
        lanes.append(lane)
    return lanes


def positions(lanes: Sequence[Lane]) -> dict[AnnotationId, tuple[int, int]]:
    """Where each event starts: (lane index, onset ms), for drawing links between events."""
    return {
        ident: (i, int(lane.onsets[j]))
        for i, lane in enumerate(lanes)
        for j, ident in enumerate(lane.ids)
    }


def hit(lanes: Sequence[Lane], lane_index: int, ms: int, slack_ms: int) -> AnnotationId | None:
    """The event under a click in a lane, with a few pixels' slack for thin ticks."""
    if not 0 <= lane_index < len(lanes):
        return None
    lane = lanes[lane_index]
    best: tuple[int, AnnotationId] | None = None
    for i in lane.visible(ms - slack_ms, ms + slack_ms):
        on, off = int(lane.onsets[i]), int(lane.offsets[i])
        dist = 0 if on <= ms <= off else min(abs(ms - on), abs(ms - off))
        if dist <= slack_ms and (best is None or dist < best[0]):
            best = (dist, lane.ids[i])
    return None if best is None else best[1]
