"""Parts of a whole: a derived indicator that is the sum of others (``sum_of``).

Six industrial clusters and the rest of industry add up to 工业总产值; 大冶 and the rest of 黄石 add
up to 黄石. Each part is an ordinary indicator with its own published values, growth assumption,
trend doubt and persistence; ``correlation:`` ties parts together (same-year shocks), and targets
can be set on a part, on the whole, or on a share (a derived ``formula: part / whole``)::

    derived:
      industrial_output:
        label: 工业总产值
        unit: 亿元
        sum_of: [new_materials, nev, life_health, smart_mfg, electronics, airport, other_industry]

``sum_of`` is the formula ``a + b + …`` (the formula language checks that the units add up); it is
written as a list so the parts read as parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import KeyPath, ScenarioError
from .fields import read_text


def read_parts(spec: Mapping[str, Any], path: KeyPath) -> tuple[str, KeyPath]:
    """The formula text of a derived indicator and where it is written (``formula`` or ``sum_of``)."""
    given = [k for k in ("formula", "sum_of") if spec.get(k) is not None]
    if len(given) != 1:
        message = "give formula (e.g. gdp / population) or sum_of (a list of parts), one of them"
        raise ScenarioError(message, path)
    if given[0] == "formula":
        return str(read_text(spec["formula"], (*path, "formula"), optional=False)), (*path, "formula")
    parts = spec["sum_of"]
    here = (*path, "sum_of")
    if not isinstance(parts, list) or len(parts) < 2 or not all(isinstance(p, str) and p for p in parts):
        raise ScenarioError("sum_of lists two or more indicator keys, e.g. [daye_gdp, rest_gdp]", here)
    if len(set(parts)) != len(parts):
        raise ScenarioError("a part is listed twice in sum_of", here)
    return " + ".join(parts), here
