"""Structural tests of the briefing charts (planmodel.report.charts) on the synthetic results."""

from __future__ import annotations

import dataclasses
import io
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from PIL import Image

from planmodel.report import charts, fonts, style
from planmodel.report.style import Thresholds
from planmodel.results import QUANTILES, FirstPassage, Results, TargetResult

from synthetic_results import make_results

LEVEL_TARGETS = [0, 1, 2]  # indexes of make_results() targets that are level targets


@pytest.fixture(scope="module")
def results() -> Results:
    return make_results()


def _extra_targets(base: Results) -> Results:
    """``make_results()`` plus a range, an at-most, a second same-year, a joint and an
    average-growth target, so every branch of the charts is drawn."""
    gdp, first = base.targets[0], base.sample.levels["gdp"][:, -1]

    def level(name: str, comparison: str, threshold: object, mask: np.ndarray) -> TargetResult:
        p = float(mask.mean())
        return dataclasses.replace(
            gdp,
            name=name,
            comparison=comparison,
            threshold=threshold,
            probability=p,
            successes=int(mask.sum()),
            ci_low=max(p - 0.015, 0.0),
            ci_high=min(p + 0.015, 1.0),
            display=f"{100 * p:.1f}%",
            strength="力争",
            first_passage=(FirstPassage(2025, p / 3, p / 3), FirstPassage(2026, p, p - p / 3)),
        )

    extra = [
        level("经济总量1000–1100亿元", "between", (1000.0, 1100.0), (first >= 1000) & (first <= 1100)),
        level("经济总量不超过1150亿元", "at_most", 1150.0, first <= 1150),
        level("经济总量突破1050亿元", "at_least", 1050.0, first >= 1050),
    ]
    joint = dataclasses.replace(
        base.targets[1],
        name="两项目标同时实现",
        indicator=None,
        measure="joint",
        comparison="all_of",
        threshold=None,
        display="20.0%",
        probability=0.2,
        ci_low=0.19,
        ci_high=0.21,
        first_passage=(),
        members=(gdp.name, base.targets[1].name),
    )
    growth = base.target_samples[base.targets[3].name]
    avg = dataclasses.replace(
        base.targets[3],
        name="2025–2026年GDP年均增长7%",
        measure="avg_growth",
        first_year=2025,
        year=2026,
        threshold=0.07,
        display="48.0%",
        probability=0.48,
        ci_low=0.465,
        ci_high=0.495,
    )
    samples = dict(base.target_samples)
    samples.update({t.name: first for t in extra})
    samples[joint.name] = (first >= 1100).astype(float)
    samples[avg.name] = growth
    return dataclasses.replace(base, targets=base.targets + (*extra, joint, avg), target_samples=samples)


@pytest.fixture(scope="module")
def extended(results: Results) -> Results:
    return _extra_targets(results)


def _by_gid(ax: Axes, gid: str) -> list:
    return [a for a in ax.get_children() if a.get_gid() == gid]


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


# ---------------------------------------------------------------------------------------------
# fonts and style
# ---------------------------------------------------------------------------------------------


def test_cjk_font_is_bundled_sc_face() -> None:
    assert fonts.bundled_font_path() is not None
    assert fonts.cjk_font_family() == "Noto Sans CJK SC"
    rc = fonts.chart_rc()
    assert rc["font.family"][0] == "Noto Sans CJK SC"
    assert rc["font.family"][-1] == "DejaVu Sans"
    assert rc["svg.fonttype"] == "path"
    assert rc["axes.unicode_minus"] is False


def test_fonts_do_not_touch_global_rcparams(results: Results) -> None:
    before = dict(matplotlib.rcParams)
    fonts.chart_rc()
    charts.fan_chart(results, "gdp")
    assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize(
    ("p", "category"), [(0.95, "high"), (0.8, "high"), (0.79, "mid"), (0.5, "mid"), (0.1, "low")]
)
def test_thresholds_categories(p: float, category: str) -> None:
    assert Thresholds().category(p) == category
    assert Thresholds().colour(p) == style.CATEGORY_COLOURS[category]


def test_thresholds_validate() -> None:
    with pytest.raises(ValueError, match="low"):
        Thresholds(high=0.4, low=0.6)


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [(0.221, 0.239, "22.1–23.9%"), (0.2, 0.26, "20–26%"), (0.99904, 1.0, "99.90–100.00%")],
)
def test_format_interval(low: float, high: float, text: str) -> None:
    assert style.format_interval(low, high) == text


@pytest.mark.parametrize(("x", "text"), [(1100.0, "1100"), (12.5, "12.5"), (25000.0, "25,000")])
def test_format_value(x: float, text: str) -> None:
    assert style.format_value(x) == text


