import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.special import ndtr

from planmodel.distributions import (
    FAMILIES,
    Distribution,
    Fixed,
    Normal,
    Pert,
    StudentT,
    Triangular,
    Uniform,
    is_distribution_spec,
    parse_distribution,
)
from planmodel.errors import ScenarioError
from planmodel.units import UNITS, format_quantity, parse_change, parse_rate

N = 400_000


@pytest.fixture(scope="module")
def z() -> np.ndarray:
    return np.random.default_rng(12345).standard_normal(N)


def _pert_reference(low, mode, high, lam=4.0):
    """scipy beta frozen at the PERT shape parameters, written out from the textbook formula."""
    a = 1 + lam * (mode - low) / (high - low)
    b = 1 + lam * (high - mode) / (high - low)
    return stats.beta(a, b, loc=low, scale=high - low)


# (distribution, independent scipy reference)
CASES = {
    "normal": (Normal(0.075, 0.015), stats.norm(0.075, 0.015)),
    "student_t": (StudentT(0.07, 0.015, 10.0), stats.t(10.0, loc=0.07, scale=0.015)),
    "triangular": (
        Triangular(0.05, 0.12, 0.20),
        stats.triang((0.12 - 0.05) / 0.15, loc=0.05, scale=0.15),
    ),
    "triangular_left": (Triangular(0.0, 0.0, 1.0), stats.triang(0.0, loc=0.0, scale=1.0)),
    "pert": (Pert(0.05, 0.12, 0.20), _pert_reference(0.05, 0.12, 0.20)),
    "pert_skewed": (Pert(-0.02, 0.0, 0.10, 2.0), _pert_reference(-0.02, 0.0, 0.10, 2.0)),
    "uniform": (Uniform(0.05, 0.09), stats.uniform(0.05, 0.04)),
}
RANDOM = [CASES[k][0] for k in CASES]
BOUNDED = [CASES[k][0] for k in ("triangular", "triangular_left", "pert", "pert_skewed", "uniform")]


def _batch_se(x: np.ndarray, statistic, batches: int = 40) -> float:
    """Monte Carlo standard error of a statistic, from the spread across equal batches."""
    values = np.array([statistic(part) for part in np.split(x, batches)])
    return float(values.std(ddof=1) / math.sqrt(batches))


# --- moments against closed forms ------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_closed_form_moments_match_scipy(name):
    dist, ref = CASES[name]
    assert dist.mean() == pytest.approx(ref.mean(), rel=1e-12)
    assert dist.sd() == pytest.approx(ref.std(), rel=1e-12)


@pytest.mark.parametrize("name", list(CASES))
def test_sampled_mean_and_variance_within_five_standard_errors(name, z):
    dist, _ = CASES[name]
    x = dist.from_standard_normal(z)
    assert x.shape == z.shape
    se_mean = dist.sd() / math.sqrt(N)
    assert abs(x.mean() - dist.mean()) < 5 * se_mean
    se_var = _batch_se(x, np.var)
    assert abs(x.var() - dist.sd() ** 2) < 5 * se_var


@pytest.mark.parametrize("name", ["triangular", "triangular_left", "pert", "pert_skewed"])
def test_sampled_skewness_within_five_standard_errors(name, z):
    dist, ref = CASES[name]
    x = dist.from_standard_normal(z)
    expected = float(ref.stats(moments="s"))
    assert abs(stats.skew(x) - expected) < 5 * _batch_se(x, stats.skew)


