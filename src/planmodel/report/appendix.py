"""The back of the briefing: risks and caveats, assumptions, correlations, sources, method, run.

Everything here is written for a reader: assumptions as distributions in words, sources by the
document's title (never its file name), the method in plain words and how to replay the run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from planmodel.report import formats, i18n, outside_view
from planmodel.results import Assumption, GapYears, IndicatorInfo, Results, ScenarioNote

__all__ = [
    "AssumptionLine",
    "SourceLine",
    "assumption_lines",
    "correlation_lines",
    "methods",
    "plain_source",
    "risks",
    "run_info",
    "source_lines",
]

DOCUMENT_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
"""How the project names its source documents (``001_806b7ce717d61b69.txt``): never shown."""
_SOURCE = re.compile(r"^\s*(?P<file>\d{3}_[0-9a-f]{16}\.txt)\s*(?P<where>[^:：]*?)\s*[:：]\s*(?P<quote>.+)$")


@dataclass(frozen=True)
class AssumptionLine:
    """One assumption in words: indicator, what, years, setting, reason, source."""

    indicator: str
    variable: str
    years: str
    setting: str
    reason: str
    source: str


@dataclass(frozen=True)
class SourceLine:
    """Where a number comes from: what it is, the document, the place in it and the quote."""

    subject: str
    document: str
    where: str
    quote: str


def plain_source(text: str | None, documents: Mapping[str, str], lang: str) -> str:
    """A cited source with every document file name replaced by the document's title."""
    if not text:
        return ""

    def title(match: re.Match[str]) -> str:
        name = documents.get(match.group(0))
        return f"《{name}》" if name else i18n.text("unnamed_document", lang)

    return DOCUMENT_FILE.sub(title, text)


def _reason(a: Assumption, documents: Mapping[str, str], lang: str) -> str:
    """Why an assumption was made, in ``lang`` (the planner's English where given, else as written)."""
    return plain_source(i18n.planner_text(a.reason, a.reason_en, lang), documents, lang)


def _years(years: tuple[int, ...], lang: str) -> str:
    if not years:
        return ""
    if len(years) > 1 and years == tuple(range(years[0], years[-1] + 1)):
        return i18n.years_text(years[0], years[-1], lang)
    return i18n.join([i18n.years_text(None, y, lang) for y in years], lang)


def _spread(a: Assumption, x: float, lang: str, relative: bool = False) -> str:
    """The size of a doubt: in the indicator's unit, percent of a level, or percentage points of a rate."""
    if a.in_unit:
        return formats.change(x, a.unit, lang)
    return formats.rate(x) if relative else formats.points(100 * x, lang)


def _parameters(a: Assumption, lang: str) -> str:
    parts = []
    for name, x in a.parameters:
        if name == "persistence":
            value = formats.number(x, lang, 2)
        else:
            value = _spread(a, x, lang, relative=a.revised == "level")
        parts.append(i18n.text(f"param_{name}", lang, value=value))
    text = i18n.text("comma", lang).join(parts)
    if a.kind == "revision":
        status = i18n.text(f"known_{a.status or 'published'}", lang)
        return i18n.text(f"revision_{a.revised}", lang, status=status, detail=text)
    return text


def _setting(a: Assumption, info: IndicatorInfo, lang: str) -> str:
    if a.parameters:
        return _parameters(a, lang)
    if a.kind == "rebase" and a.distribution is not None:
        return i18n.text("setting_rebase", lang, shift=a.distribution.describe(lang, fmt=formats.rate))
    if a.distribution is None:
        if a.value is None:
            return ""
        if a.kind == "assumed_level":
            return formats.published(a.value, a.unit, lang)
        if a.kind == "assumed_growth" and info.price_basis != "split" and a.unit.symbol in ("%", "‰"):
            return formats.change(a.value, a.unit, lang, signed=True)
        return formats.rate(a.value)
    if a.kind == "change":
        return a.distribution.describe(lang, fmt=lambda x: formats.change(x, a.unit, lang))
    return a.distribution.describe(lang, fmt=formats.rate)


def assumption_lines(results: Results, documents: Mapping[str, str], lang: str) -> tuple[AssumptionLine, ...]:
    """Every assumption of the run in words."""
    out = []
    for a in results.assumptions:
        info = results.indicators[a.indicator]
        out.append(
            AssumptionLine(
                indicator=i18n.indicator_label(info, lang),
                variable=i18n.text(f"variable_{a.kind}", lang),
                years=_years(a.years, lang),
                setting=_setting(a, info, lang),
                reason=_reason(a, documents, lang),
                source=plain_source(a.source, documents, lang),
            )
        )
    return tuple(out)


