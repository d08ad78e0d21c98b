"""The run folder: written whole into a staging folder, then swapped in so that nothing is ever lost.

A rerun replaces only a folder planmodel made itself (it carries planmodel's ``manifest.json``);
any other existing folder is left untouched and the run stops with an error.

How a run folder ``T`` is replaced (``X`` is a token that names one run's temporary siblings):

1. everything is written into ``.T.new-X`` beside ``T`` (same file system, so renames are atomic);
   the writing process holds an exclusive lock on that folder for as long as it lives;
2. only once that folder is complete, and under a lock on the parent folder, the two are swapped:
   on Linux in one atomic step (``renameat2`` with ``RENAME_EXCHANGE``; ``.T.new-X`` then holds the
   previous run), elsewhere by renaming ``T`` to ``.T.old-X`` and ``.T.new-X`` to ``T`` (restored
   at once if the second rename fails; SIGINT/SIGTERM are held back between the two renames);
3. the previous run is deleted.

A process killed at any step (``kill -9`` cannot be caught) leaves ``T`` whole, or — only between
the two renames of the fallback — ``T`` absent and the previous run whole in ``.T.old-X``. The next
run into the same parent folder repairs both (:func:`recover`): an ``.old-`` folder is renamed back
to ``T`` if ``T`` is missing, and ``.new-``/``.old-`` folders whose owner is gone are deleted.
A symlinked ``T`` is respected: the run is written where the link points and the link is kept.
:data:`FAULT_HOOK` lets tests kill the process at every step.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError

try:  # POSIX only; on other systems the locks are skipped (single-user desktops)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

GENERATOR = "planmodel"
MANIFEST = "manifest.json"
STEPS = ("staging", "written", "retired", "swapped", "cleaned")
"""Points where :data:`FAULT_HOOK` is called: staging folder made; body done (folder complete);
``T`` moved aside (two-rename fallback only); new run in place; temporary folder deleted."""

FAULT_HOOK: Callable[[str], None] | None = None
"""Test-only: called with each step name of :data:`STEPS` (a test may ``kill -9`` itself there)."""

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_NAME_BYTES = 120  # leaves room for ".<name>.new-<token>" within a 255-byte file name


def _step(name: str) -> None:
    if FAULT_HOOK is not None:
        FAULT_HOOK(name)


def is_planmodel_folder(folder: Path) -> bool:
    """True if ``folder`` holds a manifest written by planmodel."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("generator") == GENERATOR


def run_folder_name(stem: str) -> str:
    """A safe folder name for a run from a scenario file's stem (``outputs/<name>``).

    Path separators, control and Windows-forbidden characters become ``_``; leading and trailing
    dots and spaces are dropped (so ``..yaml`` never means ``outputs/`` itself or its parent, and a
    run folder never looks like a staging folder); Windows device names (``CON``, ``NUL``…) get a
    ``_`` prefix; the name is cut to 120 bytes of UTF-8; an empty result becomes ``scenario``.
    """
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", stem)).strip(" .")
    name = name.encode("utf-8")[:_NAME_BYTES].decode("utf-8", errors="ignore").strip(" .")
    if name.split(".")[0].lower() in _RESERVED:
        name = f"_{name}"
    return name or "scenario"


@contextmanager
def _lock(path: Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive ``flock`` on a folder; yield False if it is held elsewhere (``wait=False``)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield True
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield True  # cannot lock (odd file system): go on unlocked
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        except OSError:  # pragma: no cover - file systems without flock
            pass
        yield True
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back (they are delivered on exit) around a two-step change."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):  # pragma: no cover - no sigmask on this system
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _siblings(target: Path, kind: str) -> list[Path]:
    prefix = f".{target.name}.{kind}-"
    try:
        return sorted(p for p in target.parent.iterdir() if p.name.startswith(prefix))
    except OSError:
        return []


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        with contextlib.suppress(OSError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def recover(target: Path) -> None:
    """Repair what a killed run left beside ``target`` (call with the parent folder locked).

    A previous run moved aside (``.T.old-X``) goes back to ``T`` if ``T`` is missing, otherwise it
    is deleted; staging folders (``.T.new-X``) whose writer is gone are deleted, those still being
    written by a live run are left alone.
    """
    for old in _siblings(target, "old"):
        if not os.path.lexists(target):
            with _signals_held():
                os.replace(old, target)
        else:
            _remove(old)
    for new in _siblings(target, "new"):
        with _lock(new, wait=False) as free:
            if free:
                _remove(new)


def _resolved(target: Path) -> Path:
    """Where the run is really written: a symlinked ``--out`` is followed, and the link kept."""
    return Path(os.path.realpath(target))


def _check_owner(shown: Path, real: Path) -> None:
    if os.path.lexists(real) and not (real.is_dir() and is_planmodel_folder(real)):
        raise OutputError(
            f"{shown} exists and was not written by planmodel; it is left untouched — choose "
            "another folder with --out"
        )


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder beside ``target``; on success it replaces ``target`` whole.

    Raises
    ------
    OutputError
        If ``target`` exists and was not made by planmodel, or cannot be written or replaced
        (one line naming the folder and the system's reason; the previous run stays whole).
    """
    shown = Path(target)
    real = _resolved(shown)
    with contextlib.ExitStack() as stack:
        try:
            real.parent.mkdir(parents=True, exist_ok=True)
            with _lock(real.parent):  # no other run recovers or swaps meanwhile
                recover(real)
                _check_owner(shown, real)
                staging = real.parent / f".{real.name}.new-{secrets.token_hex(4)}"
                staging.mkdir(mode=0o755)
                stack.enter_context(_lock(staging))  # locked before anyone else can see it
        except OSError as exc:
            raise OutputError(f"cannot write {shown}: {exc.strerror or exc}") from None
        stack.callback(_step, "cleaned")
        stack.callback(_remove, staging)  # after a swap it holds the previous run; else, the unfinished one
        _step("staging")
        try:
            yield staging
        except OSError as exc:
            raise OutputError(
                f"could not write {shown}: {exc.strerror or exc}; the previous run is unchanged"
            ) from None
        _step("written")
        with _lock(real.parent):
            _check_owner(shown, real)
            _swap_in(staging, real, shown)


def _swap_in(staging: Path, target: Path, shown: Path) -> None:
    """Put ``staging`` at ``target``; afterwards ``staging`` holds the previous run (or nothing)."""
    try:
        if not os.path.lexists(target):
            os.replace(staging, target)
            _step("swapped")
            return
        if _exchange(staging, target):
            _step("swapped")
            return
        retired = staging.with_name(staging.name.replace(".new-", ".old-"))
        with _signals_held():
            os.replace(target, retired)
            _step("retired")
            try:
                os.replace(staging, target)
            except OSError:
                os.replace(retired, target)
                raise
        _step("swapped")
        with contextlib.suppress(OSError):  # else the next run deletes it
            os.replace(retired, staging)
    except OSError as exc:
        raise OutputError(
            f"could not replace {shown}: {exc.strerror or exc}; the previous run is unchanged"
        ) from None


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2``); False where the system cannot."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux" or not _EXCHANGE_ENABLED:
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # pragma: no cover - glibc < 2.28 or musl without it
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (38, 22, 95):  # ENOSYS, EINVAL, EOPNOTSUPP: not supported here → two renames
        return False
    raise OSError(errno, os.strerror(errno))


_EXCHANGE_ENABLED = True
"""Tests switch this off to exercise the two-rename fallback on Linux."""


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
