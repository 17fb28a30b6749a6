"""The agreement (confusion) table both κ flavours are computed from.

Rows are coder A, columns coder B, over one shared category list. The "nothing" category is
`nil` for event alignment (an event the other coder has no partner for) and `none` for time
units (a slice in which a coder used no code of the group); it is always listed last so tables
read the same everywhere. Categories are the ones actually used, sorted: PABAK and AC1 depend
on the number of categories, so a scheme's unused codes must not inflate it silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

NIL = "nil"
NONE = "none"
_NOTHING = (NIL, NONE)


def ordered_categories(labels: Iterable[str]) -> tuple[str, ...]:
    """Sorted codes, then `nil`/`none` last, so the same inputs always give the same table."""
    unique = set(labels)
    return tuple(sorted(unique - set(_NOTHING))) + tuple(c for c in _NOTHING if c in unique)


@dataclass(frozen=True)
class AgreementTable:
    """Counts of (A's category, B's category); int64, rows coder A, columns coder B."""

    categories: tuple[str, ...]
    matrix: npt.NDArray[np.int64]

    def __post_init__(self) -> None:
        k = len(self.categories)
        if self.matrix.shape != (k, k):
            raise ValueError(f"an agreement table over {k} categories needs a {k}×{k} matrix")
        if len(set(self.categories)) != k:
            raise ValueError("agreement table categories must be distinct")

    @property
    def n(self) -> int:
        return int(self.matrix.sum())

    @classmethod
    def from_pairs(cls, a: Sequence[str], b: Sequence[str]) -> AgreementTable:
        """Cross-tabulate two equally long label sequences (one entry per unit)."""
        if len(a) != len(b):
            raise ValueError("both coders need one label per unit")
        categories = ordered_categories([*a, *b])
        index = {c: i for i, c in enumerate(categories)}
        ia = np.fromiter((index[x] for x in a), dtype=np.int64, count=len(a))
        ib = np.fromiter((index[x] for x in b), dtype=np.int64, count=len(b))
        return cls.from_codes(categories, ia, ib)

    @classmethod
    def from_codes(
        cls,
        categories: tuple[str, ...],
        ia: npt.NDArray[np.int64],
        ib: npt.NDArray[np.int64],
    ) -> AgreementTable:
        """Cross-tabulate category indices with one bincount (the fast path for slices)."""
        k = len(categories)
        flat = np.bincount(ia * k + ib, minlength=k * k) if len(ia) else np.zeros(k * k)
        return cls(categories, flat.astype(np.int64).reshape(k, k))

    def relabel(self, categories: tuple[str, ...]) -> AgreementTable:
        """The same counts over a larger category list (for pooling recordings)."""
        index = {c: i for i, c in enumerate(categories)}
        pos = np.array([index[c] for c in self.categories], dtype=np.int64)
        out = np.zeros((len(categories), len(categories)), dtype=np.int64)
        if len(pos):
            out[np.ix_(pos, pos)] = self.matrix
        return AgreementTable(categories, out)


def sum_tables(tables: Sequence[AgreementTable]) -> AgreementTable:
    """Pool tables (several recordings) over the union of their categories."""
    categories = ordered_categories(c for t in tables for c in t.categories)
    total = np.zeros((len(categories), len(categories)), dtype=np.int64)
    for t in tables:
        total += t.relabel(categories).matrix
    return AgreementTable(categories, total)
