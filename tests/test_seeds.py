"""Checks for the seed data files in seeds/*.yaml.

Schema checks always run. Quote checks (every quote is an exact substring of its
source document, and the fact's number appears in the quote) run only when the
shared inputs directory (<parent of repo>/shared) exists; otherwise they are skipped.
"""
import math
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_DOCS = SHARED / "seeds"
STATS_MD = SHARED / "data" / "published-statistics.md"
STATS_YAML = "published-statistics.yaml"

DOC_KINDS = {"five_year_plan", "action_plan", "annual_plan", "work_report"}
ROLES = {"target", "baseline", "actual", "expected", "plan_average"}
RELATIONS = {"at_least", "at_most", "equal", "range", "about"}
MEASURES = {"level", "growth", "avg_growth", "share", "ratio", "count", "cumulative", "rank"}
BASES = {"nominal", "real", "unknown"}
BINDINGS = {"expected", "binding"}
REQUIRED_TOP = {"document", "title", "region", "kind", "published", "facts"}
REQUIRED_FACT = {"id", "indicator", "role", "relation", "measure", "value", "unit", "basis",
                 "of", "strength", "section", "quote", "note"}
OPTIONAL_FACT = {"year", "span", "binding", "written", "value_text", "benchmark", "suspect",
                 "region", "source_type", "source_address"}
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

YAML_FILES = sorted(SEEDS.glob("*.yaml"))
DOC_FILES = [p for p in YAML_FILES if p.name != STATS_YAML]