@pytest.mark.parametrize("name", list(CASES))
def test_ppf_matches_scipy(name):
    dist, ref = CASES[name]
    u = np.array([1e-12, 1e-6, 0.01, 0.05, 0.3, 0.5, 0.7, 0.95, 0.99, 1 - 1e-6])
    np.testing.assert_allclose(dist.ppf(u), ref.ppf(u), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", list(CASES))
def test_from_standard_normal_is_ppf_of_normal_cdf(name):
    dist, ref = CASES[name]
    zs = np.linspace(-5, 5, 41)
    np.testing.assert_allclose(
        dist.from_standard_normal(zs), ref.ppf(stats.norm.cdf(zs)), rtol=1e-8, atol=1e-12
    )


def test_normal_from_standard_normal_is_exactly_affine(z):
    dist = Normal(0.075, 0.015)
    np.testing.assert_array_equal(dist.from_standard_normal(z), 0.075 + 0.015 * z)


def test_student_t_heavy_tails_have_no_variance():
    assert StudentT(0.07, 0.015, 2.0).sd() == math.inf
    assert StudentT(0.07, 0.015, 1.5).sd() == math.inf
    assert math.isnan(StudentT(0.07, 0.015, 1.0).mean())
    assert StudentT(0.07, 0.015, 1.5).mean() == 0.07
    ref = stats.t(4.0, loc=0.07, scale=0.015)
    u = np.array([1e-9, 0.1, 0.5, 0.9, 1 - 1e-9])
    np.testing.assert_allclose(StudentT(0.07, 0.015, 4.0).ppf(u), ref.ppf(u), rtol=1e-8)


# --- range90 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("low", "high"), [(0.05, 0.10), (-0.02, 0.03), (0.5, 40.0)])
def test_range90_quantiles_are_low_and_high(low, high):
    dist = parse_distribution({"range90": {"low": low, "high": high}}, _plain)
    assert isinstance(dist, Normal)
    assert dist.origin == "range90"
    assert dist.mean() == pytest.approx((low + high) / 2, rel=1e-15)
    assert abs(dist.quantile(0.05) - low) <= 1e-12 * max(1.0, abs(low))
    assert abs(dist.quantile(0.95) - high) <= 1e-12 * max(1.0, abs(high))


def test_range90_describes_itself_as_written():
    dist = parse_distribution({"range90": {"low": "5%", "high": "10%"}}, parse_rate)
    assert dist.describe() == "90%区间 5.0%–10.0%"
    assert dist.describe("en") == "90% range 5.0%–10.0%"
    assert dist.shifted(0.01).describe() == "90%区间 6.0%–11.0%"


# --- invariants -------------------------------------------------------------------------------


@pytest.mark.parametrize("dist", RANDOM, ids=list(CASES))
@settings(max_examples=60, deadline=None)
@given(a=st.floats(0.0, 1.0), b=st.floats(0.0, 1.0))
def test_ppf_is_monotone(dist: Distribution, a: float, b: float):
    lo, hi = min(a, b), max(a, b)
    assert dist.ppf(lo) <= dist.ppf(hi)


@pytest.mark.parametrize("dist", RANDOM, ids=list(CASES))
def test_from_standard_normal_is_monotone_over_the_whole_line(dist):
    zs = np.concatenate(
        [np.linspace(-40, -8, 200), np.linspace(-8, 8, 4001), np.linspace(8, 40, 200)]
    )
    x = dist.from_standard_normal(zs)
    assert np.all(np.diff(x) >= 0)


@pytest.mark.parametrize("dist", RANDOM, ids=list(CASES))
def test_ppf_outside_unit_interval_is_nan(dist):
    assert np.all(np.isnan(dist.ppf([-0.1, 1.1, np.nan])))


@pytest.mark.parametrize("dist", BOUNDED)
def test_extreme_draws_are_finite_and_inside_support(dist):
    x = dist.from_standard_normal(np.array([-40.0, -9.0, 9.0, 40.0]))
    assert np.all(np.isfinite(x))
    low, high = dist.ppf(0.0), dist.ppf(1.0)
    assert np.all((x >= low) & (x <= high))


@pytest.mark.parametrize("dist", [CASES["normal"][0], CASES["student_t"][0], StudentT(0, 1, 1.0)])
def test_extreme_draws_of_unbounded_families_are_finite(dist):
    x = dist.from_standard_normal(np.array([-40.0, -9.0, 9.0, 40.0]))
    assert np.all(np.isfinite(x))
    assert x[0] < x[1] < x[2] < x[3]


@pytest.mark.parametrize("dist", [*RANDOM, Fixed(0.075)])
@pytest.mark.parametrize("delta", [0.01, -0.035])
def test_shifted_moves_location_by_delta(dist, delta, z):
    moved = dist.shifted(delta)
    assert type(moved) is type(dist)
    assert moved.mean() == pytest.approx(dist.mean() + delta, rel=1e-12)
    assert moved.sd() == pytest.approx(dist.sd(), rel=1e-9)
    np.testing.assert_allclose(
        moved.from_standard_normal(z[:1000]),
        dist.from_standard_normal(z[:1000]) + delta,
        atol=1e-12,
    )


def test_fixed_returns_constant_in_the_shape_of_z():
    dist = Fixed(0.075)
    out = dist.from_standard_normal(np.zeros((3, 4)))
    assert out.shape == (3, 4)
    assert np.all(out == 0.075)
    assert dist.ppf(0.3) == 0.075
    assert (dist.mean(), dist.sd(), dist.is_random()) == (0.075, 0.0, False)


def test_is_random():
    assert Normal(0.07, 0.01).is_random()
    assert not Normal(0.07, 0.0).is_random()
    assert all(d.is_random() for d in RANDOM)


def test_zero_sd_normal_is_constant_even_at_the_edges():
    np.testing.assert_array_equal(Normal(0.07, 0.0).ppf([0.0, 0.5, 1.0]), [0.07] * 3)


def test_quantile_checks_its_level():
    assert Uniform(0.0, 1.0).quantile(0.25) == pytest.approx(0.25)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        Uniform(0.0, 1.0).quantile(1.5)


# --- parsing ----------------------------------------------------------------------------------


def _plain(value, path):
    return float(value)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("7.5%", Fixed(0.075)),
        (0.075, Fixed(0.075)),
        ({"fixed": "7.5%"}, Fixed(0.075)),
        ({"normal": {"mean": "7.5%", "sd": "1.5%"}}, Normal(0.075, 0.015)),
        ({"student_t": {"mean": "7%", "scale": "1.5%", "df": 4}}, StudentT(0.07, 0.015, 4.0)),
        ({"triangular": {"low": "5%", "mode": "12%", "high": "20%"}}, Triangular(0.05, 0.12, 0.2)),
        ({"pert": {"low": "5%", "mode": "12%", "high": "20%"}}, Pert(0.05, 0.12, 0.2, 4.0)),
        (
            {"pert": {"low": "5%", "mode": "12%", "high": "20%", "lambda": 2}},
            Pert(0.05, 0.12, 0.2, 2.0),
        ),
        ({"uniform": {"low": "5%", "high": "9%"}}, Uniform(0.05, 0.09)),
    ],
)
def test_parse_distribution(spec, expected):
    # "7.5%" is read as 7.5 / 100, which is correctly rounded, so equality is exact.
    assert parse_distribution(spec, parse_rate) == expected


