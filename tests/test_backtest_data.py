"""Checks for the back-test case files in backtests/*.yaml (format: docs/backtests.md).

Schema checks always run: keys, vocabularies, years, evidence present for every number, the number
readable in its quote, and every seeds/ fact a case cites carrying the same value, unit and year.
Source checks (a quote is an exact substring of its local source document) run only when the shared
inputs directory (<parent of repo>/shared) exists. Quotes from web pages and public repositories are
kept with their address; they cannot be checked offline.
"""
import copy
import functools
import math
import re
from pathlib import Path

import pytest
import yaml

from test_seeds import BASES, MEASURES, RELATIONS, fmt, is_num

REPO = Path(__file__).resolve().parents[1]
BACKTESTS = REPO / "backtests"
SEEDS = REPO / "seeds"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SCHEMA = "planmodel.backtests/1"
CASE_FILES = sorted(BACKTESTS.glob("*.yaml"))

SOURCE_KINDS = {"local", "web", "github"}
DIRECTIONS = {"higher_is_better", "lower_is_better", "unclear"}
STATUSES = {"published", "preliminary", "first_release", "revised"}
QUALIFIERS = {"about", "at_least"}
TRANSFORMS = {"index_minus_100"}
LEVELS = {"province", "prefecture", "county_city", "district"}
TOP_REQUIRED = {"schema", "set", "title", "description", "sources", "cases"}
TOP_OPTIONAL = {"notes", "unpaired"}
CASE_REQUIRED = {"id", "region", "level", "reference_class", "indicator", "direction", "target",
                 "known_at_setting", "outcome", "assumptions"}
CASE_OPTIONAL = {"region_code", "parent_region", "interim", "note"}
TARGET_REQUIRED = {"measure", "relation", "value", "unit", "basis", "wording", "set_in", "evidence"}
TARGET_OPTIONAL = {"year", "span", "binding", "comparable", "comparable_reason", "value_text"}
OBS_REQUIRED = {"measure", "value", "unit", "basis", "status", "vintage", "evidence"}
OBS_OPTIONAL = {"year", "span", "qualifier", "period", "note"}
UNPAIRED_REQUIRED = {"region", "year", "measure", "relation", "value", "unit", "reason", "evidence"}
UNPAIRED_OPTIONAL = {"indicator", "wording"}
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
SHA_RE = re.compile(r"^[0-9a-f]{40}$")


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _load_cached(path):
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=LOADER)


def load(path):
    """Parsed YAML file (parsed once per session; callers get their own copy)."""
    return copy.deepcopy(_load_cached(Path(path)))


def seed_facts():
    """All seeds/ facts keyed '<file stem>#<fact id>', with the source document of each."""
    out = {}
    for path in SEEDS.glob("*.yaml"):
        data = load(path)
        doc = "data/" + data["document"] if data["document"].endswith(".md") else "seeds/" + data["document"]
        for f in data["facts"]:
            out[f"{path.stem}#{f['id']}"] = dict(f, _doc=doc)
    return out


FACTS = seed_facts()


def when(item):
    """(year, span) of a target, observation or fact; the missing one is None."""
    span = item.get("span")
    return item.get("year"), tuple(span) if span is not None else None


def last_year(item):
    year, span = when(item)
    return span[1] if span else year


def same_value(a, b):
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(
            math.isclose(x, y, abs_tol=1e-9) for x, y in zip(a, b, strict=True))
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, abs_tol=1e-9)


def readable_in(number, quote):
    """True if the number, as it would be written, stands in the quote (thousands commas allowed)."""
    pattern = r"(?<![\d.])" + re.escape(fmt(number)) + r"(?:\.0+)?(?!\.?\d)"
    flat = quote.replace(",", "").replace("，", "")
    return re.search(pattern, quote) is not None or re.search(pattern, flat) is not None


def keys_errors(where, d, required, optional):
    if not isinstance(d, dict):
        return [f"{where}: expected a mapping, found {type(d).__name__}"]
    errs = [f"{where}: missing {sorted(required - set(d))}"] if required - set(d) else []
    if set(d) - required - optional:
        errs.append(f"{where}: unknown keys {sorted(set(d) - required - optional)}")
    return errs