# ---------------------------------------------------------------------------------------------
# fan chart
# ---------------------------------------------------------------------------------------------


def test_fan_chart_returns_axes_on_new_figure(results: Results) -> None:
    ax = charts.fan_chart(results, "gdp")
    assert isinstance(ax, Axes)
    assert isinstance(ax.get_figure(), Figure)


def test_fan_chart_draws_into_given_axes(results: Results) -> None:
    fig = Figure()
    axes = fig.subplots(1, 2)
    assert charts.fan_chart(results, "gdp", ax=axes[1]) is axes[1]
    assert not fig.texts  # no notes line on a figure the chart does not own


def test_fan_target_tick_at_threshold(results: Results) -> None:
    ax = charts.fan_chart(results, "gdp")
    target = results.targets[0]
    (tick,) = _by_gid(ax, f"target:{target.name}")
    np.testing.assert_allclose(tick.get_ydata(), [target.threshold] * 2)
    assert np.mean(tick.get_xdata()) == pytest.approx(target.year)
    (marker,) = _by_gid(ax, f"target-marker:{target.name}")
    assert list(marker.get_xdata()) == [target.year]
    assert list(marker.get_ydata()) == [target.threshold]


def test_fan_target_label_shows_display(results: Results) -> None:
    ax = charts.fan_chart(results, "gdp")
    target = results.targets[0]
    (label,) = _by_gid(ax, f"target-label:{target.name}")
    assert target.display in label.get_text()
    assert label.get_text().endswith(charts.probability_text(target, interval=False))


def test_fan_only_level_targets_of_indicator(results: Results) -> None:
    ax = charts.fan_chart(results, "gdp")
    marked = {a.get_gid() for a in ax.get_children() if str(a.get_gid()).startswith("target:")}
    assert marked == {f"target:{results.targets[0].name}"}  # growth targets are not levels


