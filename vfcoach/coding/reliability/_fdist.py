"""F-distribution quantiles for ICC confidence intervals, without SciPy.

The F CDF is a regularised incomplete beta function, I_x(a, b) with x = d1·f/(d1·f + d2),
a = d1/2, b = d2/2. I_x is evaluated with the Lentz continued fraction (Numerical Recipes
§6.4), which converges fast for x < (a+1)/(a+b+2) and is used through the symmetry
I_x(a, b) = 1 − I_{1−x}(b, a) otherwise. The quantile inverts I_x by bisection on x: 200
halvings reach machine precision and CI bounds are needed a few times per report only.
ICC(2,1) uses a non-integer denominator df (Satterthwaite), so degrees of freedom are floats.
"""

from __future__ import annotations

import math

_EPS = 1e-15
_TINY = 1e-300


def _beta_cf(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        step = d * c
        h *= step
        if abs(step - 1.0) < _EPS:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1."""
    if a <= 0 or b <= 0:
        raise ValueError("betainc needs a > 0 and b > 0")
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_cf(a, b, x) / a
    return 1.0 - front * _beta_cf(b, a, 1.0 - x) / b


def f_cdf(f: float, d1: float, d2: float) -> float:
    """P(F ≤ f) for an F(d1, d2) variable."""
    if f <= 0.0:
        return 0.0
    return betainc(d1 / 2.0, d2 / 2.0, d1 * f / (d1 * f + d2))


def f_ppf(p: float, d1: float, d2: float) -> float:
    """The p-quantile of F(d1, d2); NaN for a p outside (0, 1) or degrees of freedom ≤ 0."""
    if not (0.0 < p < 1.0) or not (d1 > 0 and d2 > 0) or math.isnan(d1 + d2):
        return math.nan
    a, b = d1 / 2.0, d2 / 2.0
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if betainc(a, b, mid) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-17:
            break
    x = (lo + hi) / 2.0
    return d2 * x / (d1 * (1.0 - x)) if x < 1.0 else math.inf
