"""planmodel: how likely are a plan's targets? Monte Carlo for county development plans.

Public API::

    from planmodel import load_scenario, run
    outcome = run(load_scenario("scenarios/daye-2026.yaml"), draws=100_000, seed=1)
    outcome.results.targets[0].probability

Names are imported lazily, so ``import planmodel.engine`` pulls in neither YAML, click nor
matplotlib.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "1.0.0"

_EXPORTS = {
    "load_scenario": "planmodel.io",
    "run": "planmodel.runner",
    "simulate": "planmodel.engine",
    "evaluate": "planmodel.evaluation",
    "scenario_from_mapping": "planmodel.scenario",
    "RunSettings": "planmodel.settings",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    """Import public names on first use."""
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'planmodel' has no attribute {name!r}")
