from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from cdskit.errors import ParameterError
from cdskit.maps._text import TEXT
from cdskit.maps.classification import NO_DATA_FILL, SCHEMES, classify

RANKS = list(range(1, 64))


@pytest.mark.parametrize("scheme", ["quantiles", "natural_breaks"])
def test_every_value_falls_in_exactly_one_class_and_classes_are_ordered(scheme):
    values = [0.31, 0.35, 0.36, 0.42, 0.44, 0.45, 0.52, 0.58, 0.61, 0.66, 0.7, 0.71]
    result = classify(values, scheme=scheme, k=4)
    classes = [result.class_of(v) for v in values]
    assert set(classes) == set(range(result.k))
    assert classes == sorted(classes)
    assert result.bins[-1] == max(values)


def test_quantile_breaks_are_real_figures_so_the_legend_prints_what_units_hold():
    result = classify(RANKS, scheme="quantiles", k=5, higher_is_better=False)
    assert result.labels() == ["1 – 13", "14 – 25", "26 – 38", "39 – 50", "51 – 63"]
    assert all(b in RANKS for b in result.bins)
    counts = np.bincount([result.class_of(v) for v in RANKS])
    assert counts.max() - counts.min() <= 1


def test_natural_breaks_are_deterministic_and_split_clusters():
    values = [1, 2, 3, 10, 11, 12, 30, 31, 32]
    first = classify(values, scheme="natural_breaks", k=3)
    second = classify(list(reversed(values)), scheme="natural_breaks", k=3)
    assert first == second
    assert first.bins == (3.0, 12.0, 32.0)


def test_fixed_breaks_are_right_closed_and_extend_to_the_largest_value():
    result = classify([5, 25, 26, 80, 120], scheme="fixed", bins=[25, 50, 100])
    assert [result.class_of(v) for v in (5, 25, 26, 80, 120)] == [0, 0, 1, 2, 3]
    assert result.bins == (25.0, 50.0, 100.0, 120.0)
    assert result.labels("en") == ["5 – 25", "25 – 50", "50 – 100", "100 – 120"]


def test_fewer_distinct_values_than_classes_give_one_class_per_value():
    result = classify([0.4874, 0.5, 0.5, math.nan], k=5)
    assert result.k == 2
    assert result.labels() == ["0,4874", "0,5000"]  # one number of decimals per legend
    assert result.class_of(math.nan) is None
    assert result.colour_of(None) == NO_DATA_FILL


def test_the_best_class_is_the_darkest_whichever_direction_is_better():
    def lightness(colour):
        return sum(to_rgb(colour))

    scores = classify([0.2, 0.4, 0.6, 0.8, 1.0], k=5)
    ranks = classify([1, 2, 3, 4, 5], k=5, higher_is_better=False)
    assert lightness(scores.colour_of(1.0)) < lightness(scores.colour_of(0.2))
    assert lightness(ranks.colour_of(1)) < lightness(ranks.colour_of(5))


@pytest.mark.parametrize("k", [2, 5, 9])
def test_no_data_grey_is_distinct_from_every_class_colour(k):
    result = classify(range(20), k=k)
    grey = np.array(to_rgb(NO_DATA_FILL))
    for colour in result.colours:
        rgb = np.array(to_rgb(colour))
        assert np.abs(rgb - grey).sum() > 0.25
        assert np.ptp(rgb) > 0.1  # class colours are chromatic, the no-data fill is neutral
    assert np.ptp(grey) == 0


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "Phân loại: phân vị, 5 lớp"), ("en", "Classes: quantiles, 5 classes")],
)
def test_the_scheme_is_stated_in_the_readers_language(language, expected):
    assert classify(RANKS).describe(language) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scheme": "quantile"}, r"scheme='quantile'.*Did you mean 'quantiles'"),
        ({"scheme": "jenks"}, r"expected one of 'quantiles', 'natural_breaks', 'fixed'"),
        ({"k": 1}, r"k=1 must be a whole number of classes from 2 to 9"),
        ({"k": 2.5}, r"k=2.5"),
        ({"scheme": "fixed"}, r"scheme='fixed' needs bins="),
        ({"scheme": "fixed", "bins": [10, 5]}, r"strictly increasing"),
        ({"bins": [1, 2]}, r"only used with scheme='fixed'"),
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        classify(RANKS, **kwargs)


def test_nothing_to_classify_is_an_error_not_an_empty_legend():
    with pytest.raises(ParameterError, match="no figures to classify"):
        classify([None, math.nan])


def test_every_scheme_has_a_name_in_both_languages():
    assert all(set(TEXT[language]["schemes"]) == set(SCHEMES) for language in ("vi", "en"))
