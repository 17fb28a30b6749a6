"""Krippendorff's α for tallies with missing values (domain.md §6, an option next to ICC).

α = 1 − D_o / D_e over the coincidence of values within units: D_o averages the disagreement
of all ordered value pairs inside each unit (weighted 1/(m_u − 1)), D_e of all pairs across the
pooled values. Units with fewer than two values carry no pair and are dropped, which is how α
handles a clip one coder skipped. Difference functions: nominal (0/1) and interval (squared).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import numpy.typing as npt


def _delta(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], level: str
) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = (
        (x != y).astype(np.float64) if level == "nominal" else (x - y) ** 2
    )
    return out


def krippendorff_alpha(
    ratings: npt.ArrayLike, level: Literal["nominal", "interval"] = "interval"
) -> float:
    """α for a (units × coders) table; NaN entries are missing. NaN when α is undefined."""
    if level not in ("nominal", "interval"):
        raise ValueError(f"unknown level of measurement {level!r}")
    x = np.asarray(ratings, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError("α needs a table with one row per unit and one column per coder")
    values: list[npt.NDArray[np.float64]] = []
    observed = 0.0
    for row in x:
        v = row[~np.isnan(row)]
        m = len(v)
        if m < 2:
            continue
        values.append(v)
        observed += float(_delta(v[:, None], v[None, :], level).sum()) / (m - 1)
    if not values:
        return math.nan
    pooled = np.concatenate(values)
    n = len(pooled)
    if level == "nominal":
        _, counts = np.unique(pooled, return_counts=True)
        expected_sum = float(n * n - (counts.astype(np.float64) ** 2).sum())
    else:
        # Σ_i Σ_j (v_i − v_j)² = 2n Σ v² − 2 (Σ v)², without an n×n matrix
        expected_sum = 2.0 * n * float((pooled**2).sum()) - 2.0 * float(pooled.sum()) ** 2
    d_o = observed / n
    d_e = expected_sum / (n * (n - 1))
    if d_e == 0:
        return math.nan
    return 1.0 - d_o / d_e