def _band_edges(ax: Axes, gid: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    (band,) = _by_gid(ax, gid)
    vertices = np.vstack([p.vertices for p in band.get_paths()])
    xs = np.unique(vertices[:, 0])
    lo = np.array([vertices[vertices[:, 0] == x, 1].min() for x in xs])
    hi = np.array([vertices[vertices[:, 0] == x, 1].max() for x in xs])
    return xs, lo, hi


def test_fan_bands_nested_around_median(results: Results) -> None:
    ax = charts.fan_chart(results, "gdp")
    x90, lo90, hi90 = _band_edges(ax, "band:5-95")
    x80, lo80, hi80 = _band_edges(ax, "band:10-90")
    x50, lo50, hi50 = _band_edges(ax, "band:25-75")
    (median,) = _by_gid(ax, "median")
    assert np.array_equal(x90, x80) and np.array_equal(x80, x50)
    np.testing.assert_array_equal(median.get_xdata(), x50)
    med = np.asarray(median.get_ydata())
    tol = 1e-9
    assert np.all(lo90 <= lo80 + tol) and np.all(lo80 <= lo50 + tol)
    assert np.all(lo50 <= med + tol) and np.all(med <= hi50 + tol)
    assert np.all(hi50 <= hi80 + tol) and np.all(hi80 <= hi90 + tol)
    # the bands are the reported percentiles, from the last actual year on
    info = results.indicators["gdp"]
    assert x50[0] == info.last_actual_year
    start = results.years.index(info.last_actual_year)
    np.testing.assert_allclose(lo90, results.percentiles["gdp"][start:, QUANTILES.index(0.05)])
    np.testing.assert_allclose(med, results.percentiles["gdp"][start:, QUANTILES.index(0.5)])


def test_fan_history_is_actual(results: Results) -> None:
    ax = charts.fan_chart(results, "gdp")
    (line,) = _by_gid(ax, "actual")
    actual = results.indicators["gdp"].actual
    assert list(line.get_xdata()) == sorted(actual)
    assert list(line.get_ydata()) == [actual[y] for y in sorted(actual)]
    assert line.get_marker() == "o"


@pytest.mark.parametrize(("lang", "word"), [("zh", "现价"), ("en", "current prices")])
def test_fan_labels_price_basis(results: Results, lang: str, word: str) -> None:
    ax = charts.fan_chart(results, "gdp", lang=lang)
    assert word in ax.get_ylabel() and "亿元" in ax.get_ylabel()
    note = ax.get_figure().texts  # supxlabel: the notes line
    notes = " ".join(t.get_text() for t in note) + ax.get_figure()._supxlabel.get_text()
    assert style.text("split_note", lang) in notes  # gdp has real growth + deflator
    assert f"{results.draws:,}" in notes
    other = charts.fan_chart(results, "industrial_output", lang=lang)
    assert style.text("split_note", lang) not in other.get_figure()._supxlabel.get_text()


def test_fan_same_year_labels_do_not_collide(extended: Results) -> None:
    ax = charts.fan_chart(extended, "gdp")
    fig = ax.get_figure()
    fig.savefig(io.BytesIO(), format="png", dpi=100)  # run the layout
    renderer = fig._get_renderer()
    labels = [t for t in ax.texts if "target-label" in str(t.get_gid())]
    boxes = [Text.get_window_extent(t, renderer) for t in labels]  # the text, not its leader
    assert len(boxes) == 4  # 1100, range, at-most, 1050 (growth targets are not on the chart)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


def test_fan_rejects_unknown_indicator(results: Results) -> None:
    with pytest.raises(ValueError, match="gdp"):
        charts.fan_chart(results, "nope")


# ---------------------------------------------------------------------------------------------
# distribution
# ---------------------------------------------------------------------------------------------


def test_distribution_threshold_and_probability(results: Results) -> None:
    target = results.targets[0]
    ax = charts.target_distribution(results, target.name)
    (line,) = _by_gid(ax, "threshold")
    assert list(line.get_xdata()) == [target.threshold] * 2
    (text,) = _by_gid(ax, "probability")
    ci = style.format_interval(target.ci_low, target.ci_high)
    assert text.get_text() == f"P = {target.display}（95%区间 {ci}）"


def test_distribution_en_text(results: Results) -> None:
    target = results.targets[1]
    ax = charts.target_distribution(results, target.name, lang="en")
    (text,) = _by_gid(ax, "probability")
    assert text.get_text().startswith(f"P = {target.display} (95% interval ")


def test_distribution_success_bars_and_region(results: Results) -> None:
    target = results.targets[0]
    ax = charts.target_distribution(results, target.name)
    bars = [p for p in ax.patches if p.get_gid() == "histogram"]
    assert bars
    for bar in bars:
        success = bar.get_x() >= target.threshold - 1e-9
        expected = style.PROJECTION if success else style.FAIL
        assert bar.get_facecolor() == to_rgba(expected)
    # bar heights are shares of the sample (out-of-range tails are dropped, so <= 1)
    total = sum(bar.get_height() for bar in bars)
    assert 0.99 <= total <= 1.0 + 1e-9
    (region,) = _by_gid(ax, "success-region")
    assert region.get_x() == pytest.approx(target.threshold)
    assert region.get_x() + region.get_width() == pytest.approx(ax.get_xlim()[1])


def test_distribution_growth_in_percent(results: Results) -> None:
    target = results.targets[3]
    ax = charts.target_distribution(results, target.name)
    (line,) = _by_gid(ax, "threshold")
    assert line.get_xdata()[0] == pytest.approx(100 * target.threshold)
    assert "%" in ax.get_xlabel()


def test_distribution_range_has_two_lines(extended: Results) -> None:
    target = next(t for t in extended.targets if t.comparison == "between")
    ax = charts.target_distribution(extended, target.name)
    lines = _by_gid(ax, "threshold")
    assert sorted(line.get_xdata()[0] for line in lines) == list(target.threshold)


def test_distribution_all_kinds_draw(extended: Results) -> None:
    for t in extended.targets:
        ax = charts.target_distribution(extended, t.name)
        (text,) = _by_gid(ax, "probability")
        assert t.display in text.get_text()


# ---------------------------------------------------------------------------------------------
# dashboard
# ---------------------------------------------------------------------------------------------


def _bars(ax: Axes) -> list[Rectangle]:
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid() != "legend"]
    return sorted(bars, key=lambda r: -r.get_y())  # top to bottom


def test_dashboard_one_sorted_bar_per_target(results: Results) -> None:
    ax = charts.target_dashboard(results)
    bars = _bars(ax)
    assert len(bars) == len(results.targets)
    widths = [b.get_width() for b in bars]
    assert widths == sorted(widths, reverse=True)
    assert sorted(widths) == sorted(t.probability for t in results.targets)


@pytest.mark.parametrize("thresholds", [Thresholds(), Thresholds(high=0.3, low=0.26)])
def test_dashboard_colours_follow_thresholds(results: Results, thresholds: Thresholds) -> None:
    ax = charts.target_dashboard(results, thresholds=thresholds)
    for bar in _bars(ax):
        assert bar.get_facecolor() == to_rgba(thresholds.colour(bar.get_width()))


def test_dashboard_texts_and_labels(results: Results) -> None:
    ax = charts.target_dashboard(results)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    for t in results.targets:
        (text,) = _by_gid(ax, f"prob:{t.name}")
        assert t.display in text.get_text()
        (label,) = [lb for lb in labels if t.name in lb]
        if t.strength:
            assert label.startswith(f"【{t.strength}】")
    legend = ax.get_legend()
    assert legend is not None and len(legend.get_texts()) == 3


