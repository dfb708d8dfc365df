"""Computed ABC analysis (port of R ABCanalysis 1.2.1) on small vectors whose results can be checked by hand.

Why these vectors can be checked by hand: ABCcurve interpolates the points (0, 0), (k/n, cumulative share)
with R's FMM cubic spline, and an FMM spline reproduces any polynomial of degree <= 3 exactly. So

* for the values 1..n the cumulative shares lie on a parabola, y(x) = x (2n + 1 - n x) / (n + 1), and
* for three values the four knots define one cubic,

and the interpolated curve, its slope, the Pareto, break-even and submarginal points follow from that
polynomial with a calculator. The class rule of ABCanalysis 1.2.1 is then: with the values sorted descending,
ABLimit = value at position round(Ax * n), BCLimit = value at position round(Cx * n);
A = value > ABLimit, B = BCLimit <= value <= ABLimit, C = value < BCLimit.
Note the strict ">" for A: the item at position round(Ax * n) itself is in B.

No published R output was found to reproduce: the package's help pages run ABCanalysis(SwissInhabitants)
without printing results, and the paper's pain-threshold data are not included in it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from klantlab.analysis.abc_limits import AbcLimits, _fmm_coefficients, _spline_eval, abc_classes, abc_limits


def _counts(values: object) -> tuple[int, int, int]:
    result = abc_limits(values)
    return result.a_count, result.b_count, result.c_count


def test_three_values_step_by_step() -> None:
    # Values 6, 3, 1 (total 10), n = 3 < 101, so the grid is p = 0, 0.01, ..., 1 (101 points).
    # Knots: x = 0, 1/3, 2/3, 1 and y = 0, 0.6, 0.9, 1.0. Four knots: the FMM spline is the single cubic
    #   Y(x) = 0.45 x^3 - 1.8 x^2 + 2.35 x,   Y'(x) = 1.35 x^2 - 3.6 x + 2.35   (Y(1) = 1, Y' > 0 on [0, 1],
    #   so the "Yield >= 1 -> 1" correction changes nothing).
    # Pareto point = grid point nearest to (0, 1), squared distance x^2 + (1 - Y)^2:
    #   x = 0.38: Y = 0.6577724,  d = 0.2615197
    #   x = 0.39: Y = 0.66941355, d = 0.2613874   <- minimum
    #   x = 0.40: Y = 0.6808,     d = 0.2618886
    # Break-even: R evaluates the slope at u_k = k/101 (k = 1..101) and pairs it with grid point k, i.e.
    # p = (k - 1)/100. |Y'(u_k) - 1|: k = 45 (u = 0.445545): 0.014028; k = 46 (u = 0.455446): 0.009573 <- min;
    # k = 47 (u = 0.465347): 0.032909. So the break-even point is grid point 46: (0.45, Y(0.45) = 0.73400625).
    # 0.45 >= 0.39: no swap; the A/B limit is the Pareto point and Bx = 0.45.
    # Submarginal point = grid point nearest to (0.45, 1), squared distance (0.45 - x)^2 + (1 - Y)^2:
    #   x = 0.56: 0.0408143;  x = 0.57: Y = 0.83801685, 0.0406385 <- minimum;  x = 0.58: 0.0408382
    # Classes: round(0.39 * 3 = 1.17) = 1 -> ABLimit = 6;  round(0.57 * 3 = 1.71) = 2 -> BCLimit = 3.
    #   A = values > 6: none;  B = 3 <= value <= 6: {6, 3};  C = value < 3: {1}.
    result = abc_limits(np.array([6.0, 3.0, 1.0]))
    assert (result.a_count, result.b_count, result.c_count) == (0, 2, 1)
    assert result.pareto_point == pytest.approx((0.39, 0.66941355), abs=1e-12)
    assert result.break_even_point == pytest.approx((0.45, 0.73400625), abs=1e-12)
    assert result.submarginal_point == pytest.approx((0.57, 0.83801685), abs=1e-12)
    assert (result.a_effort, result.a_yield) == (0.0, 0.0)
    assert result.ab_effort == pytest.approx(2 / 3)
    assert result.ab_yield == pytest.approx(0.9)
    assert abc_classes([6, 3, 1]).tolist() == ["B", "B", "C"]


def test_values_one_to_ten_step_by_step() -> None:
    # Values 1..10 (total 55), n = 10: the curve is the parabola Y(x) = (21 x - 10 x^2) / 11,
    # Y'(x) = (21 - 20 x) / 11 (increasing up to x = 1.05, so Y <= 1 on the grid).
    # Pareto: x^2 + (1 - Y)^2 at x = 0.41: 0.3050673;  x = 0.42: Y = 0.6414545, 0.3049548 <- min;
    #   x = 0.43: 0.3054352.
    # Break-even: Y' = 1 at u = 0.5, which lies exactly halfway between u_50 = 50/101 and u_51 = 51/101:
    #   |Y' - 1| = 0.0090009 for both, so floating-point rounding picks grid point 50 (x = 0.49) or
    #   51 (x = 0.50). Both are >= 0.42: no swap, Bx = 0.49 or 0.50.
    # Submarginal, distance to (Bx, 1): for Bx = 0.50 the minimum is at x = 0.63 (0.0418927; x = 0.62 gives
    #   0.0418957), for Bx = 0.49 at x = 0.62 (0.0443957). Either way round(Cx * 10) = 6.
    # Classes: round(0.42 * 10 = 4.2) = 4 -> ABLimit = 7 (4th largest); BCLimit = 6th largest = 5.
    #   A = {8, 9, 10}, B = {5, 6, 7}, C = {1, 2, 3, 4}.
    values = np.arange(1, 11)
    result = abc_limits(values)
    assert (result.a_count, result.b_count, result.c_count) == (3, 3, 4)
    assert result.pareto_point == pytest.approx((0.42, 7.056 / 11), abs=1e-12)
    assert result.break_even_point[0] in (pytest.approx(0.49), pytest.approx(0.50))
    assert result.submarginal_point[0] in (pytest.approx(0.62), pytest.approx(0.63))
    assert (result.a_effort, result.ab_effort) == (0.3, 0.6)
    assert result.a_yield == pytest.approx(27 / 55)  # 8 + 9 + 10
    assert result.ab_yield == pytest.approx(45 / 55)  # + 5 + 6 + 7
    assert abc_classes(values).tolist() == list("CCCCBBBAAA")


def test_values_one_to_nine() -> None:
    # Parabola Y(x) = x (19 - 9 x) / 10; Pareto at x = 0.42 (Y = 0.63924); round(0.42 * 9 = 3.78) = 4 ->
    # ABLimit = 6, so A = {7, 8, 9}. Break-even again a rounding tie (0.49 / 0.50); the submarginal point is
    # x = 0.63 (Y = 0.83979) and round(0.63 * 9 = 5.67) = 6 -> BCLimit = 4: B = {4, 5, 6}, C = {1, 2, 3}.
    # (A = {7, 8, 9} is also what the test of the Python port viessmann/abc_analysis asserts for 1..9;
    # that is a third-party port, not an R output.)
    result = abc_limits(np.arange(1, 10))
    assert (result.a_count, result.b_count, result.c_count) == (3, 3, 3)
    assert result.pareto_point == pytest.approx((0.42, 0.63924), abs=1e-12)
    assert result.submarginal_point == pytest.approx((0.63, 0.83979), abs=1e-12)


def test_two_hundred_values_use_the_fine_grid() -> None:
    # n = 200 >= 101: grid p = 0, 0.001, ..., 1 (1001 points). Values 1..200: Y(x) = x (401 - 200 x) / 201.
    # Pareto: x^2 + (1 - Y)^2 is 0.29011293 at x = 0.410, 0.29011228 at x = 0.411 (min), 0.29011778 at 0.412.
    # Break-even: a rounding tie between x = 0.499 and 0.500 (u = 500/1001 and 501/1001 around 0.5).
    # Submarginal: nearest to (0.499, 1) or (0.500, 1) is x = 0.615 in both cases (Y = 0.8505970).
    # round(0.411 * 200 = 82.2) = 82 -> ABLimit = 119 (82nd largest): A = 120..200 (81 values);
    # round(0.615 * 200 = 123) = 123 -> BCLimit = 78: B = 78..119 (42 values), C = 1..77 (77 values).
    result = abc_limits(np.arange(1, 201))
    assert (result.a_count, result.b_count, result.c_count) == (81, 42, 77)
    assert result.pareto_point == pytest.approx((0.411, 0.411 * (401 - 200 * 0.411) / 201), abs=1e-12)
    assert result.break_even_point[0] in (pytest.approx(0.499), pytest.approx(0.500))
    assert result.submarginal_point == pytest.approx((0.615, 0.615 * (401 - 200 * 0.615) / 201), abs=1e-12)


def test_classes_follow_the_input_order() -> None:
    shuffled = [4, 10, 1, 7, 5, 9, 2, 8, 3, 6]  # 1..10 in another order: A = {8, 9, 10}, B = {5, 6, 7}
    expected = ["C", "A", "C", "B", "B", "A", "C", "A", "C", "B"]
    assert abc_classes(shuffled).tolist() == expected
    series = pd.Series(shuffled, index=[f"klant{i}" for i in range(10)][::-1])
    assert abc_classes(series).tolist() == expected
    assert abc_limits(series) == abc_limits(np.arange(1, 11))


def test_equal_values_end_up_in_the_same_class() -> None:
    # Classes are drawn by value, so ties never straddle a limit.
    classes = abc_classes([10, 10, 10, 5, 5, 5, 1, 1, 1])
    assert classes.tolist() == ["B"] * 6 + ["C"] * 3


def test_zeros_are_items_of_class_c() -> None:
    # Four items, one positive: the zeros count in n (as in R) and are below any positive limit.
    assert abc_classes([0, 7, 0, 0]).tolist() == ["C", "B", "C", "C"]
    assert _counts([0, 7, 0, 0]) == (0, 1, 3)


def test_single_value_is_class_a() -> None:
    # R would put a single value in no class (round(0.5 * 1) = 0 indexes an empty vector); here it is A.
    result = abc_limits([7.0])
    assert (result.a_count, result.b_count, result.c_count) == (1, 0, 0)
    assert (result.a_effort, result.a_yield, result.ab_effort, result.ab_yield) == (1.0, 1.0, 1.0, 1.0)
    assert result.pareto_point == pytest.approx((0.5, 0.5), abs=1e-12)  # the curve is the diagonal
    assert abc_classes(np.array([7.0])).tolist() == ["A"]


@pytest.mark.parametrize("n", [2, 5, 10, 200])
def test_all_values_equal_are_all_class_b(n: int) -> None:
    # The curve is the diagonal; the Pareto point is (0.5, 0.5), round(0.5 n) >= 1, and ABLimit = BCLimit =
    # the common value, so nothing is > ABLimit (no A), nothing is < BCLimit (no C): everything is B.
    # (The slope is 1 everywhere, so the break-even point is decided by rounding noise; it cannot change this.)
    result = abc_limits(np.full(n, 5.0))
    assert (result.a_count, result.b_count, result.c_count) == (0, n, 0)
    assert (result.ab_effort, result.ab_yield) == (1.0, 1.0)
    assert result.pareto_point == pytest.approx((0.5, 0.5), abs=1e-12)
    assert set(abc_classes(np.full(n, 5.0)).tolist()) == {"B"}


def test_result_type() -> None:
    result = abc_limits([3, 2, 1])
    assert isinstance(result, AbcLimits)
    assert isinstance(result.a_count, int)
    assert isinstance(result.pareto_point[0], float)
    assert result.a_count + result.b_count + result.c_count == 3


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([], "at least one value"),
        (np.array([]), "at least one value"),
        ([0, 0, 0], "all values are zero"),
        ([3, -1, 2], "negative"),
        ([3, np.nan, 2], "NaN"),
        (pd.Series([3.0, None, 2.0], dtype="Float64"), "NaN"),
        ([3, np.inf, 2], "infinite"),
        ([[1, 2], [3, 4]], "one-dimensional"),
    ],
)
def test_invalid_input_raises(values: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        abc_limits(values)
    with pytest.raises(ValueError, match=message):
        abc_classes(values)


def test_fmm_spline_reproduces_a_cubic() -> None:
    # The property the hand derivations above rely on (true for R's "fmm" spline, not for a natural spline):
    # with unequal knots, the spline and its derivative equal the cubic 1 + x - 2x^2 + x^3 everywhere.
    x = np.array([0.0, 0.2, 0.5, 0.7, 1.0, 1.3])
    b, c, d = _fmm_coefficients(x, 1 + x - 2 * x**2 + x**3)
    u = np.linspace(0.0, 1.3, 27)
    assert _spline_eval(u, x, 1 + x - 2 * x**2 + x**3, b, c, d) == pytest.approx(1 + u - 2 * u**2 + u**3, abs=1e-14)
    assert _spline_eval(u, x, b, 2 * c, 3 * d, np.zeros(x.size)) == pytest.approx(1 - 4 * u + 3 * u**2, abs=1e-13)
