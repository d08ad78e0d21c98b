"""Random streams: one seed in, one reproducible stream per (block, driver) out.

Draws are cut into fixed chunks of :data:`CHUNK` draws; every chunk and every random driver in it
gets its own ``SeedSequence`` child, keyed by the chunk index and a stable hash of the driver's
name. A block of work is a whole number of chunks, so results do not depend on the block size,
on the order in which blocks run, on how many workers run them, or on which other drivers exist.
"""

from __future__ import annotations

import hashlib

import numpy as np


def root_entropy(seed: int | None) -> int:
    """The entropy to record: the seed itself, or fresh OS entropy when no seed is given."""
    if seed is not None:
        return int(seed)
    return int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]


def _name_key(name: str) -> int:
    """A stable 32-bit key for a driver name (Python's ``hash`` is salted per process)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "little")


MAX_SEED = 2**128 - 1
"""Seeds up to 128 bits: the entropy recorded for a run without a seed replays it exactly."""

CHUNK = 10_000
"""Draws per random-stream chunk; block sizes are multiples of it."""


def driver_generator(entropy: int, chunk: int, driver: str) -> np.random.Generator:
    """The generator for ``driver`` in chunk ``chunk`` of a run with ``entropy``."""
    sequence = np.random.SeedSequence(entropy, spawn_key=(chunk, _name_key(driver)))
    return np.random.Generator(np.random.PCG64(sequence))


def standard_normals(entropy: int, driver: str, start: int, n: int, n_years: int) -> np.ndarray:
    """Standard normals ``(n, n_years)`` for draws ``start .. start+n`` of one driver.

    ``start`` must be a multiple of :data:`CHUNK`; the numbers of a draw are the same whichever
    block it is simulated in.
    """
    if start % CHUNK:
        raise ValueError(f"blocks start at multiples of {CHUNK} draws")
    parts = []
    first = start // CHUNK
    for chunk in range(first, first + -(-n // CHUNK)):
        size = min(CHUNK, start + n - chunk * CHUNK)
        parts.append(driver_generator(entropy, chunk, driver).standard_normal((size, n_years)))
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def block_sizes(draws: int, block_size: int) -> list[int]:
    """Split ``draws`` into blocks of ``block_size`` (the last one may be smaller)."""
    full, rest = divmod(draws, block_size)
    return [block_size] * full + ([rest] if rest else [])
