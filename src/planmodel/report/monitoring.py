"""What a briefing says about plan wording and unquantified tasks, in one language.

- A target whose wording carries a tolerance (左右, 力争, or a stated ``tolerance:``) is judged strictly
  on its number; its finding adds the tolerant reading's probability where it differs
  (:func:`tolerant_sentence`).
- Plan items with no number the model can use (``tasks:``) are listed once among the caveats as
  not modelled (:func:`tasks_lines`), never as results.
"""

from __future__ import annotations

from planmodel.report import formats, i18n
from planmodel.results import Results, TargetResult

TEXT: dict[str, tuple[str, str]] = {
    "tolerant": (
        "按“{word}”的宽松读法（{op}{value}），实现概率为{p}。",
        " Read with the tolerance of “{word}” ({op} {value}), the probability is {p}.",
    ),
    "tolerance": ("容差", "the stated tolerance"),
    "at_least": ("不低于", "at least"),
    "at_most": ("不高于", "at most"),
    "tasks": (
        "未建模的规划任务（规划未给出可用于测算的数值或基数，本报告不评估其可达性）：{items}。",
        "Plan tasks not modelled (the plan gives no number or base to compute with; their attainment "
        "is not assessed here): {items}.",
    ),
    "task_note": ("{name}（{note}）", "{name} ({note})"),
    "binding_mark": ("〔约束性〕", " [binding]"),
    "separator": ("；", "; "),
}


def _t(key: str, lang: str, **fields: object) -> str:
    return i18n.text_from(TEXT, key, lang, **fields)


def tolerant_sentence(t: TargetResult, lang: str) -> str:
    """The tolerant reading of a target, if it has one whose probability reads differently; else ''."""
    tol = t.tolerant
    if tol is None or t.measure == "joint" or tol.threshold is None:
        return ""
    strict = formats.probability(t.successes, t.draws, t.ci_low, t.ci_high).point
    loose = formats.probability(tol.successes, t.draws, tol.ci_low, tol.ci_high).point
    if strict == loose:
        return ""
    plan_word = i18n.strength_word(tol.word, lang) or tol.word  # 左右 → "about" in English
    word = _t("tolerance", lang) if tol.word == "tolerance" else plan_word
    value = formats.threshold(tol.threshold, t.unit, t.measure in ("growth", "avg_growth"), lang)
    return _t("tolerant", lang, word=word, op=_t(t.comparison, lang), value=value, p=loose)


def tasks_lines(results: Results, lang: str) -> tuple[str, ...]:
    """One caveat listing the plan's unquantified tasks (none: nothing)."""
    if not results.tasks:
        return ()
    items = []
    for task in results.tasks:
        name = task.name + (_t("binding_mark", lang) if task.attribute == "binding" else "")
        note = i18n.planner_text(task.note, results.task_notes_en.get(task.name), lang)
        items.append(_t("task_note", lang, name=name, note=note) if note else name)
    return (_t("tasks", lang, items=_t("separator", lang).join(items)),)
