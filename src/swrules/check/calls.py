"""Calls of the builtin functions: `round`, the aggregates, `min`/`max`, `abs`, `known`.

Input: a call in an expression, the `Context`, and the expression typer (anything
with `expr`, `need_numeric` and `type_error`, given by `exprs`). Output: the typed
`ir.Call`, and a diagnostic for an unknown function (with the name a policy officer
probably meant: `average` is `mean`), a wrong number of arguments, a rounding mode
or number of places that is not one, or an aggregate over something that is not a
list of records.
"""

from __future__ import annotations

from typing import Protocol, assert_never

from swrules.base.limits import MAX_ROUND_PLACES
from swrules.base.values import ROUNDING_MODES
from swrules.syntax import ast as A

from . import ir
from .context import Context, Scope
from .resolve import suggest

AGGREGATES = ("sum", "mean", "min", "max", "count")
FUNCTIONS = {
    "round": "round(值, 位数, half_up)",
    "sum": "sum(记录.字段)",
    "mean": "mean(记录.字段)",
    "min": "min(记录.字段) / min(a, b)",
    "max": "max(记录.字段) / max(a, b)",
    "count": "count(记录)",
    "abs": "abs(值)",
    "known": "known(事实)",
    "days_between": "days_between(开始日期, 结束日期)",
    "months_between": "months_between(开始日期, 结束日期)",
}
# Names policy officers reach for, and the function the language calls it.
FUNCTION_SYNONYMS = {"average": "mean", "avg": "mean", "平均": "mean", "平均值": "mean", "total": "sum",
                     "合计": "sum", "求和": "sum", "四舍五入": "round", "计数": "count", "最小": "min",
                     "最大": "max", "minimum": "min", "maximum": "max"}


class Typer(Protocol):
    def expr(self, e: A.Expr, scope: Scope) -> ir.Expr: ...

    def need_numeric(self, x: ir.Expr, allow_many: bool = False) -> None: ...

    def type_error(self, x: ir.Expr, want: ir.Ty, help_zh: str = "", help_en: str = "") -> None: ...


def unchecked(e: A.Expr) -> ir.Expr:
    """An argument left unchecked because the call is already wrong: in the IR with the
    error type and no bindings, so it causes no second diagnostic."""
    E = ir.ERROR
    match e:
        case A.Number():
            return ir.Number(e.value, e.is_percent, E, e.span)
        case A.String():
            return ir.String(e.value, E, e.span)
        case A.DateLit():
            return ir.DateLit(e.value, E, e.span)
        case A.Bool():
            return ir.Bool(e.value, E, e.span)
        case A.Ref():
            return ir.Ref(e.parts, None, E, e.span)
        case A.Neg():
            return ir.Neg(unchecked(e.operand), E, e.span)
        case A.Not():
            return ir.Not(unchecked(e.operand), E, e.span)
        case A.Binary():
            zero = unchecked(e.on_zero) if e.on_zero is not None else None
            return ir.Binary(e.op, unchecked(e.left), unchecked(e.right), zero, E, e.span)
        case A.Compare():
            return ir.Compare(e.op, unchecked(e.left), unchecked(e.right), E, e.span)
        case A.Logical():
            return ir.Logical(e.op, unchecked(e.left), unchecked(e.right), E, e.span)
        case A.Cond():
            return ir.Cond(unchecked(e.test), unchecked(e.then), unchecked(e.otherwise), E, e.span)
        case A.Call():
            return ir.Call(e.func, tuple(unchecked(a) for a in e.args), E, e.span, e.func_span)
        case _:
            assert_never(e)


