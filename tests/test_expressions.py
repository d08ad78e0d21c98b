import numpy as np
import pytest

from planmodel.errors import ScenarioError
from planmodel.expressions import Formula, parse_formula

GDP = np.array([1200.0, 1100.0, 950.5])
POP = np.array([88.0, 90.0, 87.5])
ENV = {"gdp": GDP, "population": POP, "industry": np.array([500.0, 700.0, 400.0])}


def test_per_capita_on_arrays():
    formula = parse_formula("gdp / population")
    np.testing.assert_array_equal(formula.evaluate(ENV), GDP / POP)
    assert formula.names == ("gdp", "population")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gdp + industry * 2", GDP + ENV["industry"] * 2),
        ("(gdp + industry) * 2", (GDP + ENV["industry"]) * 2),
        ("gdp - industry - 100", GDP - ENV["industry"] - 100),
        ("gdp / population / 2", GDP / POP / 2),
        ("gdp / (population / 2)", GDP / (POP / 2)),
        ("-gdp + +industry", -GDP + ENV["industry"]),
        ("-(gdp - industry)", -(GDP - ENV["industry"])),
        ("industry / gdp * 100", ENV["industry"] / GDP * 100),
        ("2 * 3 + 4", np.array(10.0)),
        ("1e4 * gdp", 1e4 * GDP),
        ("min(gdp, industry)", np.minimum(GDP, ENV["industry"])),
        ("max(gdp, industry, 1000)", np.maximum(np.maximum(GDP, ENV["industry"]), 1000)),
        (
            "min(gdp, max(industry, 600)) / population",
            np.minimum(GDP, np.maximum(ENV["industry"], 600)) / POP,
        ),
    ],
)
def test_arithmetic_and_precedence(text, expected):
    np.testing.assert_allclose(parse_formula(text).evaluate(ENV), expected, rtol=1e-15)


def test_scalars_broadcast_against_arrays_and_results_are_float_arrays():
    out = parse_formula("gdp * share").evaluate({"gdp": GDP, "share": 0.4})
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, GDP * 0.4)
    ints = parse_formula("a / b").evaluate({"a": np.array([1, 3]), "b": np.array([2, 2])})
    np.testing.assert_array_equal(ints, [0.5, 1.5])


def test_two_dimensional_paths():
    gdp = np.arange(12.0).reshape(3, 4) + 1
    pop = np.full((3, 4), 2.0)
    np.testing.assert_array_equal(
        parse_formula("gdp / pop").evaluate({"gdp": gdp, "pop": pop}), gdp / 2
    )


def test_division_by_zero_gives_inf_and_nan_without_warnings():
    out = parse_formula("a / b").evaluate({"a": np.array([1.0, -1.0, 0.0]), "b": np.zeros(3)})
    assert out[0] == np.inf and out[1] == -np.inf and np.isnan(out[2])


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("gdp / population", ("gdp", "population")),
        ("population * gdp / population", ("population", "gdp")),
        ("max(b, a, b) - c", ("b", "a", "c")),
        ("3 * 4", ()),
        ("人均收入 / 户数", ("人均收入", "户数")),
    ],
)
def test_names_in_order_of_first_appearance(text, names):
    assert parse_formula(text).names == names


def test_full_width_text_is_normalised():
    formula = parse_formula("（gdp＋industry）／２")
    np.testing.assert_allclose(formula.evaluate(ENV), (GDP + ENV["industry"]) / 2)


