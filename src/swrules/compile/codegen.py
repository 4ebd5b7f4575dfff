"""The plain evaluation plan as one generated Python function.

Input: a `CheckedPolicy` and its plain closure steps (`compile.Plan`'s). Output: one
function `run(env)` that computes every rule into the slot list exactly as the closure
steps do, value for value and digit for digit, without a Python call per expression
node. Guarantee: the same values, the same `Unknown` instances (the first unknown
operand, left before right) and the same Decimal digits as the closures; the test
suite checks that on every policy in the repository.

How: the function body is built as `ast` node objects, one assignment per rule in
evaluation order; an expression becomes nested conditional expressions with
assignment-expression temporaries, e.g. `a + b` becomes
`(_t1 if type(_t1 := A) is _U else (_t2 if type(_t2 := B) is _U else _t1 + _t2))`.
Each rule's value goes to `env[slot]` as soon as it is computed and stays in a local
for later rules. The grade and dated parameters, which run rarely and branch a lot,
call their closure step (`_kN(env, None)`) and read their slot back.

Why this is safe although it calls `compile` and `exec`: no policy or fact text ever
becomes Python source. The module is built from `ast` node objects, never parsed from
a string; every identifier in it is generated here (`_t3`, `_v12`, `_k0`); the only
things taken from the policy are values: record field names and phase names appear
as `ast.Constant` strings (data, never names or code), and numbers, dates, grade
ranks, rounding modes and fallback steps live in the namespace the code runs in,
under generated names. That namespace is a fresh dict whose `__builtins__` holds only
the few builtins the code uses, so generated code can reach nothing else.
"""

from __future__ import annotations

import ast as py
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from swrules.base.values import (
    DIVISION_BY_ZERO,
    MISSING,
    NOT_APPLICABLE,
    QUIET,
    ROUNDING_MODES,
    Unknown,
    aggregate,
    quantum,
)
from swrules.base.values import divide as quiet_divide
from swrules.check.ir import GRADE, BindingKind, CheckedPolicy, Rule, RuleKind
from swrules.syntax import ast as A

Env = list[Any]
Step = Callable[[Env, Any], None]

# A party of more items than this is summed by its closure step: the nested expression
# would grow one level per item, and Python's compiler limits nesting.
MAX_SUMMED = 200

_CMP: dict[A.CmpOp, type[py.cmpop]] = {
    A.CmpOp.LT: py.Lt, A.CmpOp.LE: py.LtE, A.CmpOp.GT: py.Gt,
    A.CmpOp.GE: py.GtE, A.CmpOp.EQ: py.Eq, A.CmpOp.NE: py.NotEq,
}
_ARITH: dict[A.BinOp, type[py.operator]] = {
    A.BinOp.ADD: py.Add, A.BinOp.SUB: py.Sub, A.BinOp.MUL: py.Mult, A.BinOp.DIV: py.Div,
}

_T = TypeVar("_T", bound=py.AST)
_HERE = {"lineno": 1, "col_offset": 0, "end_lineno": 1, "end_col_offset": 0}


def node(cls: type[_T], *args: Any, **kwargs: Any) -> _T:
    """An `ast` node with its position set at once (line 1: there is no source text), so that no
    pass of `ast.fix_missing_locations` over every node is needed: it cost more than `compile`."""
    return cls(*args, **kwargs, **_HERE)


def code_name(what: str, title: str) -> str:
    """The file name tracebacks show for generated code; `compile` refuses a NUL, a title may hold one."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in title)
    return f"<swrules {what}: {shown}>"


def constant(value: Any) -> py.Constant:
    return node(py.Constant, value)


def _project(records: Any, field_name: str) -> tuple[Any, ...]:
    """`records.field`: each record's value, MISSING where a record lacks the field."""
    return tuple([r.get(field_name, MISSING) for r in records])


def _pick(pick: Callable[[Any], Any], *values: Any) -> Any:
    """`min(a, b, ...)` / `max(a, b, ...)`: every argument evaluated, the first unknown returned."""
    for v in values:
        if type(v) is Unknown:
            return v
    return pick(values)


def _load(name: str) -> py.Name:
    return node(py.Name, name, py.Load())


