"""The scenario language: the data model, the parser of YAML data, and whole-scenario checks.

``model`` holds the immutable dataclasses (what each indicator says in ``indicator_model``, the
words of the language in ``vocabulary``); ``parser`` turns plain YAML data into them, one located
error per problem (each indicator read by ``indicators``, each target by ``targets``); ``checks``
validates a scenario as a whole (and cuts it at an as-of year).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .facts import gap_years, gaps, real_growth_known, rebased_components
from .indicator_model import (
    Derived,
    Driver,
    Indicator,
    Observation,
    OverYears,
    Rebase,
    Schedule,
    ScheduleEntry,
)
from .model import Correlation, Scenario, Target, Task, correlation_matrix, static_correlation_matrix
from .vocabulary import (
    ATTRIBUTES,
    CALIBRATIONS,
    COMPARISONS,
    LEVEL_BASES,
    MEASURES,
    VINTAGES,
    Basis,
    CalibrationName,
    Comparison,
    DriverKind,
    LevelBasis,
    Measure,
    ValueStatus,
)

if TYPE_CHECKING:
    from .checks import as_of, check_scenario
    from .parser import scenario_from_mapping, settings_from_mapping

_ON_FIRST_USE = {
    "as_of": ".checks",
    "check_scenario": ".checks",
    "scenario_from_mapping": ".parser",
    "settings_from_mapping": ".parser",
}
"""The parser's and the checks' names, imported when first used: a process that only reads
results (a report worker) needs the data model, not them."""

__all__ = [
    "ATTRIBUTES",
    "CALIBRATIONS",
    "COMPARISONS",
    "LEVEL_BASES",
    "MEASURES",
    "VINTAGES",
    "Basis",
    "CalibrationName",
    "Comparison",
    "Correlation",
    "Derived",
    "Driver",
    "DriverKind",
    "Indicator",
    "LevelBasis",
    "Measure",
    "Observation",
    "OverYears",
    "Rebase",
    "Scenario",
    "Schedule",
    "ScheduleEntry",
    "Target",
    "Task",
    "ValueStatus",
    "as_of",
    "check_scenario",
    "correlation_matrix",
    "gap_years",
    "gaps",
    "real_growth_known",
    "rebased_components",
    "static_correlation_matrix",
    "scenario_from_mapping",
    "settings_from_mapping",
]


def __getattr__(name: str) -> Any:
    """Import the parser's and the checks' names on first use."""
    if name in _ON_FIRST_USE:
        return getattr(import_module(_ON_FIRST_USE[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
