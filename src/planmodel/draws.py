"""Kept draws (``--keep-draws DIR``): the simulated levels of every draw, written slice by slice.

A run that keeps its draws writes one ``draws-<first>-<last>.npz`` per slice of draws (at most
:data:`planmodel.engine.SLICE`), from whichever process simulated it, so memory stays flat and
workers write in parallel. Each file holds ``levels`` ``(n, n_indicators, n_years)`` in each
indicator's unit (current prices for money), ``indicators`` (keys, simulated then derived),
``years`` and ``first`` (the index of its first draw in the run). :func:`load` reads a folder back
in draw order. numpy's npz needs nothing beyond numpy (pyarrow is not a dependency).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

from .errors import OutputError
from .results import Paths

_NAME = re.compile(r"^draws-(\d+)-(\d+)\.npz$")


def prepare_folder(folder: Path) -> Path:
    """Create ``folder`` for kept draws; refuse one that holds files already (nothing is overwritten)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OutputError(f"--keep-draws: {folder} exists and is not an empty folder; choose another")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--keep-draws: cannot create {folder}: {exc.strerror or exc}") from None
    return folder


def save(folder: Path, first: int, paths: Paths) -> Path:
    """Write the draws ``first .. first + n`` of a run (written under a temporary name, then renamed)."""
    keys = list(paths.levels)
    levels = np.stack([paths.levels[k] for k in keys], axis=1)
    path = folder / f"draws-{first:012d}-{first + paths.n_draws - 1:012d}.npz"
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "wb") as handle:
        np.savez(handle, levels=levels, indicators=np.array(keys), years=np.array(paths.years), first=first)
    os.replace(partial, path)
    return path


def files(folder: Path) -> list[Path]:
    """The draw files of a folder, in draw order."""
    found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := _NAME.match(p.name))]
    return [p for _, p in sorted(found)]


def load(folder: str | Path) -> dict[str, np.ndarray]:
    """All kept draws of a folder: ``levels`` ``(draws, indicators, years)``, ``indicators``, ``years``.

    Meant for moderate draw counts (it holds everything in memory); iterate :func:`files` with
    ``numpy.load`` for more.
    """
    parts = [np.load(p) for p in files(Path(folder))]
    if not parts:
        raise OutputError(f"{folder}: no kept draws (draws-*.npz)")
    return {
        "levels": np.concatenate([p["levels"] for p in parts]),
        "indicators": parts[0]["indicators"],
        "years": parts[0]["years"],
    }
