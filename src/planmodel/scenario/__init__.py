"""The scenario language: the data model, the parser of YAML data, and whole-scenario checks.

``model`` holds the immutable dataclasses; ``parser`` turns plain YAML data into them, one located
error per problem; ``checks`` validates a scenario as a whole (and cuts it at an as-of year).
"""

from .checks import as_of, check_scenario
from .model import (
    COMPARISONS,
    MEASURES,
    Basis,
    Comparison,
    Correlation,
    Derived,
    DriverKind,
    Indicator,
    Measure,
    Observation,
    Scenario,
    Schedule,
    ScheduleEntry,
    Target,
    ValueStatus,
    correlation_matrix,
)
from .parser import scenario_from_mapping, settings_from_mapping

__all__ = [
    "COMPARISONS",
    "MEASURES",
    "Basis",
    "Comparison",
    "Correlation",
    "Derived",
    "DriverKind",
    "Indicator",
    "Measure",
    "Observation",
    "Scenario",
    "Schedule",
    "ScheduleEntry",
    "Target",
    "ValueStatus",
    "as_of",
    "check_scenario",
    "correlation_matrix",
    "scenario_from_mapping",
    "settings_from_mapping",
]
