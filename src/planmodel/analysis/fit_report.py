"""Write what ``planmodel fit`` produces: the YAML block, the table and a fan chart per driver.

The folder (default ``outputs/fit-<history stem>/``) is replaced whole, like a run folder.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .fit import HistoryFit, fan, predictive_check
from .fit_yaml import yaml_block

KIND_WORDS = {
    "zh": {"real_growth": "可比价增速", "growth": "增速", "change": "年变化量", "deflator": "价格变动"},
    "en": {"real_growth": "real growth", "growth": "growth", "change": "yearly change",
           "deflator": "price change"},
}
LEGEND = {
    "zh": ("历史", "拟合均值", "50%区间", "90%区间", "完整后验预测90%"),
    "en": ("history", "fitted mean", "50% band", "90% band", "full posterior predictive 90%"),
}


def write_fit(result: HistoryFit, table: pd.DataFrame, source: str, out_dir: Path,
              manifest: dict[str, object], horizon: int = 5, lang: str = "zh") -> list[Path]:
    """Write fit.yaml, fit.csv, fan_<driver>.png and a manifest into ``out_dir``."""
    from ..outputs import GENERATOR, MANIFEST, staged_folder, write_json, write_text
    from ..report.calibration_charts import drawing, fit_fan_chart

    with staged_folder(out_dir) as folder:
        write_json(folder, MANIFEST, {"generator": GENERATOR, "kind": "fit", **manifest})
        write_text(folder, "fit.yaml", yaml_block(result, source) + "\n")
        write_text(folder, "fit.csv", table.to_csv(index=False), bom=True)
        with drawing():
            for f in result.drivers:
                future = list(range(f.years[-1] + 1, f.years[-1] + horizon + 1))
                title = f"{f.name}{'：' if lang == 'zh' else ': '}{KIND_WORDS[lang][f.kind]}"
                ax = fit_fan_chart(f.years, f.values, future, fan(f, horizon), mean=f.estimate.mean,
                                   title=title, check=predictive_check(f, horizon), labels=LEGEND[lang])
                ax.figure.savefig(folder / f"fan_{f.name.replace('.', '_')}.png", dpi=150)
        written = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    return [out_dir / p for p in written]
