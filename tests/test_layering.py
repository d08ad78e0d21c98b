"""The numeric core imports no YAML, click or matplotlib (pure computation apart from I/O)."""

from __future__ import annotations

import subprocess
import sys


def test_core_modules_do_not_import_edges():
    code = (
        "import sys; import planmodel.engine, planmodel.targets, planmodel.scenario, "
        "planmodel.evaluation, planmodel.results, planmodel.known, planmodel.pace, "
        "planmodel.calibration, planmodel.empirical, "
        "planmodel.analysis.fit, planmodel.analysis.scores, planmodel.analysis.cases, "
        "planmodel.analysis.reference_class, planmodel.analysis.backtest, planmodel.analysis.plain_rule; "
        "print(','.join(m for m in ('yaml', 'click', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_numeric_core_knows_nothing_of_reports():
    code = (
        "import sys; import planmodel.engine, planmodel.targets, planmodel.evaluation, planmodel.results, "
        "planmodel.known, planmodel.pace; "
        "print(','.join(m for m in sys.modules if m.startswith('planmodel.report')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_briefing_is_built_without_drawing():
    # content, formats and the text writers never need matplotlib; only charts/ draws
    code = (
        "import sys; import planmodel.report.content, planmodel.report.bundle, "
        "planmodel.report.writers.markdown, planmodel.report.writers.console, planmodel.report.writers.data; "
        "print(','.join(m for m in ('matplotlib',) if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
