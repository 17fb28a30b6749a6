"""ICC with 95 % CIs (worked example 4, Shrout & Fleiss 1979), the F quantiles behind the CIs,
and Krippendorff's α (Krippendorff 2011 worked data)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from vfcoach.coding.reliability import icc, koo_li_interval, krippendorff_alpha
from vfcoach.coding.reliability._fdist import betainc, f_cdf, f_ppf

# Shrout & Fleiss (1979) Table 2: 6 targets rated by 4 judges.
SHROUT_FLEISS = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
    dtype=float,
)
EXAMPLE_4 = np.array([[1.4, 1.2], [0.6, 0.8], [2.0, 1.6], [1.0, 1.2], [0.8, 0.4]])


def test_worked_example_4_itm_rate() -> None:
    icc2, icc3 = icc(EXAMPLE_4)
    assert icc2.form.startswith("ICC(2,1)") and icc3.form.startswith("ICC(3,1)")
    assert (icc2.msr, icc2.msc, icc2.mse) == pytest.approx((0.470, 0.036, 0.046), abs=5e-4)
    assert round(icc2.value, 2) == 0.83
    assert (icc2.n, icc2.k) == (5, 2)
    assert icc2.label is None  # 5 clips: too few to judge (default minimum 10)
    assert icc2.ci_low < 0.5 < 0.95 < icc2.ci_high  # "with n = 5 the CI is very wide"


def test_shrout_fleiss_published_values_and_r_psych_intervals() -> None:
    icc2, icc3 = icc(SHROUT_FLEISS)
    assert round(icc2.value, 2) == 0.29
    assert round(icc3.value, 2) == 0.71
    # psych::ICC(Shrout-Fleiss data): ICC2 0.29 [0.019, 0.76], ICC3 0.71 [0.342, 0.95].
    assert icc2.ci_low == pytest.approx(0.019, abs=5e-4)
    assert icc2.ci_high == pytest.approx(0.76, abs=5e-3)
    assert icc3.ci_low == pytest.approx(0.342, abs=5e-4)
    assert icc3.ci_high == pytest.approx(0.95, abs=5e-3)


def _mcgraw_wong_with_scipy(x: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """The same CI formulas written out independently with scipy's F quantiles."""
    n, k = x.shape
    gm = x.mean()
    msr = k * ((x.mean(1) - gm) ** 2).sum() / (n - 1)
    msc = n * ((x.mean(0) - gm) ** 2).sum() / (k - 1)
    mse = (((x - gm) ** 2).sum() - msr * (n - 1) - msc * (k - 1)) / ((n - 1) * (k - 1))
    r2 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    fj = msc / mse
    v = ((k - 1) * (n - 1) * (k * r2 * fj + n * (1 + (k - 1) * r2) - k * r2) ** 2) / (
        (n - 1) * k**2 * r2**2 * fj**2 + (n * (1 + (k - 1) * r2) - k * r2) ** 2
    )
    fs, fs2 = stats.f.ppf(0.975, n - 1, v), stats.f.ppf(0.975, v, n - 1)
    lo2 = n * (msr - fs * mse) / (fs * (k * msc + (k * n - k - n) * mse) + n * msr)
    hi2 = n * (fs2 * msr - mse) / (k * msc + (k * n - k - n) * mse + n * fs2 * msr)
    f0 = msr / mse
    fl = f0 / stats.f.ppf(0.975, n - 1, (n - 1) * (k - 1))
    fu = f0 * stats.f.ppf(0.975, (n - 1) * (k - 1), n - 1)
    return (lo2, hi2), ((fl - 1) / (fl + k - 1), (fu - 1) / (fu + k - 1))


