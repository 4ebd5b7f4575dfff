"""Boundary cases: test cases written at each band edge and veto threshold, per phase.

Input: a policy set and the outcomes of its existing cases. Output: `Generated`
cases (the facts of a base case, changed just enough to put the total exactly on a
band edge, or a fact exactly on a veto threshold, and one step across it), with the
outcome the policy computes today as the expectation, for an officer to review.
The base case is the first case of each version (not itself generated) that hits
no veto and has a known total. A boundary that cannot be reached by changing plain score facts is reported,
never written with a wrong expectation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from swrules.base.show import as_written
from swrules.base.values import Unknown
from swrules.check import ir
from swrules.check.ir import BindingKind
from swrules.engine.policy import Policy
from swrules.engine.result import Result
from swrules.engine.versions import PolicySet

from .coverage import Boundary, boundaries, threshold_value
from .policy_tests import GENERATED_FOLDER, Case, Outcome, _merge

MARK = "# 由 swrules test --generate-boundary-cases 生成"


@dataclass(slots=True)
class Generated:
    file_name: str
    description: str
    case: dict[str, Any]  # the TOML document


@dataclass(slots=True)
class Plan:
    cases: list[Generated] = field(default_factory=list)
    skipped: list[tuple[Boundary, str]] = field(default_factory=list)  # (boundary, why in words)
    no_base: list[Policy] = field(default_factory=list)


def generate(policies: PolicySet, outcomes: list[Outcome], out_dir: Path) -> Plan:
    plan = Plan()
    for policy in policies.policies:
        base = next((o for o in sorted(outcomes, key=lambda o: o.case.name)
                     if o.policy is policy and o.result is not None and isinstance(o.result.total, Decimal)
                     and not o.case.name.startswith(f"{GENERATED_FOLDER}/")
                     and not any(v.status == "hit" for v in o.result.vetoes)), None)
        if base is None:
            plan.no_base.append(policy)
            continue
        pin = policy.version if len(policies.policies) > 1 else None
        for b in boundaries(policy):
            _one(plan, policy, base.case, b, pin, out_dir)
    return plan


def _set(facts: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    table = facts
    for p in parts[:-1]:
        table = table.setdefault(p, {})
    table[parts[-1]] = value


def _nested(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        _set(out, key, value)
    return out


def _one(plan: Plan, policy: Policy, base: Case, b: Boundary, pin: str | None, out_dir: Path) -> None:
    c = policy.checked
    changes: dict[str, Any] = {}
    if b.phase is not None and c.phases is not None:
        changes[c.phases.source.dotted] = b.phase
    facts = _merge(base.facts, _nested(changes))
    labels = {d.name: d.label or d.name for d in c.phases.phases} if c.phases is not None else {}
    phase_word = f"（{labels.get(b.phase, b.phase)}）" if b.phase is not None else ""
    tag = f"{policy.version}-" if pin else ""
    if b.kind == "band":
        assert b.value is not None
        for side, target in (("at", b.value), ("below", b.value - Decimal("0.01"))):
            if target < 0:
                continue
            moved = _reach_total(policy, facts, target)
            if moved is None:
                plan.skipped.append((b, f"无法只改评分使总分恰为 {target}"))
                continue
            where = "恰为" if side == "at" else "略低于"
            desc = f"边界{phase_word}：总分{where} {b.value}（{b.name}的界限）"
            _emit(plan, policy, base, {**changes, **moved}, pin, out_dir,
                  f"{tag}{b.phase or 'all'}-band-{b.value}-{side}.toml", desc)
        return
    env = policy.values(facts)
    threshold = threshold_value(policy, env, Boundary(b.kind, b.phase, b.name, b.fact, b.op, None, b.threshold))
    info = c.facts_by_key.get(b.fact)
    if threshold is None or info is None or not isinstance(info.decl, ir.FactField):
        plan.skipped.append((b, "阈值在此阶段没有确定的值"))
        return
    step = Decimal(1) if info.decl.kind is ir.FactKind.INTEGER else \
        Decimal("0.0001") if info.decl.kind is ir.FactKind.PERCENT else Decimal("0.01")
    across = threshold - step if b.op in (">=", "<") else threshold + step
    for side, value in (("at", threshold), ("across", across)):
        if (info.decl.minimum is not None and value < info.decl.minimum) or \
                (info.decl.maximum is not None and value > info.decl.maximum):
            continue
        percent = info.decl.kind is ir.FactKind.PERCENT
        # Percentages are written as officers write them ("80%"); the fact reader accepts both.
        shown = as_written(value, percent=True) if percent else f"{value:f}"
        desc = f"边界{phase_word}：{b.fact} = {shown}（{b.name}：{b.fact} {b.op} {b.threshold}）"
        name = f"{tag}{b.phase or 'all'}-veto-{b.name}-{side}.toml"
        written: Any = shown if percent else int(value) if step == 1 else value
        _emit(plan, policy, base, {**changes, b.fact: written}, pin, out_dir, name, desc)


def _reach_total(policy: Policy, facts: dict[str, Any], target: Decimal) -> dict[str, Any] | None:
    """Changes to plain score facts that make the total exactly `target`, or None."""
    c = policy.checked
    env = policy.values(facts)
    total = env[c.rules_by_name["total"].slot]
    if not isinstance(total, Decimal):
        return None
    delta = target - total
    changes: dict[str, Any] = {}
    for party in c.sheet.parties:
        for item in party.items:
            if delta == 0:
                break
            b = item.awarded.binding if isinstance(item.awarded, ir.Ref) else None
            if item.counted is not None or b is None or b.kind is not BindingKind.FACT:
                continue
            info = next(f for f in c.facts if f.slot == b.slot)
            decl = info.decl
            if not isinstance(decl, ir.FactField) or decl.kind is not ir.FactKind.DECIMAL:
                continue
            old = env[b.slot]
            if not isinstance(old, Decimal):
                continue
            low = max(decl.minimum if decl.minimum is not None else Decimal(0), Decimal(0))
            high = min(item.maximum, decl.maximum) if decl.maximum is not None else item.maximum
            new = min(max(old + delta, low), high)
            if new != old:
                changes[info.key] = new
                delta -= new - old
    moved = _merge(facts, _nested(changes))
    after = policy.values(moved)[c.rules_by_name["total"].slot]
    return changes if isinstance(after, Decimal) and after == target else None


def _emit(plan: Plan, policy: Policy, base: Case, changes: dict[str, Any], pin: str | None, out_dir: Path,
          file_name: str, description: str) -> None:
    facts = _merge(base.facts, _nested(changes))
    result = policy.evaluate(facts)
    doc: dict[str, Any] = {"description": description}
    if base.facts_ref is not None:
        source = (base.path.parent / base.facts_ref).resolve()
        doc["facts"] = Path(os.path.relpath(source, out_dir.resolve())).as_posix()
    elif base.inline:
        doc["facts"] = base.inline
    if pin is not None:
        doc["policy_version"] = pin
    doc["changes"] = _merge(base.changes, _nested(changes))
    doc["expect"] = expectation(result)
    plan.cases.append(Generated(file_name, description, doc))


def expectation(result: Result) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(result.total, Decimal):
        out["total"] = result.total
    if type(result.grade) is not Unknown:
        out["grade"] = result.grade
    out["vetoes"] = sorted(v.id for v in result.vetoes if v.status == "hit")
    out["findings"] = sorted(f.id for f in result.findings if f.status == "raised")
    return out


def generated_folder(tests_dir: Path) -> Path:
    return tests_dir / GENERATED_FOLDER


def is_generated(path: Path) -> bool:
    """A case this command wrote (it opens with the mark), and so the command's to replace."""
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.read(len(MARK)) == MARK
    except (OSError, UnicodeDecodeError):
        return False


def stale_files(out_dir: Path, plan: Plan) -> list[Path]:
    """Files this command wrote before that it no longer writes (their boundary moved)."""
    if not out_dir.is_dir():
        return []
    keep = {g.file_name for g in plan.cases}
    out = []
    for p in sorted(out_dir.glob("*.toml")):
        if p.name not in keep and is_generated(p):
            out.append(p)
    return out
