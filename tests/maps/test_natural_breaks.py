"""Natural breaks and quantiles computed by the kit, checked against exhaustive search."""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction

import numpy as np
import pytest

from cdskit.maps._breaks import natural_breaks
from cdskit.maps.classification import _computed_bins, classify


def _partition_cost(values: np.ndarray, uppers: np.ndarray) -> float:
    """Squared deviations from class means of the classes ``(previous upper, upper]``."""
    classes = np.searchsorted(uppers, values, side="left")
    return sum(
        float(((part - part.mean()) ** 2).sum())
        for part in (values[classes == c] for c in range(len(uppers)))
        if part.size
    )


def _brute_force(values: np.ndarray, k: int) -> tuple[float, np.ndarray]:
    """Best cost and class uppers over every split of the sorted values into ``k`` runs."""
    ordered = np.sort(values)
    best_cost, best_uppers = np.inf, ordered[-1:]
    for cuts in itertools.combinations(range(1, ordered.size), k - 1):
        runs = np.split(ordered, cuts)
        cost = sum(float(((run - run.mean()) ** 2).sum()) for run in runs)
        if cost < best_cost:
            best_cost, best_uppers = cost, np.array([run[-1] for run in runs])
    return best_cost, best_uppers


def _random_sets(count: int, sizes: range, ks: range, *, seed: int, repeats: bool):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n, k = int(rng.choice(sizes)), int(rng.choice(ks))
        if repeats:  # few possible figures: many repeated values, like scores on a short scale
            values = rng.integers(0, n // 2 + 2, size=n) / 4
        else:
            values = np.round(rng.gamma(2.0, 0.15, size=n), 4)
        if np.unique(values).size > k:
            yield values, k


@pytest.mark.parametrize(
    ("sizes", "ks", "repeats", "seed"),
    [
        (range(5, 12), range(2, 5), False, 1),
        (range(5, 12), range(2, 5), True, 2),
        (range(12, 41), range(2, 4), False, 3),
        (range(12, 41), range(2, 4), True, 4),
    ],
)
def test_natural_breaks_reach_the_least_cost_of_every_partition(sizes, ks, repeats, seed):
    checked = 0
    for values, k in _random_sets(150, sizes, ks, seed=seed, repeats=repeats):
        best_cost, best_uppers = _brute_force(values, k)
        uppers = natural_breaks(values, k)
        assert uppers.size == k and np.all(np.diff(uppers) > 0)
        assert set(uppers) <= set(values)
        if not np.array_equal(uppers, best_uppers):  # another partition of the same cost
            assert _partition_cost(values, uppers) == pytest.approx(best_cost, rel=1e-9)
        checked += 1
    assert checked > 100


def test_equal_figures_stay_in_one_class_even_where_splitting_them_costs_the_same():
    values = np.array([0.0, 1.0, 1.0, 2.0])  # {0}{1,1,2} and {0,1,1}{2} cost the same
    uppers = natural_breaks(values, 2)
    assert uppers.tolist() in ([0.0, 2.0], [1.0, 2.0])
    assert _partition_cost(values, uppers) == pytest.approx(_brute_force(values, 2)[0])


def test_natural_breaks_equal_mapclassify_fisher_jenks_on_distinct_figures():
    mapclassify = pytest.importorskip("mapclassify")  # an independent implementation
    rng = np.random.default_rng(7)
    for _ in range(40):
        n, k = int(rng.integers(20, 201)), int(rng.integers(2, 10))
        values = rng.choice(np.arange(1, 5 * n), size=n, replace=False) / 100
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Numba not installed"
            expected = mapclassify.FisherJenks(values, k=k).bins
        assert natural_breaks(values, k).tolist() == expected.tolist()


@pytest.mark.parametrize(
    ("values", "k", "expected"),
    [
        # Index 9·p/100 into the sorted figures: 2.25 → 3 + 0.25·(4 − 3) = 3.25 → snapped to 3.
        (range(1, 11), 4, [3.0, 5.0, 7.0, 10.0]),
        # Quintiles of ranks 1–63 fall on 13.4, 25.8, 38.2, 50.6, 63.
        (range(1, 64), 5, [13.0, 25.0, 38.0, 50.0, 63.0]),
        # Repeated figures: the 25 % and 50 % quantiles are both 0.5, so three classes remain
        # (the 75 % quantile, 0.775, snaps to 0.7).
        ([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.7, 0.8, 0.9, 0.95], 4, [0.5, 0.7, 0.95]),
        # A quantile between two equal figures is that figure exactly (not one below it).
        ([0.1, 0.3, 0.3, 0.3, 0.6, 0.6, 0.6, 0.9], 3, [0.3, 0.6, 0.9]),
        # Sixths of ranks 1–19 fall on ranks 4, 7, …, 16 (np.percentile gives 15.999… for 16).
        (range(1, 20), 6, [4.0, 7.0, 10.0, 13.0, 16.0, 19.0]),
    ],
)
def test_quantile_breaks_are_percentiles_snapped_to_the_figure_below(values, k, expected):
    data = np.asarray(values, dtype=float)
    assert _computed_bins("quantiles", data, k) == expected


def _exact_quantile_breaks(data: np.ndarray, k: int) -> list[float]:
    """Quantile breaks in exact rational arithmetic, each snapped to the figure at or below."""
    ordered = [Fraction(float(v)) for v in np.sort(data)]
    n, breaks = len(ordered), set()
    for i in range(1, k + 1):
        position = Fraction(i * (n - 1), k)
        below = int(position)
        above = min(below + 1, n - 1)
        quantile = ordered[below] + (position - below) * (ordered[above] - ordered[below])
        breaks.add(float(max(v for v in ordered if v <= quantile)))
    return sorted(breaks)


@pytest.mark.parametrize("kind", ["ranks", "two decimals", "thirds", "triples"])
def test_quantile_breaks_equal_exact_arithmetic_where_a_quantile_falls_on_a_figure(kind):
    rng = np.random.default_rng(5)
    for n in range(10, 130, 3):
        data = {
            "ranks": np.arange(1.0, n + 1),
            "two decimals": np.round(rng.uniform(0, 1, n), 2),
            "thirds": rng.integers(0, 7, n) / 3,  # many equal neighbours
            "triples": np.repeat(np.round(rng.uniform(0, 1, n), 3), 3),
        }[kind]
        for k in range(2, 10):
            if np.unique(data).size > k:
                assert _computed_bins("quantiles", data, k) == _exact_quantile_breaks(data, k)


def test_ten_thousand_figures_classify_in_memory_linear_in_their_number():
    import tracemalloc

    values = np.random.default_rng(3).lognormal(0.0, 0.5, size=10_000)
    tracemalloc.start()
    result = classify(values, scheme="natural_breaks", k=9)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 10_000 * 8 * 9  # an n×n matrix of floats would take 800 MB
    assert result.k == 9 and result.bins[-1] == values.max()
    counts = np.bincount([result.class_of(v) for v in values], minlength=9)
    assert counts.sum() == values.size and counts.min() > 0
    # Each break is optimal given its neighbours: moving it one figure either way costs more.
    ordered = np.sort(values)
    uppers = np.array(result.bins)
    cost = _partition_cost(ordered, uppers)
    for i in range(8):
        position = int(np.searchsorted(ordered, uppers[i]))
        for step in (-1, 1):
            moved = uppers.copy()
            moved[i] = ordered[position + step]
            assert _partition_cost(ordered, moved) >= cost * (1 - 1e-12)


def _least_cost_every_start(values: np.ndarray, k: int) -> float:
    """Least cost of ``k`` classes of the distinct values, trying every start of every class."""
    distinct, counts = np.unique(values, return_counts=True)
    weighted = [np.concatenate(([0.0], np.cumsum(counts * distinct**p))) for p in range(3)]

    def run(first: np.ndarray, last: int) -> np.ndarray:
        count, total, squares = (w[last + 1] - w[first] for w in weighted)
        return squares - total**2 / count

    n = distinct.size
    cost = np.array([run(np.array([0]), last)[0] for last in range(n)])
    for classes in range(2, k + 1):
        cost = np.array(
            [
                np.inf
                if last < classes - 1
                else float(
                    np.min(cost[classes - 2 : last] + run(np.arange(classes - 1, last + 1), last))
                )
                for last in range(n)
            ]
        )
    return float(cost[-1])


@pytest.mark.parametrize("seed", range(4))
def test_natural_breaks_match_a_search_over_every_start_on_hundreds_of_figures(seed):
    rng = np.random.default_rng(seed)
    values = np.round(rng.lognormal(0.0, 0.6, size=int(rng.integers(150, 400))), 1)
    for k in (2, 5, 9):
        uppers = natural_breaks(values, k)
        expected = _least_cost_every_start(values, k)
        assert _partition_cost(values, uppers) == pytest.approx(expected, rel=1e-9)
