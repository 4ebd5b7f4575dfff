"""Lowering: the Lark parse tree to the typed AST.

Input: a Lark tree from `syntax`. Output: an `ast.Policy`. This is the only module
that knows both Lark's tree shapes and the AST; decimal literals are built from the
token text, never through float.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lark import Token, Tree

from swrules.base import limits
from swrules.base.diagnostics import Diagnostic, PolicyError
from swrules.base.source import Source, Span

from . import ast as A
from . import cache as ast_cache
from .parser import parse_tree, parse_with_recovery


def parse_policy(source: Source) -> A.Policy:
    """Parse and lower a policy; raise `PolicyError` on a syntax error."""
    cached = ast_cache.load(source)
    if cached is not None:
        return cached
    tree = parse_tree(source)
    policy = _Lowerer(source).policy(tree)
    ast_cache.store(source, policy)
    return policy


def parse_good_declarations(source: Source) -> A.Policy | None:
    """The declarations of a policy with syntax errors that have none themselves, so the
    checker can still report problems of meaning in them; None if there are none."""
    partial = parse_with_recovery(source).partial
    if partial is None:
        return None
    try:
        return _Lowerer(source).policy(partial)
    except PolicyError:
        return None


_CMP = {"<": A.CmpOp.LT, "<=": A.CmpOp.LE, ">": A.CmpOp.GT, ">=": A.CmpOp.GE, "=": A.CmpOp.EQ,
        "!=": A.CmpOp.NE, "≤": A.CmpOp.LE, "≥": A.CmpOp.GE, "≠": A.CmpOp.NE}
_ARITH = {"+": A.BinOp.ADD, "-": A.BinOp.SUB, "*": A.BinOp.MUL, "/": A.BinOp.DIV, "×": A.BinOp.MUL, "÷": A.BinOp.DIV}
_KINDS = {"boolean": A.FactKind.BOOLEAN, "integer": A.FactKind.INTEGER, "decimal": A.FactKind.DECIMAL,
          "percent": A.FactKind.PERCENT, "date": A.FactKind.DATE, "text": A.FactKind.TEXT}


def _unquote(token: Token) -> str:
    return str(token)[1:-1]


class _Lowerer:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.errors: list[Diagnostic] = []

    # -- positions
    def span(self, node: Tree[Token] | Token) -> Span:
        if isinstance(node, Token):
            start = node.start_pos or 0
            end = node.end_pos if node.end_pos is not None else start + len(node)
            return Span(self.source, start, end)
        meta = node.meta
        if getattr(meta, "empty", True):
            return Span(self.source, 0, 0)
        return Span(self.source, meta.start_pos, meta.end_pos)

    def date(self, token: Token) -> dt.date:
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

    # -- policy
    def policy(self, tree: Tree[Token]) -> A.Policy:
        decls = tuple(self.decl(child) for child in tree.children if isinstance(child, Tree))
        if self.errors:
            raise PolicyError(self.errors)
        return A.Policy(decls, span=Span(self.source, 0, len(self.source.text)))

    def decl(self, tree: Tree[Token]) -> A.Decl:
        method = getattr(self, f"d_{tree.data}")
        result: A.Decl = method(tree)
        return result

    @staticmethod
    def _split(children: list[Any]) -> tuple[list[Token], list[Tree[Token]]]:
        tokens = [c for c in children if isinstance(c, Token)]
        trees = [c for c in children if isinstance(c, Tree)]
        return tokens, trees

    def _name_label(self, children: list[Any]) -> tuple[str, str | None, list[Any]]:
        """Leading NAME and optional STRING label; the rest of the children."""
        name = str(children[0])
        rest = children[1:]
        label = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "STRING":
            label = _unquote(rest[0])
            rest = rest[1:]
        return name, label, rest

    def _clause(self, trees: list[Any]) -> A.Clause | None:
        for t in trees:
            if isinstance(t, Tree) and t.data == "clause":
                return A.Clause(_unquote(t.children[0]), span=self.span(t))  # type: ignore[arg-type]
        return None

    def d_header(self, tree: Tree[Token]) -> A.Header:
        title = _unquote(tree.children[0])  # type: ignore[arg-type]
        version = None
        eff_from = eff_to = None
        regs: list[A.Regulation] = []
        dated_by = None
        for entry in tree.children[1:]:
            assert isinstance(entry, Tree)
            kids = entry.children
            if entry.data == "version":
                version = _unquote(kids[0])  # type: ignore[arg-type]
            elif entry.data == "effective":
                eff_from = self.date(kids[0])  # type: ignore[arg-type]
                eff_to = self.date(kids[1]) if len(kids) > 1 else None  # type: ignore[arg-type]
            elif entry.data == "regulation":
                regs.append(A.Regulation(_unquote(kids[0]), _unquote(kids[1]) if len(kids) > 1 else None,  # type: ignore[arg-type]
                                         span=self.span(entry)))
            elif entry.data == "evaluation_date":
                dated_by = self.ref(kids[0])  # type: ignore[arg-type]
        return A.Header(title, version, eff_from, eff_to, tuple(regs), dated_by, span=self.span(tree))

    def d_extends(self, tree: Tree[Token]) -> A.Extends:
        return A.Extends(_unquote(tree.children[0]), span=self.span(tree))  # type: ignore[arg-type]

    def d_remove(self, tree: Tree[Token]) -> A.Remove:
        kind, name = tree.children
        return A.Remove(str(kind), str(name), span=self.span(tree))

    def d_override(self, tree: Tree[Token]) -> A.Override:
        inner = tree.children[0]
        assert isinstance(inner, Tree)
        target: A.Param | A.Define | A.Veto | A.Finding | A.Indicator | A.Party | A.Item | A.Band | A.Grades
        if inner.data == "party":
            target = self.party(inner)
        elif inner.data == "item":
            target = self.item(inner)
        elif inner.data == "band_override":
            target = self.band(inner.children[0])  # type: ignore[arg-type]
        else:
            target = self.decl(inner)  # type: ignore[assignment]
        return A.Override(target, span=self.span(tree))

    def d_phases(self, tree: Tree[Token]) -> A.Phases:
        source_ref = self.ref(tree.children[0])  # type: ignore[arg-type]
        decls = []
        for p in tree.children[1:]:
            assert isinstance(p, Tree)
            name, label, _ = self._name_label(p.children)
            decls.append(A.PhaseDecl(name, label, span=self.span(p)))
        return A.Phases(source_ref, tuple(decls), span=self.span(tree))

    # -- facts
    def d_facts_block(self, tree: Tree[Token]) -> A.FactSection:
        name, label, rest = self._name_label(tree.children)
        fields = tuple(self.field(f) for f in rest if isinstance(f, Tree))
        return A.FactSection(name, fields, label, span=self.span(tree))

    def d_records_block(self, tree: Tree[Token]) -> A.RecordsField:
        return self.records(tree)

    def field(self, tree: Tree[Token]) -> A.FactField | A.RecordsField:
        if tree.data == "records_field":
            return self.records(tree)
        name = str(tree.children[0])
        kind = A.FactKind.TEXT
        choices: tuple[str, ...] = ()
        minimum = maximum = None
        label = None
        optional = False
        for child in tree.children[1:]:
            if isinstance(child, Tree):
                if child.data == "type_spec":
                    kind = _KINDS[str(child.children[0])]
                elif child.data == "enum_type":
                    kind = A.FactKind.CHOICE
                    choices = tuple(_unquote(c) for c in child.children)  # type: ignore[arg-type]
                elif child.data == "lower_bound":
                    minimum = self.literal_number(child.children[1])  # type: ignore[arg-type]
                elif child.data == "upper_bound":
                    maximum = self.literal_number(child.children[1])  # type: ignore[arg-type]
            elif child.type == "STRING":
                label = _unquote(child)
            elif child.type == "OPTIONAL":
                optional = True
        return A.FactField(name, kind, choices, minimum, maximum, label, optional, span=self.span(tree))

    def records(self, tree: Tree[Token]) -> A.RecordsField:
        name, label, rest = self._name_label(tree.children)
        min_count = max_count = None
        fields = []
        for child in rest:
            if not isinstance(child, Tree):
                continue
            if child.data == "lower_bound":
                min_count = int(self.literal_number(child.children[1]))  # type: ignore[arg-type]
            elif child.data == "upper_bound":
                max_count = int(self.literal_number(child.children[1]))  # type: ignore[arg-type]
            else:
                fields.append(self.field(child))
        return A.RecordsField(name, tuple(fields), label, min_count, max_count, span=self.span(tree))

    def literal_number(self, node: Tree[Token] | Token) -> Decimal:
        if isinstance(node, Token):
            return self.number_token(node)
        if node.data == "negative_number":
            return -self.number_token(node.children[0])  # type: ignore[arg-type]
        return self.number_token(node.children[0])  # type: ignore[arg-type]

    def number_token(self, token: Token) -> Decimal:
        """A number literal, exactly; one outside the input limits is an error (and reads as 0)."""
        text = str(token)
        if len(text) > 4 * limits.MAX_DIGITS:
            problem: tuple[str, str] | None = (f"{len(text)} 个字符", f"{len(text)} characters long")
            value = Decimal(0)
        else:
            value = Decimal(text[:-1]) if text.endswith("%") else Decimal(text)
            if text.endswith("%"):  # shifted by the exponent: `scaleb` would round at the context's precision
                sign, digits, exponent = value.as_tuple()
                assert isinstance(exponent, int)
                value = Decimal((sign, digits, exponent - 2))
            problem = limits.number_problem(value)
        if problem is None:
            return value
        self.errors.append(Diagnostic("E0113", {
            "value": limits.shown(text), "why_zh": problem[0], "why_en": problem[1],
            "int_digits": limits.MAX_INTEGER_DIGITS, "frac_digits": limits.MAX_FRACTION_DIGITS}, self.span(token)))
        return Decimal(0)

    # -- parameters and derived values
    def d_param(self, tree: Tree[Token]) -> A.Param:
        name, label, rest = self._name_label(tree.children)
        value_node = rest[0]
        value: A.Expr | A.ByPhase | A.ByDate
        if isinstance(value_node, Tree) and value_node.data == "by_phase":
            value = self.by_phase(value_node)
        elif isinstance(value_node, Tree) and value_node.data == "by_date":
            values = []
            for dv in value_node.children:
                assert isinstance(dv, Tree)
                doc = _unquote(dv.children[2]) if len(dv.children) > 2 else None  # type: ignore[arg-type]
                inner = dv.children[1]
                dated = self.by_phase(inner) if isinstance(inner, Tree) and inner.data == "by_phase" else \
                    self.expr(inner)
                values.append(A.DatedValue(self.date(dv.children[0]), dated, doc,  # type: ignore[arg-type]
                                           span=self.span(dv)))
            value = A.ByDate(tuple(values), span=self.span(value_node))
        else:
            value = self.expr(value_node)
        return A.Param(name, value, label, self._clause(rest[1:]), span=self.span(tree))

    def by_phase(self, tree: Tree[Token]) -> A.ByPhase:
        return A.ByPhase(tuple(
            A.PhaseValue(str(pv.children[0]), self.expr(pv.children[1]), span=self.span(pv))  # type: ignore[arg-type, union-attr]
            for pv in tree.children
        ), span=self.span(tree))

    def d_define(self, tree: Tree[Token]) -> A.Define:
        name, label, rest = self._name_label(tree.children)
        return A.Define(name, self.expr(rest[0]), label, self._clause(rest[1:]), span=self.span(tree))

    # -- score sheet
    def d_sheet(self, tree: Tree[Token]) -> A.Sheet:
        label = None
        parties = []
        total = None
        for child in tree.children:
            if isinstance(child, Token):
                if child.type == "STRING":
                    label = _unquote(child)
            elif child.data == "party":
                parties.append(self.party(child))
            elif child.data == "total_decl":
                total = self.total_decl(child)
        return A.Sheet(tuple(parties), total, label, span=self.span(tree))

    def total_decl(self, tree: Tree[Token]) -> A.TotalDecl:
        label = None
        maximum = Decimal(0)
        rounding = None
        for child in tree.children:
            if isinstance(child, Tree):
                places, mode = child.children
                rounding = A.Rounding(self.places(places), str(mode), span=self.span(child))
            elif child.type == "STRING":
                label = _unquote(child)
            elif child.type == "NUMBER":
                maximum = self.number_token(child)
        return A.TotalDecl(maximum, label, rounding, span=self.span(tree))

    def party(self, tree: Tree[Token]) -> A.Party:
        name, label, rest = self._name_label(tree.children)
        share_node = rest[0]
        assert isinstance(share_node, Tree)
        kind = A.ShareKind.POINTS if share_node.data == "points" else A.ShareKind.WEIGHT
        share = self.number_token(share_node.children[0])  # type: ignore[arg-type]
        items = tuple(self.item(i) for i in rest[1:] if isinstance(i, Tree))
        return A.Party(name, kind, share, items, label, span=self.span(tree))

    def item(self, tree: Tree[Token]) -> A.Item:
        name, label, rest = self._name_label(tree.children)
        maximum = self.number_token(rest[1])  # type: ignore[arg-type]  # rest[0] is MAX
        body = rest[2]
        assert isinstance(body, Tree)
        if body.data == "item_simple":
            awarded, counted = self.expr(body.children[0]), None
        else:
            awarded, counted = self.expr(body.children[0]), self.expr(body.children[1])
        return A.Item(name, maximum, awarded, counted, label, self._clause(rest[3:]), span=self.span(tree))

    def places(self, token: Any) -> int:
        """Decimal places of a rounding: a whole number, else a diagnostic."""
        text = str(token)
        if text.isdigit() and len(text) <= 3 and int(text) <= limits.MAX_ROUND_PLACES:
            return int(text)
        if text.isdigit():
            self.errors.append(Diagnostic("E0114", {"value": limits.shown(text), "limit": limits.MAX_ROUND_PLACES},
                                          self.span(token)))
            return 0
        self.errors.append(Diagnostic(
            "E0100",
            {"expected": "整数位数（如 2）", "expected_en": "a whole number of places such as 2",
             "found": f"`{text}`", "found_en": f"`{text}`", "help_zh": "", "help_en": ""},
            self.span(token),
        ))
        return 0

    # -- grades
    def d_grades(self, tree: Tree[Token]) -> A.Grades:
        label = None
        bands = []
        for child in tree.children:
            if isinstance(child, Token):
                label = _unquote(child)
            else:
                bands.append(self.band(child))
        return A.Grades(tuple(bands), label, span=self.span(tree))

    def band(self, tree: Tree[Token]) -> A.Band:
        name, label, rest = self._name_label(tree.children)
        rng = rest[0]
        assert isinstance(rng, Tree)
        low = high = None
        low_inc, high_inc = True, False
        kids = [k for k in rng.children if not (isinstance(k, Token) and k.type == "TOTAL_KW")]
        if rng.data == "band_between":
            low = self.literal_number(kids[0])  # type: ignore[arg-type]
            low_inc = str(kids[1]) != "<"
            if len(kids) > 2:
                high_inc = str(kids[2]) != "<"
                high = self.literal_number(kids[3])  # type: ignore[arg-type]
        elif rng.data == "band_below":
            high_inc = str(kids[0]) != "<"
            high = self.literal_number(kids[1])  # type: ignore[arg-type]
        else:
            low_inc = str(kids[0]) != ">"
            low = self.literal_number(kids[1])  # type: ignore[arg-type]
        provided = None
        if len(rest) > 1 and isinstance(rest[1], Tree):
            provided = self.expr(rest[1].children[0])  # type: ignore[arg-type]
        return A.Band(name, low, low_inc, high, high_inc, provided, label, span=self.span(tree))

    # -- rules
    def d_veto(self, tree: Tree[Token]) -> A.Veto:
        name, label, rest = self._name_label(tree.children)
        when = self.expr(rest[0])
        forces = rest[1]
        assert isinstance(forces, Token)
        return A.Veto(name, when, str(forces), label, self._clause(rest[2:]), span=self.span(tree),
                      forces_span=self.span(forces))

    def d_finding(self, tree: Tree[Token]) -> A.Finding:
        name, label, rest = self._name_label(tree.children)
        return A.Finding(name, self.expr(rest[0]), label, self._clause(rest[1:]), span=self.span(tree))

    d_indicator_finding = d_finding

    def d_indicator(self, tree: Tree[Token]) -> A.Indicator:
        name, label, rest = self._name_label(tree.children)
        over = self.ref(rest[0])  # type: ignore[arg-type]
        compute = self.expr(rest[1])
        not_applicable = None
        findings = []
        clause = None
        for child in rest[2:]:
            assert isinstance(child, Tree)
            if child.data == "not_applicable":
                not_applicable = self.expr(child.children[0])
            elif child.data == "clause":
                clause = self._clause([child])
            elif child.data == "indicator_finding":
                findings.append(self.d_finding(child))
        return A.Indicator(name, over, compute, not_applicable, tuple(findings), label, clause, span=self.span(tree))

    def d_reconcile(self, tree: Tree[Token]) -> A.Reconcile:
        lines = []
        for line in tree.children:
            assert isinstance(line, Tree)
            lines.append(A.ReconcileLine(self.ref(line.children[0]), self.expr(line.children[1]),  # type: ignore[arg-type]
                                         span=self.span(line)))
        return A.Reconcile(tuple(lines), span=self.span(tree))

    def d_require(self, tree: Tree[Token]) -> A.Require:
        return A.Require(self.expr(tree.children[0]), _unquote(tree.children[1]), span=self.span(tree))  # type: ignore[arg-type]

    # -- expressions
    def ref(self, tree: Tree[Token]) -> A.Ref:
        return A.Ref(tuple(str(t) for t in tree.children), span=self.span(tree))

    def expr(self, node: Tree[Token] | Token | Any) -> A.Expr:
        span = self.span(node)
        if isinstance(node, Token):  # pragma: no cover - every atom is wrapped by an alias
            raise AssertionError(node.type)
        data = node.data
        kids = node.children
        if data == "number":
            return A.Number(self.number_token(kids[0]), False, span=span)  # type: ignore[arg-type]
        if data == "percent":
            return A.Number(self.number_token(kids[0]), True, span=span)  # type: ignore[arg-type]
        if data == "string":
            return A.String(_unquote(kids[0]), span=span)  # type: ignore[arg-type]
        if data == "date":
            return A.DateLit(self.date(kids[0]), span=span)  # type: ignore[arg-type]
        if data in ("true", "false"):
            return A.Bool(data == "true", span=span)
        if data in ("total", "phase"):
            return A.Ref((data,), span=span)
        if data == "ref":
            return self.ref(node)
        if data == "call":
            func = kids[0]
            args = tuple(self.expr(a) for a in kids[1:] if a is not None)
            return A.Call(str(func), args, span=span, func_span=self.span(func))
        if data == "neg":
            return A.Neg(self.expr(kids[0]), span=span)
        if data == "not_op":
            return A.Not(self.expr(kids[0]), span=span)
        if data in ("and_op", "or_op"):
            op = A.LogicOp.AND if data == "and_op" else A.LogicOp.OR
            return A.Logical(op, self.expr(kids[0]), self.expr(kids[1]), span=span)
        if data == "compare":
            return A.Compare(_CMP[str(kids[1])], self.expr(kids[0]), self.expr(kids[2]), span=span)
        if data == "arith":
            return A.Binary(_ARITH[str(kids[1])], self.expr(kids[0]), self.expr(kids[2]), span=span)
        if data == "safe_div":
            return A.Binary(_ARITH[str(kids[1])], self.expr(kids[0]), self.expr(kids[2]), self.expr(kids[3]), span=span)
        if data == "cond":
            return A.Cond(self.expr(kids[0]), self.expr(kids[1]), self.expr(kids[2]), span=span)
        raise AssertionError(f"unlowered expression {data}")  # pragma: no cover
