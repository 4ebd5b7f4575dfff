"""Pass 2, typing: each formula of the syntax tree to a typed IR expression.

Input: the `Context` after collection, an `ast` expression and the `Scope` it is
written in, and `rule_type` (the type of a named rule, computed on demand by
`rules`). Output: the `ir` expression, one node per node, each with its type and
every name bound (through `resolve`), and a diagnostic for each type mistake: a
condition that is not a yes/no value, arithmetic on text, a comparison of unlike
values, a list where one value is needed, a percentage compared with a plain number
above 1.
"""

from __future__ import annotations

from decimal import Decimal
from typing import assert_never

from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Span
from swrules.syntax import ast as A

from . import ir
from .calls import check_call
from .context import Context, Scope
from .resolve import RuleType, resolve_ref

_TEXT_LIKE = (ir.Base.TEXT, ir.Base.GRADE, ir.Base.PHASE)


def comparable(a: ir.Ty, b: ir.Ty) -> bool:
    if ir.ERROR in (a, b):
        return True
    if a.many or b.many:
        return False
    if a.numeric and b.numeric:
        return True
    if a.base in _TEXT_LIKE and b.base in _TEXT_LIKE:
        return a.base is b.base or ir.Base.TEXT in (a.base, b.base)
    return a.base is b.base


