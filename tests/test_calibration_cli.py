"""The calibration commands end to end: fit, backtest, run --calibration, validate's band warning."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from planmodel.analysis.fit import fit_series
from planmodel.analysis.fit_report import _note
from planmodel.analysis.history import driver_series, read_history
from planmodel.cli import main

from conftest import SCENARIOS, minimal_dict, write_yaml

ROOT = Path(__file__).resolve().parents[1]
DAYE = next(p for p in SCENARIOS if p.stem == "daye-2026")


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_run_both_prints_plain_and_calibrated_side_by_side(tmp_path):
    out = tmp_path / "daye"
    result = invoke("run", str(DAYE), "--draws", "20000", "--seed", "3", "--out", str(out),
                    "--format", "md", "--calibration", "both")
    assert result.exit_code == 0, result.output
    assert "外部视角校准" in result.output and "按情景原样" in result.output
    plain = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    calibrated = json.loads((tmp_path / "daye-outside_view" / "manifest.json").read_text(encoding="utf-8"))
    assert plain["calibration"] == "none" and calibrated["calibration"] == "outside_view"
    assert calibrated["outside_view"]["pairs"] == 192
    assert "增速假设按情景原样" in result.output.splitlines()[0]


def test_scenario_key_and_bad_value(tmp_path):
    data = minimal_dict()
    data["calibration"] = "outside_view"
    path = write_yaml(tmp_path, data)
    result = invoke("run", str(path), "--draws", "10000", "--seed", "1", "--out", str(tmp_path / "o"),
                    "--format", "md")
    assert result.exit_code == 0, result.output
    assert manifest(tmp_path / "o")["calibration"] == "outside_view"
    result = invoke("run", str(path), "--draws", "10000", "--calibration", "none",
                    "--out", str(tmp_path / "p"), "--format", "md")
    assert manifest(tmp_path / "p")["calibration"] == "none"
    data["calibration"] = "outsideview"
    bad = write_yaml(tmp_path, data, "bad.yaml")
    result = invoke("validate", str(bad))
    assert result.exit_code == 2
    assert "calibration must be one of none, outside_view" in result.output


def test_validate_warns_on_a_band_narrower_than_past_errors_and_exits_0():
    result = CliRunner().invoke(main, ["validate", str(DAYE)], catch_exceptions=False)
    assert result.exit_code == 0
    line = next(ln for ln in result.output.splitlines() if "indicators.gdp:" in ln)
    assert line.startswith(f"planmodel: warning: {DAYE}: indicators.gdp: the 90% band of average growth "
                           "over 2025–2026")
    assert "192 provincial GDP growth targets" in line and "suggest at least ±" in line


def test_fit_command_writes_block_table_and_charts(tmp_path):
    history = tmp_path / "h.csv"
    history.write_text("year,gdp.real_growth,gdp\n2017,6.9,100\n2018,6.7,107.5\n2019,6.0,115\n"
                       "2020,2.2,117\n2021,8.4,128\n2022,3.0,135\n2023,5.2,142\n", encoding="utf-8")
    out = tmp_path / "fit"
    result = invoke("fit", str(history), "--out", str(out))
    assert result.exit_code == 0, result.output
    block = yaml.safe_load(result.output.split("\n\n")[0])
    assert set(block["indicators"]["gdp"]) == {"real_growth", "over_years", "deflator", "deflator_over_years"}
    assert {p.name for p in out.iterdir()} == {"fit.yaml", "fit.csv", "fan_gdp.png", "fan_gdp_deflator.png",
                                               "manifest.json"}
    short = tmp_path / "s.csv"  # four years: the YAML block and the chart's notes both warn
    short.write_text("year,gdp.real_growth\n2020,2.2\n2021,8.4\n2022,3.0\n2023,5.2\n", encoding="utf-8")
    result = invoke("fit", str(short), "--out", str(tmp_path / "short"))
    assert result.exit_code == 0 and "WARNING: only 4 years (fewer than 6)" in result.output
    (fitted,) = fit_series(driver_series(read_history(short))).drivers
    assert _note(fitted, "zh") == "按2020–2023年共4年数据拟合（贝叶斯一阶自回归）；不足6年，结论仅供参考"
    bad = tmp_path / "h.txt"
    bad.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["fit", str(bad)])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and ".csv or .xlsx" in result.output


def test_backtest_command_on_the_shipped_daye_cases(tmp_path):
    out = tmp_path / "bt"
    result = invoke("backtest", str(ROOT / "backtests" / "daye_huangshi_hubei.yaml"), "--draws", "2000",
                    "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "baseline: target will be met" in result.output and "all scored targets (13)" in result.output
    assert {"forecasts.csv", "scores.csv", "report.txt", "reliability.png", "pit.png", "manifest.json"} <= {
        p.name for p in out.iterdir()}