def time_errors(where, d):
    year, span = when(d)
    if (year is None) == (span is None):
        return [f"{where}: needs exactly one of year / span"]
    if year is not None and not (isinstance(year, int) and 1990 <= year <= 2040):
        return [f"{where}: bad year {year!r}"]
    if span is not None and not (len(span) == 2 and all(isinstance(y, int) for y in span)
                                 and 1990 <= span[0] <= span[1] <= 2040):
        return [f"{where}: bad span {list(span)!r}"]
    return []


def value_errors(where, value, relation=None):
    if value is None:
        return []
    if isinstance(value, list):
        if not value or not all(is_num(v) for v in value):
            return [f"{where}: bad list value {value!r}"]
        if relation == "range" and (len(value) != 2 or value[0] >= value[1]):
            return [f"{where}: a range is [low, high], found {value!r}"]
        return []
    if not is_num(value):
        return [f"{where}: value is not a number: {value!r}"]
    if relation == "range":
        return [f"{where}: relation range needs [low, high]"]
    return []


def fact_evidence_errors(w, ev, item):
    """A seeds fact cited as evidence must carry the item's value, unit and year/span."""
    errs = keys_errors(w, ev, {"fact"}, set())
    fact = FACTS.get(ev["fact"])
    if fact is None:
        return errs + [f"{w}: no seeds fact {ev['fact']!r}"]
    if not same_value(fact["value"], item["value"]):
        errs.append(f"{w}: value {item['value']!r} but fact {ev['fact']} says {fact['value']!r}")
    if fact["unit"] != item["unit"]:
        errs.append(f"{w}: unit {item['unit']!r} but fact says {fact['unit']!r}")
    if when(fact) != when(item):
        errs.append(f"{w}: year/span {when(item)} but fact says {when(fact)}")
    return errs


def quote_evidence_errors(w, ev, item, sources, region):
    """A quote cited as evidence must come from a listed source and show the item's number."""
    errs = keys_errors(w, ev, {"source", "quote"}, {"as_written", "transform"})
    if ev.get("source") not in sources:
        errs.append(f"{w}: source {ev.get('source')!r} is not in the file's sources")
    quote = ev.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        return errs + [f"{w}: empty quote"]
    values = item["value"] if isinstance(item["value"], list) else [item["value"]]
    if "as_written" in ev:
        if ev.get("transform") not in TRANSFORMS:
            errs.append(f"{w}: as_written needs a transform in {sorted(TRANSFORMS)}")
        elif not math.isclose(item["value"], ev["as_written"] - 100, abs_tol=1e-9):
            errs.append(f"{w}: value {item['value']} is not as_written - 100 ({ev['as_written']})")
        if not readable_in(ev["as_written"], quote):
            errs.append(f"{w}: {ev['as_written']} not found in quote")
    elif item["value"] is not None and not all(readable_in(v, quote) for v in values):
        errs.append(f"{w}: value {item['value']!r} not found in quote {quote!r}")
    if sources.get(ev.get("source"), {}).get("kind") == "github" and region and region not in quote:
        errs.append(f"{w}: repository row does not name {region}")
    return errs


def evidence_errors(where, item, sources, region=None):
    """Problems with the evidence of a target or observation (its value must be readable in it)."""
    evs = item.get("evidence")
    if not isinstance(evs, list) or not evs:
        return [f"{where}: no evidence"]
    errs = []
    for i, ev in enumerate(evs):
        w = f"{where}.evidence[{i}]"
        if "fact" in ev:
            errs += fact_evidence_errors(w, ev, item)
        else:
            errs += quote_evidence_errors(w, ev, item, sources, region)
    return errs


def vocab_errors(where, d, vocab):
    """One line per key whose value is outside its vocabulary (absent optional keys are skipped)."""
    return [f"{where}: bad {key} {d[key]!r}, valid: {sorted(allowed)}"
            for key, allowed in vocab if key in d and d[key] not in allowed]