def _driver(name: str, results: Results, lang: str) -> str:
    key, *parts = name.split(".")
    info = results.indicators.get(key)
    label = i18n.indicator_label(info, lang, key)
    if parts[:1] == ["rebase"]:
        return label + i18n.text("driver_rebase", lang)
    if parts[:1] == ["deflator"]:
        kind = "deflator"
    else:
        kinds = {a.kind for a in results.assumptions if a.indicator == key}
        kind = next((k for k in ("real_growth", "growth", "change") if k in kinds), "growth")
    trend = i18n.text("driver_trend", lang) if parts[-1:] == ["trend"] else ""
    return label + i18n.text(f"driver_{kind}", lang) + trend


def correlation_lines(results: Results, lang: str) -> tuple[tuple[str, str, str], ...]:
    """Each correlation as (first driver, second driver, coefficient) in words."""
    return tuple(
        (_driver(c.a, results, lang), _driver(c.b, results, lang), formats.number(c.rho, lang, 2))
        for c in results.correlations
    )


def source_lines(
    results: Results, names: Mapping[str, str], documents: Mapping[str, str], lang: str
) -> tuple[SourceLine, ...]:
    """The plan document and quote behind every target, then the sources of the known values."""
    out = []
    for t in results.targets:
        if not t.source:
            continue
        match = _SOURCE.match(t.source)
        if match:
            doc = documents.get(match["file"])
            title = f"《{doc}》" if doc else i18n.text("unnamed_document", lang)
            out.append(SourceLine(names[t.name], title, match["where"], match["quote"]))
        else:
            out.append(SourceLine(names[t.name], "", "", plain_source(t.source, documents, lang)))
    for key in _used_indicators(results):
        info = results.indicators[key]
        for year, source in sorted(info.actual_sources.items()):
            subject = f"{i18n.indicator_label(info, lang)} {i18n.years_text(None, year, lang)}"
            out.append(SourceLine(subject, "", "", plain_source(source, documents, lang)))
    return tuple(out)


def _used_indicators(results: Results) -> list[str]:
    """Simulated indicators the targets read, directly or through a formula, in scenario order."""
    used: set[str] = set()
    for t in results.targets:
        if t.indicator:
            info = results.indicators[t.indicator]
            used |= set(info.components) if info.kind == "derived" else {t.indicator}
    return [k for k, i in results.indicators.items() if k in used and i.kind == "simulated"]


def risks(
    results: Results, names: Mapping[str, str], documents: Mapping[str, str], lang: str
) -> tuple[str, ...]:
    """The caveats that move results: assumed, revised and preliminary values, gaps, the planner's notes.

    ``names`` maps a target's scenario name to its name in the report.
    """
    used = _used_indicators(results)
    out = _assumed_risks(results, set(used), documents, lang)
    out += _early_risks(results, used, lang)
    for note in results.notes:
        if isinstance(note, GapYears) and note.indicator in used:
            label = i18n.indicator_label(results.indicators[note.indicator], lang)
            out.append(i18n.text("risk_gap", lang, label=label, years=_years(note.years, lang)))
    for key in used:
        info = results.indicators[key]
        note = i18n.planner_text(info.note, info.note_en, lang)
        if note:
            out.append(f"{i18n.indicator_label(info, lang)}{i18n.text('colon', lang)}{note}")
    early_evidence = ("assumed", "preliminary", "estimate")
    settled = [
        names.get(t.name, t.name) for t in results.targets if t.determined and t.evidence in early_evidence
    ]
    if settled:
        out.append(i18n.text("risk_settled_on_assumptions", lang, names=i18n.join(settled, lang)))
    planner_notes = [n for n in results.notes if isinstance(n, ScenarioNote)]
    out += [i18n.planner_text(n.text, n.text_en, lang) or n.text for n in planner_notes]
    return tuple(out)


