"""One rounding rule for every number a reader sees (planmodel.report.formats)."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planmodel.evaluation import probability_interval
from planmodel.report import formats
from planmodel.report.rows import band_of
from planmodel.units import UNITS


def _pct(text: str) -> Decimal:
    return Decimal(re.sub(r"[<>%\s]", "", text))


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10**6), st.data())
def test_a_rounded_probability_never_lies_outside_its_interval(n, data):
    # Issue 6: "约为27%（95%区间26.5%–26.9%）": the figure outside its own interval.
    k = data.draw(st.integers(1, n - 1)) if n > 1 else 1
    if k >= n:
        return
    low, high = probability_interval(k, n)
    p = formats.probability(k, n, low, high)
    assert _pct(p.low) <= _pct(p.point) <= _pct(p.high)
    assert p.low != p.high  # the two ends are told apart
    assert p.point.count(".") == p.low.count(".") == p.high.count(".")  # same decimals
    assert p.point not in ("0.0%", "100.0%") and not p.point.startswith("100")


@pytest.mark.parametrize(
    ("k", "n", "point", "interval"),
    [
        (53_400, 200_000, "26.7%", "26.5%–26.9%"),  # was 约为27%（26.5%–26.9%）
        (
            199_360,
            200_000,
            "99.68%",
            "99.65%–99.70%",
        ),  # Wilson 99.654–99.704: one decimal would print 99.7%–99.7%
        (2_120, 200_000, "1.1%", "1.0%–1.1%"),
        (27, 10**8, "0.000027%", "0.000019%–0.000039%"),  # two significant figures of small sides
    ],
)
def test_probability_examples(k, n, point, interval):
    low, high = probability_interval(k, n)
    p = formats.probability(k, n, low, high)
    assert (p.point, p.interval) == (point, interval)


def test_zero_hits_read_as_the_bound_of_their_interval():
    # Issue 7 part 5: "< 0.0015%（95%上限）", never "< 1/N"; the interval ends at the same bound.
    n = 200_000
    low, high = probability_interval(0, n)
    p = formats.probability(0, n, low, high)
    assert p.point == "<\u00a00.0015%" and p.interval == "0%–0.0015%" and p.bound == "upper"
    assert _pct(p.high) >= Decimal(repr(100 * high))  # rounded outwards: still a bound
    low, high = probability_interval(n, n)
    p = formats.probability(n, n, low, high)
    assert p.point == ">\u00a099.9985%" and p.interval == "99.9985%–100%" and p.bound == "lower"
    # at 2·10^6 draws the display was "< 0.00005%" beside an interval ending at 0.00019%
    low, high = probability_interval(0, 2_000_000)
    assert formats.probability(0, 2_000_000, low, high).point == "<\u00a00.00015%"


def test_status_band_follows_the_displayed_number():
    # Issue 6: a 49.97% bar was coloured "<50%" while printed "50.0%". Bands are judged on the
    # displayed value; the edges are 95/70/30/1.
    low, high = probability_interval(2_999, 10_000)  # 29.99% → prints 30.0%
    p = formats.probability(2_999, 10_000, low, high)
    assert p.point == "30.0%" and band_of(p) == "possible"
    low, high = probability_interval(0, 200_000)
    assert band_of(formats.probability(0, 200_000, low, high)) == "remote"
    low, high = probability_interval(0, 100)  # < 3.0%: a bound above 1% is not "remote"
    assert band_of(formats.probability(0, 100, low, high)) == "hard"
    # 94.99% prints 95.0%: near certain, as printed; 94.9% is likely; 0.99% prints 1.0%: difficult
    for k, band in (
        (9_500, "certain"),
        (9_499, "certain"),
        (9_490, "likely"),
        (7_000, "likely"),
        (100, "hard"),
        (99, "hard"),
        (94, "remote"),
    ):  # 0.99% prints 1.0%
        low, high = probability_interval(k, 10_000)
        assert band_of(formats.probability(k, 10_000, low, high)) == band, k


def test_rates_points_and_levels():
    assert formats.rate(0.13549) == "13.5%" and formats.rate(0.135500001) == "13.6%"
    assert formats.rate(-0.0004) == "0.0%" and formats.rate(0.012, signed=True) == "+1.2%"
    assert formats.points(1.25) == "1.3个百分点"  # half-up, not banker's
    assert formats.points(-0.966, "en") == "-1.0 pp"
    assert formats.points(0.04) == "0.04个百分点"
    assert formats.change(0.9, UNITS["%"], signed=True) == "+0.9个百分点"
    assert formats.change(4.4, UNITS["家"]) == "4.4家"
    assert formats.level(1049.12, UNITS["亿元"]) == "1049亿元"
    assert formats.level(930.71, UNITS["亿元"]) == "930.7亿元"
    assert formats.published(930.71, UNITS["亿元"]) == "930.71亿元"
    assert formats.level(43.094, UNITS["%"]) == "43.1%"  # shares: one decimal
    assert formats.level(12.37, UNITS["万元"]) == "12.37万元"
    assert formats.published(20.0, UNITS["%"]) == "20%"


def test_a_published_value_reads_as_given():
    # every decimal it was given: a published 0.998 is not "1" (which would be 已超出0 of a target of 1)
    assert formats.published(0.998, UNITS[""]) == "0.998"
    assert formats.published(0.998, UNITS["倍"]) == "0.998倍"
    assert formats.published(41.935, UNITS["%"]) == "41.935%"
    assert formats.published(1 / 3, UNITS[""]) == "0.333333"  # not a short decimal: six at most
    assert formats.given_decimals(930.71 * 0.1) == 3  # float noise (93.07100000000001) is not a decimal


@given(st.integers(-10**9, 10**9), st.integers(0, 6))
def test_given_decimals_recover_the_decimals_written(digits, decimals):
    x = digits / 10**decimals
    assert round(x, formats.given_decimals(x)) == x
    assert formats.given_decimals(x) <= decimals


def test_english_units_are_exact_powers_of_ten():
    assert formats.level(1049.12, UNITS["亿元"], "en") == "104.9 bn yuan"
    assert formats.published(930.71, UNITS["亿元"], "en") == "93.071 bn yuan"
    assert formats.level(12.37, UNITS["万元"], "en") == "123.7 thousand yuan"
    assert formats.level(86.5, UNITS["万人"], "en") == "865.0 thousand people"  # four significant figures
    assert formats.threshold(1200.0, UNITS["亿元"], False, "en") == "120 bn yuan"
    assert formats.threshold((300.0, 360.0), UNITS["亿元"], False) == "300–360亿元"
    assert formats.threshold(0.075, UNITS["%"], True) == "7.5%"
    assert formats.number(1200.0, "en") == "1,200"


def test_numbers_written_into_scenarios_read_back():
    # planmodel fit's YAML block and the back-test rule write rates to 0.01 point, half-up, and
    # levels to a few significant figures without an exponent (3.9e+04 is no way to write 39000).
    assert formats.scenario_rate(0.075) == "7.5%" and formats.scenario_rate(-0.0025) == "-0.25%"
    assert formats.scenario_rate(0.056875) == "5.69%" and formats.scenario_rate(-0.00001) == "0%"
    assert formats.significant(39000.0, 4) == "39000" and formats.significant(62800.0, 3) == "62800"
    assert formats.significant(12345.0, 4) == "12350"  # half-up in the integer part
    assert formats.significant(196.34, 4) == "196.3" and formats.significant(0.123456, 3) == "0.123"
    assert formats.significant(-3.14159, 3) == "-3.14" and formats.significant(0.0, 3) == "0"


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e6, 1e6, allow_nan=False).filter(lambda x: abs(x) > 1e-6))
def test_significant_figures_are_within_half_a_unit_of_the_last(x):
    text = formats.significant(x, 4)
    assert "e" not in text.lower()
    unit = 10.0 ** (math.floor(math.log10(abs(x))) - 3)
    assert abs(float(text) - x) <= unit / 2 * (1 + 1e-9)
