"""Charts (planmodel.report.charts): honest pictures, readable labels, one drawing per size used."""

from __future__ import annotations

import dataclasses

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PIL import Image  # noqa: E402

from planmodel.report.chart_jobs import start  # noqa: E402
from planmodel.report.charts import draw  # noqa: E402
from planmodel.report.charts.fonts import BUNDLED_FAMILY, cjk_font_family  # noqa: E402
from planmodel.report.charts.style import SMALL_PT, TRAFFIC, WIDTH_CM  # noqa: E402
from planmodel.report.content import (
    SLIDE_SCALE,  # noqa: E402
    build_briefing,  # noqa: E402
)
from planmodel.report.parallel import ReportPool  # noqa: E402
from planmodel.results import FirstPassage  # noqa: E402

from conftest import shipped_run  # noqa: E402
from synthetic_results import make_results  # noqa: E402


@pytest.fixture(scope="module")
def results():
    return make_results()


@pytest.fixture(scope="module")
def briefing(results):
    return build_briefing(results, {}, "zh")


def _texts(ax) -> list[Text]:
    fig = ax.get_figure()
    fig.canvas.draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def _by_gid(ax, gid: str) -> list:
    return [a for a in ax.get_children() if a.get_gid() == gid]


def test_cjk_font_is_the_bundled_simplified_face():
    assert cjk_font_family() == BUNDLED_FAMILY


KEYS = [
    ("dashboard", "1"),
    ("fan", "gdp"),
    ("dist", "2025年GDP增长7.5%"),
    ("passage", "经济总量突破1100亿元"),
]


@pytest.mark.parametrize("key", KEYS)
def test_every_label_is_readable_where_it_is_placed(results, briefing, key):
    # Issue 6: chart footnotes were 6–7 pt on a slide. A chart is drawn once, 16 cm wide, placed as
    # drawn in Word (no text under 9 pt, ≥ 8 pt required) and 14/9 larger on a slide (≥ 14 pt).
    ax = draw(results, briefing, key)
    sizes = [t.get_fontsize() for t in _texts(ax)]
    assert sizes and min(sizes) >= SMALL_PT >= 8.0, (key, min(sizes))
    assert min(sizes) * SLIDE_SCALE >= 14.0
    assert ax.get_figure().get_figwidth() * 2.54 == pytest.approx(WIDTH_CM)
    assert ax.get_figure().get_figheight() * 2.54 * SLIDE_SCALE <= 15.15 + 1e-9  # fits a slide


def test_fan_draws_assumed_and_filled_values_apart_from_published_ones(results, briefing):
    # industrial_output 2024 is assumed in the synthetic results; gdp 2023 is a filled gap year
    ax = draw(results, briefing, ("fan", "industrial_output"))
    assumed = _by_gid(ax, "known:assumed")
    assert len(assumed) == 1 and list(assumed[0].get_xdata()) == [2024]
    assert assumed[0].get_label() == "假设值（非公布数据）" and assumed[0].get_markerfacecolor() == "white"
    assert [list(a.get_xdata()) for a in _by_gid(ax, "known:published")] == [[2021, 2022]]
    ax = draw(results, briefing, ("fan", "gdp"))
    assert [list(a.get_xdata()) for a in _by_gid(ax, "known:simulated")] == [[2023]]
    assert _by_gid(ax, "known:simulated")[0].get_label() == "模拟值（未公布）"


def test_fan_labels_targets_with_the_briefing_figures_and_skips_settled_ones(results, briefing):
    ax = draw(results, briefing, ("fan", "gdp"))
    labels = {a.get_gid(): a.get_text() for a in ax.texts}
    row = briefing.row("经济总量突破1100亿元")
    label = labels["target-label:经济总量突破1100亿元"]
    assert label == f"目标≥{row.target.text}，概率{row.probability.text}"
    assert not any("2024年GDP增长7.5%" in (a.get_gid() or "") for a in ax.get_children())