def load(path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def fmt(v):
    """Number as it would be written: no trailing .0, no exponent."""
    v = abs(v)
    if float(v).is_integer():
        return str(int(v))
    s = repr(float(v))
    if "e" in s:
        s = f"{v:.10f}".rstrip("0").rstrip(".")
    return s


def number_in_quote(fact):
    """True if the fact's number (or the way it is written) can be read in the quote."""
    quote = fact["quote"]
    flat = quote.replace(",", "").replace("，", "")
    if fact.get("written") and fact["written"] in quote:
        return True
    value = fact["value"]
    if value is None:
        return bool(fact.get("value_text")) and fact["value_text"] in quote
    values = value if isinstance(value, list) else [value]
    for v in values:
        s = fmt(v)
        if s in quote or s in flat:
            continue
        lead = s.split(".")[0]
        if lead != "0" and re.search(r"(?<!\d)" + re.escape(lead), flat):
            continue
        return False
    return True


def fact_errors(fact, *, stats=False):
    """Schema problems of one fact (list of strings; empty = fine)."""
    errs = []
    fid = fact.get("id", "?")
    missing = REQUIRED_FACT - set(fact)
    if missing:
        errs.append(f"{fid}: missing keys {sorted(missing)}")
        return errs
    unknown = set(fact) - REQUIRED_FACT - OPTIONAL_FACT
    if unknown:
        errs.append(f"{fid}: unknown keys {sorted(unknown)}")
    if not ID_RE.match(str(fact["id"])):
        errs.append(f"{fid}: id not snake_case")
    if fact["role"] not in ROLES:
        errs.append(f"{fid}: bad role {fact['role']!r}")
    if fact["relation"] not in RELATIONS:
        errs.append(f"{fid}: bad relation {fact['relation']!r}")
    if fact["measure"] not in MEASURES:
        errs.append(f"{fid}: bad measure {fact['measure']!r}")
    if fact["basis"] not in BASES:
        errs.append(f"{fid}: bad basis {fact['basis']!r}")
    if "binding" in fact and fact["binding"] not in BINDINGS:
        errs.append(f"{fid}: bad binding {fact['binding']!r}")
    # time: exactly one of year / span
    if ("year" in fact) == ("span" in fact):
        errs.append(f"{fid}: needs exactly one of year / span")
    if "year" in fact and fact["year"] is not None:
        if not (isinstance(fact["year"], int) and 1990 <= fact["year"] <= 2040):
            errs.append(f"{fid}: bad year {fact['year']!r}")
    if "span" in fact:
        sp = fact["span"]
        if not (isinstance(sp, list) and len(sp) == 2 and all(isinstance(y, int) for y in sp)
                and 1990 <= sp[0] <= sp[1] <= 2040):
            errs.append(f"{fid}: bad span {sp!r}")
    # value
    v = fact["value"]
    if v is None:
        if not fact.get("value_text"):
            errs.append(f"{fid}: value null without value_text")
    elif isinstance(v, list):
        if not v or not all(is_num(x) for x in v):
            errs.append(f"{fid}: bad list value {v!r}")
        elif fact["relation"] == "range" and (len(v) != 2 or v[0] > v[1]):
            errs.append(f"{fid}: range must be [low, high]")
        elif fact["relation"] != "range" and fact["measure"] != "ratio":
            errs.append(f"{fid}: list value only for range or ratio")
    elif not is_num(v):
        errs.append(f"{fid}: value not a number {v!r}")
    elif fact["relation"] == "range":
        errs.append(f"{fid}: range needs [low, high]")
    if not isinstance(fact["unit"], str) or not fact["unit"]:
        errs.append(f"{fid}: unit must be a non-empty string")
    if not isinstance(fact["quote"], str) or not fact["quote"].strip():
        errs.append(f"{fid}: empty quote")
    if not isinstance(fact["indicator"], str) or not fact["indicator"]:
        errs.append(f"{fid}: empty indicator")
    if stats:
        for k in ("region", "source_type", "source_address"):
            if not fact.get(k):
                errs.append(f"{fid}: {k} required in {STATS_YAML}")
    return errs


# ----------------------------------------------------------------------------- schema

def test_expected_files_present():
    names = {p.name for p in YAML_FILES}
    assert STATS_YAML in names
    assert len(DOC_FILES) >= 5
    assert (SEEDS / "README.md").exists()


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_schema(path):
    data = load(path)
    assert isinstance(data, dict)
    missing = REQUIRED_TOP - set(data)
    assert not missing, f"missing top-level keys {missing}"
    stats = path.name == STATS_YAML
    if stats:
        assert data["document"] == "published-statistics.md"
    else:
        assert data["kind"] in DOC_KINDS
        assert data["document"].endswith(".txt")
        assert Path(data["document"]).stem == path.stem, "file name must be the document stem"
        assert data["title"] and data["region"]
        assert data["published"] is None or isinstance(data["published"], str)
    facts = data["facts"]
    assert isinstance(facts, list)
    errs = []
    for f in facts:
        errs += fact_errors(f, stats=stats)
    assert not errs, "\n".join(errs)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_ids_unique(path):
    ids = [f["id"] for f in load(path)["facts"]]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    assert not dups, f"duplicate ids: {dups}"


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_number_in_quote(path):
    bad = [f["id"] for f in load(path)["facts"] if not number_in_quote(f)]
    assert not bad, f"number not found in quote for: {bad}"


def test_derived_kept_apart():
    data = load(SEEDS / STATS_YAML)
    fact_ids = {f["id"] for f in data["facts"]}
    for d in data.get("derived", []):
        assert d.get("derived") is True and d.get("formula"), d
        assert d["id"] not in fact_ids
    assert not any(f.get("derived") for f in data["facts"])


def test_checker_can_fail():
    """The helpers must reject broken facts (guards against a vacuous test suite)."""
    good = dict(id="gdp_2026", indicator="x", role="target", year=2026, relation="at_least",
                measure="level", value=1200, unit="亿元", basis="nominal", of=None, strength=None,
                section="1", quote="到2026年,全市经济总量突破1200亿元", note=None)
    assert fact_errors(good) == [] and number_in_quote(good)
    assert fact_errors(dict(good, role="wish"))
    assert fact_errors(dict(good, relation="range"))
    assert fact_errors(dict(good, id="GDP 2026"))
    assert fact_errors(dict(good, value=None))
    assert not number_in_quote(dict(good, value=1300))
    assert not number_in_quote(dict(good, value=[1200, 1500], relation="range"))


# ----------------------------------------------------------------------------- quotes vs sources

def _need_shared():
    if not SHARED.exists():
        pytest.skip("shared/ inputs not available")


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.name)
def test_quotes_in_document(path):
    _need_shared()
    data = load(path)
    src = SHARED_DOCS / data["document"]
    assert src.exists(), f"source document missing: {src}"
    text = src.read_text(encoding="utf-8")
    bad = [f["id"] for f in data["facts"] if f["quote"] not in text]
    assert not bad, f"quotes not found verbatim in {src.name}: {bad}"
    assert data["title"] in text, "title not found verbatim in the document"


def test_quotes_in_published_statistics():
    _need_shared()
    if not STATS_MD.exists():
        pytest.skip("published-statistics.md not available")
    md = STATS_MD.read_text(encoding="utf-8")
    facts = load(SEEDS / STATS_YAML)["facts"]
    bad = [f["id"] for f in facts if f["quote"] not in md]
    assert not bad, f"quotes not found in published-statistics.md: {bad}"
    bad_src = [f["id"] for f in facts if f["source_address"] not in md]
    assert not bad_src, f"source_address not found in published-statistics.md: {bad_src}"
