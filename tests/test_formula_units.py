"""Units and dimensions in formulas, and real(x) (issue 7 part 6; issue 12 part 4 constants)."""

from __future__ import annotations

import numpy as np
import pytest

from planmodel.engine import simulate
from planmodel.errors import ScenarioError
from planmodel.expressions import parse_formula

from conftest import build, minimal_dict


def with_formula(formula, unit="亿元", **changes):
    data = minimal_dict()
    data["derived"] = {"x": {"label": "x", "unit": unit, "formula": formula}}
    data["targets"] = []
    for key, value in changes.items():
        data["indicators"]["gdp"][key] = value
    return data


def level(data, key="x", year=2024):
    paths = simulate(build(data), entropy=1, draws=10_000)
    return paths.levels[key][:, paths.years.index(year)]


def test_constant_with_a_unit_is_read_in_that_unit():
    # `gdp - 1000` used to subtract 1000 元 from 1000亿元; with its unit it means 1000亿元.
    np.testing.assert_allclose(level(with_formula("gdp - 900亿元")), 100.0, rtol=1e-12)
    np.testing.assert_allclose(level(with_formula("gdp - 0.09万亿元")), 100.0, rtol=1e-12)
    np.testing.assert_allclose(level(with_formula("gdp / 500亿元", unit="%")), 200.0, rtol=1e-12)


def test_bare_number_added_to_money_is_refused_naming_the_formula():
    with pytest.raises(ScenarioError, match=r"formula 'gdp - 1000': the number 1000 .* 1000亿元") as err:
        build(with_formula("gdp - 1000"))
    assert err.value.path == ("derived", "x", "formula")


@pytest.mark.parametrize(
    "formula, unit, match",
    [
        ("gdp + population", "亿元", r"cannot add or compare money \(gdp \(亿元\)\) and people"),
        ("max(gdp, population)", "亿元", "cannot add or compare money"),
        ("gdp / population", "%", r"gives money per people, but the unit '%' is a plain number"),
        ("gdp * population", "亿元", "gives money × people"),
        ("gdp / gdp", "亿元", "gives a plain number, but the unit '亿元' is money"),
        ("40", "%", r"bare number but the unit is %: write the number with its unit \(e.g. '40%'\)"),
        ("gdp / 500亿元 - 40", "%", r"the number 40 is combined .* write it with its unit \(e.g. 40%\)"),
        ("1 - gdp / 2000亿元", "%", r"the number 1 is combined .* \(e.g. 100% or 1%\)"),
    ],
)
def test_dimension_errors(formula, unit, match):
    with pytest.raises(ScenarioError, match=match) as err:
        build(with_formula(formula, unit=unit))
    assert err.value.path == ("derived", "x", "formula")


@pytest.mark.parametrize(
    "formula, unit, expected",
    [
        ("gdp / population", "万元", 10.0),  # per person in a money unit
        ("40%", "%", 40.0),  # constant formulas are allowed (issue 12: "40" crashed with IndexError)
        ("7", "", 7.0),
        ("1 - gdp / 2000亿元", "", 0.5),  # a plain 1 next to a plain ratio
        ("100% - gdp / 2000亿元", "%", 50.0),
        ("gdp * 2", "亿元", 2000.0),
        ("min(gdp, 800亿元)", "亿元", 800.0),
    ],
)
def test_well_formed_formulas(formula, unit, expected):
    values = level(with_formula(formula, unit=unit))
    np.testing.assert_allclose(values, expected, rtol=1e-12)


def test_quantity_literals_do_not_touch_names():
    f = parse_formula("gdp2 - 3亿元 + x_1元")
    assert f.names == ("gdp2", "x_1元") or f.names == ("gdp2",)