@pytest.mark.parametrize("seed", range(5))
def test_confidence_intervals_match_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    truth = rng.normal(10, 3, size=(12 + 4 * seed, 1))
    x = (
        truth
        + rng.normal(0, 1.5, size=(len(truth), 2 + seed % 3))
        + rng.normal(0, 0.5, 2 + seed % 3)
    )
    icc2, icc3 = icc(x)
    ci2, ci3 = _mcgraw_wong_with_scipy(x)
    assert (icc2.ci_low, icc2.ci_high) == pytest.approx(ci2, abs=1e-9)
    assert (icc3.ci_low, icc3.ci_high) == pytest.approx(ci3, abs=1e-9)
    assert icc2.label is not None  # ≥ 10 clips: banded by the interval


def test_koo_li_label_describes_the_interval() -> None:
    assert koo_li_interval(0.62, 0.93) == "moderate to excellent"
    assert koo_li_interval(0.80, 0.88) == "good"
    assert koo_li_interval(0.40, 0.49) == "poor"
    strong = np.column_stack([np.arange(30.0), np.arange(30.0) + 0.01 * (np.arange(30) % 3)])
    assert icc(strong)[0].label == "excellent"


def test_undefined_icc_is_nan_not_a_crash() -> None:
    same = np.ones((12, 2))
    icc2, icc3 = icc(same)
    assert math.isnan(icc2.value) and math.isnan(icc3.value)
    assert icc2.label == "undefined"
    with pytest.raises(ValueError, match="one column per coder"):
        icc(np.arange(5.0))
    # A clip tallied by one coder only is dropped.
    with_gap = np.vstack([EXAMPLE_4, [[np.nan, 1.0]]])
    assert icc(with_gap)[0].value == pytest.approx(icc(EXAMPLE_4)[0].value)


@pytest.mark.parametrize("rows", [[[np.nan, 1.0]], [[1.0, 2.0]], np.empty((0, 2))])
def test_no_or_one_complete_row_is_undefined_not_a_crash(rows: list[list[float]]) -> None:
    for result in icc(np.asarray(rows, dtype=float)):
        assert math.isnan(result.value)
        assert math.isnan(result.ci_low) and math.isnan(result.ci_high)


@pytest.mark.parametrize(
    ("p", "d1", "d2"),
    [
        (0.975, 5, 15),
        (0.975, 15, 5),
        (0.95, 1, 1),
        (0.5, 3, 7.5),
        (0.975, 4, 2.37),
        (0.999, 30, 200),
        (0.01, 2, 9),
    ],
)
def test_f_quantiles_match_scipy(p: float, d1: float, d2: float) -> None:
    assert f_ppf(p, d1, d2) == pytest.approx(stats.f.ppf(p, d1, d2), rel=1e-9)
    q = stats.f.ppf(p, d1, d2)
    assert f_cdf(q, d1, d2) == pytest.approx(p, abs=1e-12)


def test_incomplete_beta_matches_scipy_on_both_sides_of_the_switch() -> None:
    from scipy.special import betainc as reference

    for a, b, x in [(0.5, 0.5, 0.3), (2, 3, 0.1), (2, 3, 0.9), (50, 40, 0.55), (1, 1, 0.42)]:
        assert betainc(a, b, x) == pytest.approx(reference(a, b, x), abs=1e-13)
    assert math.isnan(f_ppf(1.0, 2, 3)) and math.isnan(f_ppf(0.5, 0, 3))


def test_krippendorff_alpha_published_example() -> None:
    # Krippendorff (2011) "Computing Krippendorff's alpha-reliability", 4 coders × 12 units.
    n = np.nan
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
            [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
        ]
    ).T
    assert krippendorff_alpha(data, "nominal") == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha(data, "interval") == pytest.approx(0.849, abs=5e-4)


def test_krippendorff_alpha_edges() -> None:
    assert krippendorff_alpha([[1, 1], [2, 2], [3, 3]]) == 1.0
    assert math.isnan(krippendorff_alpha([[1, 1], [1, 1]]))  # no variation at all
    assert math.isnan(krippendorff_alpha([[1, np.nan], [np.nan, 2]]))  # no pairable unit
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha([[1, 2]], "ordinal")  # type: ignore[arg-type]
