"""The numeric core imports no YAML, click or matplotlib (pure computation apart from I/O)."""

from __future__ import annotations

import subprocess
import sys


def test_core_modules_do_not_import_edges():
    code = (
        "import sys; import planmodel.engine, planmodel.targets, planmodel.scenario, "
        "planmodel.evaluation, planmodel.results; "
        "print(','.join(m for m in ('yaml', 'click', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
