"""Time-unit κ: slice the segment, give each slice one category per code group (domain.md §6).

Slicing rule (it decides every number, so it is stated exactly):
- the segment [start_ms, end_ms) is cut into ⌈(end − start)/slice⌉ slices; slice i is read at
  its first instant t = start + i·slice (the last slice may be shorter than the others);
- a state event covers the slice when onset ≤ t < offset (half-open, so two back-to-back
  states never both claim the instant where one ends and the next begins);
- per code group (an ME&E set; a code outside `groups` is its own group, so the category is
  that code or "none"), the slice's category is the group's code that covers it, "none" if
  none does, and, if a coder broke mutual exclusivity, the covering codes joined with "+"
  (e.g. "FTL+INT"). Such a combined category agrees only with the same combination, so the
  error stays visible instead of one code being picked silently; BORIS does the same;
- point events are not sliced (an instant has no duration); event-based agreement covers them.

This matches BORIS's time-unit κ (`boris/irr.py`, `cohen_kappa`) when start/end are BORIS's
first onset and last offset, no offset falls exactly on a sampled instant and no coder
entered one code twice over the same time. The differences are deliberate and tested:
half-open states (BORIS's closed [start, stop] makes back-to-back states a combined category
at every change), so no extra sample at the closing instant; a code overlapping itself is that
code (BORIS lists it twice, a category of its own); combined categories are named in sorted
order (BORIS's list follows database row order); κ is NaN, not 1, when only one category
occurs; κ is not rounded.

With tolerance t slices, a disagreeing slice counts as agreement when A's category appears in
B's slices within ±t and B's category appears in A's within ±t (a boundary that moved, not a
code that only one coder saw). It is tallied on the diagonal under A's category, A being the
reference coder (the master coder in a drift check).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vfcoach.coding.reliability.events import CodedEvent
from vfcoach.coding.reliability.kappa import KappaStats, kappa_stats
from vfcoach.coding.reliability.slices import label_runs, tolerate
from vfcoach.coding.reliability.table import (
    NONE,
    AgreementTable,
    ordered_categories,
    sum_tables,
)

# A 3-hour recording at one 25-fps frame per slice is 270,000 slices; this is far beyond.
MAX_SLICES = 50_000_000

Disagreement = tuple[int, int, str, str]  # (start_ms, end_ms, code A, code B)


@dataclass(frozen=True)
class TimeUnitAgreement:
    group: str
    slice_ms: int
    table: AgreementTable
    stats: KappaStats
    tolerance_slices: int
    disagreements: list[Disagreement]  # runs of disagreeing slices, merged, for the navigator

    @property
    def rule(self) -> str:
        """The slicing rule in words, printed with every time-unit result."""
        return slicing_rule(self.slice_ms, self.tolerance_slices)


def slicing_rule(slice_ms: int, tolerance_slices: int) -> str:
    """How slices were labelled and compared, in one sentence for reports."""
    tolerance = (
        f"; a slice also agrees when each coder's category occurs in the other's slices "
        f"within ±{tolerance_slices} (tallied under coder A's category)"
        if tolerance_slices
        else ""
    )
    return (
        f"{slice_ms / 1000:g}-s slices, each read at its first instant; one category per slice "
        f"and code group (overlapping codes of one group joined with '+', '{NONE}' when no "
        f"state covers it){tolerance}."
    )


def _runs(
    ia: npt.NDArray[np.int64],
    ib: npt.NDArray[np.int64],
    bounds: npt.NDArray[np.int64],
    name: Mapping[int, str],
    segment: tuple[int, int, int],
) -> list[Disagreement]:
    """Adjacent disagreeing runs with the same pair of categories, merged into one time range."""
    start_ms, end_ms, slice_ms = segment
    idx = np.flatnonzero(ia != ib)
    if not len(idx):
        return []
    pa, pb = ia[idx], ib[idx]
    new = np.ones(len(idx), dtype=bool)
    new[1:] = (np.diff(idx) != 1) | (pa[1:] != pa[:-1]) | (pb[1:] != pb[:-1])
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(idx)) - 1
    starts = (start_ms + bounds[idx[first]] * slice_ms).tolist()
    ends = np.minimum(end_ms, start_ms + bounds[idx[last] + 1] * slice_ms).tolist()
    codes_a = [name[i] for i in pa[first].tolist()]
    codes_b = [name[i] for i in pb[first].tolist()]
    return list(zip(starts, ends, codes_a, codes_b, strict=True))


def _table(
    ia: npt.NDArray[np.int64],
    ib: npt.NDArray[np.int64],
    slices: npt.NDArray[np.int64],
    name_of: Mapping[int, str],
    m: int,
) -> AgreementTable:
    """Cross-tabulate label ids 0..m−1 weighted by slices per run, keep and order used ones."""
    weights = slices.astype(np.float64)  # exact: at most MAX_SLICES per cell
    counts = np.bincount(ia * m + ib, weights=weights, minlength=m * m).reshape(m, m)
    used = np.flatnonzero(counts.sum(axis=0) + counts.sum(axis=1)).tolist()
    categories = ordered_categories(name_of[u] for u in used)
    by_name = {name_of[u]: u for u in used}
    keep = [by_name[c] for c in categories]
    return AgreementTable(categories, np.rint(counts[np.ix_(keep, keep)]).astype(np.int64))


def time_unit_agreement(
    a: Sequence[CodedEvent],
    b: Sequence[CodedEvent],
    *,
    start_ms: int,
    end_ms: int,
    slice_ms: int = 1000,
    groups: Mapping[str, str] | None = None,
    tolerance_slices: int = 0,
    min_n: int = 20,
) -> dict[str, TimeUnitAgreement]:
    """One result per code group, keyed by group, for the groups either coder used a state code
    of inside the segment (a group coded only elsewhere would be an all-"none" table)."""
    if slice_ms <= 0:
        raise ValueError(f"the slice must be longer than 0 ms, not {slice_ms}")
    if end_ms <= start_ms:
        raise ValueError(f"the segment {start_ms}–{end_ms} ms is empty")
    if tolerance_slices < 0:
        raise ValueError(f"the tolerance must be ≥ 0 slices, not {tolerance_slices}")
    n = -(-(end_ms - start_ms) // slice_ms)
    if n > MAX_SLICES:
        raise ValueError(f"{n} slices of {slice_ms} ms is too many; use a wider slice")
    mapping = dict(groups or {})
    by_group: dict[str, tuple[list[CodedEvent], list[CodedEvent]]] = {}
    for coder, events in enumerate((a, b)):
        for e in events:
            if e.offset_ms is None:
                continue
            g = mapping.get(e.code, e.code)
            by_group.setdefault(g, ([], []))[coder].append(e)
    out: dict[str, TimeUnitAgreement] = {}
    for g in sorted(by_group):
        ea, eb = by_group[g]
        codes = sorted({e.code for e in (*ea, *eb)})
        bounds, la, lb = label_runs(ea, eb, codes, start_ms, slice_ms, n)
        if not la.any() and not lb.any():
            continue  # coded only outside the segment: nothing to compare, no "none"-only table
        if tolerance_slices:
            # The tolerance compares neighbouring slices: one label per slice from here on.
            la, lb = np.repeat(la, np.diff(bounds)), np.repeat(lb, np.diff(bounds))
            bounds = np.arange(n + 1, dtype=np.int64)
        ia, ib, masks = _compact(la, lb, len(codes))
        if tolerance_slices:
            ib = tolerate(ia, ib, tolerance_slices)
        name_of = _Names(masks, codes)
        table = _table(ia, ib, np.diff(bounds), name_of, len(masks))
        out[g] = TimeUnitAgreement(
            group=g,
            slice_ms=slice_ms,
            table=table,
            stats=kappa_stats(table, min_n=min_n),
            tolerance_slices=tolerance_slices,
            disagreements=_runs(ia, ib, bounds, name_of, (start_ms, end_ms, slice_ms)),
        )
    return out


def _compact(
    la: npt.NDArray[np.int64], lb: npt.NDArray[np.int64], n_codes: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Label ids small enough to cross-tabulate by bincount, and the code mask of each id.

    With up to 8 codes in a group the mask itself is the id (256 ids at most, no sorting);
    larger groups are renumbered through np.unique.
    """
    if n_codes <= 8:
        return la, lb, np.arange(1 << n_codes, dtype=np.int64)
    masks, inverse = np.unique(np.concatenate([la, lb]), return_inverse=True)
    return inverse[: len(la)], inverse[len(la) :], masks


