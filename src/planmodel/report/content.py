"""The briefing: everything a run's documents say, built once per run in one language.

:func:`build_briefing` turns :class:`~planmodel.results.Results` (numbers) into a
:class:`Briefing` (text): the title block, the overall judgement with counts by status (总体判断),
one overview row per target (红黄绿), a section per key target with the charts it shows, risks and
caveats (风险与提示) and the appendices (assumptions, correlations, sources, method, run), and which
growth assumptions the run used (:mod:`~planmodel.report.outside_view`). Writers
only lay this out; charts read their labels from it. Nothing here touches files or matplotlib.

Key targets (a section and a slide each): targets not yet settled by data, joint targets aside,
at most :data:`MAX_SECTIONS`, levels and average growth first, then in the scenario's order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planmodel.report import appendix, i18n, monitoring, outside_view, sentences
from planmodel.report.appendix import AssumptionLine, SourceLine
from planmodel.report.relative import reference_label
from planmodel.report.rows import STATUS_ORDER, Row, target_row
from planmodel.results import Results, TargetResult

__all__ = [
    "CHART_WIDTH_CM",
    "MAX_SECTIONS",
    "SLIDE_SCALE",
    "Briefing",
    "ChartKey",
    "Section",
    "build_briefing",
    "key_targets",
]

ChartKey = tuple[str, str]
"""A chart by (kind, subject): ``("fan", "gdp")``, ``("dist", target name)``, ``("dashboard", "1")``."""
MAX_SECTIONS = 8
CHART_WIDTH_CM = 16.0
"""Charts are drawn once at this width (the text width of the A4 page, where they are placed as drawn)."""
SLIDE_SCALE = 14.0 / 9.0
"""The deck places charts this much larger: their smallest text (9 pt) reads 14 pt on a slide."""
DASHBOARD_ROWS = {"zh": 12, "en": 8}
"""Lines on one dashboard, so that it fits a slide with 14 pt text (more continue on the next);
English target names take two lines."""


@dataclass(frozen=True)
class Section:
    """One key target: its heading, what to say, the facts beside its chart, and the chart."""

    key: str
    title: str
    row: Row
    paragraphs: tuple[str, ...]
    charts: tuple[ChartKey, ...]
    """Charts shown with the section in documents (a chart shown with an earlier section is not repeated)."""
    slide_charts: tuple[ChartKey, ...] = ()
    """Charts for the section's slide: a slide stands alone, so it keeps its indicator's chart."""


@dataclass(frozen=True)
class Briefing:
    """A run's documents, written once, in one language."""

    lang: str
    title: str
    issuer: str | None
    region: str | None
    date: str
    cutoff: str
    summary: tuple[str, ...]
    counts: tuple[tuple[str, str, int], ...]
    """(status code, status in words, number of targets), in :data:`STATUS_ORDER`."""
    rows: tuple[Row, ...]
    findings: tuple[str, ...]
    """One sentence per target, in the order of ``rows``."""
    sections: tuple[Section, ...]
    risks: tuple[str, ...]
    assumptions: tuple[AssumptionLine, ...]
    correlations: tuple[tuple[str, str, str], ...]
    sources: tuple[SourceLine, ...]
    methods: tuple[str, ...]
    run_info: tuple[tuple[str, str], ...]
    dashboards: tuple[ChartKey, ...]
    dashboard_pages: tuple[tuple[str, ...], ...] = ()
    """The targets (scenario names) on each dashboard: open ones by probability, then settled."""
    charts: tuple[ChartKey, ...] = ()
    """Every chart the documents place, dashboards first."""
    names: dict[str, str] = field(default_factory=dict)
    """Scenario target name → its name in this language."""
    calibration: str = ""
    """Which growth assumptions the run used, in words: under the title, in the run information and
    in the console title (as written, or calibrated by the outside view)."""
    calibration_chart: str = ""
    """What charts add to their notes when the run is calibrated (empty otherwise)."""
    tornadoes: tuple[Any, ...] = ()
    """With ``run --sensitivity``: a :class:`~planmodel.report.analysis_text.TornadoView` per key
    target, drawn as chart ``("tornado", target)`` after 风险与提示."""

    midterm: Any = None
    """With ``run --progress-table``: the mid-term table of the same run
    (a :class:`~planmodel.report.midterm.MidtermView`), 附表6 after the run information."""

    def tornado(self, target: str) -> Any:
        """The tornado of ``target`` (see :attr:`tornadoes`)."""
        return next(v for v in self.tornadoes if v.target == target)

    def row(self, key: str) -> Row:
        """The overview row of the target called ``key`` in the scenario."""
        return next(r for r in self.rows if r.key == key)


