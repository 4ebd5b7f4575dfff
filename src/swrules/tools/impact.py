"""Which stations a policy change moves, and which change moved each one.

Input: the old and new `Policy` (loaded and checked), the structural changes from
`diff.diff_policies`, and station fact mappings. Output: for each station whose total,
grade or hit vetoes differ under the new policy, the old and new outcome and the
changes that explain it; and, per change, how many stations it moves. A change is
credited with a station when applying that change alone to the old policy (one unit at
a time: a declaration, the score sheet, the grade table) moves the station's outcome. When no
single change does, the station is credited to the changes acting together. A unit
that cannot stand alone (a veto that reads a new fact) is applied together with the
changed facts and the new parameters it may need; one that still cannot is reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from swrules.base.diagnostics import FactsError, PolicyError
from swrules.check.checker import check_or_raise
from swrules.compile.plan import compile_policy
from swrules.engine.policy import Policy
from swrules.engine.result import Result, to_plain
from swrules.syntax import ast as A

from .diff import Change, Unit, keyed


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a station gets: total, grade, the vetoes hit, whether the result is provisional,
    each veto's status (hit, clear, undetermined) and each figure (party and score-item
    points, by id, with the label to show); or why it cannot be evaluated. Any difference in any of these is a
    change the officer must hear about."""

    total: str | None
    grade: str | None
    vetoes: tuple[str, ...]
    error: str | None = None
    provisional: bool = False
    veto_status: tuple[tuple[str, str], ...] = ()
    figures: tuple[tuple[str, str, str | None], ...] = ()  # (id, label, value)

    def signature(self) -> tuple[Any, ...]:
        """What two outcomes must share to be the same result. A veto that does not exist is
        as good as a clear one, and a figure is known by its id, so renaming a label or adding
        a veto nobody hits moves no station; a figure is compared by value (20 is 20.00)."""
        return (self.total, self.grade, self.vetoes, self.error, self.provisional,
                tuple(sorted((v, s) for v, s in self.veto_status if s != "clear")),
                tuple(sorted((i, None if v is None else Decimal(v)) for i, _, v in self.figures)))

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "grade": self.grade, "vetoes": list(self.vetoes), "error": self.error,
                "provisional": self.provisional, "veto_status": dict(self.veto_status),
                "figures": {i: v for i, _, v in self.figures}}


def outcome_of(result: Result) -> Outcome:
    grade = to_plain(result.grade)
    figures = [(p.id, p.label, to_plain(p.counted)) for p in result.parties] + \
        [(f"{s.party}.{s.id}", f"{s.party_label} · {s.label}", to_plain(s.counted)) for s in result.scores]
    return Outcome(to_plain(result.total), None if grade is None else str(grade),
                   tuple(sorted(v.id for v in result.vetoes_hit)), provisional=result.provisional,
                   veto_status=tuple((v.id, v.status) for v in result.vetoes), figures=tuple(figures))


def evaluate(policy: Policy, facts: Mapping[str, Any], name: str, lang: str) -> Outcome:
    try:
        return outcome_of(policy.evaluate(facts, file=name))
    except FactsError as exc:
        return Outcome(None, None, (), exc.diagnostics[0].message(lang) if exc.diagnostics else "invalid facts")


@dataclass(frozen=True, slots=True)
class StationChange:
    file: str
    station: str | None
    old: Outcome
    new: Outcome
    causes: tuple[Unit, ...]  # empty: only the changes together explain it

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "station": self.station, "old": self.old.to_dict(), "new": self.new.to_dict(),
                "causes": [list(u) for u in self.causes], "together": not self.causes}


@dataclass(slots=True)
class Impact:
    stations_evaluated: int = 0
    changed: list[StationChange] = field(default_factory=list)
    counts: dict[Unit, int] = field(default_factory=dict)
    standalone_failed: list[Unit] = field(default_factory=list)
    together: int = 0


def apply_unit(old: A.Policy, new: A.Policy, unit: Unit) -> A.Policy:
    """The old policy with one top-level declaration taken from the new one (added,
    replaced or removed in place)."""
    decls = list(old.declarations)
    old_keys = list(keyed(old.declarations))
    replacement = keyed(new.declarations).get(unit)
    if unit in old_keys:
        i = old_keys.index(unit)
        if replacement is None:
            del decls[i]
        else:
            decls[i] = replacement
    elif replacement is not None:
        decls.append(replacement)
    return A.Policy(tuple(decls))


def build(policy_ast: A.Policy, name: str) -> Policy | None:
    """Check and compile a policy AST; None when it does not check on its own."""
    try:
        checked, warnings = check_or_raise(policy_ast, name)
    except PolicyError:
        return None
    return Policy(checked, compile_policy(checked), warnings, "", policy_ast)


def impact(old: Policy, new: Policy, changes: Sequence[Change], stations: Sequence[tuple[str, Mapping[str, Any]]],
           lang: str = "zh") -> Impact:
    """Evaluate every station under both versions and credit each moved one to its changes."""
    out = Impact(stations_evaluated=len(stations))
    unit_list = list(dict.fromkeys(c.unit for c in changes))
    hybrids: dict[Unit, Policy | None] = {}
    # What a unit may need in order to stand alone: the facts it reads and the new
    # parameters and derived values it uses.
    supports = [u for u in unit_list if u[0] in ("facts", "records")] + \
        [c.unit for c in changes if c.kind == "added" and c.aspect is None and c.category in ("param", "define")]
    for unit in unit_list:
        hybrids[unit] = build(apply_unit(old.syntax_tree, new.syntax_tree, unit), old.checked.source_name)
        if hybrids[unit] is None:
            combined = old.syntax_tree
            for u in [unit, *dict.fromkeys(u for u in supports if u != unit)]:
                combined = apply_unit(combined, new.syntax_tree, u)
            hybrids[unit] = build(combined, old.checked.source_name)
        if hybrids[unit] is None:
            out.standalone_failed.append(unit)
    out.counts = {u: 0 for u in unit_list if u not in out.standalone_failed}
    for file, facts in stations:
        before = evaluate(old, facts, file, lang)
        after = evaluate(new, facts, file, lang)
        if before.signature() == after.signature():
            continue
        causes = []
        for unit in unit_list:
            hybrid = hybrids[unit]
            if hybrid is not None and evaluate(hybrid, facts, file, lang).signature() != before.signature():
                causes.append(unit)
                out.counts[unit] += 1
        if not causes:
            out.together += 1
        station = facts.get("station", {}).get("name") if isinstance(facts.get("station"), Mapping) else None
        out.changed.append(StationChange(file, None if station is None else str(station), before, after,
                                         tuple(causes)))
    return out