def _early_risks(results: Results, used: list[str], lang: str) -> list[str]:
    """Preliminary figures and early estimates: one caveat for the indicators with the same years."""
    groups: dict[tuple[tuple[int, ...], tuple[str, ...]], list[str]] = {}
    for key in used:
        info = results.indicators[key]
        found = {(y, s) for d in (info.actual_status, info.growth_status) for y, s in d.items()}
        found = {(y, s) for y, s in found if s in ("estimate", "preliminary")}
        if found:
            group = (tuple(sorted({y for y, _ in found})), tuple(sorted({s for _, s in found})))
            groups.setdefault(group, []).append(i18n.indicator_label(info, lang))
    out = []
    for (years, kinds), labels in groups.items():
        what = i18n.join([i18n.text(f"early_{s}", lang) for s in kinds], lang, "or")
        label = i18n.join(labels, lang)
        out.append(i18n.text("risk_preliminary", lang, label=label, years=_years(years, lang), what=what))
    return out


def _assumed_risks(results: Results, used: set[str], documents: Mapping[str, str], lang: str) -> list[str]:
    """Assumed values (one caveat per indicator and kind), census revisions, values still revised."""
    out = []
    groups: dict[tuple[str, str], list[Assumption]] = {}
    for a in results.assumptions:
        if a.kind in ("assumed_level", "assumed_growth") and a.indicator in used:
            groups.setdefault((a.indicator, a.kind), []).append(a)
    for (key, kind), items in groups.items():
        info = results.indicators[key]
        values = list(dict.fromkeys(_setting(a, info, lang) for a in items))
        out.append(
            i18n.text(
                f"risk_{kind}",
                lang,
                label=i18n.indicator_label(info, lang),
                years=_years(tuple(y for a in items for y in a.years), lang),
                value=i18n.join(values, lang),
                reason=_reason(items[0], documents, lang) or "—",
            )
        )
    for a in results.assumptions:
        if a.indicator not in used:
            continue
        label = i18n.indicator_label(results.indicators[a.indicator], lang)
        if a.kind == "rebase" and a.distribution is not None:
            shift = a.distribution.describe(lang, fmt=formats.rate)
            out.append(i18n.text("risk_rebase", lang, label=label, year=a.years[0], shift=shift))
        if a.kind == "revision" and a.status == "published":
            out.append(i18n.text("risk_revision", lang, label=label, years=_years(a.years, lang)))
    return out


def methods(results: Results, lang: str) -> tuple[str, ...]:
    """The method in plain words (no formulas beyond the price identity planners already use)."""
    from planmodel.report.rows import BANDS

    edges = {code: f"{edge}%" for code, edge in BANDS}
    return tuple(
        i18n.text(key, lang, draws=f"{results.draws:,}", **edges)
        for key in (
            "method_mc",
            "method_prices",
            "method_interval",
            "method_pace",
            "method_bands",
            "method_corr",
        )
    )


def run_info(results: Results, manifest: Mapping[str, Any], lang: str) -> tuple[tuple[str, str], ...]:
    """What a reader needs to redo the run: file, fingerprint, draws, seed, data, growth, version, date.

    "Growth" is which growth assumptions were used (as written or calibrated by the outside view).
    """
    seed = manifest.get("seed_entropy") or (results.seed if results.seed is not None else results.entropy)
    scenario_file = manifest.get("scenario_file") or ""
    rows = [
        (i18n.text("run_file", lang), str(scenario_file) or "—"),
        (i18n.text("run_hash", lang), str(manifest.get("scenario_sha256") or "—")),
        (i18n.text("run_draws", lang), i18n.text("times", lang, n=f"{results.draws:,}")),
        (i18n.text("run_seed", lang), str(seed)),
        (
            i18n.text("run_data", lang),
            i18n.text("run_data_all", lang)
            if results.base_year is None
            else i18n.text("run_data_cut", lang, year=results.base_year),
        ),
        (i18n.text("run_calibration", lang), outside_view.statement(results, lang)),
        (i18n.text("run_version", lang), f"planmodel {manifest.get('version', '?')}"),
        (
            i18n.text("run_created", lang),
            str(manifest.get("created_utc", "")).replace("T", " ").replace("Z", " UTC"),
        ),
    ]
    command = f"planmodel run {scenario_file or 'SCENARIO.yaml'} --seed {seed} --draws {results.draws}"
    if results.base_year is not None and manifest.get("base_year") is not None:
        command += f" --base-year {results.base_year}"
    if results.calibration == "outside_view":
        command += " --calibration outside_view"
    rows.append((i18n.text("run_replay", lang), command))
    return tuple(rows)