def obs_errors(where, obs, sources, region):
    errs = keys_errors(where, obs, OBS_REQUIRED, OBS_OPTIONAL)
    if errs:
        return errs
    errs += time_errors(where, obs) + value_errors(where, obs["value"])
    if obs["value"] is None:
        errs.append(f"{where}: an observation needs a value")
    errs += vocab_errors(where, obs, (("measure", MEASURES), ("basis", BASES), ("status", STATUSES),
                                      ("qualifier", QUALIFIERS)))
    return errs + evidence_errors(where, obs, sources, region)


def target_errors(where, t, sources, region):
    errs = keys_errors(where, t, TARGET_REQUIRED, TARGET_OPTIONAL)
    if errs:
        return errs
    errs += time_errors(where, t) + value_errors(where, t["value"], t["relation"])
    errs += vocab_errors(where, t, (("measure", MEASURES), ("relation", RELATIONS), ("basis", BASES)))
    if not isinstance(t["wording"], str) or not t["wording"].strip():
        errs.append(f"{where}: wording must be the target as written")
    if t["value"] is None and not (t.get("value_text") and t.get("comparable") is False):
        errs.append(f"{where}: a target without a number needs value_text and comparable: false")
    if t.get("comparable") is False and not t.get("comparable_reason"):
        errs.append(f"{where}: comparable: false needs comparable_reason")
    set_in = t["set_in"]
    if not (isinstance(set_in, dict) and set(set_in) == {"year", "document"}
            and isinstance(set_in["year"], int) and isinstance(set_in["document"], str)
            and set_in["document"]):
        errs.append(f"{where}: set_in must be {{year, document}}")
    elif set_in["year"] > last_year(t):
        errs.append(f"{where}: set in {set_in['year']}, after its own target year")
    return errs + evidence_errors(where, t, sources, region)


def observations_errors(cid, case, sources, region):
    """Problems of the known_at_setting, interim and outcome lists of a case with a valid target."""
    t = case["target"]
    errs = []
    for part in ("known_at_setting", "interim", "outcome"):
        items = case.get(part, [])
        if not isinstance(items, list):
            errs.append(f"{cid}.{part}: must be a list")
            continue
        for i, obs in enumerate(items):
            w = f"{cid}.{part}[{i}]"
            oerrs = obs_errors(w, obs, sources, region)
            errs += oerrs
            if oerrs:
                continue
            if part == "known_at_setting" and last_year(obs) >= t["set_in"]["year"]:
                errs.append(f"{w}: year {last_year(obs)} was not known when the target was set "
                            f"({t['set_in']['year']})")
            if part == "outcome" and t.get("comparable") is not False and when(obs) != when(t):
                errs.append(f"{w}: outcome for {when(obs)} but the target is for {when(t)}")
    if t.get("comparable", True) and not case["outcome"]:
        errs.append(f"{cid}: no outcome (mark the target comparable: false with a reason if none can be "
                    "compared)")
    return errs


def assumptions_errors(cid, a):
    if not (isinstance(a, dict) and a.get("status") in {"to_fill", "filled"}
            and isinstance(a.get("items"), list)):
        return [f"{cid}.assumptions: needs status to_fill|filled and an items list"]
    if a["status"] != "filled":
        return []
    return [f"{cid}.assumptions.items[{j}]: an assumption is labelled 假设 and gives a reason"
            for j, item in enumerate(a["items"])
            if not (isinstance(item, dict) and item.get("label") == "假设" and item.get("reason"))]


def case_errors(case, sources):
    """Schema problems of one case (list of strings; empty = fine)."""
    cid = case.get("id", "?") if isinstance(case, dict) else "?"
    errs = keys_errors(cid, case, CASE_REQUIRED, CASE_OPTIONAL)
    if errs:
        return errs
    if not ID_RE.match(str(case["id"])):
        errs.append(f"{cid}: id not snake_case")
    errs += vocab_errors(cid, case, (("level", LEVELS), ("direction", DIRECTIONS)))
    errs += keys_errors(f"{cid}.indicator", case["indicator"], {"key", "label", "unit"}, set())
    region = case["region"] if case["level"] == "province" else None
    terrs = target_errors(f"{cid}.target", case["target"], sources, region)
    if terrs:
        return errs + terrs
    errs += observations_errors(cid, case, sources, region)
    return errs + assumptions_errors(cid, case["assumptions"])


