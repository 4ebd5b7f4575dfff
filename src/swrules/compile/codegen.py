"""The evaluation plan's functions, generated from the checked policy in a plain and a traced variant.

Input: a `CheckedPolicy`. Output: `run(env)`, which computes every rule into the slot
list, one assignment per rule in evaluation order, without a Python call per
expression node; `run_traced(env)`, the same code with each rule's trace recorded
(`exprs`), returning `{rule slot: [(node, value), ...]}`; and one function per
`require` or `reconcile` expression. Both variants come from this one generator, so a
construct is described once: the traced one differs only where `self.traced` adds a
trace entry. Each rule's value goes to `env[slot]` as soon as it is computed and stays
in a local for later rules. The grade is computed by the grade-band helper
(`check.bands.Grading`), called the same way from both variants.

Safety: code is built as `ast` node objects with the kit (`kit`), never from text; see there.
"""

from __future__ import annotations

import ast as py
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, assert_never

from swrules.base.values import MISSING, NO_VALUE_IN_FORCE, NOT_APPLICABLE, QUIET, ROUNDING_MODES, Unknown, quantum
from swrules.check import ir
from swrules.check.bands import Grading
from swrules.check.ir import CheckedPolicy, Rule, RuleKind

from .exprs import TRACE, Exprs, flags_local
from .kit import Namespace, assign, call, constant, function, is_, item, load, method, node, store, tuple_of

Env = list[Any]

# A party of more items than this is summed by `_summed`: the nested expression would
# grow one level per item, and Python's compiler limits nesting.
MAX_SUMMED = 200

RECORD_MARK = object()  # in an indicator's trace: the next events belong to record i


def _summed(values: tuple[Any, ...], weight: Decimal | None, q: Decimal | None, mode: str | None) -> Any:
    """A sum of many parts: the first unknown part, else their sum from Decimal(0), weighted, rounded."""
    acc = Decimal(0)
    for v in values:
        if type(v) is Unknown:
            return v
        acc += v
    if weight is not None:
        acc *= weight
    if q is not None:
        acc = acc.quantize(q, mode, QUIET)
    return acc


