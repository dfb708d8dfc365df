"""Computed ABC analysis (Ultsch & Lötsch 2015), computed the way the R package ABCanalysis computes it.

Reference: A. Ultsch, J. Lötsch (2015), "Computed ABC Analysis for Rational Selection of Most
Informative Variables in Multivariate Data", PLoS ONE 10(6): e0129767, doi:10.1371/journal.pone.0129767.

This is a numpy port of the logic of the R package **ABCanalysis 1.2.1** (CRAN, 2017-03-13; M. Thrun,
J. Lötsch, A. Ultsch), functions ``ABCcurve`` (file ``R/ABCcurve.R``) and ``ABCanalysis`` (file
``R/ABCanalysis.R``), read from the CRAN mirror github.com/cran/ABCanalysis (commit 81afe0ec, the 1.2.1
release), together with the interpolating cubic spline of R's ``stats::spline`` / ``stats::splinefun``
with their default ``method = "fmm"`` (Forsythe, Malcolm & Moler; R's ``src/library/stats/src/splines.c``,
``fmm_spline`` and ``spline_eval``), which ABCcurve relies on. No R code was copied; the steps are:

1. ``ABCcurve``: sort the values descending; ``y`` = cumulative sum / total (R accumulates ``cumsum`` in
   long double, so this port does too), ``x = (1..n)/n``; prepend the point (0, 0) (R does so whenever
   the first yield is > 0, i.e. always here) and append (1, 1) if the last x is < 1 (never here).
2. Interpolate that polyline with an FMM cubic spline onto the fixed grid ``p = 0, 0.01, ..., 1``
   (101 points) when there are fewer than 101 values, else ``p = 0, 0.001, ..., 1`` (1001 points).
   This grid is the "curve" (Effort = p, Yield = spline(p)). From the first grid point whose Yield is
   >= 1 onwards, Yield is set to 1 (only if that point is not the last one).
3. The slope: a second FMM spline through the grid curve, differentiated, and (an R quirk kept here)
   evaluated at ``(1..m)/m`` with ``m`` = number of grid points, *not* at the grid points themselves;
   slope number ``k`` is nevertheless paired with grid point ``k``.
4. ``ABCanalysis``: Pareto point = first grid point with the smallest squared distance to (0, 1).
   Break-even point = first grid point where ``|slope - 1|`` is smallest (R's ``which.min``; the comment
   in R says "take the rightmost" but ``max()`` of a single index changes nothing).
5. If the break-even point has a smaller effort than the Pareto point, they swap roles
   (R's ``ABexchanged``): the A/B limit is then the break-even point and ``Bx`` the Pareto effort;
   otherwise the A/B limit is the Pareto point and ``Bx`` the break-even effort.
6. Submarginal point (B/C limit) = first grid point with the smallest squared distance to (Bx, 1).
7. Classes (1.2.1): with the values sorted descending (1-based), ``ABLimit = sorted[round(Ax * n)]`` and
   ``BCLimit = sorted[round(Cx * n)]`` (R's ``round`` is half-to-even, like ``numpy.rint``); class A is
   ``value > ABLimit``, B is ``BCLimit <= value <= ABLimit``, C is ``value < BCLimit``. Because the
   classes are drawn by value, ties never straddle a limit: equal values are always in the same class.

Deviations from R (only where R gives no usable answer):

* Input: negative, NaN or infinite values raise ``ValueError`` (R silently turns them into 0); empty
  input and an all-zero input raise ``ValueError`` (R fails with an obscure error or NaNs). Zeros are
  allowed and count as items, as in R.
* One value: it is class A. (R computes ``round(0.5 * 1) = 0`` and indexes ``sorted[0]``, an empty
  vector, so it puts the value in no class.)
* If ``round(Ax * n)`` (or ``round(Cx * n)``) is 0, R indexes ``sorted[0]`` = an empty vector and the
  comparisons drop the items from A and B (or from all classes). Here an index of 0 means "no value"
  (limit = +infinity): A is then empty and the remaining values are classified against the other limit.
* If the two limits ever crossed (BCLimit > ABLimit), R would put some items in two classes; here A
  takes precedence over C over B so that every item gets exactly one class.
* Version note: ABCanalysis 1.1.x assigned classes by position (``x < Ax``, ``x < Cx``, ``x > Cx``,
  which could drop an item lying exactly on ``Cx``); 1.2.1, followed here, assigns by value as above.
* Floating point: the same IEEE double operations are done in the same order as R's C code, so results
  should agree with R on the same platform; exact ties in the arg-min steps are the only place where a
  last-bit difference could change an index.

All values equal: the curve is the diagonal, the Pareto point is (0.5, 0.5), and since ABLimit =
BCLimit = that value, every item is class B (the break-even point is then decided by rounding noise of
a slope that is 1 everywhere, but it cannot change the classes).

Cost: the spline through all n points needs a sequential tridiagonal solve, about 1.5 s for a million values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["AbcLimits", "abc_classes", "abc_limits"]


@dataclass(frozen=True)
class AbcLimits:
    """Result of the computed ABC analysis; shares are of the number of items / of the total sum."""

    a_count: int
    """Number of items in class A (the largest values)."""
    b_count: int
    c_count: int
    a_effort: float
    """Share of the items in class A (a_count / n)."""
    a_yield: float
    """Share of the total sum held by class A."""
    ab_effort: float
    """Share of the items in classes A and B."""
    ab_yield: float
    """Share of the total sum held by classes A and B."""
    pareto_point: tuple[float, float]
    """(effort, yield) on the interpolated ABC curve nearest to (0, 1)."""
    break_even_point: tuple[float, float]
    """(effort, yield) where the slope of the ABC curve is nearest to 1."""
    submarginal_point: tuple[float, float]
    """(effort, yield) nearest to (Bx, 1): the B/C limit."""


def _as_values(values: object) -> np.ndarray:
    to_numpy = getattr(values, "to_numpy", None)
    if callable(to_numpy):  # pandas Series (also with nullable dtypes)
        array = np.asarray(to_numpy(dtype=float, na_value=np.nan), dtype=float)
    else:
        array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError("ABC analysis needs a one-dimensional list of values")  # i18n: not user text
    if array.size == 0:
        raise ValueError("ABC analysis needs at least one value; got none")  # i18n: not user text
    if np.isnan(array).any():
        raise ValueError("ABC analysis: NaN (missing) values; filter them out first")  # i18n: not user text
    if np.isinf(array).any():
        raise ValueError("ABC analysis: infinite values; filter them out first")  # i18n: not user text
    if (array < 0).any():
        raise ValueError("ABC analysis: negative values; filter them out first")  # i18n: not user text
    if not (array > 0).any():
        raise ValueError("ABC analysis: all values are zero, nothing to divide into A, B and C")  # i18n: not user text
    return array


# ---------------------------------------------------------------------------------------------------
# R's FMM cubic spline (stats::spline / splinefun, method "fmm"), same operations in the same order.
# ---------------------------------------------------------------------------------------------------


def _fmm_coefficients(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficients b, c, d with S(u) = y[i] + b[i]*t + c[i]*t**2 + d[i]*t**3, t = u - x[i]."""
    n = x.size
    if n < 2:
        raise ValueError("a spline needs at least two points")  # i18n: not user text
    if n < 3:
        slope = (y[1] - y[0]) / (x[1] - x[0])
        return np.array([slope, slope]), np.zeros(2), np.zeros(2)

    # Tridiagonal system: b = diagonal, d = off-diagonal, c = right-hand side.
    d = np.zeros(n)
    d[: n - 1] = x[1:] - x[:-1]
    slopes = (y[1:] - y[:-1]) / d[: n - 1]
    b = np.zeros(n)
    c = np.zeros(n)
    b[1 : n - 1] = 2.0 * (d[: n - 2] + d[1 : n - 1])
    c[1 : n - 1] = slopes[1:] - slopes[:-1]

    # End conditions: third derivatives at both ends from divided differences (only with > 3 points).
    b[0] = -d[0]
    b[n - 1] = -d[n - 2]
    c[0] = c[n - 1] = 0.0
    if n > 3:
        c0 = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
        cn = c[n - 2] / (x[n - 1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
        c[0] = c0 * d[0] * d[0] / (x[3] - x[0])
        c[n - 1] = -cn * d[n - 2] * d[n - 2] / (x[n - 1] - x[n - 4])

    # Gaussian elimination and back substitution (sequential; plain floats are fastest here).
    bl, cl, dl = b.tolist(), c.tolist(), d.tolist()
    for i in range(1, n):
        t = dl[i - 1] / bl[i - 1]
        bl[i] = bl[i] - t * dl[i - 1]
        cl[i] = cl[i] - t * cl[i - 1]
    cl[n - 1] = cl[n - 1] / bl[n - 1]
    for i in range(n - 2, -1, -1):
        cl[i] = (cl[i] - dl[i] * cl[i + 1]) / bl[i]
    sigma = np.array(cl)  # sigma[i] of Forsythe, Malcolm & Moler

    # Polynomial coefficients.
    b = np.empty(n)
    c = np.empty(n)
    dd = np.empty(n)
    b[n - 1] = (y[n - 1] - y[n - 2]) / d[n - 2] + d[n - 2] * (sigma[n - 2] + 2.0 * sigma[n - 1])
    h = d[: n - 1]
    b[: n - 1] = (y[1:] - y[:-1]) / h - h * (sigma[1:] + 2.0 * sigma[:-1])
    dd[: n - 1] = (sigma[1:] - sigma[:-1]) / h
    c[:] = 3.0 * sigma
    dd[n - 1] = dd[n - 2]
    return b, c, dd


def _spline_eval(
    u: np.ndarray, x: np.ndarray, y: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray
) -> np.ndarray:
    """R's spline_eval for a non-periodic spline: interval search as in R, then Horner's rule."""
    xl, n_1 = x.tolist(), x.size - 1
    out = np.empty(u.size)
    i = 0
    for idx, ul in enumerate(u.tolist()):
        if ul < xl[i] or (i < n_1 and xl[i + 1] < ul):
            i, j = 0, x.size
            while True:  # binary search so that x[i] <= ul <= x[i+1]
                k = (i + j) // 2
                if ul < xl[k]:
                    j = k
                else:
                    i = k
                if j <= i + 1:
                    break
        dx = ul - xl[i]
        out[idx] = y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]))
    return out


