"""``slides.pptx``: the briefing as a 16:9 deck; every target appears, nothing leaves its slide.

Slides: title; 总体判断; the overview table (as many slides as it takes); the dashboards; one slide
per key target (its chart beside the probability, band and facts; the finding in the speaker notes);
风险与提示; assumptions; method and run. Text is set at 14 pt or more and measured first
(:mod:`.slidefit`): what does not fit continues on the next slide. Charts are placed 14/9 times the
size they were drawn, so their smallest text (9 pt) reads 14 pt.

Library: python-pptx. Every slide uses the blank layout with boxes placed here (the template's
placeholders are laid out for 4:3); Chinese runs name an East-Asian font (``a:ea``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from copy import deepcopy
from functools import cache
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.slide import Slide
from pptx.table import _Cell
from pptx.text.text import _Paragraph
from pptx.util import Cm, Emu, Pt

from planmodel.report import i18n
from planmodel.report.content import CHART_WIDTH_CM, SLIDE_SCALE, Briefing, ChartKey, Section
from planmodel.report.rows import COLOURS
from planmodel.report.writers import slidefit
from planmodel.report.writers.deckparts import DeckParts, blank_notes
from planmodel.report.writers.package import save_pptx

__all__ = ["SLIDE_H_CM", "SLIDE_W_CM", "preload", "write_pptx"]

SLIDE_W_CM, SLIDE_H_CM = 33.867, 19.05
MARGIN = 1.2
TOP = 2.9
"""Top of the content area, below the title."""
BOTTOM = SLIDE_H_CM - 1.0
MIDTERM_CM = {
    "zh": (5.0, 2.2, 2.9, 3.0, 4.6, 2.4, 2.4, 3.0, 3.9, 2.0),
    "en": (4.4, 3.1, 2.6, 2.6, 3.6, 3.45, 2.5, 2.5, 3.95, 2.7),
}
"""The mid-term table's columns (target … warning): 31.4 cm, the slide's width within its margins;
in English each as wide as its longest word at 14 pt (Attribute, Completion, (probability))."""
EAST_ASIAN = "微软雅黑"
LATIN = "Arial"
INK, MUTED, ACCENT = RGBColor(0x22, 0x22, 0x22), RGBColor(0x6B, 0x6B, 0x6B), RGBColor(0x00, 0x72, 0xB2)
TRAFFIC = {
    "green": RGBColor(0x00, 0x9E, 0x73),
    "amber": RGBColor(0xC7, 0x86, 0x00),
    "red": RGBColor(0xD5, 0x5E, 0x00),
}
_SHADES = {
    "green": RGBColor(0xD9, 0xF2, 0xE6),
    "amber": RGBColor(0xFC, 0xEB, 0xC5),
    "red": RGBColor(0xF8, 0xD5, 0xC8),
}


@cache
def _run_prototype(pt: float, bold: bool, colour: RGBColor) -> Any:
    """An empty run (``a:r`` with its ``a:rPr`` and an empty ``a:t``) at ``pt`` points, weight and colour.

    Every run of the deck is a copy (:func:`_add_run`): python-pptx's property setters search the
    run's children for each of size, weight, font and colour, and ``add_run`` parses a new run
    from text each time. The XML is what those setters write (size in hundredths of a point,
    ``b`` as 1 or 0, the colour, the Latin face, then the East-Asian face that Chinese text is set
    in); a test compares it with theirs. Never modified.
    """
    return parse_xml(
        f'<a:r {nsdecls("a")}><a:rPr sz="{Pt(pt).centipoints}" b="{int(bold)}"><a:solidFill>'
        f'<a:srgbClr val="{colour}"/></a:solidFill><a:latin typeface="{LATIN}"/>'
        f'<a:ea typeface="{EAST_ASIAN}"/></a:rPr><a:t/></a:r>'
    )


@cache
def _paragraph_properties(align: PP_ALIGN, pt: float) -> Any:
    """The ``a:pPr`` of a box paragraph: ``align``, and space after of 0.3 em at ``pt`` points.

    Made once through python-pptx on a scratch paragraph and copied, like :func:`_run_prototype`.
    """
    paragraph = _Paragraph(parse_xml(f"<a:p {nsdecls('a')}/>"), None)  # type: ignore[arg-type]
    paragraph.alignment = align
    paragraph.space_after = Pt(pt * 0.3)
    return paragraph._p.pPr


def _add_run(p: Any, text: str, pt: float, bold: bool = False, colour: RGBColor = INK) -> None:
    """Append a run of ``text`` in the deck's fonts at ``pt`` points to the paragraph element ``p``."""
    r = deepcopy(_run_prototype(pt, bold, colour))
    r.text = text  # python-pptx's setter (escapes control characters)
    p.insert_element_before(r, "a:endParaRPr")  # where ``add_run`` puts it


