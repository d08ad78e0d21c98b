"""The reference model in the Monte Carlo libraries a Python user might pick instead of planmodel.

Each follows its library's own documented way of building a model (nothing copied from them);
they are installed by ``pip install -e '.[bench]'``. :data:`PEERS` maps a name to a loader that
returns ``model(draws, seed) -> Answers``, or raises :class:`Unavailable` with the reason.

- squigglepy (``sq.norm``, ``sq.correlate``, distribution arithmetic, ``sq.sample``): each year's
  three growth rates are correlated with ``sq.correlate``. Its docstring calls the matrix a
  Spearman rank correlation, but its Iman–Conover implementation sets the Pearson correlation of
  van der Waerden (normal) scores to the matrix, i.e. a Gaussian copula with that parameter. For
  normal marginals that is exactly the model's Pearson correlation, so the matrix is passed as is
  (the resulting Spearman correlation, 6/π·asin(ρ/2) ≈ 0.68 for 0.7, is inside squigglepy's own
  0.05 tolerance check). Levels are built with distribution arithmetic; sampling gdp, ind and fai
  one after the other keeps the draws aligned because squigglepy stores the other members of a
  correlation group when the first is sampled.
- monaco (``mc.Sim`` with ``preprocess``/``run``/``postprocess``, ``addInVar`` with scipy
  distributions, ``runSim``, ``outvars[...].vals``): monaco has no correlated input variables,
  so the inputs are nine independent standard normals and ``preprocess`` applies the Cholesky
  factor, as one does for any per-case model input. Plain random sampling (``samplemethod=
  "random"``), single-threaded, nothing saved to disk.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

import numpy as np

from implementations import CHOLESKY
from reference import BASE, CORR, INDICATORS, MEAN, SD, YEARS, Answers, answers_from_levels

Model = Callable[[int, int], Answers]


class Unavailable(RuntimeError):
    """A peer library that cannot be imported or run here (the message says why)."""


def squigglepy_model() -> Model:
    """The reference model in squigglepy."""
    try:
        import squigglepy as sq
    except ImportError as exc:
        raise Unavailable(f"squigglepy not installed ({exc}); pip install -e '.[bench]'") from None

    def model(draws: int, seed: int) -> Answers:
        sq.set_seed(seed)
        levels = [float(b) for b in BASE]
        for _ in YEARS:
            growth = tuple(sq.norm(mean=float(m), sd=float(s)) for m, s in zip(MEAN, SD, strict=True))
            growth = sq.correlate(growth, CORR.tolist())
            levels = [level * (1 + g) for level, g in zip(levels, growth, strict=True)]
        gdp, ind, fai = (sq.sample(level, n=draws, verbose=False) for level in levels)
        del fai  # sampled so that every correlation group is consumed the same way each run
        return answers_from_levels(np.asarray(gdp), np.asarray(ind))

    return model


def monaco_model() -> Model:
    """The reference model in monaco (one Python-level case per draw, as monaco runs models)."""
    try:
        import monaco as mc
        from scipy.stats import norm
    except ImportError as exc:
        raise Unavailable(f"monaco not installed ({exc}); pip install -e '.[bench]'") from None

    names = [[f"z_{key}_{year}" for key in INDICATORS] for year in YEARS]

    def preprocess(case: Any) -> tuple[np.ndarray]:
        z = np.array([[case.invals[name].val for name in row] for row in names])
        return (MEAN + SD * (z @ CHOLESKY.T),)

    def run(growth: np.ndarray) -> tuple[np.ndarray]:
        return (BASE * np.prod(1.0 + growth, axis=0),)

    def postprocess(case: Any, levels: np.ndarray) -> None:
        for key, level in zip(INDICATORS, levels, strict=True):
            case.addOutVal(f"{key}_2026", float(level))

    def model(draws: int, seed: int) -> Answers:
        with tempfile.TemporaryDirectory() as results_dir:
            sim = mc.Sim(
                name="reference",
                ndraws=draws,
                fcns={"preprocess": preprocess, "run": run, "postprocess": postprocess},
                samplemethod="random",
                seed=seed,
                singlethreaded=True,
                verbose=False,
                savecasedata=False,
                savesimdata=False,
                resultsdir=results_dir,
            )
            for row in names:
                for name in row:
                    sim.addInVar(name=name, dist=norm, distkwargs={"loc": 0.0, "scale": 1.0})
            sim.runSim()
            gdp = np.asarray(sim.outvars["gdp_2026"].vals, dtype=float)
            ind = np.asarray(sim.outvars["ind_2026"].vals, dtype=float)
        return answers_from_levels(gdp, ind)

    return model


PEERS: dict[str, Callable[[], Model]] = {"squigglepy": squigglepy_model, "monaco": monaco_model}