def source_errors(name, src):
    errs = keys_errors(f"sources.{name}", src, {"kind"},
                       {"path", "address", "repo", "commit", "publisher", "language", "note"})
    if errs:
        return errs
    kind = src["kind"]
    if kind not in SOURCE_KINDS:
        return [f"sources.{name}: bad kind {kind!r}"]
    if kind == "local" and not src.get("path"):
        errs.append(f"sources.{name}: a local source needs path (relative to shared/)")
    if kind == "web" and not str(src.get("address", "")).startswith("http"):
        errs.append(f"sources.{name}: a web source needs its address")
    if kind == "github" and not (src.get("repo") and SHA_RE.match(str(src.get("commit", "")))
                                 and src.get("path")):
        errs.append(f"sources.{name}: a repository source needs repo, a 40-hex commit and path")
    return errs


def file_errors(path, data):
    errs = keys_errors(path.name, data, TOP_REQUIRED, TOP_OPTIONAL)
    if errs:
        return errs
    if data["schema"] != SCHEMA:
        errs.append(f"{path.name}: schema must be {SCHEMA!r}")
    if data["set"] != path.stem:
        errs.append(f"{path.name}: set must be the file stem")
    for name, src in data["sources"].items():
        errs += source_errors(name, src)
    if not data["cases"]:
        errs.append(f"{path.name}: no cases")
    for case in data["cases"]:
        errs += case_errors(case, data["sources"])
    for i, u in enumerate(data.get("unpaired", [])):
        w = f"{path.name}.unpaired[{i}]"
        uerrs = keys_errors(w, u, UNPAIRED_REQUIRED, UNPAIRED_OPTIONAL)
        errs += uerrs or (value_errors(w, u["value"], u["relation"])
                          + evidence_errors(w, u, data["sources"]))
    return errs


# ----------------------------------------------------------------------------- schema

def test_case_files_present():
    expected = {"xisaishan_13th_fyp", "daye_huangshi_hubei", "provincial_gdp_annual"}
    assert {p.stem for p in CASE_FILES} >= expected


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_schema_and_numbers(path):
    errs = file_errors(path, load(path))
    assert not errs, "\n".join(errs[:40])


def test_ids_unique_across_files():
    ids = [c["id"] for p in CASE_FILES for c in load(p)["cases"]]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    assert not dups, f"duplicate case ids: {dups}"


def test_one_case_per_province_year():
    """The provincial reference class must not count a province-year twice (Hubei lives in set 2)."""
    keys = [(c["region"], last_year(c["target"])) for p in CASE_FILES for c in load(p)["cases"]
            if c["reference_class"] == "provincial_gdp_annual"]
    dups = sorted({k for k in keys if keys.count(k) > 1})
    assert not dups, f"province-years counted twice: {dups}"


def test_xisaishan_table_covered():
    """Every indicator row of 专栏1-1 in the seeds has a case (reused by fact id)."""
    table = {f["indicator"] for k, f in FACTS.items()
             if k.startswith("002_52ca5559fd852553#") and "专栏1-1" in f["section"]}
    cited = {FACTS[ev["fact"]]["indicator"]
             for c in load(BACKTESTS / "xisaishan_13th_fyp.yaml")["cases"]
             for part in ("target", "known_at_setting", "interim", "outcome")
             for item in ([c[part]] if part == "target" else c.get(part, []))
             for ev in item["evidence"] if "fact" in ev}
    assert table - cited == set(), f"rows of 专栏1-1 without a case: {sorted(table - cited)}"


