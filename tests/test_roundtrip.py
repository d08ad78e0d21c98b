"""Growth ⇄ level round trips: build a series from known rates, recover the rates from it.

CAGR, "average growth over four years" and real vs nominal compounding are where planning
spreadsheets go wrong, so each is checked across start values and rates, negative ones included.
"""

from __future__ import annotations

import numpy as np
import pytest

from planmodel.engine import simulate
from planmodel.runner import run

from conftest import build, minimal_dict, settings_of

RATES = [(0.07, 0.01), (-0.03, 0.02), (0.125, -0.015), (0.0, -0.04), (-0.08, -0.02)]


@pytest.mark.parametrize("start", [1.0, 930.71, 25_000.0])
@pytest.mark.parametrize("real, price", RATES)
def test_levels_from_rates_give_back_the_rates(start, real, price):
    data = minimal_dict()
    data["horizon"] = 2028
    data["indicators"]["gdp"].update(actual={2024: start}, real_growth=real, deflator=price)
    data["targets"] = [
        {"name": "real avg", "indicator": "gdp", "measure": "avg_growth", "basis": "real",
         "years": "2025-2028", "at_least": -0.5},
        {"name": "nominal avg", "indicator": "gdp", "measure": "avg_growth", "basis": "nominal",
         "years": "2025-2028", "at_least": -0.5},
        {"name": "nominal 2027", "indicator": "gdp", "measure": "growth", "basis": "nominal",
         "year": 2027, "at_least": -0.5},
        {"name": "level", "indicator": "gdp", "year": 2028, "at_least": 0},
    ]
    data["simulation"]["draws"] = 10_000
    r = {t.name: t for t in run(build(data), settings_of(data)).results.targets}
    nominal = (1 + real) * (1 + price) - 1
    assert r["real avg"].median == pytest.approx(real, abs=1e-12)
    assert r["nominal avg"].median == pytest.approx(nominal, abs=1e-12)
    assert r["nominal 2027"].median == pytest.approx(nominal, abs=1e-12)
    assert r["level"].median == pytest.approx(start * (1 + nominal) ** 4, rel=1e-12)


@pytest.mark.parametrize("real, price", RATES)
def test_required_growth_round_trip(real, price):
    """Growing at exactly the required rate lands on the threshold."""
    data = minimal_dict()
    data["indicators"]["gdp"]["deflator"] = price
    data["targets"] = [{"name": "t", "indicator": "gdp", "year": 2026, "at_least": 1000 * (1 + real) ** 2}]
    t = run(build(data), settings_of(data)).results.targets[0]
    assert t.required_growth == pytest.approx(real, abs=1e-12)
    assert (1 + t.required_real_growth) * (1 + price) == pytest.approx(1 + real, rel=1e-12)


def test_real_index_times_prices_is_the_nominal_level():
    """Per draw: nominal level / start = real index × price index (uncertain rates)."""
    data = minimal_dict()
    data["indicators"]["gdp"]["deflator"] = {"normal": {"mean": "1%", "sd": "2%"}}
    paths = simulate(build(data), entropy=9, draws=10_000)
    real_index = np.cumprod(1 + paths.real_growth["gdp"][:, 1:], axis=1)
    np.testing.assert_allclose(
        paths.levels["gdp"][:, 1:] / 1000, real_index * paths.price_index["gdp"][:, 1:], rtol=1e-12
    )
