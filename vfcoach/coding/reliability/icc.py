"""Intraclass correlation for tallies across double-coded recordings (domain.md §6).

Both forms come from one two-way ANOVA (rows = recordings/clips, columns = coders):
ICC(2,1) two-way random, absolute agreement, single rater, which also penalises a coder who
counts systematically more, and ICC(3,1) two-way mixed, consistency, which does not. Their 95 %
confidence intervals follow McGraw & Wong (1996) cases 2A and 3 (the same formulas as
Shrout & Fleiss 1979 and pingouin). Koo & Li judge the interval, not the point, so `label`
is the band of the CI: one band when both ends share it, otherwise "lower to upper"
("poor to good"); with fewer than `min_n` clips there is no label at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vfcoach.coding.reliability._fdist import f_ppf
from vfcoach.coding.reliability.bands import koo_li_interval

ALPHA = 0.05


@dataclass(frozen=True)
class IccResult:
    form: str  # "ICC(2,1) absolute agreement" or "ICC(3,1) consistency"
    value: float
    ci_low: float
    ci_high: float
    n: int  # subjects (clips, recordings)
    k: int  # coders
    msr: float
    msc: float
    mse: float
    label: str | None  # Koo & Li band of the 95 % CI; None = too few to judge


def _anova(x: npt.NDArray[np.float64]) -> tuple[float, float, float]:
    n, k = x.shape
    grand = x.mean()
    ss_rows = k * float(((x.mean(axis=1) - grand) ** 2).sum())
    ss_cols = n * float(((x.mean(axis=0) - grand) ** 2).sum())
    ss_err = float(((x - grand) ** 2).sum()) - ss_rows - ss_cols
    return ss_rows / (n - 1), ss_cols / (k - 1), ss_err / ((n - 1) * (k - 1))


def _ratio(num: float, den: float) -> float:
    return num / den if den != 0 and not math.isnan(den) else math.nan


def _icc2_ci(msr: float, msc: float, mse: float, n: int, k: int, icc: float) -> tuple[float, float]:
    fj = _ratio(msc, mse)
    a = k * icc * fj + n * (1 + (k - 1) * icc) - k * icc
    v_den = (n - 1) * k**2 * icc**2 * fj**2 + (n * (1 + (k - 1) * icc) - k * icc) ** 2
    v = _ratio((k - 1) * (n - 1) * a**2, v_den)
    f_upper = f_ppf(1 - ALPHA / 2, n - 1, v)
    f_lower = f_ppf(1 - ALPHA / 2, v, n - 1)
    base = k * msc + (k * n - k - n) * mse
    low = _ratio(n * (msr - f_upper * mse), f_upper * base + n * msr)
    high = _ratio(n * (f_lower * msr - mse), base + n * f_lower * msr)
    return low, high


def _icc3_ci(msr: float, mse: float, n: int, k: int) -> tuple[float, float]:
    f = _ratio(msr, mse)
    fl = f / f_ppf(1 - ALPHA / 2, n - 1, (n - 1) * (k - 1))
    fu = f * f_ppf(1 - ALPHA / 2, (n - 1) * (k - 1), n - 1)
    return _ratio(fl - 1, fl + k - 1), _ratio(fu - 1, fu + k - 1)


def icc(ratings: npt.ArrayLike, *, min_n: int = 10) -> tuple[IccResult, IccResult]:
    """(ICC(2,1) absolute agreement, ICC(3,1) consistency); rows subjects, columns coders.

    Rows with a missing value (NaN) are dropped: a clip only one coder tallied says nothing
    about agreement. NaN figures (no spread at all, or too few rows) mean "undefined".
    """
    x = np.asarray(ratings, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] < 2:
        raise ValueError("ICC needs a table with one row per clip and one column per coder (≥ 2)")
    x = x[~np.isnan(x).any(axis=1)]
    n, k = x.shape
    if n < 2:  # no spread to judge; also keeps n = 0 away from the division below
        msr = msc = mse = icc2 = icc3 = math.nan
    else:
        msr, msc, mse = _anova(x)
        icc2 = _ratio(msr - mse, msr + (k - 1) * mse + k * (msc - mse) / n)
        icc3 = _ratio(msr - mse, msr + (k - 1) * mse)
    ci2 = _icc2_ci(msr, msc, mse, n, k, icc2) if not math.isnan(icc2) else (math.nan, math.nan)
    ci3 = _icc3_ci(msr, mse, n, k) if not math.isnan(icc3) else (math.nan, math.nan)

    def result(form: str, value: float, ci: tuple[float, float]) -> IccResult:
        label = None if n < min_n else koo_li_interval(*ci)
        return IccResult(form, value, ci[0], ci[1], n, k, msr, msc, mse, label)

    return (
        result("ICC(2,1) absolute agreement", icc2, ci2),
        result("ICC(3,1) consistency", icc3, ci3),
    )
