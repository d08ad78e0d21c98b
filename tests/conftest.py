"""Shared fixtures: a headless matplotlib backend and small scenario builders."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import copy  # noqa: E402
import functools  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
import yaml  # noqa: E402

from planmodel.scenario import (  # noqa: E402
    Scenario,  # noqa: E402
    scenario_from_mapping,
    settings_from_mapping,
)
from planmodel.settings import RunSettings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))

MINIMAL: dict[str, Any] = {
    "scenario": "test",
    "horizon": 2026,
    "simulation": {"draws": 20_000, "seed": 1},
    "indicators": {
        "gdp": {
            "label": "地区生产总值",
            "unit": "亿元",
            "actual": {2024: 1000},
            "real_growth": {"normal": {"mean": "7%", "sd": "2%"}},
            "deflator": "1%",
        },
        "population": {
            "label": "常住人口",
            "unit": "万人",
            "actual": {2024: 100},
            "growth": "0%",
        },
    },
    "derived": {
        "gdp_per_capita": {"label": "人均GDP", "unit": "万元", "formula": "gdp / population"}
    },
    "targets": [
        {"name": "gdp1200", "indicator": "gdp", "year": 2026, "at_least": "1200亿元"},
    ],
}


def minimal_dict() -> dict[str, Any]:
    """A fresh deep copy of the minimal scenario mapping (tests mutate it)."""
    return copy.deepcopy(MINIMAL)


def build(data: dict[str, Any]) -> Scenario:
    """Validate a scenario mapping."""
    return scenario_from_mapping(data)


def settings_of(data: dict[str, Any]) -> RunSettings:
    """The run settings of a scenario mapping (its ``simulation:`` block)."""
    return settings_from_mapping(data)


def write_yaml(tmp_path: Path, data: dict[str, Any], name: str = "s.yaml") -> Path:
    """Write a scenario mapping as a YAML file."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def minimal() -> dict[str, Any]:
    """The minimal scenario as a mutable mapping."""
    return minimal_dict()


@functools.cache
def shipped_run(stem: str, draws: int = 20_000):
    """A shipped scenario run once per test session (small draw count, fixed seed)."""
    from planmodel import load_scenario, run

    return run(load_scenario(ROOT / "scenarios" / f"{stem}.yaml"), draws=draws, seed=11)


# Fuzzing (tests/test_fuzz.py): the "fuzz-ci" profile bounds the fuzzers to about a minute on two
# cores; PLANMODEL_FUZZ=long (or a number, a multiple of the CI examples) fuzzes longer locally.
from hypothesis import HealthCheck, Phase, settings  # noqa: E402

_FUZZ = os.environ.get("PLANMODEL_FUZZ", "ci")
FUZZ_SCALE = {"ci": 1.0, "long": 20.0}.get(_FUZZ) or float(_FUZZ)
settings.register_profile(
    "fuzz-ci",
    deadline=None,  # one example may run a small simulation; time is bounded by max_examples
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,  # a failure prints the @reproduce_failure line that replays it
    # no shrinking in CI (it can take minutes on a failure); PLANMODEL_FUZZ=long shrinks
    phases=None if _FUZZ == "long" else [Phase.explicit, Phase.reuse, Phase.generate],
)


def fuzz_settings(examples: int) -> settings:
    """The fuzz profile with ``examples`` inputs in CI, scaled by ``PLANMODEL_FUZZ`` locally."""
    return settings(settings.get_profile("fuzz-ci"), max_examples=max(1, round(examples * FUZZ_SCALE)))