def test_parse_distribution_with_a_change_parser():
    spec = {"normal": {"mean": "0.8个百分点", "sd": "0.3pp"}}
    dist = parse_distribution(spec, _change_in_percent)
    assert dist == Normal(0.8, 0.3)


def _change_in_percent(value, path):
    return parse_change(value, UNITS["%"], path)


P = ("indicators", "gdp", "real_growth", 2024)


@pytest.mark.parametrize(
    ("spec", "where", "match"),
    [
        (
            {"normal": {"mean": "7%", "stdev": "1%"}},
            ("normal", "stdev"),
            "unknown key 'stdev' — valid: mean, sd",
        ),
        ({"normal": {"mean": "7%"}}, ("normal",), "missing key 'sd' — normal needs: mean, sd"),
        (
            {"norml": {"mean": "7%"}},
            ("norml",),
            "unknown distribution 'norml' — valid: fixed, normal",
        ),
        ({"normal": {"mean": "7%", "sd": "-1%"}}, ("normal", "sd"), "must be zero or positive"),
        ({"normal": {"mean": "7%", "sd": 15}}, ("normal", "sd"), "ambiguous rate 15"),
        ({"student_t": {"mean": "7%", "scale": "0%", "df": 4}}, ("student_t", "scale"), "positive"),
        ({"student_t": {"mean": "7%", "scale": "1%", "df": 0}}, ("student_t", "df"), "positive"),
        (
            {"student_t": {"mean": "7%", "scale": "1%", "df": "4%"}},
            ("student_t", "df"),
            "plain number",
        ),
        (
            {"triangular": {"low": "5%", "mode": "4%", "high": "20%"}},
            ("triangular", "mode"),
            "between low",
        ),
        (
            {"triangular": {"low": "5%", "mode": "25%", "high": "20%"}},
            ("triangular", "mode"),
            "between low",
        ),
        (
            {"triangular": {"low": "5%", "mode": "5%", "high": "5%"}},
            ("triangular", "high"),
            "above low",
        ),
        (
            {"pert": {"low": "5%", "mode": "6%", "high": "9%", "lambda": 0}},
            ("pert", "lambda"),
            "positive",
        ),
        (
            {"pert": {"low": "5%", "mode": "6%", "high": "9%", "shape": 3}},
            ("pert", "shape"),
            "valid: low, mode, high, lambda",
        ),
        ({"uniform": {"low": "9%", "high": "5%"}}, ("uniform", "high"), "above low"),
        ({"range90": {"low": "5%", "high": "5%"}}, ("range90", "high"), "above low"),
        ({"normal": "7%"}, ("normal",), "needs its parameters as a mapping"),
        (
            {"normal": {"mean": "7%", "sd": "1%"}, "sd": 1},
            ("sd",),
            "unknown key 'sd' next to 'normal'",
        ),
        ({"normal": {}, "uniform": {}}, (), "several distributions"),
        ({"mean": "7%", "sd": "1%"}, (), "missing distribution family"),
        ({}, (), "empty distribution"),
        ([0.07, 0.01], (), "expected a value such as 7.5%"),
        (None, (), "expected a value"),
        (True, (), "must be a number"),
        ("7.5", (), "ambiguous rate"),
        ({"fixed": "fast"}, ("fixed",), "cannot read rate"),
    ],
)
def test_parse_distribution_errors_point_at_the_key(spec, where, match):
    with pytest.raises(ScenarioError, match=match) as err:
        parse_distribution(spec, parse_rate, P)
    assert err.value.path == (*P, *where)