Para = tuple[str, float, bool, RGBColor]


def _box(
    slide: Slide,
    left: float,
    top: float,
    width: float,
    height: float,
    paras: Sequence[Para],
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> None:
    """A text box of paragraphs ``(text, pt, bold, colour)``, wrapping, anchored at ``anchor``.

    The XML of ``add_textbox`` and the text frame's setters, made on the elements: the proxies
    python-pptx returns search the shape for placeholder properties (XPath) on creation.
    """
    sp = slide.shapes._add_textbox_sp(Cm(left), Cm(top), Cm(width), Cm(height))
    body = sp.txBody
    body.bodyPr.wrap = "square"  # ``text_frame.word_wrap = True``
    body.bodyPr.anchor = anchor  # ``text_frame.vertical_anchor = anchor``
    for i, (text, pt, bold, colour) in enumerate(paras):
        p = body.p_lst[0] if i == 0 else body.add_p()
        p.insert(0, deepcopy(_paragraph_properties(align, pt)))
        _add_run(p, text, pt, bold, colour)


def _slide(deck: DeckParts, title: str | None = None) -> Slide:
    slide = deck.slide()
    if title:
        width = SLIDE_W_CM - 2 * MARGIN
        size = slidefit.fit_size([title], width, 1.8, 26) or slidefit.MIN_PT
        _box(slide, MARGIN, 0.5, width, 1.8, [(title, size, True, INK)], anchor=MSO_ANCHOR.MIDDLE)
        deck.copy_shape(slide, _rule)
    return slide


def _rule(slide: Slide) -> Any:
    """The accent line under a slide's title (made on the first slide, copied to the others)."""
    line = slide.shapes.add_connector(1, Cm(MARGIN), Cm(2.4), Cm(SLIDE_W_CM - MARGIN), Cm(2.4))
    line.line.color.rgb = ACCENT
    line.line.width = Pt(1.5)
    return line._element


def _picture(deck: DeckParts, slide: Slide, path: Path, left: float, top: float, width: float) -> float:
    """Place a chart :data:`SLIDE_SCALE` times its drawn size, centred in ``width``; return its height."""
    from PIL import Image

    with Image.open(path) as im:
        w_px, h_px = im.size
    w = CHART_WIDTH_CM * SLIDE_SCALE
    h = w * h_px / w_px
    deck.picture(slide, deck.image(path), Cm(left + max(width - w, 0) / 2), Cm(top), Cm(w), Cm(h))
    return h


def _text_slides(deck: DeckParts, lang: str, title: str, items: Sequence[str], pt: float = 18) -> None:
    """Bulleted items on as many slides as they take."""
    width, room = SLIDE_W_CM - 2 * MARGIN, BOTTOM - TOP
    size = slidefit.fit_size(items, width, room, pt) or slidefit.MIN_PT
    heights = [slidefit.text_height_cm([(i, size)], width) for i in items]
    groups = slidefit.pages(heights, room)
    for n, group in enumerate(groups, start=1):
        suffix = i18n.text("slide_page", lang, page=n, pages=len(groups)) if len(groups) > 1 else ""
        slide = _slide(deck, title + suffix)
        _box(slide, MARGIN, TOP, width, room, [(items[i], size, False, INK) for i in group])


def _summary_slide(deck: DeckParts, b: Briefing) -> None:
    """总体判断: the paragraphs, then one coloured tile per status with its number of targets."""
    lang = b.lang
    slide = _slide(deck, i18n.text("slide_summary", lang))
    width = SLIDE_W_CM - 2 * MARGIN
    tiles_h = 3.8
    room = BOTTOM - TOP - tiles_h - 0.6
    size = slidefit.fit_size(list(b.summary), width, room, 20) or slidefit.MIN_PT
    _box(slide, MARGIN, TOP, width, room, [(p, size, False, INK) for p in b.summary])
    n = max(len(b.counts), 1)
    gap = 0.4
    tile_w = min(5.0, (width - gap * (n - 1)) / n)
    left = MARGIN + (width - n * tile_w - gap * (n - 1)) / 2
    for i, (code, text, count) in enumerate(b.counts):
        x = left + i * (tile_w + gap)
        tile = slide.shapes.add_shape(1, Cm(x), Cm(BOTTOM - tiles_h), Cm(tile_w), Cm(tiles_h))
        tile.fill.solid()
        tile.fill.fore_color.rgb = _SHADES[COLOURS[code]]
        tile.line.fill.background()
        label = slidefit.fit_size([text], tile_w, 1.3, 18) or slidefit.MIN_PT
        number = [(str(count), 40.0, True, TRAFFIC[COLOURS[code]])]
        _box(slide, x, BOTTOM - tiles_h, tile_w, 2.5, number, PP_ALIGN.CENTER)
        _box(slide, x, BOTTOM - 1.3, tile_w, 1.3, [(text, label, False, INK)], PP_ALIGN.CENTER)


def _table_slides(
    deck: DeckParts,
    lang: str,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    shades: Sequence[str | None] = (),
    pt: float = 14,
) -> list[Slide]:
    """A table on as many slides as it takes (rows measured first; the header repeats); the slides."""
    header_cm = slidefit.row_height_cm(header, widths, pt)
    heights = [slidefit.row_height_cm(r, widths, pt) for r in rows]
    groups = slidefit.pages(heights, BOTTOM - TOP - header_cm)
    slides = []
    for n, group in enumerate(groups, start=1):
        suffix = i18n.text("slide_page", lang, page=n, pages=len(groups)) if len(groups) > 1 else ""
        slide = _slide(deck, title + suffix)
        slides.append(slide)
        row_cm = [header_cm] + [heights[i] for i in group]
        shape = slide.shapes.add_table(1, len(header), Cm(MARGIN), Cm(TOP), Cm(sum(widths)), Cm(sum(row_cm)))
        tbl = shape.table._tbl
        for col, w in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
            col.w = Cm(w)  # set in place: ``column.width`` re-adds every column's width on each call
        shape.width = Emu(sum(Cm(w) for w in widths))
        for tc in tbl.tr_lst[0].tc_lst:
            tc.txBody.bodyPr.wrap = "square"  # what ``text_frame.word_wrap = True`` sets
        blank = deepcopy(tbl.tr_lst[0])  # ``add_table`` makes each row alike, parsing every cell anew
        for _ in group:
            tbl.append(deepcopy(blank))
        cells = [list(header)] + [list(rows[i]) for i in group]
        for i, (tr, texts, h) in enumerate(zip(tbl.tr_lst, cells, row_cm, strict=True)):
            tr.h = Cm(h)  # set in place: ``row.height`` re-adds every row's height on each call
            for tc, text in zip(tr.tc_lst, texts, strict=True):
                _add_run(tc.txBody.p_lst[0], str(text), pt, bold=i == 0)
            if i and shades and shades[group[i - 1]]:
                cell = _Cell(tr.tc_lst[-1], None)
                cell.fill.solid()
                cell.fill.fore_color.rgb = _SHADES[shades[group[i - 1]]]  # type: ignore[index]
        shape.height = Emu(sum(Cm(h) for h in row_cm))  # the frame is as tall as its rows
    return slides


def _target_slide(deck: DeckParts, b: Briefing, s: Section, charts: Mapping[ChartKey, Path]) -> None:
    lang, r = b.lang, s.row
    slide = _slide(deck, s.title)
    chart = next((charts[k] for k in s.slide_charts or s.charts if k in charts), None)
    left = MARGIN
    if chart is not None:
        _picture(deck, slide, chart, MARGIN, TOP, CHART_WIDTH_CM * SLIDE_SCALE)
        left = MARGIN + CHART_WIDTH_CM * SLIDE_SCALE + 0.4
    width = SLIDE_W_CM - MARGIN - left
    room = BOTTOM - TOP
    big = slidefit.fit_size([r.probability.text], width, 2.4, 40, 20) or 20.0
    head: list[Para] = [
        (i18n.text("slide_probability", lang), 16, False, MUTED),
        (r.probability.text, big, True, TRAFFIC[r.colour]),
        (r.band_text, 22, True, TRAFFIC[r.colour]),
    ]
    if not r.settled:
        head.append((i18n.text("slide_interval", lang, interval=r.interval.text), 14, False, MUTED))
    facts = [
        f"{i18n.text(k, lang)}{i18n.text('colon', lang)}{f.text}"
        for k, f in (
            ("fact_latest", r.latest),
            ("fact_target", r.target),
            ("fact_needed", r.needed),
            ("fact_assumed", r.assumed),
            ("fact_recent", r.recent),
        )
        if f.text != "—"
    ]
    used = slidefit.text_height_cm([(p[0], p[1]) for p in head], width)
    while facts and not slidefit.fit_size(facts, width, room - used, 16):
        facts.pop()  # the least important fact goes first; the notes carry the full finding
    size = slidefit.fit_size(facts, width, room - used, 16) or slidefit.MIN_PT
    _box(slide, left, TOP, width, room, [*head, *((f, size, False, INK) for f in facts)])
    deck.notes(slide, "\n".join(s.paragraphs))


def write_pptx(b: Briefing, charts: Mapping[ChartKey, Path], path: Path) -> Path:
    """Write the deck; ``charts`` are the slide-size PNG files by chart key. Returns ``path``."""
    lang = b.lang
    t = lambda key, **kw: i18n.text(key, lang, **kw)  # noqa: E731
    prs = Presentation()
    prs.slide_width, prs.slide_height = Cm(SLIDE_W_CM), Cm(SLIDE_H_CM)
    prs.core_properties.title = b.title
    deck = DeckParts(prs)
    slide = _slide(deck)
    _box(
        slide, 2.0, 5.0, SLIDE_W_CM - 4.0, 4.0, [(b.title, 36, True, INK)], PP_ALIGN.CENTER, MSO_ANCHOR.MIDDLE
    )
    meta = [t("doc_issuer", issuer=b.issuer)] if b.issuer else []
    meta += [t("doc_date", date=b.date), b.cutoff, b.calibration]
    _box(slide, 2.0, 10.0, SLIDE_W_CM - 4.0, 6.0, [(m, 18, False, MUTED) for m in meta], PP_ALIGN.CENTER)
    _summary_slide(deck, b)
    header = [
        t(k)
        for k in ("col_target", "col_latest", "col_target_value", "col_needed", "col_probability", "col_band")
    ]
    rows = [
        [
            r.name,
            r.latest.text,
            r.target.text,
            r.needed.text,
            r.probability.text + ("" if r.settled else "\n" + r.interval.text),
            r.band_text,
        ]
        for r in b.rows
    ]
    widths = (8.6, 6.0, 4.2, 4.6, 4.8, 3.2)
    _table_slides(deck, lang, t("slide_overview"), header, rows, widths, [r.colour for r in b.rows])
    for n, key in enumerate(b.dashboards, start=1):
        if key in charts:
            pages = len(b.dashboards)
            suffix = t("slide_page", page=n, pages=pages) if pages > 1 else ""
            slide = _slide(deck, t("slide_dashboard") + suffix)
            _picture(deck, slide, charts[key], MARGIN, TOP, SLIDE_W_CM - 2 * MARGIN)
    for s in b.sections:
        _target_slide(deck, b, s, charts)
    _text_slides(deck, lang, t("slide_risks"), list(b.risks) or [t("no_risks")], pt=18)
    for view in b.tornadoes:  # run --sensitivity
        if ("tornado", view.target) in charts:
            slide = _slide(deck, t("slide_tornado", target=view.title))
            _picture(deck, slide, charts[("tornado", view.target)], MARGIN, TOP, CHART_WIDTH_CM * SLIDE_SCALE)
    rows = [[a.indicator, a.variable, a.years, a.setting] for a in b.assumptions]
    header = [t(k) for k in ("col_indicator", "col_variable", "col_years", "col_setting")]
    _table_slides(deck, lang, t("slide_assumptions"), header, rows, (7.0, 5.4, 4.6, 14.4))
    if b.correlations:
        header = [t("col_first"), t("col_second"), t("col_rho")]
        _table_slides(
            deck, lang, t("slide_correlations"), header, [list(c) for c in b.correlations], (13.0, 13.0, 5.4)
        )
    _text_slides(deck, lang, t("slide_method"), list(b.methods), pt=18)
    _table_slides(
        deck,
        lang,
        t("slide_run"),
        [t("col_item"), t("col_value")],
        [list(x) for x in b.run_info],
        (8.0, 23.4),
    )
    if b.midterm is not None:  # run --progress-table: 附表6 of the briefing, its rule in the notes
        view = b.midterm
        shades = ["red" if warning else None for warning in view.warnings]
        title, widths = t("slide_midterm"), MIDTERM_CM[lang]
        slides = _table_slides(deck, lang, title, view.header, view.rows, widths, shades)
        for slide in slides:
            deck.notes(slide, view.rule)
    save_pptx(prs, Path(path))
    return Path(path)


def preload() -> None:
    """Get a process ready to write decks: what the first deck of a process would otherwise pay.

    Makes the blank notes slide (:func:`~.deckparts.blank_notes`, a scratch deck of its own) and
    writes a small deck into memory, so that python-pptx's templates, lxml's element classes and
    the caches here are loaded. Meant for the report workers' fork server
    (:mod:`planmodel.report.warm`): every worker forked afterwards starts with them.
    """
    blank_notes()
    deck = DeckParts(Presentation())
    _text_slides(deck, "zh", "大冶", ["大冶 2026年"])
    _table_slides(deck, "zh", "大冶", ["目标", "概率"], [["地区生产总值", "约为27%"]], (8.0, 4.0), ["green"])
    deck.notes(deck.presentation.slides[0], "大冶")
    save_pptx(deck.presentation, io.BytesIO())