def test_dashboard_colours_follow_the_displayed_probability(results):
    # Issue 6: a 49.97% bar was coloured "<50%" while printed "50.0%"; settled targets had
    # green bars on top and missed ones no red mark.
    t = results.targets[1]
    nearly = dataclasses.replace(
        t, successes=2_999, draws=10_000, probability=0.2999, ci_low=0.291, ci_high=0.309
    )
    missed = dataclasses.replace(results.targets[4], name="2024年未实现目标", successes=0, probability=0.0)
    r = dataclasses.replace(results, targets=(*results.targets[:1], nearly, *results.targets[2:], missed))
    b = build_briefing(r, {}, "zh")
    assert b.row(t.name).probability.text == "30.0%" and b.row(t.name).colour == "amber"
    ax = draw(r, b, ("dashboard", "1"))
    bars = [p for p in ax.patches if p.get_gid() == "bars"]
    open_rows = [row for row in (b.row(k) for k in b.dashboard_pages[0]) if not row.settled]
    colours = [matplotlib.colors.to_hex(p.get_facecolor()).upper() for p in bars]
    assert colours == [TRAFFIC[row.colour].upper() for row in open_rows]
    assert len(bars) == len(open_rows)  # settled targets get no bar
    settled = {a.get_gid(): a.get_text() for a in ax.texts if (a.get_gid() or "").startswith("settled:")}
    assert settled["settled:2024年未实现目标"].startswith("未实现")
    assert settled["settled:2024年GDP增长7.5%"].startswith("已实现")
    assert list(b.dashboard_pages[0][-2:]) == ["2024年GDP增长7.5%", "2024年未实现目标"]  # met, then missed


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dashboard_margins_fit_the_names_and_the_longest_probability(lang):
    # The dashboard's margins are set from its measured labels (no constrained layout): the target
    # names end a tick pad left of the bars, start at the figure's edge pad, and the widest
    # probability (荷塘: "> 99.985%" beside a full bar) ends inside the figure.
    outcome = shipped_run("hetang-2025")
    b = build_briefing(outcome.results, outcome.manifest, lang)
    ax = draw(outcome.results, b, ("dashboard", "1"))
    fig = ax.get_figure()
    fig.canvas.draw()
    edge_px = 0.04 * fig.dpi
    names = [t.get_window_extent() for t in _by_gid(ax, "ytick-label")]
    assert len(names) == len(b.dashboard_pages[0])
    assert min(box.x0 for box in names) == pytest.approx(edge_px, abs=1.0)
    assert max(box.x1 for box in names) == pytest.approx(ax.bbox.x0 - 3.5 / 72 * fig.dpi, abs=1.0)
    right = max(t.get_window_extent().x1 for t in ax.texts if "label" not in (t.get_gid() or ""))
    assert right <= fig.bbox.x1 - edge_px + 1.0
    assert right >= fig.bbox.x1 - edge_px - 2.0  # the plot is as wide as the longest label allows
    assert len(_by_gid(ax, "legend-label")) == 3
    for text in [*ax.texts, fig._suptitle, fig._supxlabel]:
        box = text.get_window_extent()
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1, text.get_text()
        assert fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1, text.get_text()


def test_passage_starts_at_the_latest_known_year(results, briefing):
    ax = draw(results, briefing, ("passage", "经济总量突破1100亿元"))
    line = _by_gid(ax, "reached-by")[0]
    assert list(line.get_xdata()) == [2024, 2025, 2026]
    t = results.targets[0]
    already = dataclasses.replace(
        t,
        first_passage=(
            FirstPassage(2024, 1.0, 1.0),
            FirstPassage(2025, 1.0, 0.0),
            FirstPassage(2026, 1.0, 0.0),
        ),
    )
    ax = draw(
        dataclasses.replace(results, targets=(already, *results.targets[1:])),
        briefing,
        ("passage", t.name),
    )
    assert list(_by_gid(ax, "reached-by")[0].get_ydata()) == [1.0, 1.0, 1.0]  # never 0% when met


def test_distribution_shows_threshold_and_the_briefing_probability(results, briefing):
    name = "2025年GDP增长7.5%"
    ax = draw(results, briefing, ("dist", name))
    assert [line.get_xdata()[0] for line in _by_gid(ax, "threshold")] == [pytest.approx(7.5)]
    row = briefing.row(name)
    text = _by_gid(ax, "probability")[0].get_text()
    assert row.probability.text in text and row.interval.text in text


@pytest.mark.parametrize(("lang", "points"), [("zh", "个百分点"), ("en", " pp")])
def test_a_relative_target_is_drawn_as_its_difference_in_points(lang, points):
    # 荷塘 2021年增速高于全省 is about 荷塘's growth minus the province's: the axis says so and
    # the values are points (they read "0.5%" and "real growth of GDP in 2021 (%)").
    from planmodel.report.content import build_briefing

    outcome = shipped_run("hetang-2025")
    b = build_briefing(outcome.results, outcome.manifest, lang)
    ax = draw(outcome.results, b, ("dist", "2021年增速高于全省"))
    assert ax.get_xlabel().endswith("（百分点）" if lang == "zh" else "(points)")
    threshold = next(t.get_text() for t in ax.texts if t.get_text().strip().startswith(("目标", "target")))
    assert threshold.strip().endswith(points.strip()) and "%" not in threshold