def _r_seq_by(step: float) -> np.ndarray:
    """R's ``seq(from = 0, to = 1, by = step)``: from + (0:n) * by, capped at ``to``."""
    count = int(1.0 / step + 1e-10)
    return np.minimum(np.arange(count + 1) * step, 1.0)


def _squared_distance(effort: np.ndarray, yield_: np.ndarray, to_x: float, to_y: float) -> np.ndarray:
    """R's ``sum(abs(point - curve[i, ])^2)``: squares in double, the sum accumulated in long double."""
    dx = np.abs(to_x - effort)
    dy = np.abs(to_y - yield_)
    return ((dx * dx).astype(np.longdouble) + (dy * dy).astype(np.longdouble)).astype(np.float64)


# ---------------------------------------------------------------------------------------------------
# ABCcurve and ABCanalysis
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Analysis:
    limits: AbcLimits
    classes: np.ndarray


def _abc_curve(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ABCcurve: (Effort grid, Yield on the grid, slope paired with each grid point)."""
    n = values.size
    p = _r_seq_by(0.01) if n < 101 else _r_seq_by(0.001)
    ordered = -np.sort(-values)
    cumulative = np.cumsum(ordered.astype(np.longdouble)).astype(np.float64)
    y = cumulative / cumulative[-1]
    x = np.arange(1, n + 1) / n
    if y[0] > 0:
        x = np.concatenate([[0.0], x])
        y = np.concatenate([[0.0], y])
    if x[-1] < 1:
        x = np.concatenate([x, [1.0]])
        y = np.concatenate([y, [1.0]])

    effort = p
    yield_ = _spline_eval(p, x, y, *_fmm_coefficients(x, y))
    at_or_above_one = np.flatnonzero(yield_ >= 1)
    if at_or_above_one.size and at_or_above_one[0] < yield_.size - 1:
        yield_[at_or_above_one[0] :] = 1.0

    m = effort.size
    b, c, d = _fmm_coefficients(effort, yield_)
    # First derivative of the spline: coefficients (b, 2c, 3d, 0), evaluated at (1..m)/m as R does.
    slope = _spline_eval(np.arange(1, m + 1) / m, effort, b, 2.0 * c, 3.0 * d, np.zeros(m))
    return effort, yield_, slope


def _analyse(values: object) -> _Analysis:
    data = _as_values(values)
    n = data.size
    effort, yield_, slope = _abc_curve(data)

    pareto = int(np.argmin(_squared_distance(effort, yield_, 0.0, 1.0)))
    break_even = int(np.argmin(np.abs(slope - 1.0)))
    if effort[break_even] < effort[pareto]:  # R's ABexchanged
        ab_limit, bx = break_even, effort[pareto]
    else:
        ab_limit, bx = pareto, effort[break_even]
    submarginal = int(np.argmin(_squared_distance(effort, yield_, bx, 1.0)))

    ordered = -np.sort(-data)

    def value_at(share: float) -> float:
        position = int(np.rint(share * n))  # 1-based position in the descending values
        return float(ordered[position - 1]) if position >= 1 else np.inf

    if n == 1:
        classes = np.array(["A"])
    else:
        ab_value = value_at(effort[ab_limit])
        bc_value = value_at(effort[submarginal])
        classes = np.where(data > ab_value, "A", np.where(data < bc_value, "C", "B"))

    total = data.sum()
    in_a = classes == "A"
    in_ab = in_a | (classes == "B")
    a_count, ab_count = int(in_a.sum()), int(in_ab.sum())
    limits = AbcLimits(
        a_count=a_count,
        b_count=ab_count - a_count,
        c_count=n - ab_count,
        a_effort=a_count / n,
        a_yield=float(data[in_a].sum() / total),
        ab_effort=ab_count / n,
        ab_yield=float(data[in_ab].sum() / total),
        pareto_point=(float(effort[pareto]), float(yield_[pareto])),
        break_even_point=(float(effort[break_even]), float(yield_[break_even])),
        submarginal_point=(float(effort[submarginal]), float(yield_[submarginal])),
    )
    return _Analysis(limits=limits, classes=classes)


def abc_limits(values: object) -> AbcLimits:
    """Class sizes, shares and the three curve points of the computed ABC analysis of ``values``.

    ``values``: a numpy array, pandas Series or sequence of non-negative numbers (not all zero).
    Raises ``ValueError`` for empty input, NaN, infinite or negative values, or all zeros.
    """
    return _analyse(values).limits


def abc_classes(values: object) -> np.ndarray:
    """The class ("A", "B" or "C") of each value, in the order of the input (see ``abc_limits``)."""
    return _analyse(values).classes