@dataclass(frozen=True)
class BatchEntry:
    """One scenario of a batch run: its briefing, its folder (as shown) and how it was run."""

    briefing: Briefing
    folder: str
    draws: int
    seed: int


def key_targets(results: Results) -> list[TargetResult]:
    """The targets that get a section (see the module docstring for the rule)."""
    candidates = [t for t in results.targets if not t.determined and t.measure != "joint"]
    headline = [t for t in candidates if t.measure in ("level", "avg_growth")]
    rest = [t for t in candidates if t not in headline]
    chosen = (headline + rest)[:MAX_SECTIONS]
    return [t for t in results.targets if t in chosen]


def passage_informs(t: TargetResult) -> bool:
    """Whether a reached-by-year chart tells more than the probability.

    It does when the level is not yet reached and may well be reached before the target year.
    """
    fp = t.first_passage
    return len(fp) >= 3 and fp[0].reached_by < 0.01 and fp[-2].reached_by >= 0.05


def _charts_for(t: TargetResult, results: Results) -> tuple[ChartKey, ...]:
    charts: list[ChartKey] = []
    if t.measure == "level" and t.indicator in results.percentiles:
        charts.append(("fan", t.indicator))
    elif t.measure in ("growth", "avg_growth", "cumulative"):
        charts.append(("dist", t.name))
    if passage_informs(t):
        charts.append(("passage", t.name))
    return tuple(charts)


def target_names(results: Results, lang: str) -> dict[str, str]:
    """Each target's name as the reader sees it in ``lang``, by its name in the scenario.

    The documented fallback (:func:`~planmodel.report.i18n.target_name`): in English ``name_en``,
    else a description built from the target; names that would coincide say their census basis.
    """
    names = {
        t.name: i18n.target_name(t, results, lang, sentences.subject(t, results, lang))
        for t in results.targets
    }
    return _distinct(names, results, lang)


def reference_names(results: Results, lang: str) -> dict[str, str]:
    """What each relative target is compared with, as the overview says it, by the target's name."""
    return {t.name: reference_label(t, results, lang) for t in results.targets if t.reference is not None}


def _distinct(names: dict[str, str], results: Results, lang: str) -> dict[str, str]:
    """Generated names that coincide (one target judged on two census bases) say their basis."""
    seen = list(names.values())
    out = dict(names)
    for t in results.targets:
        if seen.count(names[t.name]) > 1 and t.level_basis is not None:
            basis = i18n.text(f"chart_basis_{t.level_basis}", lang)
            out[t.name] = names[t.name] + i18n.text("paren", lang, text=basis)
    return out


def _cutoff(results: Results, lang: str) -> str:
    if results.base_year is not None:
        return i18n.text("cutoff", lang, year=results.base_year)
    years = [
        y
        for info in results.indicators.values()
        for statuses in (info.actual_status, info.growth_status)
        for y, s in statuses.items()
        if s in ("published", "preliminary", "estimate")
    ]
    return i18n.text("cutoff", lang, year=max(years)) if years else ""


def _counts(rows: tuple[Row, ...], lang: str) -> tuple[tuple[str, str, int], ...]:
    return tuple(
        (code, i18n.text(f"band_{code}", lang), n)
        for code in STATUS_ORDER
        if (n := sum(r.band == code for r in rows))
    )


def _summary(
    results: Results, rows: tuple[Row, ...], counts: tuple[tuple[str, str, int], ...], lang: str
) -> tuple[str, ...]:
    settled = [c for c in counts if c[0] in ("met", "missed")]
    open_ = [c for c in counts if c[0] not in ("met", "missed")]
    n_settled = sum(c[2] for c in settled)
    parts = [i18n.text("count_item", lang, word=w, n=n) for _, w, n in settled]
    first = i18n.text("summary_total", lang, under=sentences.scenario_phrase(results, lang), n=len(rows))
    if n_settled:
        first += i18n.text("summary_settled", lang, n=n_settled, parts=i18n.join(parts, lang))
    if open_:
        items = i18n.join([i18n.text("count_item", lang, word=w, n=n) for _, w, n in open_], lang)
        key = "summary_open" if n_settled else "summary_open_all"
        first += i18n.text(key, lang, n=len(rows) - n_settled, parts=items)
    out = [first + i18n.text("full_stop", lang)]
    groups = (("good", ("certain", "likely")), ("middle", ("possible",)), ("bad", ("hard", "remote")))
    for name, codes in groups:
        members = [r.name for r in rows if r.band in codes]
        if members:
            out.append(i18n.text(f"summary_{name}", lang, names=i18n.join(members, lang)))
    return tuple(out)


