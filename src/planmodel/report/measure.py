"""How wide text is, before any renderer sees it: a CJK character is one em, a Latin letter about 0.58.

Used to lay out slides (:mod:`planmodel.report.writers.slidefit`) and to leave room for labels on
charts. The estimate errs on the wide side, so what it says fits does fit.
"""

from __future__ import annotations

import unicodedata

__all__ = ["em", "text_width_em"]

_NARROW = frozenset(" .,:;'|!il\u00a0")
_WIDE = frozenset("%MW@mw–—")


def em(ch: str) -> float:
    """Width of one character in em (bold Latin fonts are wider: this errs on the wide side)."""
    if unicodedata.east_asian_width(ch) in "WFA":
        return 1.0
    if ch in _WIDE:
        return 0.95
    if ch.isupper():
        return 0.72
    return 0.3 if ch in _NARROW else 0.6


def text_width_em(text: str) -> float:
    """Width of one line of ``text`` in em."""
    return sum(em(c) for c in text)
