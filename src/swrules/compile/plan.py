"""Compilation: a checked policy to an evaluation plan of closures.

Input: a `CheckedPolicy`. Output: a `Plan`: one step per rule, in evaluation order,
each a closure that reads and writes slots of a flat list, and the plain steps
generated as one Python function (`compile_ast`), which is what `Plan.run` calls. Names were resolved to
slots by `check`, so evaluating a station looks nothing up by string and never walks
a parse tree. Every closure exists in two variants built by the same code: plain, and
traced, which also appends `(node, value)` for each subexpression so that an
explanation can show every intermediate value; explanations cost nothing when off.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from swrules.base.values import (
    DIVISION_BY_ZERO,
    MISSING,
    NO_BAND,
    NO_VALUE_IN_FORCE,
    NOT_APPLICABLE,
    QUIET,
    ROUNDING_MODES,
    Unknown,
    aggregate,
    divide,
    quantum,
)
from swrules.check.ir import GRADE, BindingKind, CheckedPolicy, Rule, RuleKind
from swrules.syntax import ast as A

from .codegen import generate

Env = list[Any]
Trace = list[tuple[Any, Any]] | None
Fn = Callable[[Env, Any, Trace], Any]
Step = Callable[[Env, Trace], None]

RECORD_MARK = object()  # in an indicator's trace: the next events belong to record i
CURRENT_KEY = "\0current"  # the indicator's own value for the record in hand

_CMP: dict[A.CmpOp, Callable[[Any, Any], bool]] = {
    A.CmpOp.LT: operator.lt, A.CmpOp.LE: operator.le, A.CmpOp.GT: operator.gt,
    A.CmpOp.GE: operator.ge, A.CmpOp.EQ: operator.eq, A.CmpOp.NE: operator.ne,
}
_ARITH: dict[A.BinOp, Callable[[Any, Any], Any]] = {
    A.BinOp.ADD: operator.add, A.BinOp.SUB: operator.sub, A.BinOp.MUL: operator.mul,
}


@dataclass(frozen=True, slots=True)
class Plan:
    """Steps in evaluation order; `traced_steps` are the same with tracing.

    `run(env)` computes every rule into `env`: the plain steps as one generated function
    (`compile_ast`), called directly, so evaluation pays no Python call per rule or node.
    """

    steps: tuple[tuple[Rule, Step], ...]
    traced_steps: tuple[tuple[Rule, Step], ...]
    requires: tuple[tuple[A.Require, Fn], ...]
    reconcile: tuple[tuple[A.ReconcileLine, int, Fn], ...]
    n_slots: int
    run: Callable[[Env], None]

    def run_closures(self, env: Env) -> None:
        """What `run` does, by the plain closures (the reference the generated function is tested against)."""
        for _, step in self.steps:
            step(env, None)

    def run_traced(self, env: Env) -> dict[int, list[tuple[Any, Any]]]:
        traces: dict[int, list[tuple[Any, Any]]] = {}
        for rule, step in self.traced_steps:
            tr: list[tuple[Any, Any]] = []
            step(env, tr)
            traces[rule.slot] = tr
        return traces


def compile_policy(checked: CheckedPolicy) -> Plan:
    plain = _Compiler(checked, traced=False)
    traced = _Compiler(checked, traced=True)
    steps = tuple((r, plain.rule(r)) for r in checked.order)
    traced_steps = tuple((r, traced.rule(r)) for r in checked.order)
    requires = tuple((req, plain.expr(req.expr)) for req in checked.requires)
    reconcile = tuple(
        (line, checked.facts_by_key[line.declared.dotted].slot, plain.expr(line.computed))
        for line in checked.reconcile
    )
    return Plan(steps, traced_steps, requires, reconcile, checked.n_slots, generate(checked, steps))


class _Compiler:
    def __init__(self, checked: CheckedPolicy, traced: bool) -> None:
        self.c = checked
        self.traced = traced

    # ------------------------------------------------------------ expressions
    def expr(self, e: A.Expr) -> Fn:
        if self.traced and isinstance(e, A.Ref) and self.c.bindings[id(e)].kind in (BindingKind.FACT, BindingKind.RULE):
            # Most traced nodes are names: read and record in one closure rather than two.
            slot = self.c.bindings[id(e)].slot

            def traced_name(env: Env, rec: Any, tr: Trace) -> Any:
                v = env[slot]
                tr.append((e, v))  # type: ignore[union-attr]
                return v

            return traced_name
        fn = self._expr(e)
        if not self.traced or isinstance(e, (A.Number, A.String, A.DateLit, A.Bool)):
            return fn
        inner = fn

        def traced(env: Env, rec: Any, tr: Trace) -> Any:
            v = inner(env, rec, tr)
            tr.append((e, v))  # type: ignore[union-attr]
            return v

        return traced

    def _expr(self, e: A.Expr) -> Fn:
        match e:
            case A.Number() | A.String() | A.DateLit() | A.Bool():
                const = e.value
                return lambda env, rec, tr: const
            case A.Ref():
                return self.ref(e)
            case A.Neg():
                f = self.expr(e.operand)

                def neg(env: Env, rec: Any, tr: Trace) -> Any:
                    v = f(env, rec, tr)
                    return v if type(v) is Unknown else -v

                return neg
            case A.Binary():
                return self.binary(e)
            case A.Compare():
                return self.compare(e)
            case A.Logical():
                return self.logical(e)
            case A.Not():
                f = self.expr(e.operand)

                def not_(env: Env, rec: Any, tr: Trace) -> Any:
                    v = f(env, rec, tr)
                    return v if type(v) is Unknown else not v

                return not_
            case A.Cond():
                test, then, other = self.expr(e.test), self.expr(e.then), self.expr(e.otherwise)

                def cond(env: Env, rec: Any, tr: Trace) -> Any:
                    t = test(env, rec, tr)
                    if type(t) is Unknown:
                        return t
                    return then(env, rec, tr) if t else other(env, rec, tr)

                return cond
            case A.Call():
                return self.call(e)
        raise AssertionError(e)  # pragma: no cover

    def ref(self, e: A.Ref) -> Fn:
        b = self.c.bindings[id(e)]
        slot = b.slot
        field_name = b.field_name
        match b.kind:
            case BindingKind.FACT | BindingKind.RULE:
                return lambda env, rec, tr: env[slot]
            case BindingKind.PROJECTION:

                def projection(env: Env, rec: Any, tr: Trace) -> Any:
                    records = env[slot]
                    if type(records) is Unknown:
                        return records
                    return tuple(r.get(field_name, MISSING) for r in records)

                return projection
            case BindingKind.RECORD_FIELD:
                return lambda env, rec, tr: rec.get(field_name, MISSING)
            case BindingKind.CURRENT:
                return lambda env, rec, tr: rec[CURRENT_KEY]
            case BindingKind.CONSTANT:
                const = b.value
                return lambda env, rec, tr: const
        raise AssertionError(b.kind)  # pragma: no cover

    def binary(self, e: A.Binary) -> Fn:
        left, right = self.expr(e.left), self.expr(e.right)
        if e.op is A.BinOp.DIV:
            on_zero = self.expr(e.on_zero) if e.on_zero is not None else None

            def div(env: Env, rec: Any, tr: Trace) -> Any:
                a = left(env, rec, tr)
                if type(a) is Unknown:
                    return a
                b = right(env, rec, tr)
                if type(b) is Unknown:
                    return b
                if not b:
                    return on_zero(env, rec, tr) if on_zero is not None else DIVISION_BY_ZERO
                return divide(a, b)

            return div
        op = _ARITH[e.op]

        def arith(env: Env, rec: Any, tr: Trace) -> Any:
            a = left(env, rec, tr)
            if type(a) is Unknown:
                return a
            b = right(env, rec, tr)
            if type(b) is Unknown:
                return b
            return op(a, b)

        return arith

    def compare(self, e: A.Compare) -> Fn:
        left, right = self.expr(e.left), self.expr(e.right)
        op = _CMP[e.op]
        if self.c.types.get(id(e.left)) == GRADE or self.c.types.get(id(e.right)) == GRADE:
            # A better grade has a smaller rank; "at least 合格" is rank <= rank(合格).
            rank = self.c.grade_rank

            def grade_cmp(env: Env, rec: Any, tr: Trace) -> Any:
                a = left(env, rec, tr)
                if type(a) is Unknown:
                    return a
                b = right(env, rec, tr)
                if type(b) is Unknown:
                    return b
                return op(-rank.get(a, len(rank)), -rank.get(b, len(rank)))

            return grade_cmp

        def cmp(env: Env, rec: Any, tr: Trace) -> Any:
            a = left(env, rec, tr)
            if type(a) is Unknown:
                return a
            b = right(env, rec, tr)
            if type(b) is Unknown:
                return b
            return op(a, b)

        return cmp

    def logical(self, e: A.Logical) -> Fn:
        left, right = self.expr(e.left), self.expr(e.right)
        if e.op is A.LogicOp.AND:

            def and_(env: Env, rec: Any, tr: Trace) -> Any:
                a = left(env, rec, tr)
                if a is False:
                    return False
                b = right(env, rec, tr)
                if b is False:
                    return False
                if type(a) is Unknown:
                    return a
                return b

            return and_

        def or_(env: Env, rec: Any, tr: Trace) -> Any:
            a = left(env, rec, tr)
            if a is True:
                return True
            b = right(env, rec, tr)
            if b is True:
                return True
            if type(a) is Unknown:
                return a
            return b

        return or_

    def call(self, e: A.Call) -> Fn:
        args = [self.expr(a) for a in e.args]
        name = e.func
        if name == "round":
            f = args[0]
            q = quantum(int(e.args[1].value))  # type: ignore[union-attr,arg-type]
            mode = self.c.bindings[id(e.args[2])].value

            def round_(env: Env, rec: Any, tr: Trace) -> Any:
                v = f(env, rec, tr)
                return v if type(v) is Unknown else v.quantize(q, rounding=mode, context=QUIET)

            return round_
        if name == "known":
            f = args[0]
            return lambda env, rec, tr: type(f(env, rec, tr)) is not Unknown
        if name == "abs":
            f = args[0]

            def abs_(env: Env, rec: Any, tr: Trace) -> Any:
                v = f(env, rec, tr)
                return v if type(v) is Unknown else abs(v)

            return abs_
        if name in ("min", "max") and len(args) >= 2:
            pick = min if name == "min" else max

            def pick_(env: Env, rec: Any, tr: Trace) -> Any:
                values = [a(env, rec, tr) for a in args]
                for v in values:
                    if type(v) is Unknown:
                        return v
                return pick(values)

            return pick_
        f = args[0]

        def agg(env: Env, rec: Any, tr: Trace) -> Any:
            values = f(env, rec, tr)
            if type(values) is Unknown:
                return values
            return aggregate(name, values)

        return agg

    # ------------------------------------------------------------ rules
    def rule(self, r: Rule) -> Step:
        slot = r.slot
        d = r.decl
        match r.kind:
            case RuleKind.PARAM:
                assert isinstance(d, A.Param)
                return self.param(slot, d)
            case RuleKind.DEFINE:
                assert isinstance(d, A.Define)
                return self.assign(slot, self.expr(d.expr))
            case RuleKind.ITEM:
                assert isinstance(d, A.Item)
                awarded = self.expr(d.awarded)
                if d.counted is None:
                    return self.assign(slot, awarded)
                counted = self.expr(d.counted)
                aslot = r.awarded_slot
                assert aslot is not None

                def item(env: Env, tr: Trace) -> None:
                    env[aslot] = awarded(env, None, tr)
                    env[slot] = counted(env, None, tr)

                return item
            case RuleKind.PARTY:
                assert isinstance(d, A.Party)
                slots = tuple(self.c.rules_by_name[i.name].slot for i in d.items)
                weight = d.share if d.share_kind is A.ShareKind.WEIGHT else None
                return self.summation(slot, slots, weight, None)
            case RuleKind.TOTAL:
                slots = tuple(self.c.rules_by_name[p.name].slot for p in self.c.sheet.parties)
                rounding = self.c.sheet.total.rounding if self.c.sheet.total else None
                return self.summation(slot, slots, None, rounding)
            case RuleKind.VETO | RuleKind.FINDING:
                assert isinstance(d, (A.Veto, A.Finding))
                return self.assign(slot, self.expr(d.when))
            case RuleKind.GRADE:
                return self.grade(slot)
            case RuleKind.INDICATOR:
                assert isinstance(d, A.Indicator)
                return self.indicator(r, d)
        raise AssertionError(r.kind)  # pragma: no cover

    @staticmethod
    def assign(slot: int, fn: Fn) -> Step:
        def step(env: Env, tr: Trace) -> None:
            env[slot] = fn(env, None, tr)

        return step

    def by_phase(self, value: A.ByPhase) -> Fn:
        by_phase = {pv.phase: self.expr(pv.value) for pv in value.values}
        phase_slot = self.c.phase_slot
        assert phase_slot is not None

        def per_phase(env: Env, rec: Any, tr: Trace) -> Any:
            phase = env[phase_slot]
            fn = by_phase.get(phase) if type(phase) is not Unknown else None
            return fn(env, rec, tr) if fn is not None else MISSING

        return per_phase

    def param(self, slot: int, d: A.Param) -> Step:
        value = d.value
        if isinstance(value, A.ByPhase):
            return self.assign(slot, self.by_phase(value))
        if isinstance(value, A.ByDate):
            dated = tuple((dv, self.by_phase(dv.value) if isinstance(dv.value, A.ByPhase) else self.expr(dv.value))
                          for dv in value.values)
            date_slot = self.c.date_slot
            assert date_slot is not None
            traced = self.traced

            def per_date(env: Env, tr: Trace) -> None:
                when = env[date_slot]
                if type(when) is Unknown:
                    env[slot] = when
                    return
                chosen = None
                for dv, fn in dated:
                    if dv.start <= when:
                        chosen = dv, fn
                if chosen is None:
                    env[slot] = NO_VALUE_IN_FORCE
                    return
                env[slot] = chosen[1](env, None, tr)
                if traced:
                    # The dated entry in force, so an explanation can name its date and document.
                    tr.append((chosen[0], env[slot]))  # type: ignore[union-attr]

            return per_date
        return self.assign(slot, self.expr(value))

    @staticmethod
    def summation(slot: int, slots: tuple[int, ...], weight: Decimal | None, rounding: A.Rounding | None) -> Step:
        q = quantum(rounding.places) if rounding is not None else None
        mode = ROUNDING_MODES.get(rounding.mode) if rounding is not None else None

        def total(env: Env, tr: Trace) -> None:
            acc = Decimal(0)
            for s in slots:
                v = env[s]
                if type(v) is Unknown:
                    env[slot] = v
                    return
                acc += v
            if weight is not None:
                acc *= weight
            if q is not None:
                acc = acc.quantize(q, rounding=mode, context=QUIET)
            env[slot] = acc

        return total

    def grade(self, slot: int) -> Step:
        c = self.c
        total_slot = c.rules_by_name["total"].slot
        rank = c.grade_rank
        names = list(rank)
        vetoes = tuple((r.slot, rank[r.decl.forces]) for r in c.rules if r.kind is RuleKind.VETO)  # type: ignore[attr-defined]
        bands = []
        for b in c.grades.bands:
            lo = b.low if b.low is not None else None
            hi = b.high if b.high is not None else None
            provided = self.expr(b.provided) if b.provided is not None else None
            bands.append((lo, b.low_inclusive, hi, b.high_inclusive, provided, rank[b.name]))

        def grade(env: Env, tr: Trace) -> None:
            cap = -1  # the worst grade a hit veto forces (largest rank)
            for vslot, forced in vetoes:
                if env[vslot] is True and forced > cap:
                    cap = forced
            total = env[total_slot]
            band_rank: Any = NO_BAND
            if type(total) is Unknown:
                band_rank = total
            else:
                for lo, lo_inc, hi, hi_inc, provided, r in bands:
                    if lo is not None and (total < lo or (total == lo and not lo_inc)):
                        continue
                    if hi is not None and (total > hi or (total == hi and not hi_inc)):
                        continue
                    if provided is not None:
                        ok = provided(env, None, tr)
                        if type(ok) is Unknown:
                            band_rank = ok
                            break
                        if not ok:
                            continue
                    band_rank = r
                    break
            if type(band_rank) is Unknown:
                # Without a total, only a veto forcing the worst grade decides the grade.
                env[slot] = names[cap] if cap == len(names) - 1 else band_rank
                return
            env[slot] = names[max(band_rank, cap)]

        return grade

    def indicator(self, r: Rule, d: A.Indicator) -> Step:
        over = self.c.facts_by_key[d.over.dotted].slot
        compute = self.expr(d.compute)
        na = self.expr(d.not_applicable) if d.not_applicable is not None else None
        findings = tuple(self.expr(f.when) for f in d.findings)
        slot = r.slot
        fslot = r.awarded_slot
        assert fslot is not None
        traced = self.traced

        def indicator(env: Env, tr: Trace) -> None:
            records = env[over]
            if type(records) is Unknown:
                env[slot] = records
                env[fslot] = records
                return
            values: list[Any] = []
            hits: list[tuple[Any, ...]] = []
            for i, rec in enumerate(records):
                if traced:
                    tr.append((RECORD_MARK, i))  # type: ignore[union-attr]
                skip = na(env, rec, tr) if na is not None else False
                if skip is True:
                    values.append(NOT_APPLICABLE)
                    hits.append(tuple(False for _ in findings))
                    continue
                v = skip if type(skip) is Unknown else compute(env, rec, tr)
                values.append(v)
                if findings:
                    scoped = dict(rec)
                    scoped[CURRENT_KEY] = v
                    hits.append(tuple(v if type(v) is Unknown else f(env, scoped, tr) for f in findings))
                else:
                    hits.append(())
            env[slot] = tuple(values)
            env[fslot] = tuple(hits)

        return indicator
