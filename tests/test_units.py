import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planmodel.errors import ScenarioError
from planmodel.units import (
    UNITS,
    Unit,
    convert,
    format_quantity,
    format_rate,
    parse_change,
    parse_quantity,
    parse_rate,
    parse_unit,
)

U = UNITS


# --- parse_unit ------------------------------------------------------------------------------


@pytest.mark.parametrize("symbol", list(UNITS))
def test_parse_unit_knows_every_table_symbol(symbol):
    assert parse_unit(symbol).symbol == symbol


@pytest.mark.parametrize(
    ("symbol", "dimension", "scale"),
    [
        ("元", "money", 1.0),
        ("万元", "money", 1e4),
        ("亿元", "money", 1e8),
        ("万亿元", "money", 1e12),
        ("万人", "people", 1e4),
        ("%", "ratio", 0.01),
        ("‰", "ratio", 0.001),
        ("", "ratio", 1.0),
        ("万平方米", "area", 0.01),
    ],
)
def test_unit_table_scales(symbol, dimension, scale):
    unit = parse_unit(symbol)
    assert (unit.dimension, unit.scale) == (dimension, scale)


def test_parse_unit_normalises_full_width_and_aliases():
    assert parse_unit("％") == U["%"]
    assert parse_unit(" 亿元 ") == U["亿元"]
    assert parse_unit("平方千米") == U["平方公里"]


def test_count_nouns_are_different_dimensions():
    assert parse_unit("家").dimension != parse_unit("个").dimension


def test_unknown_unit_lists_valid_units_and_keeps_path():
    with pytest.raises(ScenarioError, match=r"unknown unit '亿' — valid units: 元, .*亿元") as err:
        parse_unit("亿", ("indicators", "gdp", "unit"))
    assert err.value.path == ("indicators", "gdp", "unit")


@pytest.mark.parametrize("bad", [None, 3, ["亿元"]])
def test_parse_unit_rejects_non_text(bad):
    with pytest.raises(ScenarioError, match="unit must be text"):
        parse_unit(bad)


# --- parse_quantity ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("1200亿元", "亿元", 1200.0),
        ("1,200亿元", "亿元", 1200.0),
        ("1200 亿元", "亿元", 1200.0),
        ("１２００亿元", "亿元", 1200.0),
        ("1，200亿元", "亿元", 1200.0),
        ("14万元", "万元", 14.0),
        ("1.2万亿元", "亿元", 12000.0),
        ("0.12万亿元", "亿元", 1200.0),
        ("140000元", "万元", 14.0),
        ("14万元", "元", 140000.0),
        ("68%", "%", 68.0),
        ("40%", "%", 40.0),
        ("68%", "", 0.68),
        ("5‰", "%", 0.5),
        ("400家", "家", 400.0),
        ("-3.5亿元", "亿元", -3.5),
        ("−3.5亿元", "亿元", -3.5),
        ("+2亿元", "亿元", 2.0),
        ("1200", "亿元", 1200.0),
        (" 1,234.5 ", "万元", 1234.5),
        ("1e3万元", "亿元", 0.1),
        ("120万人", "人", 1.2e6),
        ("50万平方米", "平方公里", 0.5),
        (1200, "亿元", 1200.0),
        (14.2, "万元", 14.2),
        (np.float64(3.5), "亿元", 3.5),
    ],
)
def test_parse_quantity(value, unit, expected):
    result = parse_quantity(value, U[unit])
    assert isinstance(result, float)
    assert result == pytest.approx(expected, rel=1e-15)


def test_parse_quantity_exact_power_of_ten_conversion():
    # 0.12 is not exact in binary; dividing by an exact factor must still give 1200 exactly.
    assert parse_quantity("0.12万亿元", U["亿元"]) == 1200.0
    assert parse_quantity("0.7%", U[""]) == 0.7 / 100


