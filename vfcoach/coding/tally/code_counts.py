"""Counts and durations of the caregiver and child codes within coded time (issue 4, §3).

Every code that is neither an ITM nor a segment is summarised over the same coded time as
the ITMs (domain.md §4), so "4 FTL comments" can be read beside "FTL held for 3:20". A point
code counts when its onset lies in T. A state code counts when it overlaps T, and only the
overlapping part adds to its duration: a stretch of following the lead that straddles a
fidelity clip's edge contributes just the part inside the clip. A state still open runs to
the end of the recording (and the tally notes it). Every code of the scheme gets a row, with
zeros, so tables and charts line up across visits; codes the scheme does not know (an
imported pass) follow, by key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.tally.roles import CodeRoles
from vfcoach.coding.tally.spans import SpanSet


@dataclass(frozen=True, slots=True)
class CodeSummary:
    key: str
    label: str
    kind: str  # "point" or "state"
    count: int
    duration_ms: int  # 0 for point codes
    open_count: int  # states still open, counted to the end of the recording


@dataclass(frozen=True, slots=True)
class CodeCounts:
    rows: tuple[CodeSummary, ...]
    in_coded_time: tuple[Annotation, ...]  # the behaviours counted, for link-based figures
    notes: tuple[str, ...]


def code_counts(
    behaviours: Sequence[Annotation], roles: CodeRoles, span_set: SpanSet, duration_ms: int
) -> CodeCounts:
    """`behaviours`: the pass's annotations that are neither ITMs nor segments."""
    n = len(behaviours)
    onsets = np.fromiter((a.onset.pts_ms for a in behaviours), dtype=np.int64, count=n)
    ends = np.fromiter(
        (duration_ms if a.offset is None else a.offset.pts_ms for a in behaviours),
        dtype=np.int64,
        count=n,
    )
    is_state = np.fromiter((a.code_key in roles.state_keys for a in behaviours), bool, count=n)
    ends = np.where(is_state, np.maximum(ends, onsets), onsets)
    overlap = span_set.overlap_ms(onsets, ends)
    onset_in = span_set.contains(onsets)
    counted = np.where(is_state & (ends > onsets), overlap > 0, onset_in)

    count: dict[str, int] = {}
    duration: dict[str, int] = {}
    still_open: dict[str, int] = {}
    kept: list[Annotation] = []
    notes: list[str] = []
    for i, a in enumerate(behaviours):
        if not counted[i]:
            continue
        kept.append(a)
        key = a.code_key
        count[key] = count.get(key, 0) + 1
        if is_state[i]:
            duration[key] = duration.get(key, 0) + int(overlap[i])
            if a.offset is None:
                still_open[key] = still_open.get(key, 0) + 1
                notes.append(
                    f"{roles.labels.get(key, key)} from {format_ms(a.onset.pts_ms)} is still "
                    "open; its duration "
                    f"runs to the end of the recording ({format_ms(duration_ms)})"
                )
    keys = [k for k in roles.order if not roles.is_itm(k) and roles.segment(k) is None] + sorted(
        k for k in count if k not in roles.order
    )
    rows = tuple(
        CodeSummary(
            key=k,
            label=roles.labels.get(k, k),
            kind="state" if k in roles.state_keys else "point",
            count=count.get(k, 0),
            duration_ms=duration.get(k, 0),
            open_count=still_open.get(k, 0),
        )
        for k in keys
    )
    return CodeCounts(rows, tuple(kept), tuple(notes))