def check_call(c: Context, t: Typer, e: A.Call, scope: Scope) -> ir.Call:
    """A builtin function call: known name, number of arguments, argument types."""
    name = e.func
    n = len(e.args)

    def call(ty: ir.Ty, args: tuple[ir.Expr, ...] | None = None) -> ir.Call:
        return ir.Call(name, tuple(unchecked(a) for a in e.args) if args is None else args, ty, e.span, e.func_span)

    if name not in FUNCTIONS:
        s = FUNCTION_SYNONYMS.get(name.lower()) or suggest(name, FUNCTIONS)
        c.error("E0205", e.func_span, name=name, functions=", ".join(FUNCTIONS),
                suggestion_zh=f"是否想写 `{s}`？" if s else "",
                suggestion_en=f" Did you mean `{s}`?" if s else "")
        return call(ir.NUMBER, tuple(t.expr(a, scope) for a in e.args))
    if name == "round":
        if n != 3:
            c.error("E0209", e.span, name=name, expected=3, found=n, usage=FUNCTIONS[name])
            return call(ir.NUMBER)
        value = t.expr(e.args[0], scope)
        t.need_numeric(value)
        places = e.args[1]
        whole = isinstance(places, A.Number) and places.value == places.value.to_integral()
        typed_places = t.expr(places, scope)
        if not (whole and isinstance(places, A.Number) and not places.is_percent):
            t.type_error(typed_places, ir.NUMBER, "位数应为整数，例如 2。",
                         "the number of places is a whole number, such as 2.")
        elif places.value > MAX_ROUND_PLACES:  # beyond the 34-digit context: refused here, not at run time
            c.error("E0117", places.span, value=f"{places.value:f}", limit=MAX_ROUND_PLACES)
        mode = e.args[2]
        typed_mode: ir.Expr
        if isinstance(mode, A.Ref) and len(mode.parts) == 1 and mode.parts[0] in ROUNDING_MODES:
            binding = ir.Binding(ir.BindingKind.CONSTANT, ir.MODE, value=ROUNDING_MODES[mode.parts[0]])
            typed_mode = ir.Ref(mode.parts, binding, ir.MODE, mode.span)
        else:
            c.error("E0208", mode.span, name=mode.span.text if mode.span else "?")
            typed_mode = unchecked(mode)
        return call(value.ty if value.ty.numeric else ir.NUMBER, (value, typed_places, typed_mode))
    if name in ("known", "abs"):
        if n != 1:
            c.error("E0209", e.span, name=name, expected=1, found=n, usage=FUNCTIONS[name])
            return call(ir.BOOL if name == "known" else ir.NUMBER)
        arg = t.expr(e.args[0], scope)
        if name == "known":
            return call(ir.BOOL, (arg,))
        t.need_numeric(arg)
        return call(arg.ty, (arg,))
    if name in ("days_between", "months_between"):
        if n != 2:
            c.error("E0209", e.span, name=name, expected=2, found=n, usage=FUNCTIONS[name])
            return call(ir.NUMBER)
        dates = tuple(t.expr(a, scope) for a in e.args)
        for d in dates:
            if d.ty not in (ir.DATE, ir.ERROR):
                t.type_error(d, ir.DATE, "两个参数都应是日期，例如 station.period_start。",
                             "both arguments are dates, such as station.period_start.")
        return call(ir.NUMBER, dates)
    if name in ("min", "max") and n >= 2:
        args = tuple(t.expr(a, scope) for a in e.args)
        for a in args:
            t.need_numeric(a)
        return call(ir.PERCENT if all(a.ty == ir.PERCENT for a in args) else ir.NUMBER, args)
    if n != 1:
        c.error("E0209", e.span, name=name, expected=1, found=n, usage=FUNCTIONS[name])
        return call(ir.NUMBER)
    arg = t.expr(e.args[0], scope)
    ty = arg.ty
    if ty == ir.ERROR:
        return call(ir.NUMBER, (arg,))
    if name == "count":
        if not (ty == ir.RECORDS or ty.many):
            c.error("E0302", arg.span, text=arg.span.text if arg.span else "", func=name)
        return call(ir.NUMBER, (arg,))
    if not ty.many:
        c.error("E0302", arg.span, text=arg.span.text if arg.span else "", func=name)
        return call(ir.NUMBER, (arg,))
    if not ty.numeric:
        t.type_error(arg, ir.Ty(ir.Base.NUMBER, many=True))
    return call(ir.PERCENT if ty.base is ir.Base.PERCENT and name != "sum" else ir.NUMBER, (arg,))