def test_rendering_draws_each_chart_once_and_svg_only_when_asked(results, briefing, tmp_path):
    files = start(results, briefing, briefing.charts, tmp_path / "a").result()
    assert set(files) == set(briefing.charts)
    assert not list((tmp_path / "a").rglob("*.svg"))
    with ReportPool(2) as pool:
        both = start(results, briefing, briefing.charts, tmp_path / "b", svg=True, pool=pool).result()
    for key, f in both.items():
        assert f.png.is_file() and f.svg is not None and f.svg.is_file()
        with Image.open(f.png) as im:
            assert im.size[0] / im.info["dpi"][0] * 2.54 == pytest.approx(WIDTH_CM, rel=0.01)
        # workers change nothing: the same PNG bytes from one process or two
        assert files[key].png.read_bytes() == f.png.read_bytes(), key


def test_english_charts_have_no_chinese_of_ours(results):
    b = build_briefing(results, {}, "en")
    for key in b.charts:
        texts = [t.get_text() for t in _texts(draw(results, b, key))]
        ours = [s for s in texts if any("\u4e00" <= c <= "\u9fff" for c in s) and results.scenario not in s]
        ours = [s for s in ours if not any(name in s for name in ("大冶市",))]
        assert ours == [], (key, ours)


def test_shipped_scenario_charts_draw_without_missing_glyphs():
    outcome = shipped_run("hetang-2025")
    b = build_briefing(outcome.results, outcome.manifest, "zh")
    for key in b.charts:
        ax = draw(outcome.results, b, key)
        ax.get_figure().canvas.draw()  # a missing glyph warns; warnings are errors in the tests
        assert np.isfinite(ax.get_ylim()).all()


def test_one_target_on_two_census_bases_is_labelled_apart_and_legible():
    # 大冶's 1200亿 is judged before and after the census revision: two labels at one tick.
    outcome = shipped_run("daye-2026")
    b = build_briefing(outcome.results, outcome.manifest, "zh")
    ax = draw(outcome.results, b, ("fan", "gdp"))
    labels = [a for a in ax.texts if (a.get_gid() or "").startswith("target-label:")]
    assert sorted(a.get_text().split("，")[0] for a in labels) == [
        "目标≥1200亿元（普查修订后口径）",
        "目标≥1200亿元（普查前口径）",
    ]
    fig = ax.get_figure()
    fig.canvas.draw()
    boxes = [a.get_window_extent() for a in labels]
    assert not boxes[0].overlaps(boxes[1])
    assert all(a.arrow_patch is None for a in labels)  # no leader crossing the other label
    # a long indicator name leaves the axis label to the unit (the title names the indicator)
    ax = draw(outcome.results, b, ("fan", "industrial_output"))
    assert ax.get_ylabel() == "亿元，现价"
    # the chart of an indicator is shown with the first of its key targets only
    shown = [c for s in b.sections for c in s.charts]
    assert len(shown) == len(set(shown))


def test_a_target_with_one_value_in_every_draw_says_so():
    # 荷塘 2021: the provincial growth is an assumed figure, so every draw gives the same 0.46%.
    outcome = shipped_run("hetang-2025")
    b = build_briefing(outcome.results, outcome.manifest, "zh")
    ax = draw(outcome.results, b, ("dist", "2021年增速高于全省"))
    (label,) = [a for a in ax.texts if a.get_gid() == "one-value"]
    assert label.get_text().startswith("所有模拟值均为")
    fig = ax.get_figure()
    fig.canvas.draw()
    assert fig.bbox.contains(*label.get_window_extent().p1)


@pytest.mark.parametrize("opaque", [True, False])
def test_png_encoder_writes_the_pixels_and_resolution_pillow_reads_back(opaque, tmp_path):
    # charts.agg writes PNG itself (unfiltered rows): Pillow must read back the exact pixels, as RGB
    # when every pixel is opaque, and the 200 dpi Word uses to size the picture.
    from planmodel.report.charts.agg import encode_png

    rgba = np.random.default_rng(3).integers(0, 256, (41, 67, 4), dtype=np.uint8)
    if opaque:
        rgba[..., 3] = 255
    path = tmp_path / "x.png"
    path.write_bytes(encode_png(rgba, 200))
    with Image.open(path) as image:
        assert image.mode == ("RGB" if opaque else "RGBA")
        assert image.info["dpi"] == pytest.approx((200, 200), abs=0.01)
        assert (np.asarray(image.convert("RGBA")) == rgba).all()