def test_dashboard_error_bars_are_wilson(results: Results) -> None:
    ax = charts.target_dashboard(results)
    (errorbar,) = ax.containers[1:]  # [0] is the bar container
    segments = errorbar.lines[2][0].get_segments()
    order = sorted(results.targets, key=lambda t: -t.probability)
    for seg, t in zip(segments, order, strict=True):
        assert seg[0][0] == pytest.approx(t.ci_low)
        assert seg[1][0] == pytest.approx(t.ci_high)


# ---------------------------------------------------------------------------------------------
# first passage
# ---------------------------------------------------------------------------------------------


def test_first_passage_bars_and_cumulative(results: Results) -> None:
    target = results.targets[1]
    ax = charts.first_passage_chart(results, target.name)
    bars = [p for p in ax.patches if p.get_gid() == "first-reached"] or list(ax.containers[0])
    assert [b.get_height() for b in bars] == [f.first_reached for f in target.first_passage]
    (line,) = _by_gid(ax, "reached-by")
    assert list(line.get_xdata()) == [f.year for f in target.first_passage]
    assert list(line.get_ydata()) == [f.reached_by for f in target.first_passage]
    assert np.all(np.diff(line.get_ydata()) >= 0)


def test_first_passage_rejects_growth_target(results: Results) -> None:
    with pytest.raises(ValueError, match="first-passage"):
        charts.first_passage_chart(results, results.targets[3].name)


# ---------------------------------------------------------------------------------------------
# files and fonts
# ---------------------------------------------------------------------------------------------


def test_render_charts_writes_png_and_svg(results: Results, tmp_path) -> None:
    written = charts.render_charts(results, tmp_path)
    n = len(results.targets)
    stems = {
        "dashboard": ["dashboard"],
        "fan": ["fan_gdp", "fan_industrial_output", "fan_gdp_per_capita"],
        "dist": [f"dist_{charts.target_slug(i)}" for i in range(n)],
        "passage": [f"passage_{charts.target_slug(i)}" for i in LEVEL_TARGETS],
    }
    for kind, names in stems.items():
        expected = {tmp_path / f"{s}.{ext}" for s in names for ext in ("png", "svg")}
        assert set(written[kind]) == expected
        for path in expected:
            assert path.stat().st_size > 0
    for path in (p for paths in written.values() for p in paths if p.suffix == ".png"):
        with Image.open(path) as img:
            assert round(img.info["dpi"][0]) >= 200
            assert img.width >= 0.9 * 16 / 2.54 * 200  # A4 width at >= 200 dpi, minus tight bbox
    svg = (tmp_path / "dashboard.svg").read_text(encoding="utf-8")
    assert "<text" not in svg  # text as paths: renders without the font installed


def test_render_charts_slide_size(results: Results, tmp_path) -> None:
    written = charts.render_charts(results, tmp_path, formats=("png",), size="slide", lang="en")
    with Image.open(written["dashboard"][0]) as img:
        assert img.width / img.height == pytest.approx(25.4 / 14.3, rel=0.1)


def test_render_rejects_bad_size_and_lang(results: Results, tmp_path) -> None:
    with pytest.raises(ValueError, match="size"):
        charts.render_charts(results, tmp_path, size="letter")
    with pytest.raises(ValueError, match="lang"):
        charts.render_charts(results, tmp_path, lang="fr")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_missing_glyph_warnings(extended: Results, tmp_path, lang: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts.render_charts(extended, tmp_path, lang=lang, formats=("png", "svg"))
        for size in ("a4", "slide"):
            ax = charts.target_dashboard(extended, lang=lang, size=size)
            ax.get_figure().savefig(io.BytesIO(), format="png", dpi=50)
    messages = [str(w.message) for w in caught]
    assert not [m for m in messages if "missing from" in m or "Glyph" in m], messages


def test_chart_saved_outside_rc_context_keeps_cjk(results: Results, tmp_path) -> None:
    """Text copies the CJK family when created, so saving outside the chart's rc_context works."""
    ax = charts.target_dashboard(results)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax.get_figure().savefig(tmp_path / "outside.png", dpi=50)
    assert not [w for w in caught if "missing from" in str(w.message)]


def test_axis_label_of_a_unitless_index_has_no_empty_brackets():
    from dataclasses import replace

    import numpy as np

    from planmodel.report.charts import fan_chart

    results = make_results()
    info = replace(results.indicators["gdp"], unit="", label="指数（2023=100）", price_basis="no_prices")
    results = replace(results, indicators={**results.indicators, "gdp": info})
    ax = fan_chart(results, "gdp")
    assert ax.get_ylabel() == "指数（2023=100）"
    assert not np.isnan(ax.get_ylim()).any()