def real_scenario():
    data = minimal_dict()
    data["horizon"] = 2026
    data["indicators"]["gdp"]["actual"] = {2022: 900, 2024: 1000}
    data["indicators"]["gdp"]["actual_growth"] = {2023: "4%", 2024: "4%"}
    data["indicators"]["gdp"]["real_growth"] = "5%"
    data["indicators"]["gdp"]["deflator"] = "2%"
    data["indicators"]["population"]["actual"] = {2022: 100}
    data["indicators"]["population"]["growth"] = "1%"
    data["derived"] = {
        "index": {"label": "可比价指数", "unit": "", "formula": "real(gdp, 2022) / 900亿元"},
        "real_gdp": {"label": "可比价GDP", "unit": "亿元", "formula": "real(gdp)"},
        "per_capita": {"label": "人均", "unit": "万元", "formula": "gdp / population"},
    }
    data["targets"] = [
        {
            "name": "人均实际年均增长",
            "indicator": "per_capita",
            "measure": "avg_growth",
            "basis": "real",
            "years": "2025-2026",
            "at_least": "3.9%",
        }
    ]
    return data


def test_real_of_an_indicator_is_its_constant_price_value():
    paths = simulate(build(real_scenario()), entropy=1, draws=10_000)
    col = paths.years.index
    index = paths.levels["index"]
    # 2022 prices: 1 in 2022, then chained by real growth 4%, 4%, 5%, 5%
    np.testing.assert_allclose(index[:, col(2022)], 1.0, rtol=1e-12)
    np.testing.assert_allclose(index[:, col(2026)], 1.04**2 * 1.05**2, rtol=1e-12)
    np.testing.assert_allclose(paths.levels["real_gdp"][:, col(2026)], 1000 * 1.05**2, rtol=1e-12)


def test_real_growth_of_a_derived_indicator():
    # real GDP +5% and population +1% a year: real GDP per person grows 1.05/1.01 − 1 = 3.96%.
    paths = simulate(build(real_scenario()), entropy=1, draws=10_000)
    g = paths.real_growth["per_capita"][:, paths.years.index(2026)]
    np.testing.assert_allclose(g, 1.05 / 1.01 - 1, rtol=1e-12)
    nominal = paths.nominal_growth["per_capita"][:, paths.years.index(2026)]
    np.testing.assert_allclose(nominal, 1.05 * 1.02 / 1.01 - 1, rtol=1e-12)


def test_real_needs_prices_and_a_known_price_year():
    data = real_scenario()
    data["derived"]["bad"] = {"label": "b", "unit": "万人", "formula": "real(population)"}
    with pytest.raises(ScenarioError, match="real\\(population\\) needs an indicator with real_growth"):
        build(data)
    data = real_scenario()
    data["indicators"]["gdp"]["actual_growth"] = {2024: "4%"}
    data["derived"]["index"]["formula"] = "real(gdp, 2021) / 900亿元"
    with pytest.raises(ScenarioError, match="outside the years|no level before"):
        build(data)


def test_real_basis_on_a_derived_of_a_current_price_total_is_refused():
    data = minimal_dict()
    data["indicators"]["sales"] = {"label": "社零", "unit": "亿元", "actual": {2024: 10}, "growth": "5%"}
    data["derived"]["sales_pc"] = {"label": "人均社零", "unit": "万元", "formula": "sales / population"}
    data["targets"] = [
        {
            "name": "t",
            "indicator": "sales_pc",
            "measure": "growth",
            "basis": "real",
            "year": 2025,
            "at_least": "1%",
        }
    ]
    with pytest.raises(ScenarioError, match="current-price total without real growth"):
        build(data)


def test_constant_formula_runs_end_to_end():
    # issue 12: `formula: "40"` crashed the run with IndexError.
    from planmodel.runner import run

    from conftest import settings_of

    data = with_formula("40%", unit="%")
    data["targets"] = [{"name": "c", "indicator": "x", "year": 2026, "at_least": "39%"}]
    res = run(build(data), settings_of(data)).results
    assert res.targets[0].probability == 1.0 and res.targets[0].determined
    np.testing.assert_allclose(res.percentiles["x"], 40.0)


def test_shipped_formulas_write_their_constants_with_units():
    # issue 7: 荷塘 wrote 24420000000 (元) to get around numbers read in base units.
    import re

    from conftest import SCENARIOS

    for path in SCENARIOS:
        text = path.read_text(encoding="utf-8")
        for formula in re.findall(r"formula: (.+)", text):
            assert not re.search(r"\d{6,}", formula), f"{path.name}: {formula}"