def test_formula_is_frozen_and_compares_by_text():
    a, b = parse_formula("gdp / population"), parse_formula("gdp / population")
    assert a == b and hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.text = "x"  # type: ignore[misc]
    assert isinstance(a, Formula)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("__import__('os').system('x')", "only min, max and real may be called"),
        ("gdp.__class__", "attribute access"),
        ("open('f')", r"open\('f'\) \(only min, max and real may be called\)"),
        ("gdp ** 2", r"gdp \*\* 2 \(operator \*\*\)"),
        ("'a'", "str constant"),
        ("lambda: 1", "lambda"),
        ("gdp[0]", "indexing"),
        ("gdp > 1", "comparison"),
        ("gdp and population", "and/or"),
        ("gdp if population else 1", "if/else"),
        ("[gdp]", "list"),
        ("gdp, population", "tuple"),
        ("gdp // 2", "operator //"),
        ("gdp % 2", "operator %"),
        ("~gdp", "operator ~"),
        ("not gdp", "operator not"),
        ("_secret + 1", "names may not start with _"),
        ("__builtins__", "names may not start with _"),
        ("min(gdp)", "min takes two or more"),
        ("max(gdp, key=population)", "max takes two or more"),
        ("min(*gdp, *population)", "star argument"),
        ("max", "max must be called"),
        ("abs(gdp)", "only min, max and real"),
        ("gdp.min(population)", "only min, max and real"),
        ("True + gdp", "bool constant"),
        ("1j * gdp", "complex constant"),
        ("1e999 * gdp", "number too large"),
        ("(x := 1)", "assignment"),
        ("[x for x in gdp]", "comprehension"),
        ("f'{gdp}'", "f-string"),
    ],
)
def test_forbidden_constructs_are_rejected(text, match):
    with pytest.raises(ScenarioError, match=match) as err:
        parse_formula(text, ("derived", "gdp_per_capita", "formula"))
    assert "allowed: numbers, indicator names" in err.value.message
    assert err.value.path == ("derived", "gdp_per_capita", "formula")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("gdp +", "cannot read formula 'gdp \\+'"),
        ("gdp = 1", "cannot read formula"),
        ("import os", "cannot read formula"),
        ("a\x00b", "cannot read formula"),
        ("", "formula must be text"),
        ("   ", "formula must be text"),
        ("-" * 1500 + "1", "1500 operators \\(at most 100\\)"),
        ("(" * 300 + "1" + ")" * 300, "nests parentheses 300 deep \\(at most 20\\)"),
        ("gdp + " * 500 + "1", "longer than"),
    ],
)
def test_unreadable_text_is_rejected(text, match):
    with pytest.raises(ScenarioError, match=match):
        parse_formula(text)


@pytest.mark.parametrize("bad", [None, 3, ["gdp"]])
def test_non_text_is_rejected(bad):
    with pytest.raises(ScenarioError, match="formula must be text"):
        parse_formula(bad)  # type: ignore[arg-type]


def test_missing_name_becomes_scenario_error():
    formula = parse_formula("gdp / pop", ("derived", "x", "formula"))
    with pytest.raises(
        ScenarioError, match="unknown name 'pop' — known: gdp, industry, population"
    ) as err:
        formula.evaluate(ENV)
    assert err.value.path == ("derived", "x", "formula")


def test_no_eval_exec_or_compile_in_module_source():
    import inspect

    import planmodel.expressions as module

    source = inspect.getsource(module)
    for banned in ("eval(", "exec(", "compile("):
        assert banned not in source.replace('mode="eval"', "")


@pytest.mark.parametrize(
    "text, factor",
    [
        ("gdp / population", 1e8 / 1e4),
        ("gdp * population / 1000亿元", 1e8 * 1e4),
        ("-(gdp / population) * 2", 1e4),
        ("real(gdp) / population", 1e4),
        ("gdp - population", None),
        ("max(gdp, population)", None),
        ("gdp / (population + 1)", None),
    ],
)
def test_scale_factor_only_for_products_and_quotients(text, factor):
    formula = parse_formula(text)
    scales = {"gdp": 1e8, "population": 1e4, "real(gdp)": 1e8}
    found = formula.scale_factor(scales)
    assert found == (None if factor is None else pytest.approx(factor, rel=1e-15))
    if factor is not None:  # f(s·x) = factor · f(x), checked on numbers
        x = {"gdp": np.array([930.7, 1050.2]), "population": np.array([86.5, 85.9])}
        x["real(gdp)"] = x["gdp"] * 0.97
        scaled = {k: v * scales[k] for k, v in x.items()}
        np.testing.assert_allclose(formula.evaluate(scaled), factor * formula.evaluate(x), rtol=1e-14)
