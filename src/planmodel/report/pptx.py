"""The slide deck (``slides.pptx``): title, dashboard, one slide per key target, closing slide.

Owns the layout of the deck (16:9, 13.333 × 7.5 in). Every slide uses the blank layout with
text boxes placed here, because the default template's placeholders are laid out for 4:3 and
do not move when the slide size changes. Chinese runs name an East-Asian font (``a:ea``) so
PowerPoint does not show them in a Latin font's fallback.

Key targets (:func:`key_targets`): all targets when there are at most :data:`MAX_KEY_TARGETS`;
otherwise level and average-growth targets first (the headline numbers of a plan), then the
other targets, each group in the scenario's order, undetermined before determined, cut at
:data:`MAX_KEY_TARGETS`. Every target still appears in the Word/HTML/xlsx tables.

Library: python-pptx (the only maintained pure-Python writer of ``.pptx``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationObject
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from planmodel.report.sentences import finding, headline_probability
from planmodel.report.tables import run_line
from planmodel.results import Results, TargetResult

__all__ = [
    "EAST_ASIAN_FONT",
    "MAX_KEY_TARGETS",
    "chart_for_target",
    "key_targets",
    "png_charts",
    "write_pptx",
]

MAX_KEY_TARGETS = 12
"""At most this many target slides."""
EAST_ASIAN_FONT = "微软雅黑"
"""East-Asian font of all text (the usual slide font on Chinese Windows)."""
LATIN_FONT = "Arial"

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
_MARGIN = Inches(0.5)
_INK = RGBColor(0x22, 0x22, 0x22)
_MUTED = RGBColor(0x6B, 0x6B, 0x6B)
_ACCENT = RGBColor(0x00, 0x72, 0xB2)

_TEXT = {
    "zh": {
        "dashboard": "目标实现概率总览",
        "closing": "主要假设与运行信息",
        "probability": "实现概率",
        "determined": "已由公布数据确定",
        "assumption": "{label}·{variable}（{years}）：{description}",
        "basis": "总量为现价，增速为可比价；名义=实际×价格。",
    },
    "en": {
        "dashboard": "Probability of each target",
        "closing": "Assumptions and run",
        "probability": "Probability",
        "determined": "Determined by published data",
        "assumption": "{label} · {variable} ({years}): {description}",
        "basis": "Totals at current prices, growth at comparable prices; nominal = real × prices.",
    },
}


# --------------------------------------------------------------------------------------------
# Charts shared by the docx/pptx/html writers
# --------------------------------------------------------------------------------------------


def png_charts(charts: Mapping[str, Sequence[Path]], key: str) -> list[Path]:
    """List the PNG files among ``charts[key]`` (``render_charts`` also lists SVGs), in order."""
    return [Path(p) for p in charts.get(key, ()) if Path(p).suffix.lower() == ".png"]


def _distribution_charts(charts: Mapping[str, Sequence[Path]]) -> list[Path]:
    # ``render_charts`` files them under "dist"; "distribution" is accepted as well.
    return png_charts(charts, "dist") + png_charts(charts, "distribution")


def chart_for_target(
    charts: Mapping[str, Sequence[Path]], results: Results, target: TargetResult
) -> Path | None:
    """Pick the chart that best shows one target: its distribution chart, else its fan chart.

    A distribution chart is found by the file stem ``render_charts`` gives it
    (``dist_`` + :func:`planmodel.report.charts.target_slug` of the target's position); a fan
    chart by the indicator key (``fan_<key>``).
    """
    from planmodel.report.charts import target_slug  # the naming rule lives with the charts

    slug = target_slug(results.targets.index(target))
    for p in _distribution_charts(charts):
        if p.stem == f"dist_{slug}" or p.stem.endswith(slug):
            return p
    if target.indicator:
        for p in png_charts(charts, "fan"):
            if p.stem == f"fan_{target.indicator}":
                return p
    return None


def key_targets(results: Results) -> list[TargetResult]:
    """List the targets that get a slide (see the module docstring for the rule)."""
    targets = list(results.targets)
    if len(targets) <= MAX_KEY_TARGETS:
        return targets

    def rank(t: TargetResult) -> tuple[int, int]:
        headline = t.measure in ("level", "avg_growth")
        return (int(t.determined), 0 if headline else 1)

    order = sorted(range(len(targets)), key=lambda i: (*rank(targets[i]), i))
    return [targets[i] for i in order[:MAX_KEY_TARGETS]]


# --------------------------------------------------------------------------------------------
# Drawing helpers
# --------------------------------------------------------------------------------------------


def _fonts(run: Any, size: float, bold: bool = False, color: RGBColor = _INK) -> None:
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = color
    font.name = LATIN_FONT
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    ea = rpr.makeelement(qn("a:ea"), {"typeface": EAST_ASIAN_FONT})
    latin = rpr.find(qn("a:latin"))
    if latin is not None:
        latin.addnext(ea)
    else:
        rpr.append(ea)


def _textbox(
    slide: Slide,
    left: int,
    top: int,
    width: int,
    height: int,
    paragraphs: Sequence[tuple[str, float, bool, RGBColor]],
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> Shape:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, (text, size, bold, color) in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        para.space_after = Pt(size * 0.5)
        _fonts(_run(para, text), size, bold, color)
    return box


def _run(para: Any, text: str) -> Any:
    run = para.add_run()
    run.text = text
    return run


def _title(slide: Slide, text: str) -> None:
    box = [(text, 28.0, True, _INK)]
    _textbox(slide, _MARGIN, Inches(0.35), SLIDE_W - 2 * _MARGIN, Inches(0.8), box)
    line = slide.shapes.add_connector(1, _MARGIN, Inches(1.15), SLIDE_W - _MARGIN, Inches(1.15))
    line.line.color.rgb = _ACCENT
    line.line.width = Pt(1.5)


def _picture(slide: Slide, path: Path, left: int, top: int, width: int, height: int) -> None:
    """Place an image as large as fits in the box, keeping its aspect ratio, centred."""
    with Image.open(path) as im:
        w_px, h_px = im.size
    scale = min(width / w_px, height / h_px)
    w, h = int(w_px * scale), int(h_px * scale)
    slide.shapes.add_picture(
        str(path), Emu(left + (width - w) // 2), Emu(top + (height - h) // 2), Emu(w), Emu(h)
    )


def _footer(slide: Slide, text: str) -> None:
    _textbox(
        slide, _MARGIN, SLIDE_H - Inches(0.5), SLIDE_W - 2 * _MARGIN, Inches(0.35),
        [(text, 10, False, _MUTED)],
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# Slides
# --------------------------------------------------------------------------------------------


def _title_slide(prs: PresentationObject, results: Results, line: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _textbox(
        slide, Inches(1), Inches(2.3), SLIDE_W - Inches(2), Inches(1.6),
        [(results.scenario, 36, True, _INK)], PP_ALIGN.CENTER, MSO_ANCHOR.MIDDLE,
    )  # fmt: skip
    _textbox(
        slide, Inches(1), Inches(4.1), SLIDE_W - Inches(2), Inches(1.2),
        [(results.region or "", 20, False, _MUTED), (line, 14, False, _MUTED)],
        PP_ALIGN.CENTER,
    )  # fmt: skip


def _target_slide(
    prs: PresentationObject, results: Results, t: TargetResult, chart: Path | None, lang: str
) -> None:
    text = _TEXT[lang]
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, t.name)
    info = results.indicators.get(t.indicator) if t.indicator else None
    sentence = finding(t, info, lang)
    top = Inches(1.4)
    height = SLIDE_H - top - Inches(0.7)
    text_left = _MARGIN
    if chart is not None:
        chart_w = Inches(8.3)
        _picture(slide, chart, _MARGIN, top, chart_w, height)
        text_left = _MARGIN + chart_w + Inches(0.3)
    width = SLIDE_W - _MARGIN - text_left
    if t.determined:
        big = text["determined"]
        big_size = 24.0
    else:
        big = headline_probability(t)
        big_size = 54.0
    _textbox(
        slide, text_left, top, width, height,
        [
            (text["probability"], 16, False, _MUTED),
            (big, big_size, True, _ACCENT),
            (sentence, 18, False, _INK),
        ],
    )  # fmt: skip
    if t.source:
        _footer(slide, ("来源：" if lang == "zh" else "Source: ") + t.source)


def _closing_slide(prs: PresentationObject, results: Results, line: str, lang: str) -> None:
    text = _TEXT[lang]
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, text["closing"])
    paras: list[tuple[str, float, bool, RGBColor]] = []
    for a in results.assumptions:
        item = text["assumption"].format(
            label=a.label, variable=a.variable, years=a.years, description=a.description
        )
        if a.reason:
            item += ("；" if lang == "zh" else "; ") + a.reason
        if a.source:
            item += ("（来源：" + a.source + "）") if lang == "zh" else f" (source: {a.source})"
        paras.append(("• " + item, 16, False, _INK))
    paras.append((text["basis"], 14, False, _MUTED))
    paras.append((line, 14, False, _MUTED))
    _textbox(slide, _MARGIN, Inches(1.4), SLIDE_W - 2 * _MARGIN, SLIDE_H - Inches(2.0), paras)


def write_pptx(
    results: Results,
    manifest: Mapping[str, Any],
    charts: Mapping[str, Sequence[Path]],
    path: Path,
    lang: str = "zh",
) -> Path:
    """Write the slide deck.

    Slides: title; dashboard (if a ``"dashboard"`` PNG exists); one per key target with its
    distribution chart (else its indicator's fan chart) and its finding; assumptions and the
    run line.

    Parameters
    ----------
    results
        A run's results.
    manifest
        The run manifest (draws, seed, version, scenario hash).
    charts
        ``render_charts`` output (PNG files are used).
    path
        The ``.pptx`` file to write.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    if lang not in _TEXT:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    prs.core_properties.title = results.scenario
    line = run_line(results, manifest, lang)
    _title_slide(prs, results, line)
    for p in png_charts(charts, "dashboard")[:1]:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        _title(slide, _TEXT[lang]["dashboard"])
        _picture(slide, p, _MARGIN, Inches(1.4), SLIDE_W - 2 * _MARGIN, SLIDE_H - Inches(2.0))
    for t in key_targets(results):
        _target_slide(prs, results, t, chart_for_target(charts, results, t), lang)
    _closing_slide(prs, results, line, lang)
    path = Path(path)
    prs.save(str(path))
    return path
