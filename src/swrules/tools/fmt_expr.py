"""The canonical text of an expression and of a number literal.

Input: an `ast.Expr` or a literal's `Decimal`. Output: one line of policy text with
the parentheses the grammar's precedence needs and no others, one space around
operators, canonical ASCII operators (`<=`, `*`, `/`), and number literals as written
(`5.0`, `80.50%`, never an exponent). Guarantee: parsing the text gives back an equal
expression (the property `tests/fmt` checks on generated expressions).
"""

from __future__ import annotations

from decimal import Decimal
from typing import assert_never

from swrules.syntax import ast as A

_COND, _OR, _AND, _NOT, _CMP, _SUM, _PRODUCT, _UNARY, _ATOM = range(9)


def number_text(value: Decimal, is_percent: bool = False) -> str:
    """A literal as written: `5`, `5.0`, `80%`, `80.5%` (never an exponent)."""
    if is_percent:
        return f"{value.scaleb(2):f}%"
    return f"{value:f}"


def expr_text(e: A.Expr) -> str:
    """An expression on one line, with the parentheses its precedence needs and no others."""
    return _wrap(e, _COND)


def _wrap(e: A.Expr, context: int) -> str:
    text, prec = _expr(e)
    return f"({text})" if prec < context else text


def _expr(e: A.Expr) -> tuple[str, int]:
    match e:
        case A.Number():
            return number_text(e.value, e.is_percent), _ATOM
        case A.String():
            return f'"{e.value}"', _ATOM
        case A.DateLit():
            return e.value.isoformat(), _ATOM
        case A.Bool():
            return ("true" if e.value else "false"), _ATOM
        case A.Ref():
            return e.dotted, _ATOM
        case A.Call():
            return f"{e.func}({', '.join(_wrap(a, _COND) for a in e.args)})", _ATOM
        case A.Neg():
            return "-" + _wrap(e.operand, _UNARY), _UNARY
        case A.Binary() if e.op in (A.BinOp.ADD, A.BinOp.SUB):
            return f"{_wrap(e.left, _SUM)} {e.op.value} {_wrap(e.right, _PRODUCT)}", _SUM
        case A.Binary():
            text = f"{_wrap(e.left, _PRODUCT)} {e.op.value} {_wrap(e.right, _UNARY)}"
            if e.on_zero is not None:
                text += f" on zero {_wrap(e.on_zero, _UNARY)}"
            return text, _PRODUCT
        case A.Compare():
            return f"{_wrap(e.left, _SUM)} {e.op.value} {_wrap(e.right, _SUM)}", _CMP
        case A.Not():
            return "not " + _wrap(e.operand, _NOT), _NOT
        case A.Logical() if e.op is A.LogicOp.AND:
            return f"{_wrap(e.left, _AND)} and {_wrap(e.right, _NOT)}", _AND
        case A.Logical():
            return f"{_wrap(e.left, _OR)} or {_wrap(e.right, _AND)}", _OR
        case A.Cond():
            # A conditional inside the test or the `then` branch is legal bare but hard to
            # read; the `else` branch chains naturally (`else if ...`).
            return (f"if {_wrap(e.test, _OR)} then {_wrap(e.then, _OR)} else {_wrap(e.otherwise, _COND)}",
                    _COND)
    assert_never(e)  # pragma: no cover
