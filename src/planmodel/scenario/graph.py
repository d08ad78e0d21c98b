"""Joint targets as a graph: members that exist, and no target that needs itself.

A joint target (``all_of``) succeeds when all its members do; a member may itself be joint. The
members must name other targets of the scenario, once each, and following members from any
target must never lead back to it (甲 needs 乙, 乙 needs 甲 can never be evaluated). Both are
checked by ``validate``, so evaluation can follow members without guarding against loops.
"""

from __future__ import annotations

from ..errors import KeyPath, ScenarioError, combine, unknown_name
from .model import Scenario


def check_members(s: Scenario, index: int) -> None:
    """The members of joint target ``s.targets[index]`` name other targets, each once."""
    target = s.targets[index]
    names = [t.name for t in s.targets]
    problems = []
    for j, member in enumerate(target.members):
        path: KeyPath = ("targets", index, "all_of", j)
        if member == target.name:
            problems.append(
                ScenarioError(f"'{member}' is this joint target itself — list the targets it joins", path)
            )
        elif member not in names:
            others = [n for n in names if n != target.name]
            problems.append(ScenarioError(unknown_name("target", member, others), path))
        elif target.members.index(member) < j:
            problems.append(ScenarioError(f"'{member}' is listed twice — keep one", path))
    if problems:
        raise combine(problems)


def check_joint_cycles(s: Scenario) -> None:
    """No joint target reaches itself through its members; each cycle is named once.

    Raises
    ------
    ScenarioError
        ``甲 → 乙 → 甲`` for every cycle, at the ``all_of`` of its first target in the file.
    """
    order = {t.name: i for i, t in enumerate(s.targets)}
    members = {  # a target listing itself is reported by check_members
        t.name: [m for m in t.members if m in order and m != t.name]
        for t in s.targets
        if t.measure == "joint"
    }
    cycles: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    for start in members:
        for cycle in _cycles_from(start, members):
            key = frozenset(cycle)
            if key not in seen:
                seen.add(key)
                cycles.append(cycle)
    if not cycles:
        return
    problems = []
    for cycle in cycles:
        first = min(cycle, key=order.__getitem__)
        at = cycle.index(first)
        loop = [*cycle[at:], *cycle[:at], first]
        problems.append(
            ScenarioError(
                f"joint targets form a cycle: {' → '.join(loop)} — a joint target cannot contain "
                "itself, directly or through another; list the single targets it joins instead",
                ("targets", order[first], "all_of"),
            )
        )
    raise combine(problems)


def _cycles_from(start: str, members: dict[str, list[str]]) -> list[list[str]]:
    """Cycles through ``start`` (as lists of names from ``start``), by depth-first search.

    Iterative (no recursion), so a long chain of joint targets cannot exhaust the call stack.
    """
    found = []
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    visited: set[str] = set()
    while stack:
        name, path = stack.pop()
        for member in members.get(name, ()):
            if member == start:
                found.append(path)
            elif member not in visited and member in members:
                visited.add(member)
                stack.append((member, [*path, member]))
    return found
