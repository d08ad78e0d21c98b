"""The numeric core imports no YAML, click or matplotlib (pure computation apart from I/O)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def loaded(imports: str, watched: str) -> str:
    """Which of ``watched`` (a Python expression: an iterable of module names) are loaded after
    ``imports`` in a fresh interpreter, comma-separated."""
    code = f"import sys; {imports}; print(','.join(m for m in {watched} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_core_modules_do_not_import_edges():
    imports = (
        "import planmodel.engine, planmodel.targets, planmodel.scenario, "
        "planmodel.evaluation, planmodel.results, planmodel.known, planmodel.pace, "
        "planmodel.calibration, planmodel.empirical, "
        "planmodel.distributions, planmodel.distribution_spec, planmodel.expressions, "
        "planmodel.formula_tree, planmodel.formula_units, "
        "planmodel.analysis.fit, planmodel.analysis.scores, planmodel.analysis.cases, "
        "planmodel.analysis.reference_class, planmodel.analysis.backtest, planmodel.analysis.plain_rule"
    )
    assert loaded(imports, "('yaml', 'click', 'matplotlib')") == ""


def test_the_numeric_core_knows_nothing_of_reports():
    imports = (
        "import planmodel.engine, planmodel.targets, planmodel.evaluation, planmodel.results, "
        "planmodel.known, planmodel.pace, planmodel.distributions, planmodel.expressions"
    )
    assert loaded(imports, "[m for m in list(sys.modules) if m.startswith('planmodel.report')]") == ""


def test_distributions_load_no_scipy_until_sampled():
    # report workers unpickle assumptions (for their descriptions) but never draw from them
    assert loaded("import planmodel.distributions", "('scipy',)") == ""


def test_the_briefing_is_built_without_drawing():
    # content, formats and the text writers never need matplotlib; only charts/ draws
    imports = (
        "import planmodel.report.content, planmodel.report.bundle, "
        "planmodel.report.writers.markdown, planmodel.report.writers.console, planmodel.report.writers.data"
    )
    assert loaded(imports, "('matplotlib',)") == ""


def test_report_workers_load_no_scipy():
    # the fork server the report workers come from imports what drawing and writing need, no more
    assert loaded("import planmodel.report.warm", "('scipy',)") == ""


def test_the_launcher_decides_before_heavy_imports():
    imports = "from planmodel.launch import wants_report_workers; wants_report_workers(['run', 'x.yaml'])"
    assert loaded(imports, "('numpy', 'scipy', 'yaml', 'click', 'matplotlib')") == ""


def test_the_command_lines_main_process_never_draws(tmp_path):
    # with early report workers (as `planmodel run` starts them), charts are submitted by name:
    # matplotlib stays out of the process writing the other files
    code = (
        "import sys\n"
        "sys.path.insert(0, 'tests')\n"
        "from pathlib import Path\n"
        "from synthetic_results import make_results\n"
        "from planmodel.report.bundle import ALL, write_bundle\n"
        "from planmodel.report.parallel import ReportPool\n"
        "if __name__ == '__main__':\n"
        "    with ReportPool(2, early=True) as pool:\n"
        f"        written = write_bundle(make_results(), {{}}, Path({str(tmp_path)!r}), ALL, pool=pool)\n"
        "    print(len(written.files), 'matplotlib' in sys.modules)\n"
    )
    script = tmp_path / "main.py"
    script.write_text(code, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)  # fmt: skip
    files, drew_here = out.stdout.split()
    assert int(files) > 5 and drew_here == "False"
    assert (tmp_path / "briefing.docx").is_file() and list((tmp_path / "charts").glob("*.png"))
