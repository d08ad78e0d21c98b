"""Write what ``planmodel fit`` produces: the YAML block, the table and a fan chart per driver.

The folder (default ``outputs/fit-<history stem>/``) is replaced whole, like a run folder. Chart
words come from :mod:`planmodel.report.i18n`; the chart from :mod:`planmodel.report.charts.calibration`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .fit import FEW_YEARS, DriverFit, HistoryFit, fan, predictive_check
from .fit_yaml import yaml_block

GROWTH_KINDS = ("real_growth", "growth", "deflator")
"""Drivers that are rates (drawn in percent); a ``change`` is in the indicator's unit."""


def _note(f: DriverFit, lang: str) -> str:
    """The chart's notes line: the years it was fitted to, and a warning when they are few."""
    from ..report import i18n

    key = "fit_note_few" if f.few_years else "fit_note"
    return i18n.text(key, lang, first=f.years[0], last=f.years[-1], n=f.n, few=FEW_YEARS)


def write_fit(result: HistoryFit, table: pd.DataFrame, source: str, out_dir: Path,
              manifest: dict[str, object], horizon: int = 5, lang: str = "zh") -> list[Path]:
    """Write fit.yaml, fit.csv, fan_<driver>.png and a manifest into ``out_dir``."""
    import matplotlib

    from ..outputs import GENERATOR, MANIFEST, staged_folder, write_json, write_text
    from ..report import i18n
    from ..report.charts import style
    from ..report.charts.calibration import fit_fan_chart

    legend = (
        i18n.text("fit_history", lang),
        i18n.text("fit_mean", lang),
        i18n.text("chart_band", lang, width=50),
        i18n.text("chart_band", lang, width=90),
        i18n.text("fit_check", lang),
    )
    with staged_folder(out_dir) as folder:
        write_json(folder, MANIFEST, {"generator": GENERATOR, "kind": "fit", **manifest})
        write_text(folder, "fit.yaml", yaml_block(result, source) + "\n")
        write_text(folder, "fit.csv", table.to_csv(index=False), bom=True)
        with matplotlib.rc_context(style.rc()):
            for f in result.drivers:
                future = list(range(f.years[-1] + 1, f.years[-1] + horizon + 1))
                title = i18n.text("fit_title", lang, name=f.name, kind=i18n.text(f"variable_{f.kind}", lang))
                ax = fit_fan_chart(f.years, f.values, future, fan(f, horizon), mean=f.estimate.mean,
                                   title=title, labels=legend, check=predictive_check(f, horizon),
                                   percent=f.kind in GROWTH_KINDS, note=_note(f, lang))  # fmt: skip
                ax.get_figure().savefig(folder / f"fan_{f.name.replace('.', '_')}.png", dpi=style.DPI,
                                        metadata={"Software": None})  # fmt: skip
        written = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    return [out_dir / p for p in written]