@pytest.mark.parametrize(
    ("value", "unit", "match"),
    [
        ("1200万人", "亿元", r"'1200万人' is people but the indicator is in 亿元 \(money\)"),
        ("1200万人", "亿元", "write e.g. 1200亿元"),
        ("400家", "个", "count of 家 but the indicator is in 个"),
        ("68%", "亿元", "ratio but the indicator is in 亿元"),
        ("1200亿", "亿元", r"unknown unit '亿' in '1200亿' — write e.g. 1200亿元"),
        ("120万", "人", "write e.g. 120万人"),
        ("1200美元", "亿元", "unknown unit '美元'.*valid units"),
        ("abc", "亿元", "cannot read quantity 'abc'"),
        ("亿元", "亿元", "cannot read quantity"),
        ("1,20亿元", "亿元", "cannot read quantity|unknown unit"),
        ("", "亿元", "cannot read quantity"),
        (True, "亿元", "must be a number"),
        (None, "亿元", "must be a number"),
        ([1200], "亿元", "must be a number"),
        ({"a": 1}, "亿元", "must be a number"),
        (float("nan"), "亿元", "finite"),
        (float("inf"), "亿元", "finite"),
    ],
)
def test_parse_quantity_rejects(value, unit, match):
    path = ("targets", 0, "at_least")
    with pytest.raises(ScenarioError, match=match) as err:
        parse_quantity(value, U[unit], path)
    assert err.value.path == path


# --- parse_rate -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7.5%", 0.075),
        ("-1%", -0.01),
        ("0.5‰", 0.0005),
        ("7.5 %", 0.075),
        ("７.５％", 0.075),
        ("12%", 0.12),
        ("-100%", -1.0),
        ("0.075", 0.075),
        (0.075, 0.075),
        (0, 0.0),
        (1, 1.0),
        (-1.0, -1.0),
        ("150%", 1.5),
    ],
)
def test_parse_rate(value, expected):
    assert parse_rate(value) == pytest.approx(expected, rel=1e-15, abs=0.0)


@pytest.mark.parametrize(
    ("value", "match"),
    [
        (7.5, r"ambiguous rate 7.5 — write 7.5% or 0.075"),
        (-2, "ambiguous rate -2"),
        ("7.5", "ambiguous rate 7.5"),
        ("-150%", "below -100%"),
        (-1.5, "ambiguous"),
        ("7.5亿元", "not a rate"),
        ("7.5个百分点", "not a rate"),
        ("fast", "cannot read rate"),
        (True, "must be a number"),
        (None, "must be a number"),
        ([0.05], "must be a number"),
        (float("nan"), "finite"),
    ],
)
def test_parse_rate_rejects(value, match):
    with pytest.raises(ScenarioError, match=match) as err:
        parse_rate(value, ("indicators", "gdp", "growth", 2024))
    assert err.value.path == ("indicators", "gdp", "growth", 2024)


# --- parse_change -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (0.8, "%", 0.8),
        ("0.8个百分点", "%", 0.8),
        ("0.8 个百分点", "%", 0.8),
        ("0.8百分点", "%", 0.8),
        ("0.8pp", "%", 0.8),
        ("-0.3PP", "%", -0.3),
        ("0.8pp", "", 0.008),
        ("0.8pp", "‰", 8.0),
        ("0.8", "%", 0.8),
        ("-0.02", "", -0.02),
        ("0.1倍", "倍", 0.1),
        ("50亿元", "亿元", 50.0),
        ("0.5万亿元", "亿元", 5000.0),
        (-3, "万人", -3.0),
        ("2000人", "万人", 0.2),
    ],
)
def test_parse_change(value, unit, expected):
    assert parse_change(value, U[unit]) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(
    ("value", "unit", "match"),
    [
        ("0.8%", "%", r"ambiguous change '0.8%'.*write 0.8个百分点 or 0.8pp"),
        ("5‰", "‰", "ambiguous change"),
        ("2%", "", "ambiguous change"),
        ("0.8pp", "亿元", "unknown unit 'pp'"),
        ("5%", "亿元", "ratio but the indicator is in 亿元"),
        ("0.8亿元个百分点", "%", "cannot read change"),
        (True, "%", "must be a number"),
    ],
)
def test_parse_change_rejects(value, unit, match):
    with pytest.raises(ScenarioError, match=match):
        parse_change(value, U[unit], ("x",))


