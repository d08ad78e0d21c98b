"""Keep freed array memory inside the process, so simulating slice after slice causes no page faults.

The engine allocates the same few megabytes of arrays for every slice of draws and frees them at
the end of it. glibc's allocator hands such blocks back to the operating system (``mmap`` above
a size threshold, heap trimming above another), and every reuse then faults each 4 KiB page in
again — on the reference model that cost more time than all the arithmetic. Raising both
thresholds keeps the memory for reuse; peak memory is unchanged (it is set by the slice size, not
by the number of draws). Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD_MAX = 32 * 2**20
"""glibc's largest allowed mmap threshold on 64-bit systems (4 MiB × sizeof(long))."""
_TRIM_THRESHOLD = 2**30
_done = False


def keep_freed_memory() -> bool:
    """Tune glibc's allocator once per process; return whether it was tuned."""
    global _done
    if _done:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    _done = bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_MAX)) and bool(
        mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    )
    return _done