def _store(name: str) -> py.Name:
    return node(py.Name, name, py.Store())


def _call(func: py.expr, *args: py.expr, **kwargs: py.expr) -> py.Call:
    return node(py.Call, func, list(args), [node(py.keyword, k, v) for k, v in kwargs.items()])


class _Generator:
    def __init__(self, checked: CheckedPolicy, steps: Sequence[tuple[Rule, Step]]) -> None:
        self.c = checked
        self.fallback = {r.slot: step for r, step in steps}
        self.namespace: dict[str, Any] = {}
        self.builtins: dict[str, Any] = {}
        self.consts: dict[int, str] = {}  # id(value) -> generated name
        self.keep: list[Any] = []  # keeps every constant alive, so ids stay unique
        self.never_unknown: set[str] = set()  # constants that need no unknown check
        self.n_temps = 0
        self.fact_slots = {f.slot for f in checked.facts}
        self.facts_read: set[int] = set()  # fact slots loaded into locals at the start
        self.local: set[int] = set()  # rule slots whose value is in a local `_vN`
        self.unknown = self.const(Unknown)
        self.type = self.builtin("type", type)

    # ------------------------------------------------------------ names
    def const(self, value: Any) -> str:
        """A generated global name for a value the code needs (one per distinct object)."""
        name = self.consts.get(id(value))
        if name is None:
            name = f"_k{len(self.consts)}"
            self.consts[id(value)] = name
            self.keep.append(value)
            self.namespace[name] = value
            if not isinstance(value, Unknown):
                self.never_unknown.add(name)
        return name

    def builtin(self, label: str, value: Any) -> str:
        name = f"_b_{label}"
        self.builtins[name] = value
        return name

    def temp(self) -> str:
        self.n_temps += 1
        return f"_t{self.n_temps}"

    def is_unknown(self, e: py.expr) -> py.expr:
        return node(py.Compare, _call(_load(self.type), e), [py.Is()], [_load(self.unknown)])

    def guard(self, value: py.expr, then: Callable[[py.Name], py.expr]) -> py.expr:
        """`value` if it is unknown, else `then(value)`; `value` evaluated once."""
        if isinstance(value, py.Name) and value.id in self.never_unknown:
            return then(_load(value.id))
        if isinstance(value, py.Name):
            return node(py.IfExp, self.is_unknown(_load(value.id)), _load(value.id), then(_load(value.id)))
        t = self.temp()
        return node(py.IfExp, self.is_unknown(node(py.NamedExpr, _store(t), value)), _load(t), then(_load(t)))

    def slot(self, slot: int) -> py.expr:
        """The value in a slot: a local when this function already holds it, else `env[slot]`."""
        if slot in self.local:
            return _load(f"_v{slot}")
        if slot in self.fact_slots:
            self.facts_read.add(slot)
            return _load(f"_f{slot}")
        return node(py.Subscript, _load("env"), constant(slot), py.Load())

    # ------------------------------------------------------------ expressions
    def expr(self, e: A.Expr) -> py.expr:
        match e:
            case A.Number() | A.String() | A.DateLit() | A.Bool():
                return self.literal(e.value)
            case A.Ref():
                return self.ref(e)
            case A.Neg():
                return self.guard(self.expr(e.operand), lambda v: node(py.UnaryOp, py.USub(), v))
            case A.Not():
                return self.guard(self.expr(e.operand), lambda v: node(py.UnaryOp, py.Not(), v))
            case A.Binary():
                return self.binary(e)
            case A.Compare():
                return self.compare(e)
            case A.Logical():
                return self.logical(e)
            case A.Cond():
                then, other = self.expr(e.then), self.expr(e.otherwise)
                return self.guard(self.expr(e.test), lambda t: node(py.IfExp, t, then, other))
            case A.Call():
                return self.call(e)
        raise AssertionError(e)  # pragma: no cover

    def literal(self, value: Any) -> py.expr:
        if value is True or value is False or value is None:
            return constant(value)
        return _load(self.const(value))

    def ref(self, e: A.Ref) -> py.expr:
        b = self.c.bindings[id(e)]
        match b.kind:
            case BindingKind.FACT | BindingKind.RULE:
                return self.slot(b.slot)
            case BindingKind.PROJECTION:
                project, field_name = self.const(_project), constant(b.field_name)
                return self.guard(self.slot(b.slot), lambda v: _call(_load(project), v, field_name))
            case BindingKind.RECORD_FIELD:
                get = node(py.Attribute, _load("_rec"), "get", py.Load())
                return _call(get, constant(b.field_name), _load(self.const(MISSING)))
            case BindingKind.CURRENT:
                return _load("_cur")
            case BindingKind.CONSTANT:
                return self.literal(b.value)
        raise AssertionError(b.kind)  # pragma: no cover

    def both(self, e: A.Binary | A.Compare, combine: Callable[[py.Name, py.Name], py.expr]) -> py.expr:
        """Left, then right, each unknown returned as it is; else `combine(left, right)`."""
        left, right = self.expr(e.left), self.expr(e.right)
        return self.guard(left, lambda a: self.guard(right, lambda b: combine(a, b)))

    def binary(self, e: A.Binary) -> py.expr:
        op = _ARITH[e.op]
        if e.op is not A.BinOp.DIV:
            return self.both(e, lambda a, b: node(py.BinOp, a, op(), b))
        on_zero = self.expr(e.on_zero) if e.on_zero is not None else _load(self.const(DIVISION_BY_ZERO))

        def divide(a: py.Name, b: py.Name) -> py.expr:
            quotient = _call(_load(self.const(quiet_divide)), a, _load(b.id))
            return node(py.IfExp, node(py.UnaryOp, py.Not(), b), on_zero, quotient)

        return self.both(e, divide)

    def compare(self, e: A.Compare) -> py.expr:
        op = _CMP[e.op]
        if self.c.types.get(id(e.left)) != GRADE and self.c.types.get(id(e.right)) != GRADE:
            return self.both(e, lambda a, b: node(py.Compare, a, [op()], [b]))
        # A better grade has a smaller rank; "at least 合格" is rank <= rank(合格).
        get = self.const(self.c.grade_rank.get)
        worst = constant(len(self.c.grade_rank))

        def rank(v: py.Name) -> py.expr:
            return node(py.UnaryOp, py.USub(), _call(_load(get), v, worst))

        return self.both(e, lambda a, b: node(py.Compare, rank(a), [op()], [rank(b)]))

    def logical(self, e: A.Logical) -> py.expr:
        # Kleene: a decisive operand (false for and, true for or) wins even over an unknown one.
        decisive = e.op is not A.LogicOp.AND
        left, right = self.expr(e.left), self.expr(e.right)
        a, b = self.temp(), self.temp()

        def wins(name: str, value: py.expr) -> py.expr:
            return node(py.Compare, node(py.NamedExpr, _store(name), value), [py.Is()], [constant(decisive)])

        otherwise = node(py.IfExp, self.is_unknown(_load(a)), _load(a), _load(b))
        return node(py.IfExp, wins(a, left), constant(decisive),
                   node(py.IfExp, wins(b, right), constant(decisive), otherwise))

    def call(self, e: A.Call) -> py.expr:
        name = e.func
        if name == "round":
            places = e.args[1]
            assert isinstance(places, A.Number)
            q = _load(self.const(quantum(int(places.value))))
            mode = self.literal(self.c.bindings[id(e.args[2])].value)
            return self.guard(self.expr(e.args[0]),
                              lambda v: _call(node(py.Attribute, v, "quantize", py.Load()), q, rounding=mode,
                                              context=_load(self.const(QUIET))))
        if name == "known":
            return node(py.Compare, _call(_load(self.type), self.expr(e.args[0])), [py.IsNot()], [_load(self.unknown)])
        if name == "abs":
            abs_ = self.builtin("abs", abs)
            return self.guard(self.expr(e.args[0]), lambda v: _call(_load(abs_), v))
        if name in ("min", "max") and len(e.args) >= 2:
            pick = self.const(min if name == "min" else max)
            return _call(_load(self.const(_pick)), _load(pick), *(self.expr(a) for a in e.args))
        agg = self.const(aggregate)
        return self.guard(self.expr(e.args[0]), lambda v: _call(_load(agg), constant(name), v))

    # ------------------------------------------------------------ rules
    def assign(self, slot: int, value: py.expr) -> list[py.stmt]:
        """`env[slot] = _vN = value`: written at once, for the fallback steps that read env."""
        target = node(py.Subscript, _load("env"), constant(slot), py.Store())
        self.local.add(slot)
        return [node(py.Assign, [target, _store(f"_v{slot}")], value)]

    def call_step(self, r: Rule, slots: Sequence[int]) -> list[py.stmt]:
        """Run the rule's closure step, then hold what it wrote in locals."""
        step = self.const(self.fallback[r.slot])
        body: list[py.stmt] = [node(py.Expr, _call(_load(step), _load("env"), constant(None)))]
        for s in slots:
            body.append(node(py.Assign, [_store(f"_v{s}")], node(py.Subscript, _load("env"), constant(s), py.Load())))
            self.local.add(s)
        return body

    def rule(self, r: Rule) -> list[py.stmt]:
        d = r.decl
        match r.kind:
            case RuleKind.PARAM:
                assert isinstance(d, A.Param)
                if isinstance(d.value, A.ByDate):
                    return self.call_step(r, [r.slot])
                if isinstance(d.value, A.ByPhase):
                    return self.assign(r.slot, self.by_phase(d.value))
                return self.assign(r.slot, self.expr(d.value))
            case RuleKind.DEFINE:
                assert isinstance(d, A.Define)
                return self.assign(r.slot, self.expr(d.expr))
            case RuleKind.ITEM:
                assert isinstance(d, A.Item)
                if d.counted is None:
                    return self.assign(r.slot, self.expr(d.awarded))
                assert r.awarded_slot is not None
                return self.assign(r.awarded_slot, self.expr(d.awarded)) + self.assign(r.slot, self.expr(d.counted))
            case RuleKind.PARTY:
                assert isinstance(d, A.Party)
                slots = [self.c.rules_by_name[i.name].slot for i in d.items]
                weight = d.share if d.share_kind is A.ShareKind.WEIGHT else None
                return self.summation(r, slots, weight, None)
            case RuleKind.TOTAL:
                slots = [self.c.rules_by_name[p.name].slot for p in self.c.sheet.parties]
                return self.summation(r, slots, None, self.c.sheet.total.rounding if self.c.sheet.total else None)
            case RuleKind.VETO | RuleKind.FINDING:
                assert isinstance(d, (A.Veto, A.Finding))
                return self.assign(r.slot, self.expr(d.when))
            case RuleKind.GRADE:
                return self.call_step(r, [r.slot])
            case RuleKind.INDICATOR:
                assert isinstance(d, A.Indicator)
                return self.indicator(r, d)
        raise AssertionError(r.kind)  # pragma: no cover

    def by_phase(self, value: A.ByPhase) -> py.expr:
        assert self.c.phase_slot is not None
        chosen = list({pv.phase: pv.value for pv in value.values}.items())  # a repeated phase: the last value
        out: py.expr = _load(self.const(MISSING))
        if not chosen:
            return out
        # An unknown phase equals no phase name, so it gives MISSING, as the closure's dict lookup does.
        phase = self.temp()
        for i, (name, e) in reversed(list(enumerate(chosen))):
            read = node(py.NamedExpr, _store(phase), self.slot(self.c.phase_slot)) if i == 0 else _load(phase)
            out = node(py.IfExp, node(py.Compare, read, [py.Eq()], [constant(name)]), self.expr(e), out)
        return out

    def summation(self, r: Rule, slots: Sequence[int], weight: Decimal | None,
                  rounding: A.Rounding | None) -> list[py.stmt]:
        if len(slots) > MAX_SUMMED:
            return self.call_step(r, [r.slot])
        # Starting from Decimal(0) and adding in slot order, as the closure does, keeps the digits equal.
        acc: py.expr = _load(self.const(Decimal(0)))
        for s in slots:
            acc = node(py.BinOp, acc, py.Add(), self.slot(s))
        if weight is not None:
            acc = node(py.BinOp, acc, py.Mult(), _load(self.const(weight)))
        if rounding is not None:
            q = _load(self.const(quantum(rounding.places)))
            mode = self.literal(ROUNDING_MODES.get(rounding.mode))
            quiet = _load(self.const(QUIET))
            acc = _call(node(py.Attribute, acc, "quantize", py.Load()), q, rounding=mode, context=quiet)
        for s in reversed(slots):  # the first unknown part, in slot order, is the sum
            acc = node(py.IfExp, self.is_unknown(self.slot(s)), self.slot(s), acc)
        return self.assign(r.slot, acc)

    def indicator(self, r: Rule, d: A.Indicator) -> list[py.stmt]:
        over = self.c.facts_by_key[d.over.dotted].slot
        assert r.awarded_slot is not None
        records, values, hits = self.temp(), self.temp(), self.temp()
        tuple_ = self.builtin("tuple", tuple)
        unknown_records = self.assign(r.slot, _load(records)) + self.assign(r.awarded_slot, _load(records))

        def append(to: str, value: py.expr) -> py.stmt:
            return node(py.Expr, _call(node(py.Attribute, _load(to), "append", py.Load()), value))

        loop: list[py.stmt] = []
        compute = self.expr(d.compute)
        if d.not_applicable is not None:
            skip = self.temp()
            loop.append(node(py.Assign, [_store(skip)], self.expr(d.not_applicable)))
            all_false = self.const(tuple(False for _ in d.findings))
            loop.append(node(py.If, node(py.Compare, _load(skip), [py.Is()], [constant(True)]), [
                append(values, _load(self.const(NOT_APPLICABLE))), append(hits, _load(all_false)), node(py.Continue)],
                []))
            compute = node(py.IfExp, self.is_unknown(_load(skip)), _load(skip), compute)
        loop.append(node(py.Assign, [_store("_cur")], compute))
        loop.append(append(values, _load("_cur")))
        if d.findings:
            found = node(py.Tuple, [self.expr(f.when) for f in d.findings], py.Load())
            unknown = node(py.Tuple, [_load("_cur") for _ in d.findings], py.Load())
            loop.append(append(hits, node(py.IfExp, self.is_unknown(_load("_cur")), unknown, found)))
        else:
            loop.append(append(hits, node(py.Tuple, [], py.Load())))
        known_records = [
            node(py.Assign, [_store(values)], node(py.List, [], py.Load())),
            node(py.Assign, [_store(hits)], node(py.List, [], py.Load())),
            node(py.For, _store("_rec"), _load(records), loop, []),
            *self.assign(r.slot, _call(_load(tuple_), _load(values))),
            *self.assign(r.awarded_slot, _call(_load(tuple_), _load(hits))),
        ]
        return [node(py.Assign, [_store(records)], self.slot(over)),
                node(py.If, self.is_unknown(_load(records)), unknown_records, known_records)]

    # ------------------------------------------------------------ the function
    def function(self, order: Sequence[Rule]) -> Callable[[Env], None]:
        body: list[py.stmt] = []
        for r in order:
            body.extend(self.rule(r))
        preload: list[py.stmt] = [
            node(py.Assign, [_store(f"_f{s}")], node(py.Subscript, _load("env"), constant(s), py.Load()))
            for s in sorted(self.facts_read)]
        args = py.arguments(posonlyargs=[], args=[node(py.arg, "env")], kwonlyargs=[], kw_defaults=[], defaults=[])
        func = node(py.FunctionDef, "run", args, preload + body or [node(py.Pass)], [], None)
        module = py.Module([func], type_ignores=[])
        code = compile(module, code_name("plan", self.c.header.title), "exec")
        namespace = dict(self.namespace)
        namespace["__builtins__"] = dict(self.builtins)
        exec(code, namespace)  # the code object built above from ast nodes; see the module docstring
        run: Callable[[Env], None] = namespace["run"]
        return run


def generate(checked: CheckedPolicy, steps: Sequence[tuple[Rule, Step]]) -> Callable[[Env], None]:
    """One function `run(env)` doing what the plain `steps` do, in `checked.order`."""
    return _Generator(checked, steps).function(checked.order)
