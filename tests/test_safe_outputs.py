"""Outputs that cannot be lost: kill -9 at every step of the swap, SIGTERM, debris, symlinks, names.

A process killed at any step leaves either the previous run or the new one whole (during the
two-rename fallback, possibly the previous run moved aside, whole), and the next run repairs it:
the out folder is whole and no temporary sibling remains.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from planmodel import outputs
from planmodel.cli import main
from planmodel.errors import OutputError
from planmodel.outputs import MANIFEST, recover, run_folder_name, staged_folder

from conftest import ROOT, minimal_dict, write_yaml

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT / "src")}
OLD = {"a.txt": "old", MANIFEST: json.dumps({"generator": "planmodel", "run": "old"})}
NEW = {"a.txt": "new", "b.txt": "new", MANIFEST: json.dumps({"generator": "planmodel", "run": "new"})}

# Runs staged_folder in a child process that SIGKILLs itself at one step ("half": mid-writing).
CHILD = textwrap.dedent(
    """\
    import os, signal, sys
    from pathlib import Path
    from planmodel import outputs
    mode, step, target = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    outputs._EXCHANGE_ENABLED = mode == "exchange"
    def hook(name):
        if name == step:
            os.kill(os.getpid(), signal.SIGKILL)
    outputs.FAULT_HOOK = hook
    with outputs.staged_folder(target) as folder:
        (folder / "a.txt").write_text("new")
        if step == "half":
            os.kill(os.getpid(), signal.SIGKILL)
        (folder / "b.txt").write_text("new")
        (folder / "manifest.json").write_text('{"generator": "planmodel", "run": "new"}')
    """
)


def put(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text)


def fill(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir()
    put(folder, files)


def contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in folder.iterdir()}


def which_run(folder: Path) -> str:
    """'old' or 'new' if ``folder`` holds exactly that run, whole; fails otherwise."""
    found = contents(folder)
    assert found in (OLD, NEW), found
    return "old" if found == OLD else "new"


# (mode, step, what the out folder holds right after the kill)
KILLS = [
    (mode, step, expected)
    for mode in ("exchange", "renames")
    for step, expected in [
        ("staging", "old"),
        ("half", "old"),
        ("written", "old"),
        ("retired", "aside"),
        ("swapped", "new"),
        ("cleaned", "new"),
    ]
    if not (mode == "exchange" and step == "retired")  # an atomic exchange has no such step
]


@pytest.mark.parametrize(("mode", "step", "expected"), KILLS, ids=[f"{m}-{s}" for m, s, _ in KILLS])
def test_kill_9_at_every_step_loses_nothing(tmp_path, mode, step, expected):
    target = tmp_path / "run"
    fill(target, OLD)
    fill(tmp_path / "sibling", {"keep.txt": "another run"})
    child = subprocess.run([sys.executable, "-c", CHILD, mode, step, str(target)],
                           env=ENV, capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr
    if expected == "aside":
        assert not target.exists()
        aside = [p for p in tmp_path.iterdir() if p.name.startswith(".run.old-")]
        assert len(aside) == 1 and which_run(aside[0]) == "old"
    else:
        assert which_run(target) == expected
    recover(target)  # what the next run does first
    assert which_run(target) == ("old" if expected == "aside" else expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run", "sibling"]
    assert contents(tmp_path / "sibling") == {"keep.txt": "another run"}


def test_the_next_run_clears_debris_and_restores_a_run_moved_aside(tmp_path):
    target = tmp_path / "run"
    fill(tmp_path / ".run.old-1234abcd", OLD)  # killed between the two renames
    fill(tmp_path / ".run.new-1234abcd", NEW)  # its complete but never swapped-in successor
    fill(tmp_path / ".run.new-deadbeef", {"a.txt": "half"})  # killed while writing
    with staged_folder(target) as folder:
        assert which_run(target) == "old"  # restored before anything else
        put(folder, NEW)
    assert which_run(target) == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_a_live_runs_staging_folder_is_left_alone(tmp_path):
    target = tmp_path / "run"
    fill(target, OLD)
    with staged_folder(target) as live:
        (live / "a.txt").write_text("being written")
        with staged_folder(target) as other:  # a second run meanwhile: must not delete `live`
            put(other, NEW)
        assert (live / "a.txt").read_text() == "being written"
        put(live, OLD)
    assert which_run(target) == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_failed_second_rename_restores_the_previous_run(tmp_path, monkeypatch):
    target = tmp_path / "run"
    fill(target, OLD)
    monkeypatch.setattr(outputs, "_EXCHANGE_ENABLED", False)
    real_replace = os.replace

    def failing(src, dst):
        if ".new-" in str(src) and Path(dst) == target:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", failing)
    with pytest.raises(OutputError, match="could not replace .*No space left on device; the previous run"):
        with staged_folder(target) as folder:
            put(folder, NEW)
    assert which_run(target) == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_write_error_is_one_output_error(tmp_path):
    target = tmp_path / "run"
    fill(target, OLD)
    with pytest.raises(OutputError, match="could not write .*; the previous run is unchanged"):
        with staged_folder(target) as folder:
            (folder / "missing" / "x.txt").write_text("no such folder")
    assert which_run(target) == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


# --- through the command line --------------------------------------------------------------------

SMALL = ["--draws", "20000", "--seed", "3", "--format", "md"]

# The command line in a child that sends itself a signal, or SIGKILL, at one step of the swap.
CLI_CHILD = textwrap.dedent(
    """\
    import os, signal, sys
    from planmodel import outputs
    from planmodel.cli import main
    signame, step, renames = sys.argv[1], sys.argv[2], sys.argv[3] == "renames"
    outputs._EXCHANGE_ENABLED = not renames
    def hook(name):
        if name == step:
            os.kill(os.getpid(), getattr(signal, signame))
    outputs.FAULT_HOOK = hook
    main(sys.argv[4:], prog_name="planmodel")
    """
)


def run_child(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CLI_CHILD, *args], env=ENV, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def previous_run(tmp_path):
    path = write_yaml(tmp_path, minimal_dict())
    out = tmp_path / "out" / "run"
    result = CliRunner().invoke(main, ["run", str(path), *SMALL, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return path, out, (out / "results.json").read_bytes()


@pytest.mark.parametrize(("signame", "code"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_sigterm_and_sigint_while_writing_clean_up(previous_run, signame, code):
    path, out, before = previous_run
    child = run_child(signame, "written", "exchange", "run", str(path), *SMALL, "--seed", "4",
                      "--out", str(out))
    assert child.returncode == code, child.stderr
    by = "SIGTERM" if signame == "SIGTERM" else "Ctrl-C"
    assert child.stderr == f"planmodel: interrupted by {by}; no output folder was left half-written\n"
    assert (out / "results.json").read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["run"]


def test_cli_killed_between_renames_is_repaired_by_the_next_run(previous_run):
    path, out, before = previous_run
    child = run_child("SIGKILL", "retired", "renames", "run", str(path), *SMALL, "--out", str(out))
    assert child.returncode == -signal.SIGKILL
    aside = list(out.parent.glob(".run.old-*"))
    assert not out.exists() and len(aside) == 1 and (aside[0] / "results.json").read_bytes() == before
    result = CliRunner().invoke(main, ["validate", str(path)])  # validating writes nothing
    assert not out.exists() and result.exit_code == 0
    rerun = CliRunner().invoke(main, ["run", str(path), *SMALL, "--out", str(out)])
    assert rerun.exit_code == 0, rerun.output
    assert (out / "results.json").read_bytes() == before  # same seed, same numbers
    assert sorted(p.name for p in out.parent.iterdir()) == ["run"]


def test_symlinked_out_is_respected(previous_run, tmp_path):
    path, out, _ = previous_run
    link = tmp_path / "latest"
    link.symlink_to(out, target_is_directory=True)
    result = CliRunner().invoke(main, ["run", str(path), *SMALL, "--seed", "9", "--out", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(out)
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["seed"] == 9
    assert sorted(p.name for p in out.parent.iterdir()) == ["run"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_symlink_to_someone_elses_folder_is_refused(tmp_path):
    path = write_yaml(tmp_path, minimal_dict())
    theirs = tmp_path / "theirs"
    fill(theirs, {"notes.docx": "the planner's own file"})
    link = tmp_path / "link"
    link.symlink_to(theirs, target_is_directory=True)
    result = CliRunner().invoke(main, ["run", str(path), *SMALL, "--out", str(link)])
    assert result.exit_code == 1 and "not written by planmodel" in result.output
    assert contents(theirs) == {"notes.docx": "the planner's own file"} and link.is_symlink()


def test_dangling_symlink_is_followed(tmp_path):
    path = write_yaml(tmp_path, minimal_dict())
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "made" / "here")
    result = CliRunner().invoke(main, ["run", str(path), *SMALL, "--out", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and (tmp_path / "made" / "here" / MANIFEST).is_file()


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        ("daye-2026", "daye-2026"),
        ("大冶2026", "大冶2026"),
        (".", "scenario"),
        ("..", "scenario"),
        ("", "scenario"),
        (".hidden", "hidden"),
        ("a/b\\c:d", "a_b_c_d"),
        ("CON", "_CON"),
        ("nul.tar", "_nul.tar"),
        ("lpt1", "_lpt1"),
        ("x\x00y\ttab", "x_y_tab"),
        (" trailing. ", "trailing"),
    ],
)
def test_run_folder_names_are_sanitised(stem, name):
    assert run_folder_name(stem) == name


def test_long_names_fit_a_file_name_with_the_staging_prefix():
    name = run_folder_name("规划" * 200)
    assert len(name.encode()) <= 120 and name == "规划" * 20
    assert len(f".{name}.new-12345678".encode()) <= 255


def test_dotdot_yaml_never_writes_into_outputs_itself(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fill(tmp_path / "outputs", {})
    sibling = tmp_path / "outputs" / "other-run"
    fill(sibling, {**OLD})
    scenario = write_yaml(tmp_path, minimal_dict(), name="..yaml")
    for _ in range(2):  # a rerun must not touch the sibling either
        result = CliRunner().invoke(main, ["run", str(scenario), *SMALL])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "outputs").iterdir()) == ["other-run", "scenario"]
    assert which_run(sibling) == "old"
    assert not (tmp_path / "outputs" / MANIFEST).exists()


def test_atomic_exchange_swaps_two_folders(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    fill(a, OLD)
    fill(b, NEW)
    if not outputs._exchange(a, b):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here; the two-rename fallback is tested above")
    assert which_run(a) == "new" and which_run(b) == "old"
