"""Class breaks computed from the figures: quantiles and natural breaks (Fisher–Jenks).

Pure NumPy, at the bottom of the maps stack (:mod:`cdskit.maps.classification` snaps the breaks
to figures and turns them into classes and colours).
"""

from __future__ import annotations

import numpy as np


def quantile_breaks(data: np.ndarray, k: int) -> np.ndarray:
    """Return the ``k`` quantiles ``1/k, 2/k, …, 1`` of ``data``, without repeats.

    Linear interpolation between the two nearest figures, as ``numpy.percentile`` and
    ``scipy.stats.scoreatpercentile`` do, but with the position of quantile ``i`` in the
    sorted figures, ``i·(n − 1)/k``, split into whole and fractional parts in integers: a
    quantile that falls on a figure, or between two equal figures, is that figure exactly.
    In floating point it can come out one unit in the last place below it (e.g. the 5/6
    quantile of the ranks 1–19 as 15.999…), and the break would then snap down to the figure
    below. Repeated figures can make two quantiles equal, hence fewer classes.

    Examples
    --------
    >>> quantile_breaks(np.arange(1.0, 11.0), 4).tolist()
    [3.25, 5.5, 7.75, 10.0]
    >>> quantile_breaks(np.arange(1.0, 20.0), 6).tolist()
    [4.0, 7.0, 10.0, 13.0, 16.0, 19.0]
    >>> quantile_breaks(np.array([1.0, 1.0, 1.0, 1.0, 2.0]), 4).tolist()
    [1.0, 2.0]
    """
    ordered = np.sort(data)
    position = np.arange(1, k + 1) * (ordered.size - 1)
    below = position // k
    above = np.minimum(below + 1, ordered.size - 1)
    fraction = (position % k) / k
    low, high = ordered[below], ordered[above]
    # Equal neighbours or a whole position: the figure itself, with no rounding at all.
    return np.unique(np.where(fraction == 0, low, low + fraction * (high - low)))


def natural_breaks(data: np.ndarray, k: int) -> np.ndarray:
    """Return the upper bound of each of ``k`` classes of an optimal Fisher–Jenks partition.

    The classes minimise the sum, over classes, of the squared deviations of their figures
    from the class mean (Fisher 1958, "On grouping for maximum homogeneity"). The optimum is
    exact, computed in float64 by dynamic programming over the number of classes. Equal
    figures always fall in the same class, as they do on the map. Among partitions of exactly
    equal cost, the one returned may differ from other implementations' (e.g. mapclassify's).

    Parameters
    ----------
    data : numpy.ndarray
        Figures to classify, in any order, without NaN, with more than ``k`` distinct values.
    k : int
        Number of classes, at least 2.

    Returns
    -------
    numpy.ndarray
        ``k`` increasing figures of ``data``: the largest figure of each class.

    Notes
    -----
    Time O(k·n·log n) and memory O(k·n) for n distinct figures: the sums of the figures and
    of their squares from the smallest up (prefix sums) give the cost of any run of figures
    in O(1), and the best start of the last class never moves left when its end moves right
    (the cost is a Monge array), so it is searched by divide and conquer, one level of the
    search at a time in whole arrays.

    Examples
    --------
    >>> natural_breaks(np.array([1.0, 2, 3, 10, 11, 12, 30, 31, 32, 2]), 3).tolist()
    [3.0, 12.0, 32.0]
    """
    values, counts = np.unique(data, return_counts=True)
    # Deviations from the mean: the prefix sums then stay small and lose less to cancellation.
    centred = values - np.average(values, weights=counts)
    sums = _prefix_sums(counts, centred)
    cost = _run_cost(sums, np.zeros(values.size, dtype=np.int64), np.arange(values.size))
    starts = np.zeros((k + 1, values.size), dtype=np.int64)
    for classes in range(2, k + 1):
        cost, starts[classes] = _add_last_class(cost, sums, classes)
    return values[_class_ends(starts, k)]


def _prefix_sums(counts: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return the running count, sum and sum of squares of the figures, starting at 0."""
    return tuple(np.concatenate(([0.0], np.cumsum(counts * values**power))) for power in range(3))


def _run_cost(sums: tuple[np.ndarray, ...], first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Return the squared deviations of distinct values ``first..last`` from their mean."""
    count, total, squares = (s[last + 1] - s[first] for s in sums)
    # Rounding can leave a tiny negative number for a run of equal figures: its cost is 0.
    return np.maximum(squares - total * total / count, 0.0)


def _add_last_class(
    cost: np.ndarray, sums: tuple[np.ndarray, ...], classes: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return the best cost of ``classes`` classes ending at each value, and the last start.

    ``cost[e]`` is the best cost of ``classes - 1`` classes over values ``0..e``. Each node
    of the search holds a range of ends ``lo..hi`` whose best starts lie in ``first..last``:
    the middle end tries every start in its range, then its best start bounds both halves.
    """
    n = cost.size
    best_cost = np.full(n, np.inf)
    best_start = np.zeros(n, dtype=np.int64)
    # The last class starts at value ``classes - 1`` at the earliest: each class needs one.
    lo, hi, first, last = (np.array([bound]) for bound in (classes - 1, n - 1, classes - 1, n - 1))
    while lo.size:
        middle = (lo + hi) // 2
        widths = np.minimum(middle, last) - first + 1
        offsets = np.cumsum(widths) - widths
        node = np.repeat(np.arange(lo.size), widths)
        start = first[node] + np.arange(widths.sum()) - offsets[node]
        candidate = cost[start - 1] + _run_cost(sums, start, middle[node])
        lowest = np.minimum.reduceat(candidate, offsets)
        # The leftmost best start of every node, so that ties are broken the same way.
        where_lowest = np.where(candidate == lowest[node], np.arange(start.size), start.size)
        chosen = start[np.minimum.reduceat(where_lowest, offsets)]
        best_cost[middle], best_start[middle] = lowest, chosen
        left, right = lo < middle, middle < hi
        lo = np.concatenate((lo[left], middle[right] + 1))
        hi = np.concatenate((middle[left] - 1, hi[right]))
        first = np.concatenate((first[left], chosen[right]))
        last = np.concatenate((chosen[left], last[right]))
    return best_cost, best_start


def _class_ends(starts: np.ndarray, k: int) -> np.ndarray:
    """Return the index of the last value of each class, walking back from the last class."""
    ends = [starts.shape[1] - 1]
    for classes in range(k, 1, -1):
        ends.append(starts[classes, ends[-1]] - 1)
    return np.array(ends[::-1])