def test_checker_can_fail():
    """The helpers must reject broken cases (guards against a vacuous test)."""
    src = {"s": {"kind": "web", "address": "http://example.org"}}
    obs = {"measure": "growth", "value": 6.1, "unit": "%", "basis": "real", "year": 2019, "status": "revised",
           "vintage": "v", "evidence": [{"source": "s", "quote": "全年增长6.1%"}]}
    good = {"id": "x_2019", "region": "某省", "level": "province", "reference_class": "r",
            "indicator": {"key": "gdp", "label": "地区生产总值", "unit": "%"},
            "direction": "higher_is_better",
            "target": {"measure": "growth", "relation": "about", "value": 6.5, "unit": "%", "basis": "real",
                       "year": 2019, "wording": "6.5%左右", "set_in": {"year": 2019, "document": "d"},
                       "evidence": [{"source": "s", "quote": "增长6.5%左右"}]},
            "known_at_setting": [], "outcome": [obs], "assumptions": {"status": "to_fill", "items": []}}
    assert case_errors(good, src) == []
    bad_target = dict(good["target"], value=7)
    assert case_errors(dict(good, target=bad_target), src)                 # number not in quote
    assert case_errors(dict(good, target=dict(good["target"], relation="range")), src)
    assert case_errors(dict(good, target=dict(good["target"], set_in={"year": 2020, "document": "d"})), src)
    assert case_errors(dict(good, outcome=[dict(obs, year=2018)]), src)    # outcome for another year
    assert case_errors(dict(good, outcome=[]), src)
    assert case_errors(dict(good, known_at_setting=[dict(obs, year=2019)]), src)  # not known yet
    assert case_errors(dict(good, outcome=[dict(obs, status="guess")]), src)
    assert case_errors(dict(good, direction="up"), src)
    assert case_errors(dict(good, extra=1), src)
    idx = dict(obs, evidence=[{"source": "s", "quote": "2019,106.1", "as_written": 106.1,
                               "transform": "index_minus_100"}])
    assert case_errors(dict(good, outcome=[idx]), src) == []
    assert case_errors(dict(good, outcome=[dict(idx, value=6.2)]), src)
    assert case_errors(dict(good, outcome=[dict(obs, evidence=[{"fact": "nope#x"}])]), src)
    assert not readable_in(6.1, "增长16.1%") and not readable_in(6, "增长6.5%")
    assert readable_in(8, "增长8.0%") and readable_in(-5, "下降5%") and readable_in(5.5, "5.5.% 좌우")


# ----------------------------------------------------------------------------- quotes vs local sources

def _local_quotes():
    """(file, where, source path relative to shared/, quote) for every quote that a local file can check."""
    out = []
    for path in CASE_FILES:
        data = load(path)
        items = []
        for c in data["cases"]:
            items.append((c["id"], c["target"]))
            items += [(c["id"], o) for part in ("known_at_setting", "interim", "outcome")
                      for o in c.get(part, [])]
        items += [("unpaired", u) for u in data.get("unpaired", [])]
        for where, item in items:
            for ev in item["evidence"]:
                if "fact" in ev:
                    fact = FACTS[ev["fact"]]
                    out.append((path.name, f"{where} {ev['fact']}", fact["_doc"], fact["quote"]))
                elif data["sources"][ev["source"]]["kind"] == "local":
                    out.append((path.name, where, data["sources"][ev["source"]]["path"], ev["quote"]))
    return out


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_quotes_in_local_sources(path):
    if not SHARED.exists():
        pytest.skip("shared/ inputs not available")
    texts = {}
    bad = []
    for fname, where, rel, quote in _local_quotes():
        if fname != path.name:
            continue
        if rel not in texts:
            texts[rel] = (SHARED / rel).read_text(encoding="utf-8")
        if quote not in texts[rel]:
            bad.append(f"{where}: {quote[:60]!r} not in {rel}")
    assert not bad, "\n".join(bad)


def test_local_sources_exist():
    if not SHARED.exists():
        pytest.skip("shared/ inputs not available")
    missing = sorted({src["path"] for p in CASE_FILES for src in load(p)["sources"].values()
                      if src["kind"] == "local" and not (SHARED / src["path"]).exists()})
    assert not missing, f"local sources missing under shared/: {missing}"