def _dashboard_pages(results: Results, lang: str) -> tuple[tuple[str, ...], ...]:
    """Open targets by probability (highest first), then met, then missed; cut into pages."""
    open_ = sorted((t for t in results.targets if not t.determined), key=lambda t: -t.probability)
    met = [t for t in results.targets if t.determined and t.successes == t.draws]
    missed = [t for t in results.targets if t.determined and t.successes < t.draws]
    names = [t.name for t in (*open_, *met, *missed)]
    n_pages = -(-len(names) // DASHBOARD_ROWS[lang])
    per_page = -(-len(names) // n_pages) if n_pages else 0
    return tuple(tuple(names[i * per_page : (i + 1) * per_page]) for i in range(n_pages))


def _methods(results: Results, manifest: Mapping[str, Any], lang: str) -> tuple[str, ...]:
    """The method appendix; a calibrated run adds the outside view's numbers."""
    extra = outside_view.method(results, manifest.get("outside_view"), lang)
    return appendix.methods(results, lang) + ((extra,) if extra else ())


def build_briefing(
    results: Results,
    manifest: Mapping[str, Any] | None = None,
    lang: str = "zh",
    *,
    documents: Mapping[str, str] | None = None,
    today: date | None = None,
    insight: Any = None,
) -> Briefing:
    """Write a run's briefing in ``lang``.

    Parameters
    ----------
    results
        The run's numbers.
    manifest
        The run manifest (file, hash, seed, version, creation time) for the run information.
    lang
        ``"zh"`` or ``"en"``.
    documents
        Source document file name → title (from ``seeds/``), so sources name documents by title.
    today
        The report date (default: the manifest's creation date, else today).
    insight
        An :class:`~planmodel.analysis.insight.Insight` (``run --sensitivity``): its drivers and
        conditions join 风险与提示 and its tornadoes are charted there.
    """
    i18n.check_lang(lang)
    manifest = manifest or {}
    documents = documents or {}
    if today is None:
        created = str(manifest.get("created_utc", ""))[:10]
        today = date.fromisoformat(created) if len(created) == 10 else date.today()
    names = target_names(results, lang)
    rows = tuple(target_row(t, results, names[t.name], lang) for t in results.targets)
    by_key = {r.key: r for r in rows}
    findings = tuple(
        sentences.finding(t, by_key[t.name], results, lang) + monitoring.tolerant_sentence(t, lang)
        for t in results.targets
    )
    finding_of = dict(zip((t.name for t in results.targets), findings, strict=True))
    keys = key_targets(results)
    sections: list[Section] = []
    shown: set[ChartKey] = set()
    for t in keys:  # a chart shared by two key targets (one indicator) is shown with the first
        own = _charts_for(t, results)
        charts = tuple(c for c in own if c not in shown)
        shown.update(charts)
        note = i18n.planner_text(t.note, t.note_en, lang)  # how the planner reads the target
        paragraphs = (finding_of[t.name],) + ((i18n.text("target_note", lang, note=note),) if note else ())
        sections.append(Section(t.name, names[t.name], by_key[t.name], paragraphs, charts, own))
    counts = _counts(rows, lang)
    pages = _dashboard_pages(results, lang)
    dashboards = tuple(("dashboard", str(i + 1)) for i in range(len(pages)))
    charts = list(dashboards)
    for s in sections:
        charts += [c for c in s.charts if c not in charts]
    risks = appendix.risks(results, names, documents, lang)
    tornadoes: tuple[Any, ...] = ()
    if insight is not None:
        from planmodel.report.analysis_text import insight_section

        extra, tornadoes = insight_section(insight, names, lang)
        risks = (*extra, *risks)
        charts += [("tornado", v.target) for v in tornadoes]
    return Briefing(
        lang=lang,
        title=i18n.scenario_title(results, lang),
        issuer=results.issuer,
        region=results.region,
        date=i18n.long_date(today, lang),
        cutoff=_cutoff(results, lang),
        summary=_summary(results, rows, counts, lang),
        counts=counts,
        rows=rows,
        findings=findings,
        sections=tuple(sections),
        risks=risks + monitoring.tasks_lines(results, lang),
        assumptions=appendix.assumption_lines(results, documents, lang),
        correlations=appendix.correlation_lines(results, lang),
        sources=appendix.source_lines(results, names, documents, lang),
        methods=_methods(results, manifest, lang),
        run_info=appendix.run_info(results, manifest, lang),
        dashboards=dashboards,
        dashboard_pages=pages,
        charts=tuple(charts),
        names=names,
        calibration=outside_view.statement(results, lang),
        calibration_chart=outside_view.chart_note(results, lang),
        tornadoes=tornadoes,
    )