class _Generator(Exprs):
    # ------------------------------------------------------------ rules
    def assign(self, slot: int, value: py.expr) -> list[py.stmt]:
        """`env[slot] = _vN = value`: written at once, so that helpers reading env see it."""
        self.local.add(slot)
        return [assign([item(load("env"), constant(slot), py.Store()), store(f"_v{slot}")], value)]

    def rule(self, r: Rule) -> list[py.stmt]:
        d = r.decl
        match r.kind:
            case RuleKind.PARAM:
                assert isinstance(d, ir.Param)
                if isinstance(d.value, ir.ByDate):
                    return self.by_date(r.slot, d.value)
                if isinstance(d.value, ir.ByPhase):
                    return self.assign(r.slot, self.by_phase(d.value))
                return self.assign(r.slot, self.expr(d.value))
            case RuleKind.DEFINE:
                assert isinstance(d, ir.Define)
                return self.assign(r.slot, self.expr(d.expr))
            case RuleKind.ITEM:
                assert isinstance(d, ir.Item)
                if d.counted is None:
                    return self.assign(r.slot, self.expr(d.awarded))
                assert r.awarded_slot is not None
                return self.assign(r.awarded_slot, self.expr(d.awarded)) + self.assign(r.slot, self.expr(d.counted))
            case RuleKind.PARTY:
                assert isinstance(d, ir.Party)
                slots = [self.c.rules_by_name[i.name].slot for i in d.items]
                weight = d.share if d.share_kind is ir.ShareKind.WEIGHT else None
                return self.summation(r, slots, weight, d.rounding)
            case RuleKind.TOTAL:
                rounding = self.c.sheet.total.rounding if self.c.sheet.total else None
                if self.c.sheet.total is not None and self.c.sheet.total.counted is not None:
                    return self.assign(r.slot, self.rounded(self.expr(self.c.sheet.total.counted), rounding))
                slots = [self.c.rules_by_name[p.name].slot for p in self.c.sheet.parties]
                return self.summation(r, slots, None, rounding)
            case RuleKind.VETO | RuleKind.FINDING:
                assert isinstance(d, (ir.Veto, ir.Finding))
                return self.assign(r.slot, self.expr(d.when))
            case RuleKind.GRADE:
                return self.grade(r)
            case RuleKind.INDICATOR:
                assert isinstance(d, ir.Indicator)
                return self.indicator(r, d)
        assert_never(r.kind)  # pragma: no cover

    def by_phase(self, value: ir.ByPhase) -> py.expr:
        assert self.c.phase_slot is not None
        chosen = list({pv.phase: pv.value for pv in value.values}.items())  # a repeated phase: the last value
        out: py.expr = load(self.const(MISSING))
        if not chosen:
            return out
        # An unknown phase equals no phase name, so it gives MISSING.
        phase = self.temp()
        for i, (name, e) in reversed(list(enumerate(chosen))):
            read = node(py.NamedExpr, store(phase), self.slot(self.c.phase_slot)) if i == 0 else load(phase)
            out = node(py.IfExp, node(py.Compare, read, [py.Eq()], [constant(name)]), self.expr(e), out)
        return out

    def by_date(self, slot: int, value: ir.ByDate) -> list[py.stmt]:
        """The value of the last dated entry whose start is on or before the policy's date."""
        assert self.c.date_slot is not None
        when, out = self.temp(), f"_v{slot}"
        chain: list[py.stmt] = [assign([store(out)], load(self.const(NO_VALUE_IN_FORCE)))]
        for dv in value.values:
            chosen: list[py.stmt] = [assign([store(out)], self.by_phase(dv.value) if isinstance(dv.value, ir.ByPhase)
                                            else self.expr(dv.value))]
            if self.traced:  # the dated entry in force, so an explanation can name its date and document
                chosen.append(node(py.Expr, call(load(TRACE), tuple_of([load(self.const(dv)), load(out)]))))
            starts = node(py.Compare, load(self.const(dv.start)), [py.LtE()], [load(when)])
            chain = [node(py.If, starts, chosen, chain)]
        read = assign([store(when)], self.slot(self.c.date_slot))
        decide = node(py.If, self.is_unknown(load(when)), [assign([store(out)], load(when))], chain)
        return [read, decide, *self.assign(slot, load(out))]

    def rounded(self, value: py.expr, rounding: ir.Rounding | None) -> py.expr:
        """`value` rounded as `rounding` says (unchanged without one, or when unknown)."""
        if rounding is None:
            return value
        q, mode = quantum(rounding.places), ROUNDING_MODES.get(rounding.mode)
        # Positional arguments: `quantize(exp, rounding, context)` called with keywords builds a dict per call.
        return self.guard(value, lambda v: method(v, "quantize", load(self.const(q)), self.literal(mode),
                                                  load(self.const(QUIET))))

    def summation(self, r: Rule, slots: Sequence[int], weight: Decimal | None,
                  rounding: ir.Rounding | None) -> list[py.stmt]:
        q = quantum(rounding.places) if rounding is not None else None
        mode = ROUNDING_MODES.get(rounding.mode) if rounding is not None else None
        if len(slots) > MAX_SUMMED:
            parts = tuple_of([self.slot(s) for s in slots])
            return self.assign(r.slot, call(load(self.const(_summed)), parts, *(
                self.literal(x) for x in (weight, q, mode))))
        # Starting from Decimal(0) and adding in slot order keeps the digits those of `_summed`.
        acc: py.expr = load(self.const(Decimal(0)))
        for s in slots:
            acc = node(py.BinOp, acc, py.Add(), self.slot(s))
        if weight is not None:
            acc = node(py.BinOp, acc, py.Mult(), load(self.const(weight)))
        if q is not None:
            acc = method(acc, "quantize", load(self.const(q)), self.literal(mode), load(self.const(QUIET)))
        for s in reversed(slots):  # the first unknown part, in slot order, is the sum
            acc = node(py.IfExp, self.is_unknown(self.slot(s)), self.slot(s), acc)
        return self.assign(r.slot, acc)

    def grade(self, r: Rule) -> list[py.stmt]:
        c = self.c
        vetoes = [(v.slot, v.decl) for v in c.rules if v.kind is RuleKind.VETO]
        grading = Grading(c.grades.bands, c.grade_rank, (d.forces for _, d in vetoes if isinstance(d, ir.Veto)),
                          c.grades.rounding, c.grades.otherwise)
        # Each condition is a function of no argument, evaluated only for a band the total lies in.
        provided: py.expr = constant(None)
        if any(b.provided is not None for b in c.grades.bands):
            no_args = py.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[])
            provided = tuple_of([node(py.Lambda, no_args, self.expr(b.provided)) if b.provided is not None
                                 else constant(None) for b in c.grades.bands])
        graded = call(load(self.const(grading.grade)), self.slot(c.rules_by_name["total"].slot),
                      tuple_of([self.slot(slot) for slot, _ in vetoes]), provided)
        return self.assign(r.slot, graded)

    def indicator(self, r: Rule, d: ir.Indicator) -> list[py.stmt]:
        over = self.c.facts_by_key[d.over.dotted].slot
        assert r.awarded_slot is not None
        records, values, hits = self.temp(), self.temp(), self.temp()
        tuple_ = self.ns.builtin("tuple", tuple)
        unknown_records = self.assign(r.slot, load(records)) + self.assign(r.awarded_slot, load(records))

        def append(to: str, value: py.expr) -> py.stmt:
            return node(py.Expr, method(load(to), "append", value))

        loop: list[py.stmt] = []
        index = self.temp()
        if self.traced:
            loop.append(node(py.Expr, call(load(TRACE), tuple_of([load(self.const(RECORD_MARK)), load(index)]))))
        if d.not_applicable is not None:
            skip = self.temp()
            loop.append(assign([store(skip)], self.expr(d.not_applicable)))
            all_false = self.const(tuple(False for _ in d.findings))
            loop.append(node(py.If, is_(load(skip), constant(True)), [
                append(values, load(self.const(NOT_APPLICABLE))), append(hits, load(all_false)), node(py.Continue)],
                []))
        compute = self.expr(d.compute)
        if d.not_applicable is not None:
            compute = node(py.IfExp, self.is_unknown(load(skip)), load(skip), compute)
        loop.append(assign([store("_cur")], compute))
        loop.append(append(values, load("_cur")))
        if d.findings:
            found = tuple_of([self.expr(f.when) for f in d.findings])
            unknown = tuple_of([load("_cur") for _ in d.findings])
            loop.append(append(hits, node(py.IfExp, self.is_unknown(load("_cur")), unknown, found)))
        else:
            loop.append(append(hits, tuple_of([])))
        target: py.expr = store("_rec")
        iterated: py.expr = load(records)
        if self.traced:
            target = node(py.Tuple, [store(index), store("_rec")], py.Store())
            iterated = call(load(self.ns.builtin("enumerate", enumerate)), iterated)
        known_records = [
            assign([store(values)], node(py.List, [], py.Load())),
            assign([store(hits)], node(py.List, [], py.Load())),
            node(py.For, target, iterated, loop, []),
            *self.assign(r.slot, call(load(tuple_), load(values))),
            *self.assign(r.awarded_slot, call(load(tuple_), load(hits))),
        ]
        return [assign([store(records)], self.slot(over)),
                node(py.If, self.is_unknown(load(records)), unknown_records, known_records)]

    # ------------------------------------------------------------ the functions
    def run(self, order: Sequence[Rule]) -> py.FunctionDef:
        """`run(env)`; traced, `run_traced(env)` returning each rule's trace by its slot."""
        body: list[py.stmt] = []
        for r in order:
            if self.traced:
                trace = self.temp()
                body += [assign([item(load("_traces"), constant(r.slot), py.Store()), store(trace)],
                                node(py.List, [], py.Load())),
                         assign([store(TRACE)], node(py.Attribute, load(trace), "append", py.Load()))]
            body.extend(self.rule(r))
        preload: list[py.stmt] = [assign([store(f"_f{s}")], item(load("env"), constant(s)))
                                  for s in sorted(self.facts_read)]
        if self.divides:
            preload.insert(0, flags_local(self.ns))
        if not self.traced:
            return function("run", ["env"], preload + body)
        start = [assign([store("_traces")], node(py.Dict, [], []))]
        return function("run_traced", ["env"], start + preload + body + [node(py.Return, load("_traces"))])


def generate(checked: CheckedPolicy, traced: bool) -> Callable[[Env], Any]:
    """`run(env)` computing every rule in `checked.order`; `traced`, `run_traced(env)` returning the traces."""
    gen = _Generator(checked, Namespace(), traced, {f.slot for f in checked.facts})
    func = gen.run(checked.order)
    return gen.ns.compile([func], "traced plan" if traced else "plan", checked.header.title)[func.name]


def generate_expressions(checked: CheckedPolicy, exprs: Sequence[ir.Expr]) -> list[Callable[[Env], Any]]:
    """For each top-level expression (a `require`, a `reconcile` line), a plain function of `env`."""
    gen = _Generator(checked, Namespace(), False, set())
    funcs = []
    for i, e in enumerate(exprs):
        gen.divides = False
        value = gen.expr(e)
        funcs.append(function(f"_e{i}", ["env"], [flags_local(gen.ns)] * gen.divides + [node(py.Return, value)]))
    compiled = gen.ns.compile(funcs, "expressions", checked.header.title)
    return [compiled[f.name] for f in funcs]
