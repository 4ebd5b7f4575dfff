"""Generated builders of a result's report lines: the vetoes, the findings and the indicator lines.

Input: the per-policy tables of `engine.assemble.Assembler` (once, when a policy is
loaded). Output: `Builders`, three functions of one station's slot list, `vetoes(env,
shared)`, `findings(env, shared)` and `indicators(env)`, giving the very tuples the
Assembler's own methods (`check`, `findings_of`, `indicators_of`) give: the same lines,
value for value, in the same order (`tests/engine/test_generated_lines.py` compares them
on generated, edge and example stations of every policy).

Why: reading a result's summary builds these lines, and built by loops over the tables
(a list comprehension per veto's reads, one per indicator's fields, a method call per
line) they cost more than evaluating the rules. Generated straight-line per policy, a
veto is one tuple display of its line, picked whole when every value it reads is one
of a few objects known beforehand; the `Read` lines of a check that reads other values,
and an indicator line's fields, are made when first read (`made.Reads`,
`made.Fields`), since a summary reads neither; what a rule missed is worked out only
when something is missing.

Like the plan and the fact reader, the code is built as Python `ast` node objects with
`compile.kit` and compiled: every identifier is generated, every label, key, clause and
table is a value in the code's own namespace, and that namespace's `__builtins__` holds
only `type`, `str` and `enumerate`.
"""

from __future__ import annotations

import ast as py
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from swrules.base.values import MISSING, Unknown
from swrules.check import ir
from swrules.check.ir import RuleKind
from swrules.compile.kit import Namespace, call, constant, function, is_, item, load, method, node, store, tuple_of

from .deferred import LazyResult
from .made import Fields, Reads
from .result import Check, IndicatorLine, MissingFact, OutputLine, PartyLine, Read, Reconciliation, ScoreLine

_new: Callable[..., Any] = tuple.__new__
# A check reading at most this many facts says which are missing with 2**n prepared tuples, without a call.
SPELLED_OUT = 3
# A check whose reads can hold at most this many combinations of known objects (booleans, the numbers a
# parameter is written with) is picked from lines made once per policy, one per combination and status.
PREPARED = 27


@dataclass(frozen=True, slots=True)
class Builders:
    vetoes: Callable[[list[Any], dict[int, tuple[Read, ...]]], tuple[Check, ...]]
    findings: Callable[[list[Any], dict[int, tuple[Read, ...]]], tuple[Check, ...]]
    indicators: Callable[[list[Any]], tuple[IndicatorLine, ...]]
    # head(env, file, facts_hash, trace): the station's `LazyResult`, its eager parts built.
    head: Callable[[list[Any], str, str | None, Any], LazyResult]


def facts_missing(facts: tuple[tuple[str, int], ...], env: list[Any]) -> tuple[str, ...]:
    """The keys of the facts in `facts` that are missing (called only when one is)."""
    return tuple([key for key, s in facts if env[s] is MISSING])


def fields_missing(key: str, fields: tuple[str, ...], rec: dict[str, Any], i: int) -> tuple[str, ...]:
    """The key paths of an indicator's record fields absent from record `i`."""
    return tuple([f"{key}[{i}].{f}" for f in fields if f not in rec])


def record_findings(row: tuple[Any, ...], env: list[Any]) -> list[Check]:
    """An indicator's findings (an `Assembler.findings` row of four), one line per finding and record."""
    hits_slot, records_slot, name_field, findings = row
    hits, records = env[hits_slot], env[records_slot]
    if not findings or type(hits) is Unknown or type(records) is Unknown:
        return []
    out = []
    names = [str(rec.get(name_field, i + 1)) if name_field else str(i + 1) for i, rec in enumerate(records)]
    for j, (name, label, clause, location) in enumerate(findings):
        for i, hit_row in enumerate(hits):
            v = hit_row[j]
            status = "raised" if v is True else "clear" if v is False else "undetermined"
            out.append(_new(Check, (name, label, clause, status, (), (), None, names[i], location)))
    return out