class ExprTyper:
    """Types expressions into the IR, reporting into the context's diagnostics."""

    def __init__(self, c: Context, rule_type: RuleType) -> None:
        self.c = c
        self.rule_type = rule_type

    def expect(self, e: A.Expr, scope: Scope, want: ir.Ty) -> ir.Expr:
        x = self.expr(e, scope)
        if x.ty != want and x.ty != ir.ERROR:
            self.type_error(x, want)
        return x

    def type_error(self, x: ir.Expr, want: ir.Ty, help_zh: str = "", help_en: str = "") -> None:
        got = x.ty
        if ir.ERROR in (want, got):
            return
        wz, we = ir.type_words(want)
        gz, ge = ir.type_words(got)
        if not help_zh and want == ir.BOOL and got.numeric:
            help_zh, help_en = "条件需要比较，例如 `x >= 5`。", "a condition needs a comparison, such as `x >= 5`."
        self.c.error("E0301", x.span, expected=wz, expected_en=we, text=x.span.text if x.span else "", found=gz,
                     found_en=ge, help_zh=help_zh, help_en=help_en)

    def need_numeric(self, x: ir.Expr, allow_many: bool = False) -> None:
        ty = x.ty
        if ty == ir.ERROR:
            return
        if not ty.numeric:
            self.type_error(x, ir.NUMBER)
        elif ty.many and not allow_many:
            self.c.error("E0306", x.span, text=x.span.text if x.span else "")

    def same_family(self, xs: list[ir.Expr]) -> ir.Ty:
        first = xs[0].ty if xs else ir.NUMBER
        for x in xs[1:]:
            if not comparable(first, x.ty):
                self.type_error(x, first)
        return first

    def expr(self, e: A.Expr, scope: Scope) -> ir.Expr:
        match e:
            case A.Number():
                return ir.Number(e.value, e.is_percent, ir.PERCENT if e.is_percent else ir.NUMBER, e.span)
            case A.String():
                return ir.String(e.value, ir.TEXT, e.span)
            case A.DateLit():
                return ir.DateLit(e.value, ir.DATE, e.span)
            case A.Bool():
                return ir.Bool(e.value, ir.BOOL, e.span)
            case A.Ref():
                return resolve_ref(self.c, e, scope, self.rule_type)
            case A.Neg():
                x = self.expr(e.operand, scope)
                self.need_numeric(x)
                return ir.Neg(x, x.ty if x.ty.numeric else ir.NUMBER, e.span)
            case A.Binary():
                return self.binary(e, scope)
            case A.Compare():
                return self.compare(e, scope)
            case A.Logical():
                left = self.expect(e.left, scope, ir.BOOL)
                right = self.expect(e.right, scope, ir.BOOL)
                return ir.Logical(e.op, left, right, ir.BOOL, e.span)
            case A.Not():
                return ir.Not(self.expect(e.operand, scope, ir.BOOL), ir.BOOL, e.span)
            case A.Cond():
                test = self.expect(e.test, scope, ir.BOOL)
                start = len(self.c.divisions)
                a = self.expr(e.then, scope)
                middle = len(self.c.divisions)
                b = self.expr(e.otherwise, scope)
                self._guard_divisions(start, middle, test)
                if not comparable(a.ty, b.ty):
                    self.type_error(b, a.ty)
                return ir.Cond(test, a, b, a.ty, e.span)
            case A.Call():
                return check_call(self.c, self, e, scope)
            case _:
                assert_never(e)

    def binary(self, e: A.Binary, scope: Scope) -> ir.Binary:
        left = self.expr(e.left, scope)
        right = self.expr(e.right, scope)
        self.need_numeric(left)
        self.need_numeric(right)
        on_zero = None
        if e.on_zero is not None:
            on_zero = self.expr(e.on_zero, scope)
            self.need_numeric(on_zero)
        both_percent = left.ty == ir.PERCENT and right.ty == ir.PERCENT
        percent = both_percent and e.op in (A.BinOp.ADD, A.BinOp.SUB, A.BinOp.MUL)
        node = ir.Binary(e.op, left, right, on_zero, ir.PERCENT if percent else ir.NUMBER, e.span)
        if e.on_zero is None and e.op is A.BinOp.DIV and scope.record is None:
            self.c.divisions.append((node, ()))
        return node

    def _guard_divisions(self, start: int, middle: int, test: ir.Expr) -> None:
        """Divisions collected from `start` to `middle` were in a `then` branch, those
        after in the `else` branch: each is evaluated only when `test` is true or false."""
        divisions = self.c.divisions
        for i in range(start, len(divisions)):
            node, conditions = divisions[i]
            divisions[i] = (node, (*conditions, (test, i < middle)))

    def compare(self, e: A.Compare, scope: Scope) -> ir.Compare:
        # A bare grade or phase name on one side is read as that grade or phase.
        left = self.expr(e.left, scope)
        right = self.expr(e.right, scope)
        node = ir.Compare(e.op, left, right, ir.BOOL, e.span)
        lt, rt = left.ty, right.ty
        if lt.many or rt.many:
            many = (left if lt.many else right).span
            self.c.error("E0306", many, text=many.text if many is not None else "")
            return node
        if not comparable(lt, rt):
            lz, le = ir.type_words(lt)
            rz, re_ = ir.type_words(rt)
            hz, he = "", ""
            if ir.GRADE in (lt, rt):
                hz = "等级只能与等级比较，例如 `grade >= 合格`。"
                he = "grades compare with grades, as in `grade >= pass`."
            elif isinstance(e.left, A.String) and e.op is A.CmpOp.EQ and e.right.span is not None:
                # `param 名称="说明"=80%` reads as the comparison `"说明" = 80%`: a misplaced label.
                value = e.right.span.text
                hz = f'若 "{e.left.value}" 是说明，写在名称之后、等号之前：`param 名称 "{e.left.value}" = {value}`。'
                he = f'if "{e.left.value}" is a label, put it after the name, before `=`: ' \
                     f'`param name "{e.left.value}" = {value}`.'
            elif ir.Base.BOOL in (lt.base, rt.base):
                hz = "是/否值本身就是条件：直接写 `when 事实`，或写 `事实 = true`、`事实 = false`。"
                he = "a yes/no value is a condition itself: write `when fact`, or `fact = true` / `fact = false`."
            else:
                hz = f"比较的两边应为同一类值；检查两边的名称是否写对，{rz}一边是否应为{lz}。"
                he = f"both sides of a comparison must be alike; check the names, and whether {re_} should be {le}."
            self.c.error("E0303", e.span, left=lz, right=rz, left_en=le, right_en=re_, help_zh=hz, help_en=he)
            return node
        if e.op not in (A.CmpOp.EQ, A.CmpOp.NE) and lt.base in (ir.Base.BOOL, ir.Base.TEXT, ir.Base.PHASE):
            self.c.error("E0303", e.span, left=ir.type_words(lt)[0], right=ir.type_words(rt)[0],
                         left_en=ir.type_words(lt)[1], right_en=ir.type_words(rt)[1],
                         help_zh="文字与是/否值只能用 = 或 != 比较。",
                         help_en="text and yes/no values compare only with = or !=.")
        self.never_equal(left, right)
        for mine, other in ((lt, right), (rt, left)):
            plain = self.plain_number(other)
            if mine == ir.PERCENT and other.ty == ir.NUMBER and plain is not None and plain[0] > 1:
                self.c.diags.append(Diagnostic("W0305", {"number": str(plain[0])}, plain[1]))
        return node

    def never_equal(self, left: ir.Expr, right: ir.Expr) -> None:
        """E0307: a `one of` fact compared with text that is not one of its values."""
        for ref, other in ((left, right), (right, left)):
            if not (isinstance(ref, ir.Ref) and isinstance(other, ir.String) and ref.binding is not None
                    and ref.binding.kind is ir.BindingKind.FACT):
                continue
            info = self.c.facts_by_key.get(".".join(ref.parts))
            decl = info.decl if info is not None else None
            if isinstance(decl, A.FactField) and decl.choices and other.value not in decl.choices:
                self.c.error("E0307", other.span, fact=".".join(ref.parts), value=other.value,
                             choices="、".join(f'"{v}"' for v in decl.choices),
                             choices_en=", ".join(f'"{v}"' for v in decl.choices))

    def plain_number(self, x: ir.Expr) -> tuple[Decimal, Span | None] | None:
        """A plain-number literal, written here or as the value of the parameter named here."""
        if isinstance(x, ir.Ref):
            rule = self.c.by_name.get(x.parts[0]) if x.binding is not None and \
                x.binding.kind is ir.BindingKind.RULE else None
            if rule is not None and isinstance(rule.decl, A.Param):
                value = rule.decl.value
                return (value.value, value.span) if isinstance(value, A.Number) and not value.is_percent else None
        return (x.value, x.span) if isinstance(x, ir.Number) and not x.is_percent else None
