"""Measure text before it goes on a slide, so nothing leaves its box and nothing leaves the slide.

PowerPoint does not report how tall wrapped text will be, so the deck estimates it from the width
of the text (:mod:`planmodel.report.measure`) and a line 1.25 em tall. The estimate errs on the
wide side; text that would not fit at its size is set smaller (never under :data:`MIN_PT`) and lists
and tables that would not fit are cut into pages (never dropped).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planmodel.report.measure import text_width_em

__all__ = ["MIN_PT", "fit_size", "lines", "pages", "text_height_cm"]

MIN_PT = 14.0
"""No text on a slide is smaller."""
PT_CM = 2.54 / 72
LINE = 1.25
TABLE_LINE = 1.35
"""Line height in table cells, as a multiple of the size (CJK faces render taller than 1.2)."""
INSET_CM = 0.26
"""Text frame insets (0.1 in on each side, PowerPoint's default)."""


_UNBROKEN = re.compile(r"[（“‘(\[]*(?:[0-9A-Za-z.,%+\-–/·]+|\s+|.)[）”’)\]，。、；：,.;:!?％%]*")
"""What a renderer keeps on one line: a run of Latin letters or digits (a number, a year, a word),
or one other character, with the opening brackets before it and the closing punctuation after it
(a line does not start with ``）`` or ``，``, nor end with ``（``)."""


def lines(text: str, width_cm: float, pt: float) -> int:
    """Lines ``text`` takes in a box ``width_cm`` wide at ``pt`` points (paragraphs on newlines).

    Wrapped as a renderer wraps it: a line breaks between the units of :data:`_UNBROKEN` (a unit
    wider than the box breaks anywhere), so a narrow table cell takes the lines it really does.
    """
    room = max(width_cm - 2 * INSET_CM, 0.5) / (pt * PT_CM)
    total = 0
    for paragraph in text.split("\n"):
        count, used = 1, 0.0
        for unit in _UNBROKEN.findall(paragraph):
            width = text_width_em(unit)
            if used and used + width > room and not unit.isspace():
                count, used = count + 1, 0.0
            if width > room:  # broken anywhere: whole lines of it, the rest starts the next
                extra, width = divmod(width, room)
                count += int(extra) - (1 if width == 0 and extra else 0)
                width = width or room
            used += width
        total += count
    return total


def text_height_cm(paragraphs: Sequence[tuple[str, float]], width_cm: float, spacing: float = 0.3) -> float:
    """Height of paragraphs ``(text, pt)`` in a box ``width_cm`` wide, with space after each."""
    height = 2 * INSET_CM * 0.5
    for text, pt in paragraphs:
        height += lines(text, width_cm, pt) * pt * PT_CM * LINE + spacing * pt * PT_CM
    return height


def fit_size(
    paragraphs: Sequence[str], width_cm: float, height_cm: float, pt: float, minimum: float = MIN_PT
) -> float | None:
    """The largest size from ``pt`` down to ``minimum`` at which the paragraphs fit; None if none."""
    size = pt
    while size >= minimum:
        if text_height_cm([(p, size) for p in paragraphs], width_cm) <= height_cm:
            return size
        size -= 1
    return None


def pages(heights: Sequence[float], room: float) -> list[list[int]]:
    """Cut items of the given heights into as few pages of at most ``room`` as it takes.

    Pages are made as even as possible; an item taller than a page gets a page of its own.
    """
    greedy: list[list[int]] = [[]]
    used = 0.0
    for i, h in enumerate(heights):
        if greedy[-1] and used + h > room:
            greedy.append([])
            used = 0.0
        greedy[-1].append(i)
        used += h
    n = len(greedy)
    if n < 2:
        return [p for p in greedy if p]
    total = sum(heights)
    even: list[list[int]] = [[]]
    used = 0.0
    for i, h in enumerate(heights):  # cut where the running total passes each n-th of the whole
        if even[-1] and used + h / 2 > total * len(even) / n and len(even) < n:
            even.append([])
        even[-1].append(i)
        used += h
    fits = len(even) == n and all(sum(heights[i] for i in p) <= room for p in even)
    return even if fits else greedy


def row_height_cm(cells: Sequence[str], widths: Sequence[float], pt: float) -> float:
    """Height of a table row: its tallest cell (cell margins 0.1 in left/right, 0.05 in top/bottom)."""
    tallest = max(lines(c, w, pt) for c, w in zip(cells, widths, strict=True))
    return tallest * pt * PT_CM * TABLE_LINE + 0.26
