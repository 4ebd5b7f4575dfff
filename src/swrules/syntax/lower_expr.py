"""Lowering of expressions and literals: the parse tree's values to the AST's.

Input: Lark _trees of expressions, numbers, dates and rounding places. Output: AST
expressions and exact values, or diagnostics collected on the lowerer: an impossible
date, a number beyond the input limits (E0116), rounding places that are not a whole
number (E0117), `on zero` after a multiplication (E0113), a bare `score` outside
`for each` (E0114). The Chinese names of builtin functions and rounding modes are read
as the English ones here, so a policy's AST is the same whichever spelling it uses.
`lowering` builds declarations on top of this.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lark import Token, Tree

from swrules.base import limits
from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Source, Span

from . import ast as A
from .grammar import CHINESE_FUNCTIONS, CHINESE_MODES, CHINESE_NAMES
from .trees import Node, _token, _tree, _unquote

_CMP = {"<": A.CmpOp.LT, "<=": A.CmpOp.LE, ">": A.CmpOp.GT, ">=": A.CmpOp.GE, "=": A.CmpOp.EQ,
        "!=": A.CmpOp.NE, "≤": A.CmpOp.LE, "≥": A.CmpOp.GE, "≠": A.CmpOp.NE}
_ARITH = {"+": A.BinOp.ADD, "-": A.BinOp.SUB, "*": A.BinOp.MUL, "/": A.BinOp.DIV, "×": A.BinOp.MUL, "÷": A.BinOp.DIV}
# The Chinese names of the builtin functions and rounding modes, read as the English ones:
# the AST of a policy is the same whichever spelling it was written in.
_FUNCTION = {zh: en for en, zh in CHINESE_FUNCTIONS.items()}
_MODE = {zh: en for en, zh in CHINESE_MODES.items()}
_NAME = {zh: en for en, zh in CHINESE_NAMES.items()}


def mode_name(name: str) -> str:
    """A rounding mode's English name."""
    return _MODE.get(name, name)