def records_missing(found: list[MissingFact], records: Any, name: str, key: str, label: str | None) -> None:
    """Append to `found` a line for each record lacking field `name` (`key[i].name`), unless one of that key
    is there already, as `Assembler.missing_facts_of` does; called when a record lacks it."""
    for i, rec in enumerate(records):
        if name not in rec:
            k = f"{key}[{i}].{name}"
            if all(m.key != k for m in found):
                found.append(_new(MissingFact, (k, label or k, True)))


class _Generator:
    def __init__(self, checked: Any, missing: Callable[[Any, list[Any]], tuple[str, ...]]) -> None:
        self.facts = {f.slot: f for f in checked.facts}
        self.rules = {r.slot: r for r in checked.rules}
        self.ns = Namespace()
        self.type = self.ns.builtin("type", type)
        self.str = self.ns.builtin("str", str)
        self.enumerate = self.ns.builtin("enumerate", enumerate)
        self.isinstance = self.ns.builtin("isinstance", isinstance)
        self.new = self.k(_new)
        self.missing_fn = self.k(missing)
        self.record_findings = self.k(record_findings)
        self.m = self.k(MISSING)

    def k(self, value: Any) -> py.Name:
        return load(self.ns.const(value))

    def known(self, v: Any) -> py.expr:
        return constant(v) if v is True or v is False else self.k(v)

    def line(self, cls: type, fields: Sequence[py.expr]) -> py.expr:
        return call(self.new, self.k(cls), tuple_of(fields))

    def status(self, v: str, hit_word: str) -> py.expr:
        """`hit_word if v is True else "clear" if v is False else "undetermined"` (`assemble._status`)."""
        return node(py.IfExp, is_(load(v), constant(True)), constant(hit_word),
                    node(py.IfExp, is_(load(v), constant(False)), constant("clear"), constant("undetermined")))

    def closed(self, s: int, is_fact: bool) -> tuple[Any, ...]:
        """The objects slot `s` can hold, when generation knows them all (a boolean fact; a parameter whose
        values are numbers written in the policy, which the plan stores as those very objects): else ()."""
        if is_fact:
            info = self.facts.get(s)
            if info is not None and isinstance(info.decl, ir.FactField) and info.decl.kind is ir.FactKind.BOOLEAN:
                return (True, False, MISSING)
            return ()
        r = self.rules.get(s)
        if r is None or r.kind is not RuleKind.PARAM or not isinstance(r.decl, ir.Param):
            return ()
        v = r.decl.value
        if isinstance(v, ir.Number):
            return (v.value,)
        if isinstance(v, ir.ByPhase) and v.values and all(isinstance(pv.value, ir.Number) for pv in v.values):
            return (*{id(pv.value.value): pv.value.value for pv in v.values}.values(), MISSING)  # type: ignore[union-attr]
        return ()

    def check(self, t: Any, hit_word: str, body: list[py.stmt]) -> py.expr:
        """Statements (into `body`) and the expression of one rule's `Check`, as `Assembler.check` builds it."""
        value, reads, line = self.ns.temp(), self.ns.temp(), self.ns.temp()
        env = load("env")
        body.append(node(py.Assign, [store(value)], item(env, constant(t.slot))))
        general = [*self.lazy_reads(t, reads),
                   node(py.Assign, [store(line)], self.built_check(t, hit_word, value, reads))]
        facts, record_fields = t.missing
        fact_slots = {s for _, _, s, f, _ in t.reads if f}
        closed = [self.closed(s, f) for _, _, s, f, _ in t.reads]
        combos = 1
        for values in closed:
            combos *= len(values)
        if t.reads and combos and combos <= PREPARED and not record_fields and {s for _, s in facts} <= fact_slots:
            body.extend(self.prepared(t, hit_word, value, reads, line, closed, (), general))
        else:
            body.extend(general)
        return load(line)

    def lazy_reads(self, t: Any, reads: str) -> list[py.stmt]:
        """Statements putting into `reads` the check's `Reads`, made when first read (`made.Reads`): an object
        and three attribute stores instead of a `Read` line per value read, which a summary never reads."""
        if not t.reads:
            return [node(py.Assign, [store(reads), node(py.Subscript, load("shared"), constant(t.slot), py.Store())],
                         tuple_of([]))]
        return [node(py.Assign, [store(reads)], call(self.k(Reads))),
                *(node(py.Assign, [node(py.Attribute, load(reads), name, py.Store())], value) for name, value in (
                    ("_env", load("env")), ("_rule", self.k((t.slot, t.reads))), ("_shared", load("shared"))))]

    def prepared(self, t: Any, hit_word: str, value: str, reads: str, line: str, closed: list[tuple[Any, ...]],
                 chosen: tuple[Any, ...], general: list[py.stmt]) -> list[py.stmt]:
        """A check whose every read is one of a few known objects: nested tests of each read's identity, each
        outcome the `Read`s and the `Check` (one per status) made here; anything else, `general`."""
        i = len(chosen)
        if i == len(t.reads):
            made = tuple(_new(Read, (n, lb, v, f, pc)) for (n, lb, _, f, pc), v in zip(t.reads, chosen, strict=True))
            at = {s: v for (_, _, s, _, _), v in zip(t.reads, chosen, strict=True)}
            missing = tuple(key for key, s in t.missing[0] if at[s] is MISSING)
            name, label, clause, forces = t.check_head
            by_status = {status: self.k(_new(Check, (name, label, clause, status, made, missing, forces, None,
                                                     t.location)))
                         for status in (hit_word, "clear", "undetermined")}
            shared = node(py.Subscript, load("shared"), constant(t.slot), py.Store())
            status = node(py.IfExp, is_(load(value), constant(True)), by_status[hit_word],
                          node(py.IfExp, is_(load(value), constant(False)), by_status["clear"],
                               by_status["undetermined"]))
            return [node(py.Assign, [store(reads), shared], self.k(made)), node(py.Assign, [store(line)], status)]
        slot = item(load("env"), constant(t.reads[i][2]))
        out = general
        for v in reversed(closed[i]):
            out = [node(py.If, is_(slot, self.known(v)),
                        self.prepared(t, hit_word, value, reads, line, closed, (*chosen, v), general), out)]
        return out

    def built_check(self, t: Any, hit_word: str, value: str, reads: str) -> py.expr:
        env = load("env")
        facts, record_fields = t.missing
        missing: py.expr
        if record_fields:
            missing = call(self.missing_fn, self.k(t), env)
        elif not facts:
            missing = tuple_of([])
        elif len(facts) <= SPELLED_OUT:
            missing = self.missing_tree(facts, ())
        else:
            present = [is_(item(env, constant(s)), self.m, negate=True) for _, s in facts]
            missing = node(py.IfExp, node(py.BoolOp, py.And(), present),
                           tuple_of([]), call(self.k(facts_missing), self.k(facts), env))
        name, label, clause, forces = t.check_head
        return self.line(Check, [self.k(name), self.k(label), self.k(clause), self.status(value, hit_word),
                                 load(reads), missing, self.k(forces), constant(None), self.k(t.location)])

    def missing_tree(self, facts: tuple[tuple[str, int], ...], found: tuple[str, ...]) -> py.expr:
        """Which of a few facts are missing, as nested conditionals whose every outcome is a tuple made here."""
        if not facts:
            return self.k(found)
        (key, slot), rest = facts[0], facts[1:]
        return node(py.IfExp, is_(item(load("env"), constant(slot)), self.m),
                    self.missing_tree(rest, (*found, key)), self.missing_tree(rest, found))

    def vetoes(self, tables: Sequence[Any]) -> py.FunctionDef:
        body: list[py.stmt] = []
        lines = [self.check(t, "hit", body) for t in tables]
        return function("vetoes", ["env", "shared"], [*body, node(py.Return, tuple_of(lines))])

    def findings(self, rows: Sequence[tuple[Any, ...]]) -> py.FunctionDef:
        body: list[py.stmt] = []
        lines: list[py.expr] = []
        for row in rows:
            if len(row) == 1:
                lines.append(self.check(row[0], "raised", body))
            elif row[3]:  # an indicator's findings, one per record (an indicator without findings has none)
                lines.append(node(py.Starred, call(self.record_findings, self.k(row), load("env")), py.Load()))
        return function("findings", ["env", "shared"], [*body, node(py.Return, tuple_of(lines))])

    def indicators(self, tables: Sequence[tuple[Any, ...]]) -> py.FunctionDef:
        """The indicator lines, as `Assembler.indicators_of` builds them: one per record of each indicator."""
        out = self.ns.temp()
        body: list[py.stmt] = [node(py.Assign, [store(out)], node(py.List, [], py.Load()))]
        for (name, label, records_slot, key, slot, name_field, fields, missing_fields, labels, unit,
             unit_label) in tables:
            records, values, i, rec, value, many, pairs = (self.ns.temp() for _ in range(7))
            number = node(py.BinOp, load(i), py.Add(), constant(1))
            shown = call(load(self.str), method(load(rec), "get", self.k(name_field), number) if name_field else number)
            missing = node(py.IfExp, is_(call(load(self.type), load(value)), self.k(Unknown)),
                           call(self.k(fields_missing), self.k(key), self.k(missing_fields), load(rec), load(i)),
                           tuple_of([]))
            line = self.line(IndicatorLine, [
                self.k(name), self.k(label), shown,
                load(pairs), load(value), missing, self.k(labels), self.k(unit), self.k(unit_label)])
            loop = [
                node(py.Assign, [store(value)], node(py.IfExp, load(many), item(load(values), load(i)),
                                                     load(values))),
                node(py.Assign, [store(pairs)], call(self.k(Fields))),
                node(py.Assign, [node(py.Attribute, load(pairs), "_rec", py.Store())], load(rec)),
                node(py.Assign, [node(py.Attribute, load(pairs), "_names", py.Store())], self.k(fields)),
                node(py.Expr, method(load(out), "append", line)),
            ]
            body += [
                node(py.Assign, [store(records)], item(load("env"), constant(records_slot))),
                node(py.Assign, [store(values)], item(load("env"), constant(slot))),
                node(py.If, is_(call(load(self.type), load(records)), self.k(Unknown), negate=True), [
                    node(py.Assign, [store(many)], is_(call(load(self.type), load(values)), self.k(tuple))),
                    node(py.For, tuple_of_store([i, rec]), call(load(self.enumerate), load(records)), loop, []),
                ], []),
            ]
        body.append(node(py.Return, call(self.k(tuple), load(out))))
        return function("indicators", ["env"], body)


    def reconciliation(self, row: tuple[Any, ...], line: ir.ReconcileLine, let: Callable[[py.expr], str]) -> py.expr:
        """One `Reconciliation` line as `Assembler.reconciliation` builds it; its statements through `let`. The
        computed value of a line that names a rule or fact is read from its slot, else its function is called."""
        slot, fn, field_name, label, rule_name = row
        env = load("env")
        declared = let(item(env, constant(slot)))
        e = line.computed
        direct = isinstance(e, ir.Ref) and e.bound.kind in (ir.BindingKind.RULE, ir.BindingKind.FACT)
        computed = let(item(env, constant(e.bound.slot)) if direct else call(self.k(fn), env))  # type: ignore[union-attr]
        difference = let(constant(None))
        both = node(py.BoolOp, py.And(), [call(load(self.isinstance), load(v), self.k(Decimal))
                                          for v in (declared, computed)])
        status = node(py.IfExp, is_(load(declared), self.m), constant("not_declared"), node(
            py.IfExp, is_(call(load(self.type), load(computed)), self.k(Unknown)), constant("undetermined"), node(
                py.IfExp, both,
                node(py.IfExp, node(py.Compare, node(py.NamedExpr, store(difference),
                                                     node(py.BinOp, load(declared), py.Sub(), load(computed))),
                                    [py.Eq()], [constant(0)]), constant("agrees"), constant("differs")),
                node(py.IfExp, node(py.Compare, load(declared), [py.Eq()], [load(computed)]), constant("agrees"),
                     constant("differs")))))
        status_name = let(status)
        return self.line(Reconciliation, [self.k(field_name), self.k(label), load(declared), load(computed),
                                          load(difference), load(status_name), self.k(rule_name)])

    def head(self, a: Any) -> py.FunctionDef:
        """`head(env, file, facts_hash, trace)`: the station's `LazyResult` with every part a summary reads,
        as `Assembler.plain_head` builds its dict, straight-line: no loop over the policy's tables, no
        comprehension, no builder closures (the deferred parts find `_env`, `_parts` and `_shared` in the dict)."""
        c = a.c
        env = load("env")
        unknown = self.k(Unknown)
        body: list[py.stmt] = []

        def let(value: py.expr) -> str:
            name = self.ns.temp()
            body.append(node(py.Assign, [store(name)], value))
            return name

        def slot(s: int) -> py.expr:
            return item(load("env"), constant(s))

        def is_unknown(e: py.expr) -> py.expr:
            return is_(call(load(self.type), e), unknown)

        grade = let(slot(a.grade_slot))
        station = let(node(py.Dict, [], []))
        for name, s in a.station:  # {name: env[s] for each station fact present}
            v = self.ns.temp()
            body.append(node(py.If, is_(node(py.NamedExpr, store(v), slot(s)), self.m, negate=True),
                             [node(py.Assign, [item(load(station), constant(name), py.Store())], load(v))], []))
        phase: py.expr = constant(None)
        phase_label: py.expr = constant(None)
        if c.phase_slot is not None:
            phase = load(let(slot(c.phase_slot)))
            is_text = call(load(self.isinstance), phase, self.k(str))
            phase_label = node(py.IfExp, is_text, method(self.k(a.phase_labels), "get", phase), constant(None))
        # Provisional: the grade unknown, or an undetermined veto that forces a worse grade (`provisional`).
        provisional = let(constant(True))
        rank = self.ns.temp()
        by_rank: dict[int, list[int]] = {}  # the vetoes forcing each grade, each rank compared once
        for s, forced in a.veto_ranks:
            by_rank.setdefault(forced, []).append(s)
        could_lower: list[py.expr] = [
            node(py.BoolOp, py.And(), [node(py.Compare, constant(forced), [py.Gt()], [load(rank)]),
                                       node(py.BoolOp, py.Or(), [is_unknown(slot(s)) for s in slots])
                                       if len(slots) > 1 else is_unknown(slot(slots[0]))])
            for forced, slots in by_rank.items()]
        body.append(node(py.If, is_(call(load(self.type), load(grade)), unknown, negate=True), [
            node(py.Assign, [store(rank)], item(self.k(c.grade_rank), load(grade))),
            node(py.Assign, [store(provisional)],
                 node(py.BoolOp, py.Or(), [*could_lower, constant(False)]) if could_lower else constant(False)),
        ], []))
        parties = tuple_of([self.line(PartyLine, [self.k(n), self.k(label), self.k(kind), self.k(share), slot(s)])
                            for n, label, kind, share, s in a.parties])
        scores: list[py.expr] = []
        for head, s, awarded_slot, naming in a.items:
            counted = let(slot(s))
            awarded = let(slot(awarded_slot)) if awarded_slot is not None else counted
            details = node(py.IfExp, is_(call(load(self.type), load(awarded)), self.k(tuple)),
                           call(self.k(a.record_details), env, self.k(naming), load(awarded)), tuple_of([]))
            scores.append(self.line(ScoreLine, [*(self.k(h) for h in head), load(awarded), load(counted), details]))
        outputs = tuple_of([self.line(OutputLine, [self.k(n), self.k(label), self.k(unit), self.k(word), slot(s),
                                                   self.k(where), self.k(clause)])
                            for s, (n, label, unit, word, where, clause) in a.outputs])
        warnings: py.expr = call(self.k(a.dated_warnings), env) \
            if a.dated_tables and a.period_start_slot is not None else tuple_of([])
        reconciliation = tuple_of([self.reconciliation(row, line, let) for row, (line, _, _)
                                   in zip(a.reconcile, a.plan.reconcile, strict=True)])
        # The missing facts (`missing_facts_of`): each line made once per policy, appended when its fact is
        # missing; a record field some rule needs, looked for in each record, the lines of the absent ones
        # made by `records_missing` (the first absence found hands the whole list of records over).
        found = let(node(py.List, [], py.Load()))
        for (s, _), row in zip(a.missing_facts, a.missing_lines, strict=True):
            body.append(node(py.If, is_(slot(s), self.m), [node(py.Expr, method(load(found), "append", self.k(row)))],
                             []))
        for s, name, key, label in a.record_missing:
            records, rec = self.ns.temp(), self.ns.temp()
            hand_over = [node(py.Expr, call(self.k(records_missing), load(found), load(records), self.k(name),
                                            self.k(key), self.k(label))), node(py.Break)]
            body += [node(py.Assign, [store(records)], slot(s)),
                     node(py.If, is_(call(load(self.type), load(records)), unknown, negate=True), [
                         node(py.For, store(rec), load(records), [
                             node(py.If, node(py.Compare, self.k(name), [py.NotIn()], [load(rec)]), hand_over, []),
                         ], [])], [])]
        missing = call(self.k(tuple), load(found))
        fields: list[tuple[str, py.expr]] = [
            ("policy_title", self.k(c.header.title)), ("policy_version", self.k(c.header.version)),
            ("policy_file", self.k(c.source_name)), ("policy_hash", self.k(a.sha256)),
            ("facts_file", load("file")), ("facts_hash", load("facts_hash")), ("station", load(station)),
            ("phase", phase), ("phase_label", phase_label), ("total", slot(a.total_slot)),
            ("total_max", self.k(c.total_max)), ("grade", load(grade)), ("places", self.k(a.places)),
            ("provisional", load(provisional)), ("parties", parties), ("scores", tuple_of(scores)),
            ("reconciliation", reconciliation), ("missing", missing),
            ("grade_names", self.k(a.grade_names)), ("trace", load("trace")), ("outputs", outputs),
            ("warnings", warnings), ("_env", env), ("_parts", self.k(a)),
            ("_shared", node(py.Dict, [], [])),
        ]
        result = let(call(self.k(object.__new__), self.k(LazyResult)))
        body.append(node(py.Expr, call(self.k(object.__setattr__), load(result), constant("__dict__"),
                                       node(py.Dict, [constant(k) for k, _ in fields], [v for _, v in fields]))))
        body.append(node(py.Return, load(result)))
        return function("head", ["env", "file", "facts_hash", "trace"], body)


def tuple_of_store(names: Sequence[str]) -> py.Tuple:
    return node(py.Tuple, [store(n) for n in names], py.Store())


def compile_lines(assembler: Any) -> Builders:
    """The builders of one policy, from the Assembler's tables and methods (`missing`: facts and record fields;
    the head calls `record_details`, `reconciliation`, `missing_facts_of` and `dated_warnings`)."""
    a = assembler
    gen = _Generator(a.c, a.missing)
    fns = gen.ns.compile([gen.vetoes(a.vetoes), gen.findings(a.findings), gen.indicators(a.indicators),
                          gen.head(a)], "report lines", a.c.header.title)
    return Builders(fns["vetoes"], fns["findings"], fns["indicators"], fns["head"])