class _Names(dict[int, str]):
    """Category name of a label id, computed when first asked for (most ids never occur)."""

    def __init__(self, masks: npt.NDArray[np.int64], codes: Sequence[str]) -> None:
        super().__init__()
        self._masks, self._codes = masks, codes

    def __missing__(self, key: int) -> str:
        self[key] = name = _mask_name(int(self._masks[key]), self._codes)
        return name


def _mask_name(mask: int, codes: Sequence[str]) -> str:
    if mask == 0:
        return NONE
    return "+".join(c for k, c in enumerate(codes) if mask >> k & 1)


def pool_time_unit(parts: Sequence[TimeUnitAgreement], *, min_n: int = 20) -> TimeUnitAgreement:
    """Several recordings (or groups) as one table; disagreement times stay per recording."""
    if not parts:
        raise ValueError("pooling needs at least one time-unit result")
    if len({p.slice_ms for p in parts}) > 1 or len({p.tolerance_slices for p in parts}) > 1:
        raise ValueError("only results with the same slice and tolerance can be pooled")
    table = sum_tables([p.table for p in parts])
    return TimeUnitAgreement(
        group=", ".join(dict.fromkeys(p.group for p in parts)),
        slice_ms=parts[0].slice_ms,
        table=table,
        stats=kappa_stats(table, min_n=min_n),
        tolerance_slices=parts[0].tolerance_slices,
        disagreements=[d for p in parts for d in p.disagreements],
    )