class ExprLowerer:
    """The expression and literal half of the lowerer."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.errors: list[Diagnostic] = []
        # Inside an indicator's `for each`, where a bare name may be a record's field.
        self.for_each = False

    # -- positions
    def span(self, node: Node) -> Span:
        if isinstance(node, Token):
            start = node.start_pos or 0
            end = node.end_pos if node.end_pos is not None else start + len(node)
            return Span(self.source, start, end)
        meta = node.meta
        if getattr(meta, "empty", True):
            return Span(self.source, 0, 0)
        return Span(self.source, meta.start_pos, meta.end_pos)

    def date(self, node: Node) -> dt.date:
        token = _token(node)
        try:
            return dt.date.fromisoformat(str(token))
        except ValueError:
            self.errors.append(Diagnostic(
                "E0100",
                {"expected": "有效的日期", "expected_en": "a valid date", "found": f"`{token}`",
                 "found_en": f"`{token}`", "help_zh": "日期写作 年-月-日，例如 2025-01-31。",
                 "help_en": "write dates as year-month-day, such as 2025-01-31."},
                self.span(token),
            ))
            return dt.date(1, 1, 1)

    def literal_number(self, node: Node) -> Decimal:
        if isinstance(node, Token):
            return self.number_token(node)
        if node.data == "negative_number":
            return -self.number_token(node.children[0])
        return self.number_token(node.children[0])

    def number_token(self, node: Node) -> Decimal:
        """A number literal, exactly; one outside the input limits is an error (and reads as 0)."""
        token = _token(node)
        text = str(token)
        problem: tuple[str, str] | None
        if len(text) > 4 * limits.MAX_DIGITS:
            problem = (f"{len(text)} 个字符", f"{len(text)} characters long")
        else:
            value = Decimal(text[:-1]) if text.endswith("%") else Decimal(text)
            if text.endswith("%"):  # shifted by the exponent: `scaleb` would round at the context's precision
                sign, digits, exponent = value.as_tuple()
                assert isinstance(exponent, int)
                value = Decimal((sign, digits, exponent - 2))
            problem = limits.number_problem(value)
            if problem is None:
                return value
        self.errors.append(Diagnostic("E0116", {
            "value": limits.shown(text), "why_zh": problem[0], "why_en": problem[1],
            "int_digits": limits.MAX_INTEGER_DIGITS, "frac_digits": limits.MAX_FRACTION_DIGITS}, self.span(token)))
        return Decimal(0)

    def places(self, token: Token) -> int:
        """Decimal places of a rounding: a whole number, else a diagnostic."""
        text = str(token)
        if text.isdigit() and len(text) <= 3 and int(text) <= limits.MAX_ROUND_PLACES:
            return int(text)
        if text.isdigit():
            self.errors.append(Diagnostic("E0117", {"value": limits.shown(text), "limit": limits.MAX_ROUND_PLACES},
                                          self.span(token)))
            return 0
        self.errors.append(Diagnostic(
            "E0100",
            {"expected": "整数位数（如 2）", "expected_en": "a whole number of places such as 2",
             "found": f"`{text}`", "found_en": f"`{text}`", "help_zh": "", "help_en": ""},
            self.span(token),
        ))
        return 0

    # -- expressions
    def ref(self, node: Node) -> A.Ref:
        tree = _tree(node)
        parts = tuple(str(_token(t)) for t in tree.children)
        if len(parts) == 1 and parts[0] in _NAME:  # `评定等级` is `grade`
            parts = (_NAME[parts[0]],)
        return A.Ref(parts, span=self.span(tree))

    @staticmethod
    def call(func: str, args: tuple[A.Expr, ...], span: Span, func_span: Span) -> A.Call:
        """A call, its Chinese function or rounding-mode name read as the English one;
        `四舍五入(x, 2)` (a mode's name with two arguments) is `round(x, 2, half_up)`."""
        if func in _MODE and len(args) == 2:
            return A.Call("round", (*args, A.Ref((_MODE[func],), span=func_span)), span=span, func_span=func_span)
        func = _FUNCTION.get(func, func)
        last = args[-1] if args else None
        if func == "round" and len(args) == 3 and isinstance(last, A.Ref) and len(last.parts) == 1:
            args = (*args[:2], A.Ref((mode_name(last.parts[0]),), span=last.span))
        return A.Call(func, args, span=span, func_span=func_span)

    def expr(self, node: Node) -> A.Expr:
        tree = _tree(node)  # every atom is wrapped by an alias
        span = self.span(tree)
        kids = tree.children
        match str(tree.data):
            case "number":
                return A.Number(self.number_token(kids[0]), False, span=span)
            case "percent":
                return A.Number(self.number_token(kids[0]), True, span=span)
            case "string":
                return A.String(_unquote(kids[0]), span=span)
            case "date":
                return A.DateLit(self.date(kids[0]), span=span)
            case "true" | "false" as word:
                return A.Bool(word == "true", span=span)
            case "total" | "phase" as word:
                return A.Ref((word,), span=span)
            case "score":
                # A field may be called `score`; bare, only a record's field in `for each` can be.
                if not self.for_each:
                    self.errors.append(Diagnostic("E0114", {}, span))
                return A.Ref(("score",), span=span)
            case "ref":
                return self.ref(tree)
            case "call":
                func = _token(kids[0])
                args = tuple(self.expr(a) for a in kids[1:] if a is not None)
                return self.call(str(func), args, span, self.span(func))
            case "neg":
                return A.Neg(self.expr(kids[0]), span=span)
            case "not_op":
                return A.Not(self.expr(kids[0]), span=span)
            case "and_op" | "or_op" as data:
                op = A.LogicOp.AND if data == "and_op" else A.LogicOp.OR
                return A.Logical(op, self.expr(kids[0]), self.expr(kids[1]), span=span)
            case "compare":
                return A.Compare(_CMP[str(kids[1])], self.expr(kids[0]), self.expr(kids[2]), span=span)
            case "arith":
                return A.Binary(_ARITH[str(kids[1])], self.expr(kids[0]), self.expr(kids[2]), span=span)
            case "safe_div":
                return self.safe_div(tree, span)
            case "cond":
                return A.Cond(self.expr(kids[0]), self.expr(kids[1]), self.expr(kids[2]), span=span)
            case other:  # pragma: no cover - every expression rule of the grammar is above
                raise AssertionError(f"unlowered expression {other}")

    def safe_div(self, tree: Tree[Token], span: Span) -> A.Binary:
        """`a / b on zero c`. Only a division can divide by zero: after `*` or `×` the
        words `on zero` would be silently meaningless, so they are refused."""
        left, op, right, on, on_zero = tree.children
        binop = _ARITH[str(op)]
        if binop is not A.BinOp.DIV:
            self.errors.append(Diagnostic("E0113", {"op": str(op)}, self.span(_token(on)).join(self.span(on_zero))))
        return A.Binary(binop, self.expr(left), self.expr(right), self.expr(on_zero), span=span)
