"""Cohen's κ and its prevalence-robust companions on one agreement table (domain.md §6).

κ alone misleads when one category dominates (ITMs are mostly positive): it can be low while
the coders agree nearly always. So every table is reported with percent agreement, the number
of units, κ_max (the best κ the two coders' marginals allow), PABAK and Gwet's AC1, and a flag
saying when PABAK should be shown next to κ. Undefined values are NaN, never an exception, so
one odd recording cannot break a report over many.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from vfcoach.coding.reliability.bands import LANDIS_KOCH, KappaBands
from vfcoach.coding.reliability.table import NIL, NONE, AgreementTable

TOO_FEW = "too few to judge"
ONE_CATEGORY = "undefined: only one category was used"

Matrix = npt.ArrayLike


def _square(matrix: Matrix) -> npt.NDArray[np.float64]:
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError("an agreement matrix must be square (rows coder A, columns coder B)")
    if (m < 0).any():
        raise ValueError("an agreement matrix holds counts, which cannot be negative")
    return m


def _po_pe(m: npt.NDArray[np.float64]) -> tuple[float, float, float]:
    n = float(m.sum())
    if n == 0:
        return 0.0, math.nan, math.nan
    po = float(np.trace(m)) / n
    pe = float((m.sum(axis=1) * m.sum(axis=0)).sum()) / (n * n)
    return n, po, pe


def _chance_corrected(po: float, pe: float) -> float:
    # Pe = 1 means both coders used one and the same category: κ is 0/0, not 1.
    if math.isnan(po) or math.isnan(pe) or pe >= 1.0 - 1e-12:
        return math.nan
    return (po - pe) / (1.0 - pe)


def cohen_kappa(matrix: Matrix) -> float:
    """κ = (Po − Pe) / (1 − Pe); NaN when undefined (no units, or a single category)."""
    _, po, pe = _po_pe(_square(matrix))
    return _chance_corrected(po, pe)


def kappa_max(matrix: Matrix) -> float:
    """The largest κ these marginals permit: how much of the shortfall is mere prevalence."""
    m = _square(matrix)
    n, _, pe = _po_pe(m)
    if n == 0:
        return math.nan
    po_max = float(np.minimum(m.sum(axis=1), m.sum(axis=0)).sum()) / n
    return _chance_corrected(po_max, pe)


def pabak(matrix: Matrix) -> float:
    """Prevalence- and bias-adjusted κ, (k·Po − 1)/(k − 1); 2·Po − 1 for two categories."""
    m = _square(matrix)
    k = m.shape[0]
    n, po, _ = _po_pe(m)
    if n == 0 or k < 2:
        return math.nan
    return float((k * po - 1.0) / (k - 1.0))


def gwet_ac1(matrix: Matrix) -> float:
    """Gwet's AC1: chance agreement Σ πk(1 − πk)/(q − 1) from the coders' mean proportions."""
    m = _square(matrix)
    q = m.shape[0]
    n, po, _ = _po_pe(m)
    if n == 0 or q < 2:
        return math.nan
    pi = (m.sum(axis=1) + m.sum(axis=0)) / (2.0 * n)
    pe = float((pi * (1.0 - pi)).sum()) / (q - 1.0)
    return _chance_corrected(po, pe)


def dominant_share(matrix: Matrix) -> float:
    """The largest category's share of all ratings (both coders together)."""
    m = _square(matrix)
    n = float(m.sum())
    if n == 0:
        return math.nan
    return float(((m.sum(axis=1) + m.sum(axis=0)) / (2.0 * n)).max())


def per_code_kappa(table: AgreementTable) -> dict[str, float]:
    """κ of each code against all the others (nil/none count as "other"), a 2×2 per code."""
    m = table.matrix.astype(np.float64)
    n = float(m.sum())
    rows, cols = m.sum(axis=1), m.sum(axis=0)
    out: dict[str, float] = {}
    for i, code in enumerate(table.categories):
        if code in (NIL, NONE):
            continue
        both = m[i, i]
        two = [[both, rows[i] - both], [cols[i] - both, n - rows[i] - cols[i] + both]]
        out[code] = cohen_kappa(two)
    return out


@dataclass(frozen=True)
class KappaStats:
    """Every figure shown for one agreement table; `label` is None when n is too small."""

    n: int
    po: float
    pe: float
    kappa: float
    kappa_max: float
    pabak: float
    ac1: float
    dominant_share: float
    show_pabak: bool
    label: str | None
    per_code: dict[str, float] = field(default_factory=dict)

    @property
    def band_text(self) -> str:
        """What to print beside κ: the band, or "too few to judge"."""
        return TOO_FEW if self.label is None else self.label


def kappa_stats(
    table: AgreementTable,
    *,
    min_n: int = 20,
    pabak_share: float = 0.75,
    bands: KappaBands = LANDIS_KOCH,
) -> KappaStats:
    """All figures of `table`. Below `min_n` units no band is given (domain.md §6 default 20)."""
    m = table.matrix
    n, po, pe = _po_pe(m.astype(np.float64))
    kappa = _chance_corrected(po, pe)
    share = dominant_share(m)
    if n < min_n or n == 0:
        label: str | None = None
    elif math.isnan(kappa):
        label = ONE_CATEGORY
    else:
        label = bands.label(kappa)
    return KappaStats(
        n=int(n),
        po=po if n else math.nan,
        pe=pe,
        kappa=kappa,
        kappa_max=kappa_max(m),
        pabak=pabak(m),
        ac1=gwet_ac1(m),
        dominant_share=share,
        show_pabak=bool(share > pabak_share) if not math.isnan(share) else False,
        label=label,
        per_code=per_code_kappa(table),
    )
