"""Calls of the builtin functions: `round`, the aggregates, `min`/`max`, `abs`, `known`.

Input: a `check._Checker` and a call in an expression. Output: the call's type, and a
diagnostic for an unknown function (with the name a policy officer probably meant:
`average` is `mean`), a wrong number of arguments, a rounding mode or number of
places that is not one, or an aggregate over something that is not a list of records.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from swrules.base.limits import MAX_ROUND_PLACES
from swrules.base.values import ROUNDING_MODES
from swrules.syntax import ast as A

from .ir import BOOL, MODE, NUMBER, PERCENT, RECORDS, Binding, BindingKind, Ty

if TYPE_CHECKING:
    from .checker import _Checker, _Scope

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
}
NUMERIC = ("number", "percent")
# The type of a name that could not be resolved: already reported, so it fits anywhere
# and causes no second diagnostic.
ERROR = Ty("error")
# Names policy officers reach for, and the function the language calls it.
FUNCTION_SYNONYMS = {"average": "mean", "avg": "mean", "平均": "mean", "平均值": "mean", "total": "sum",
                     "合计": "sum", "求和": "sum", "四舍五入": "round", "计数": "count", "最小": "min",
                     "最大": "max", "minimum": "min", "maximum": "max"}


def _suggest(name: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def check_call(c: _Checker, e: A.Call, scope: _Scope) -> Ty:
    """A builtin function call: known name, number of arguments, argument types."""
    name = e.func
    n = len(e.args)
    if name not in FUNCTIONS:
        s = FUNCTION_SYNONYMS.get(name.lower()) or _suggest(name, FUNCTIONS)
        c.error("E0205", e.func_span, name=name, functions=", ".join(FUNCTIONS),
                suggestion_zh=f"是否想写 `{s}`？" if s else "",
                suggestion_en=f" Did you mean `{s}`?" if s else "")
        for a in e.args:
            c.expr(a, scope)
        return NUMBER
    if name == "round":
        if n != 3:
            c.error("E0209", e.span, name=name, expected=3, found=n, usage=FUNCTIONS[name])
            return NUMBER
        ty = c.expr(e.args[0], scope)
        c.need_numeric(e.args[0], ty)
        places = e.args[1]
        whole = isinstance(places, A.Number) and places.value == places.value.to_integral()
        if not (whole and isinstance(places, A.Number) and not places.is_percent):
            c.type_error(places, NUMBER, c.expr(places, scope), "位数应为整数，例如 2。",
                         "the number of places is a whole number, such as 2.")
        elif places.value > MAX_ROUND_PLACES:  # beyond the 34-digit context: refused here, not at run time
            c.error("E0114", places.span, value=f"{places.value:f}", limit=MAX_ROUND_PLACES)
        mode = e.args[2]
        if isinstance(mode, A.Ref) and len(mode.parts) == 1 and mode.parts[0] in ROUNDING_MODES:
            c.bindings[id(mode)] = Binding(BindingKind.CONSTANT, MODE, value=ROUNDING_MODES[mode.parts[0]])
            c.types[id(mode)] = MODE
        else:
            c.error("E0208", mode.span, name=mode.span.text if mode.span else "?")
        return ty if ty.base in NUMERIC else NUMBER
    if name == "known":
        if n != 1:
            c.error("E0209", e.span, name=name, expected=1, found=n, usage=FUNCTIONS[name])
            return BOOL
        c.expr(e.args[0], scope)
        return BOOL
    if name == "abs":
        if n != 1:
            c.error("E0209", e.span, name=name, expected=1, found=n, usage=FUNCTIONS[name])
            return NUMBER
        ty = c.expr(e.args[0], scope)
        c.need_numeric(e.args[0], ty)
        return ty
    if name in ("min", "max") and n >= 2:
        tys = [c.expr(a, scope) for a in e.args]
        for a, ty in zip(e.args, tys, strict=True):
            c.need_numeric(a, ty)
        return PERCENT if all(t == PERCENT for t in tys) else NUMBER
    if n != 1:
        c.error("E0209", e.span, name=name, expected=1, found=n, usage=FUNCTIONS[name])
        return NUMBER
    arg = e.args[0]
    ty = c.expr(arg, scope)
    if ty == ERROR:
        return NUMBER
    if name == "count":
        if not (ty == RECORDS or ty.many):
            c.error("E0302", arg.span, text=arg.span.text if arg.span else "", func=name)
        return NUMBER
    if not ty.many:
        c.error("E0302", arg.span, text=arg.span.text if arg.span else "", func=name)
        return NUMBER
    if ty.base not in NUMERIC:
        c.type_error(arg, Ty("number", many=True), ty)
    return PERCENT if ty.base == "percent" and name != "sum" else NUMBER