def test_direct_construction_is_checked():
    with pytest.raises(ValueError, match="positive"):
        StudentT(0.0, -1.0, 3.0)
    with pytest.raises(ValueError, match="finite"):
        Normal(math.nan, 0.01)


# --- describe ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dist", "zh", "en"),
    [
        (Fixed(0.075), "固定 7.5%", "fixed 7.5%"),
        (Normal(0.075, 0.015), "正态分布（均值7.5%，标准差1.5%）", "normal (mean 7.5%, sd 1.5%)"),
        (
            StudentT(0.07, 0.015, 4),
            "t分布（均值7.0%，尺度1.5%，自由度4）",
            "Student t (mean 7.0%, scale 1.5%, df 4)",
        ),
        (
            Triangular(0.05, 0.12, 0.2),
            "三角分布（最低5.0%，最可能12.0%，最高20.0%）",
            "triangular (low 5.0%, mode 12.0%, high 20.0%)",
        ),
        (
            Pert(0.05, 0.12, 0.2, 3.0),
            "PERT分布（最低5.0%，最可能12.0%，最高20.0%，形状参数3）",
            "PERT (low 5.0%, mode 12.0%, high 20.0%, lambda 3)",
        ),
        (Uniform(0.05, 0.09), "均匀分布（最低5.0%，最高9.0%）", "uniform (low 5.0%, high 9.0%)"),
    ],
)
def test_describe(dist, zh, en):
    assert dist.describe() == zh
    assert dist.describe("en") == en


def test_describe_with_a_custom_formatter():
    fmt = functools.partial(format_quantity, unit=UNITS["%"], digits=1)
    assert Normal(0.8, 0.3).describe("zh", fmt) == "正态分布（均值0.8%，标准差0.3%）"
    with pytest.raises(ValueError, match="valid: zh, en"):
        Fixed(1.0).describe("fr")


# --- is_distribution_spec ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ("7.5%", True),
        (0.075, True),
        ({"normal": {"mean": "7%", "sd": "1%"}}, True),
        ({"norml": {}}, True),
        ({"normal": {}, "sd": 1}, True),
        ({2024: "7%", "2025-2026": "6%"}, False),
        ({2024: "7%"}, False),
        ({"2025-2026": {"normal": {}}}, False),
        ({"2025–2026": "6%"}, False),
        ([1, 2], False),
        (None, False),
    ],
)
def test_is_distribution_spec(obj, expected):
    assert is_distribution_spec(obj) is expected


def test_families_are_all_parseable():
    examples = {
        "fixed": "1%",
        "normal": {"mean": "1%", "sd": "1%"},
        "student_t": {"mean": "1%", "scale": "1%", "df": 3},
        "triangular": {"low": "0%", "mode": "1%", "high": "2%"},
        "pert": {"low": "0%", "mode": "1%", "high": "2%"},
        "uniform": {"low": "0%", "high": "2%"},
        "range90": {"low": "0%", "high": "2%"},
    }
    assert set(examples) == set(FAMILIES)
    for family, body in examples.items():
        assert isinstance(parse_distribution({family: body}, parse_rate), Distribution)


@pytest.mark.parametrize(
    "dist",
    [Triangular(0.02, 0.09, 0.14), Triangular(0.0, 0.1, 0.1), Uniform(-0.01, 0.03)],
)
def test_triangular_and_uniform_need_one_normal_cdf(dist):
    # 1 − u by subtraction instead of Φ(−z): the same values to 1e-7 of the width, inside the support
    z = np.concatenate([np.linspace(-40, 40, 2001), [-1e3, 1e3]])
    width = dist.high - dist.low
    two_cdfs = dist._inverse(np.maximum(ndtr(z), 1e-300), np.maximum(ndtr(-z), 1e-300))
    one_cdf = dist.from_standard_normal(z)
    np.testing.assert_allclose(one_cdf, two_cdfs, rtol=0, atol=1e-7 * width)
    assert np.all((one_cdf >= dist.low) & (one_cdf <= dist.high))


def test_range90_z_is_the_normal_95th_percentile():
    # written as a constant so that importing distributions needs no scipy (report workers)
    from planmodel import distribution_families

    assert distribution_families._Z95 == stats.norm.ppf(0.95)