# --- formatting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "digits", "expected"),
    [
        (1200.0, "亿元", None, "1,200亿元"),
        (1234567.4, "万元", None, "1,234,567万元"),
        (14.2, "万元", None, "14.2万元"),
        (68.0, "%", None, "68.0%"),
        (3.14159, "亿元", None, "3.14亿元"),
        (-3.5, "亿元", None, "-3.50亿元"),
        (-250.0, "亿元", None, "-250亿元"),
        (400.0, "家", None, "400家"),
        (1.8, "", None, "1.80"),
        (1200.0, "亿元", 2, "1,200.00亿元"),
        (-0.001, "亿元", 1, "0.0亿元"),
    ],
)
def test_format_quantity(value, unit, digits, expected):
    assert format_quantity(value, U[unit], digits) == expected


@pytest.mark.parametrize(
    ("x", "digits", "expected"),
    [
        (0.075, 1, "7.5%"),
        (-0.01, 1, "-1.0%"),
        (0.12, 0, "12%"),
        (0.0, 2, "0.00%"),
        (-1e-6, 1, "0.0%"),
    ],
)
def test_format_rate(x, digits, expected):
    assert format_rate(x, digits) == expected


def test_format_rate_default_digits_is_one():
    assert format_rate(0.07) == "7.0%"


# --- convert ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (1.0, "亿元", "万元", 1e4),
        (1.0, "万亿元", "亿元", 1e4),
        (14.0, "万元", "元", 140000.0),
        (3.0, "万人", "人", 30000.0),
        (68.0, "%", "", 0.68),
        (5.0, "‰", "%", 0.5),
        (1.0, "平方公里", "万平方米", 100.0),
        (7.0, "亿元", "亿元", 7.0),
    ],
)
def test_convert(value, src, dst, expected):
    assert convert(value, U[src], U[dst]) == pytest.approx(expected, rel=1e-15)
    assert convert(convert(value, U[src], U[dst]), U[dst], U[src]) == pytest.approx(value)


def test_convert_works_on_arrays():
    out = convert(np.array([1.0, 2.5]), U["亿元"], U["万元"])
    np.testing.assert_allclose(out, [1e4, 2.5e4])


@pytest.mark.parametrize(("src", "dst"), [("亿元", "万人"), ("家", "个"), ("%", "亿元")])
def test_convert_rejects_other_dimensions(src, dst):
    with pytest.raises(ValueError, match="cannot convert"):
        convert(1.0, U[src], U[dst])


# --- properties -------------------------------------------------------------------------------

_LEVEL_UNITS = [U[s] for s in ("元", "万元", "亿元", "万人", "%", "家", "平方公里", "")]


@settings(max_examples=200, deadline=None)
@given(
    value=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    unit=st.sampled_from(_LEVEL_UNITS),
    digits=st.integers(min_value=0, max_value=4),
)
def test_format_then_parse_round_trips_within_rounding(value: float, unit: Unit, digits: int):
    text = format_quantity(value, unit, digits)
    back = parse_quantity(text, unit)
    assert abs(back - value) <= 0.5 * 10.0**-digits + 1e-15 * abs(value)


@settings(max_examples=200, deadline=None)
@given(
    value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    unit=st.sampled_from(_LEVEL_UNITS),
)
def test_default_digits_round_trip(value: float, unit: Unit):
    text = format_quantity(value, unit)
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    assert abs(parse_quantity(text, unit) - value) <= 0.5 * 10.0**-digits + 1e-15 * abs(value)


@settings(max_examples=200, deadline=None)
@given(x=st.floats(min_value=-1.0, max_value=1.0, allow_nan=False), digits=st.integers(0, 4))
def test_format_rate_then_parse_rate_round_trips(x: float, digits: int):
    back = parse_rate(format_rate(x, digits))
    assert math.isclose(back, x, abs_tol=0.5 * 10.0 ** -(digits + 2) + 1e-15)