@pytest.mark.parametrize(
    "key",
    [("dashboard", "1"), ("fan", "gdp"), ("dist", "2025年GDP增长7.5%"), ("passage", "经济总量突破1100亿元")],
)
def test_saved_chart_is_the_figure_savefig_would_write(results, briefing, key, tmp_path):
    # The same pixels as matplotlib's own savefig at the charts' resolution, in fewer bytes: drawn
    # once with empty text caches and again from the caches the first drawing filled (measured
    # sizes, glyph layouts and glyph bitmaps are reused across charts: charts.agg).
    from planmodel.report.charts.agg import forget_measurements

    forget_measurements()
    for attempt in ("fresh", "cached"):
        (png,) = [f.png for f in start(results, briefing, [key], tmp_path / attempt).result().values()]
        ax = draw(results, briefing, key)
        ax.get_figure().savefig(tmp_path / "ref.png", dpi=200)
        with Image.open(png) as ours, Image.open(tmp_path / "ref.png") as ref:
            assert ours.size == ref.size
            assert (np.asarray(ours.convert("RGB")) == np.asarray(ref.convert("RGB"))).all(), attempt
        assert png.stat().st_size < (tmp_path / "ref.png").stat().st_size


def test_text_caches_reuse_what_earlier_charts_drew(results, briefing, tmp_path):
    # Drawing the same chart again measures, lays out and renders nothing new.
    from planmodel.report.charts import agg

    key = ("fan", next(k[1] for k in briefing.charts if k[0] == "fan"))
    start(results, briefing, [key], tmp_path / "a").result()
    sizes = [len(c) for c in (agg._MEASURED, agg._LAID_OUT, agg._GLYPHS)]
    start(results, briefing, [key], tmp_path / "b").result()
    assert [len(c) for c in (agg._MEASURED, agg._LAID_OUT, agg._GLYPHS)] == sizes
    assert all(sizes)


@pytest.mark.parametrize(
    ("loc", "anchor", "options"),
    [
        ("lower left", (0, 1.01), {"ncol": 3, "borderaxespad": 0, "handlelength": 1.5, "columnspacing": 1}),
        ("lower right", (1.0, 1.0), {"ncol": 2, "borderaxespad": 0.2, "handlelength": 1.0}),
        ("upper left", (0.0, 1.0), {}),
    ],
)
def test_plain_legend_is_placed_where_matplotlib_places_its_legend(loc, anchor, options):
    # charts.legend lays a legend out once as plain artists: its labels must sit exactly where
    # matplotlib's Legend (same handles, labels and options) puts them.
    import matplotlib.patches as mpatches

    from planmodel.report.charts import style
    from planmodel.report.charts.legend import legend

    def axes_with_artists():
        ax = style.new_axes(9.0, top_cm=2.2)
        ax.plot([0, 1], [0, 1], marker="o", ls="none", label="已公布值")
        ax.plot([0, 1], [1, 0], lw=2.0, label="median 中位数")
        ax.fill_between([0, 1], [0, 0], [1, 1], color="#CCDDEE", lw=0, label="90%区间")
        ax.bar([0.5], [0.5], width=0.2, label="首次达到 (first)")
        handles, labels = ax.get_legend_handles_labels()
        return ax, [*handles, mpatches.Patch(color="#009E73", label="较有把握")], [*labels, "较有把握"]

    with matplotlib.rc_context(style.rc()):
        ax, handles, labels = axes_with_artists()
        theirs = ax.legend(handles, labels, loc=loc, bbox_to_anchor=anchor, frameon=False, **options)
        ax.get_figure().canvas.draw()
        expected = [t.get_window_extent() for t in theirs.get_texts()]
        ax, handles, labels = axes_with_artists()
        ours = legend(ax, handles, labels, loc=loc, anchor=anchor, **options)
        ax.get_figure().canvas.draw()
    for a, b in zip(expected, (t.get_window_extent() for t in ours), strict=True):
        assert a.x0 == pytest.approx(b.x0, abs=0.01) and a.y0 == pytest.approx(b.y0, abs=0.01)
        assert a.width == pytest.approx(b.width, abs=0.01)


def test_without_matplotlibs_private_text_methods_charts_are_drawn_by_its_own_renderer(
    results, briefing, tmp_path, monkeypatch
):
    # A matplotlib without the private text methods charts.agg hooks into (other than 3.11) draws
    # with its own RendererAgg: the same pixels, no text caches filled.
    from planmodel.report.charts import agg

    monkeypatch.setattr(agg, "TEXT_HOOKS", False)
    agg.forget_measurements()
    key = ("fan", "gdp")
    (png,) = [f.png for f in start(results, briefing, [key], tmp_path).result().values()]
    assert not agg._LAID_OUT and not agg._GLYPHS
    ax = draw(results, briefing, key)
    ax.get_figure().savefig(tmp_path / "ref.png", dpi=200)
    with Image.open(png) as ours, Image.open(tmp_path / "ref.png") as ref:
        assert (np.asarray(ours.convert("RGB")) == np.asarray(ref.convert("RGB"))).all()
    agg.forget_measurements()
