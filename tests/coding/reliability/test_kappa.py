"""κ and its companions on hand-worked tables, domain.md §6 worked example 1, and scikit-learn."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from vfcoach.coding.reliability import (
    LANDIS_KOCH,
    ONE_CATEGORY,
    TOO_FEW,
    AgreementTable,
    cohen_kappa,
    gwet_ac1,
    kappa_max,
    kappa_stats,
    landis_koch,
    pabak,
    per_code_kappa,
    sum_tables,
)


def test_worked_example_1_valence_kappa_pabak_ac1() -> None:
    # 20 paired ITMs: both positive 14, both scaffolding 3, A pos/B scaff 2, A scaff/B pos 1.
    table = AgreementTable(("positive", "scaffolding"), np.array([[14, 2], [1, 3]]))
    s = kappa_stats(table)
    assert s.n == 20
    assert s.po == pytest.approx(0.85)
    assert s.pe == pytest.approx(0.65)
    assert s.kappa == pytest.approx(0.20 / 0.35)
    assert round(s.kappa, 2) == 0.57
    assert s.label == "moderate"
    assert s.pabak == pytest.approx(0.70)
    assert round(s.ac1, 2) == 0.77
    assert s.dominant_share == pytest.approx(0.775)
    assert s.show_pabak  # positive dominates: 77.5 % > 75 %


def test_perfect_agreement_is_one_and_almost_perfect() -> None:
    m = np.diag([10, 7, 5])
    assert cohen_kappa(m) == 1.0
    assert pabak(m) == 1.0
    assert gwet_ac1(m) == 1.0
    assert kappa_max(m) == 1.0
    assert kappa_stats(AgreementTable(("a", "b", "c"), m)).label == "almost perfect"


def test_agreement_by_chance_only_gives_zero() -> None:
    # Each coder independently says "a" 60 % of the time: the table is the product of marginals.
    m = np.array([[36, 24], [24, 16]])
    assert cohen_kappa(m) == pytest.approx(0.0, abs=1e-12)
    assert landis_koch(cohen_kappa(m)) == "slight"
    assert cohen_kappa([[0, 10], [10, 0]]) == pytest.approx(-1.0)
    assert landis_koch(-0.2) == "poor"


def test_kappa_max_shows_the_ceiling_that_marginals_allow() -> None:
    # A says "a" 8/10, B 5/10: at best they agree on 5 "a" and 2 "b" of 10.
    m = np.array([[5, 3], [0, 2]])
    pe = (8 * 5 + 2 * 5) / 100
    assert kappa_max(m) == pytest.approx((0.7 - pe) / (1 - pe))
    assert cohen_kappa(m) == pytest.approx((0.7 - pe) / (1 - pe))  # here κ reaches its ceiling


def test_pabak_for_k_categories() -> None:
    m = np.array([[4, 1, 0], [0, 3, 1], [1, 0, 5]])
    po = 12 / 15
    assert pabak(m) == pytest.approx((3 * po - 1) / 2)


def test_single_category_is_undefined_with_a_clear_label_not_a_crash() -> None:
    table = AgreementTable(("FTL",), np.array([[30]]))
    s = kappa_stats(table)
    assert math.isnan(s.kappa)
    assert math.isnan(s.pabak) and math.isnan(s.ac1)
    assert s.po == 1.0
    assert s.label == ONE_CATEGORY
    assert landis_koch(math.nan) == "undefined"


def test_empty_table_and_small_n_get_no_band() -> None:
    empty = kappa_stats(AgreementTable((), np.zeros((0, 0), dtype=np.int64)))
    assert empty.n == 0 and math.isnan(empty.kappa) and math.isnan(empty.po)
    assert empty.label is None and empty.band_text == TOO_FEW
    small = kappa_stats(AgreementTable(("a", "b"), np.array([[5, 1], [1, 5]])))
    assert small.n == 12 and small.label is None  # default minimum is 20 units
    assert kappa_stats(AgreementTable(("a", "b"), np.array([[5, 1], [1, 5]])), min_n=10).label


def test_bands_follow_the_two_decimals_a_reader_sees() -> None:
    assert LANDIS_KOCH.label(0.20) == "slight"
    assert LANDIS_KOCH.label(0.2049) == "slight"  # shown as .20
    assert LANDIS_KOCH.label(0.2051) == "fair"  # shown as .21
    assert LANDIS_KOCH.label(0.0) == "slight"
    assert LANDIS_KOCH.label(0.8) == "substantial"
    assert LANDIS_KOCH.label(0.81) == "almost perfect"


@pytest.mark.parametrize("seed", range(8))
def test_kappa_equals_scikit_learn_on_random_labels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    cats = np.array(["FTL", "INT", "NUR", "none"])
    a = rng.choice(cats, size=200, p=[0.5, 0.2, 0.2, 0.1])
    b = np.where(rng.random(200) < 0.7, a, rng.choice(cats, size=200))
    table = AgreementTable.from_pairs(list(a), list(b))
    assert cohen_kappa(table.matrix) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    for code, k in per_code_kappa(table).items():
        if code == "none":
            continue
        assert k == pytest.approx(cohen_kappa_score(a == code, b == code), abs=1e-12)
    assert "none" not in per_code_kappa(table)


def test_rows_are_coder_a_and_pooled_tables_add_up() -> None:
    t1 = AgreementTable.from_pairs(["x", "x", "y"], ["x", "y", "y"])
    assert t1.categories == ("x", "y")
    assert t1.matrix.tolist() == [[1, 1], [0, 1]]
    t2 = AgreementTable.from_pairs(["z", "nil"], ["z", "x"])
    pooled = sum_tables([t1, t2])
    assert pooled.categories == ("x", "y", "z", "nil")
    assert pooled.matrix.tolist() == [[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]]


def test_bad_matrices_are_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="square"):
        cohen_kappa([[1, 2, 3]])
    with pytest.raises(ValueError, match="negative"):
        cohen_kappa([[1, -1], [0, 1]])
    with pytest.raises(ValueError, match="2×2"):
        AgreementTable(("a", "b"), np.zeros((3, 3), dtype=np.int64))
