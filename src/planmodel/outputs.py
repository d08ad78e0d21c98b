"""The run folder: written whole into a temporary folder, then swapped in atomically.

A rerun replaces only a folder planmodel made itself (it carries planmodel's ``manifest.json``);
any other existing folder is left untouched and the run stops with an error. If anything fails
while writing, the previous run folder stays as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError

GENERATOR = "planmodel"
MANIFEST = "manifest.json"


def is_planmodel_folder(folder: Path) -> bool:
    """True if ``folder`` holds a manifest written by planmodel."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("generator") == GENERATOR


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``target``; on success it replaces ``target``.

    Raises
    ------
    OutputError
        If ``target`` exists and was not made by planmodel, or cannot be replaced.
    """
    target = Path(target)
    if target.exists() and not (target.is_dir() and is_planmodel_folder(target)):
        raise OutputError(
            f"{target} exists and was not written by planmodel; it is left untouched — choose "
            "another folder with --out"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a run folder is an ordinary folder
    try:
        yield staging
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_in(staging: Path, target: Path) -> None:
    if not target.exists():
        os.replace(staging, target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rmdir(retired)
    os.replace(target, retired)
    try:
        os.replace(staging, target)
    except OSError as exc:
        os.replace(retired, target)
        raise OutputError(f"could not replace {target}: {exc.strerror}") from None
    shutil.rmtree(retired, ignore_errors=True)


def write_text(folder: Path, name: str, text: str, *, bom: bool = False) -> Path:
    """Write UTF-8 text (with a BOM for CSV files that Excel opens directly)."""
    path = folder / name
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    return path


def write_json(folder: Path, name: str, data: object) -> Path:
    """Write pretty, key-stable JSON with Chinese kept readable."""
    return write_text(
        folder, name, json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    )

