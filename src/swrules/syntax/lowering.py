"""Lowering: the Lark parse tree to the typed AST.

Input: a Lark tree from `syntax`. Output: an `ast.Policy`, or a `PolicyError` with
every problem the grammar cannot see (those of expressions and literals are found by
`lower_expr`, which this module's declarations build on). These two are the only
modules that know both Lark's tree shapes and the AST, each child narrowed to a `Tree`
or a `Token` where the grammar puts one; decimal literals are built from the token
text, never through float.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from lark import Token, Tree

from swrules.base.diagnostics import PolicyError
from swrules.base.source import Source, Span

from . import ast as A
from . import cache as ast_cache
from .lower_expr import ExprLowerer, mode_name
from .parser import parse_tree, parse_with_recovery
from .trees import Node, _first, _token, _tree, _trees, _unquote


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
    checker can still report problems of meaning in them (all of them when there is no
    syntax error; nothing is cached); None if there are none."""
    parsed = parse_with_recovery(source)
    partial = parsed.tree if parsed.tree is not None else parsed.partial
    if partial is None:
        return None
    try:
        return _Lowerer(source).policy(partial)
    except PolicyError:
        return None


_KINDS = {"boolean": A.FactKind.BOOLEAN, "integer": A.FactKind.INTEGER, "decimal": A.FactKind.DECIMAL,
          "percent": A.FactKind.PERCENT, "date": A.FactKind.DATE, "text": A.FactKind.TEXT}


class _Lowerer(ExprLowerer):
    # -- policy
    def policy(self, tree: Tree[Token]) -> A.Policy:
        decls = tuple(self.decl(child) for child in _trees(tree.children))
        if self.errors:
            raise PolicyError(self.errors)
        return A.Policy(decls, span=Span(self.source, 0, len(self.source.text)))

    def decl(self, tree: Tree[Token]) -> A.Decl:
        lower = self._DECLS.get(str(tree.data))
        assert lower is not None, f"no lowering for the declaration {tree.data}"
        return lower(self, tree)

    def _name_label(self, children: list[Node]) -> tuple[str, str | None, list[Node]]:
        """Leading NAME and optional STRING label; the rest of the children."""
        name = str(_token(children[0]))
        rest = children[1:]
        label = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "STRING":
            label = _unquote(rest[0])
            rest = rest[1:]
        return name, label, rest

    def _clause(self, children: list[Node]) -> A.Clause | None:
        clause = _first(children, "clause")  # `clause 评估办法 "第十条"`: the short name is optional
        return None if clause is None else A.Clause(_unquote(clause.children[-1]), span=self.span(clause),
                                                   source=str(clause.children[0]) if len(clause.children) > 1 else None)

    def d_header(self, tree: Tree[Token]) -> A.Header:
        title = _unquote(tree.children[0])
        version = None
        eff_from = eff_to = None
        regs: list[A.Regulation] = []
        dated_by = None
        for entry in _trees(tree.children[1:]):
            kids = entry.children
            if entry.data == "version":
                version = _unquote(kids[0])
            elif entry.data == "effective":
                eff_from = self.date(kids[0])
                eff_to = self.date(kids[1]) if len(kids) > 1 else None
            elif entry.data == "regulation":
                name, t = (str(kids[0]), kids[1:]) if _token(kids[0]).type == "NAME" else (None, kids)  # short name
                regs.append(A.Regulation(_unquote(t[0]), _unquote(t[-1]) if t[1:] else None, self.span(entry), name))
            elif entry.data == "evaluation_date":
                dated_by = self.ref(kids[0])
        return A.Header(title, version, eff_from, eff_to, tuple(regs), dated_by, span=self.span(tree))

    def d_extends(self, tree: Tree[Token]) -> A.Extends:
        return A.Extends(_unquote(tree.children[0]), span=self.span(tree))

    def d_remove(self, tree: Tree[Token]) -> A.Remove:
        """`remove veto X`; `remove facts a.b`, `records X`, `reconcile a.b`, `require "message"`."""
        kids = tree.children
        if tree.data == "remove":
            return A.Remove(str(_token(kids[0])), str(_token(kids[1])), span=self.span(tree))
        kind = str(tree.data).removeprefix("remove_")
        name = self.ref(kids[0]).dotted if kind in ("facts", "reconcile") else \
            _unquote(kids[0]) if kind == "require" else str(_token(kids[0]))
        return A.Remove(kind, name, span=self.span(tree))

    def d_override(self, tree: Tree[Token]) -> A.Override:
        inner = _tree(tree.children[0])
        target: A.OverrideTarget
        match inner.data:
            case "party":
                target = self.party(inner)
            case "item":
                target = self.item(inner)
            case "band_override":
                target = self.band(_tree(inner.children[0]))
            case _:
                decl = self.decl(inner)
                assert isinstance(decl, A.Param | A.Define | A.Veto | A.Finding | A.Indicator | A.Grades
                                  | A.FactSection | A.RecordsField | A.Reconcile | A.Require), decl
                target = decl
        return A.Override(target, span=self.span(tree))

    def d_phases(self, tree: Tree[Token]) -> A.Phases:
        source_ref = self.ref(tree.children[0])
        decls = []
        for p in _trees(tree.children[1:]):
            name, label, _ = self._name_label(p.children)
            decls.append(A.PhaseDecl(name, label, span=self.span(p)))
        return A.Phases(source_ref, tuple(decls), span=self.span(tree))

    # -- facts
    def d_facts_block(self, tree: Tree[Token]) -> A.FactSection:
        name, label, rest = self._name_label(tree.children)
        fields = tuple(self.field(f) for f in _trees(rest))
        return A.FactSection(name, fields, label, span=self.span(tree))

    def d_records_block(self, tree: Tree[Token]) -> A.RecordsField:
        return self.records(tree)

    def field(self, tree: Tree[Token]) -> A.FactField | A.RecordsField:
        if tree.data == "records_field":
            return self.records(tree)
        name = str(_token(tree.children[0]))
        kind = A.FactKind.TEXT
        choices: tuple[str, ...] = ()
        minimum = maximum = None
        label = None
        optional = False
        for child in tree.children[1:]:
            if isinstance(child, Tree):
                if child.data == "type_spec":
                    kind = _KINDS[str(_token(child.children[0]))]
                elif child.data == "enum_type":
                    kind = A.FactKind.CHOICE
                    choices = tuple(_unquote(c) for c in child.children)
                elif child.data == "lower_bound":
                    minimum = self.literal_number(child.children[1])
                elif child.data == "upper_bound":
                    maximum = self.literal_number(child.children[1])
            elif child.type == "STRING":
                label = _unquote(child)
            elif child.type == "OPTIONAL":
                optional = True
        return A.FactField(name, kind, choices, minimum, maximum, label, optional, span=self.span(tree))

    def records(self, tree: Tree[Token]) -> A.RecordsField:
        name, label, rest = self._name_label(tree.children)
        min_count = max_count = None
        fields = []
        for child in _trees(rest):
            if child.data == "lower_bound":
                min_count = int(self.literal_number(child.children[1]))
            elif child.data == "upper_bound":
                max_count = int(self.literal_number(child.children[1]))
            else:
                fields.append(self.field(child))
        return A.RecordsField(name, tuple(fields), label, min_count, max_count, span=self.span(tree))

    # -- parameters and derived values
    def d_param(self, tree: Tree[Token]) -> A.Param:
        name, label, rest = self._name_label(tree.children)
        value_node = _tree(rest[0])
        value: A.Expr | A.ByPhase | A.ByDate
        if value_node.data == "by_phase":
            value = self.by_phase(value_node)
        elif value_node.data == "by_date":
            value = A.ByDate(tuple(self.dated_value(dv) for dv in _trees(value_node.children)),
                             span=self.span(value_node))
        else:
            value = self.expr(value_node)
        return A.Param(name, value, label, self._clause(rest[1:]), span=self.span(tree))

    def dated_value(self, tree: Tree[Token]) -> A.DatedValue:
        start, inner, *doc = tree.children
        inner = _tree(inner)
        value = self.by_phase(inner) if inner.data == "by_phase" else self.expr(inner)
        return A.DatedValue(self.date(start), value, _unquote(doc[0]) if doc else None, span=self.span(tree))

    def by_phase(self, tree: Tree[Token]) -> A.ByPhase:
        values = []
        for pv in _trees(tree.children):
            phase, value = pv.children
            values.append(A.PhaseValue(str(_token(phase)), self.expr(value), span=self.span(pv)))
        return A.ByPhase(tuple(values), span=self.span(tree))

    def d_define(self, tree: Tree[Token]) -> A.Define:
        """`define` and `output`: the same declaration, an output shown beside the grade."""
        name, label, rest = self._name_label(tree.children)
        unit = self.unit(rest[0]) if isinstance(rest[0], Tree) and rest[0].data == "unit" else None
        rest = rest[1:] if unit is not None else rest
        return A.Define(name, self.expr(rest[0]), label, self._clause(rest[1:]), span=self.span(tree), unit=unit,
                        output=tree.data == "output")

    def unit(self, tree: Node) -> A.Unit:
        kids = _tree(tree).children
        word = "points" if isinstance(kids[0], Tree) else str(_token(kids[0]))  # `points` is a keyword too
        return A.Unit(word, _unquote(kids[1]) if len(kids) > 1 else None, span=self.span(tree))

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
        counted = None
        for child in tree.children:
            if isinstance(child, Tree) and child.data == "total_counted":
                counted = self.expr(child.children[0])
            elif isinstance(child, Tree):
                rounding = self.rounding(child)
            elif child.type == "STRING":
                label = _unquote(child)
            elif child.type == "NUMBER":
                maximum = self.number_token(child)
        return A.TotalDecl(maximum, label, rounding, span=self.span(tree), counted=counted)

    def rounding(self, tree: Tree[Token]) -> A.Rounding:
        places, mode = tree.children
        return A.Rounding(self.places(_token(places)), mode_name(str(mode)), span=self.span(tree))

    def party(self, tree: Tree[Token]) -> A.Party:
        name, label, rest = self._name_label(tree.children)
        share_node = _tree(rest[0])
        kind = A.ShareKind.POINTS if share_node.data == "points" else A.ShareKind.WEIGHT
        share = self.number_token(share_node.children[0])
        rounding = None
        if rest[1:] and isinstance(rest[1], Tree) and rest[1].data == "rounding":
            rounding = self.rounding(rest[1])
            rest = rest[1:]
        items = tuple(self.item(i) for i in _trees(rest[1:]))
        return A.Party(name, kind, share, items, label, span=self.span(tree), rounding=rounding)

    def item(self, tree: Tree[Token]) -> A.Item:
        name, label, rest = self._name_label(tree.children)
        maximum = self.number_token(rest[1])  # rest[0] is the MAX keyword
        body = _tree(rest[2])
        awarded = self.expr(body.children[0])
        counted = self.expr(body.children[1]) if body.data == "item_split" else None
        return A.Item(name, maximum, awarded, counted, label, self._clause(rest[3:]), span=self.span(tree))

    # -- grades
    def d_grades(self, tree: Tree[Token]) -> A.Grades:
        label = None
        bands = []
        integer, rounding, otherwise, otherwise_span = False, None, None, None
        for child in tree.children:
            if isinstance(child, Token):
                label = _unquote(child)
            elif child.data == "grading_integer":
                integer = True
            elif child.data == "grading_round":
                rounding = self.rounding(_tree(child.children[0]))
            elif child.data == "grading_otherwise":
                otherwise_token = _token(child.children[0])
                otherwise, otherwise_span = str(otherwise_token), self.span(otherwise_token)
            else:
                bands.append(self.band(child))
        return A.Grades(tuple(bands), label, span=self.span(tree), integer=integer, rounding=rounding,
                        otherwise=otherwise, otherwise_span=otherwise_span)

    def band(self, tree: Tree[Token]) -> A.Band:
        name, label, rest = self._name_label(tree.children)
        rng = _tree(rest[0])
        low = high = None
        low_inc, high_inc = True, False
        kids = [k for k in rng.children if not (isinstance(k, Token) and k.type == "TOTAL_KW")]
        if rng.data == "band_between":
            low = self.literal_number(kids[0])
            low_inc = str(kids[1]) != "<"
            if len(kids) > 2:
                high_inc = str(kids[2]) != "<"
                high = self.literal_number(kids[3])
        elif rng.data == "band_below":
            high_inc = str(kids[0]) != "<"
            high = self.literal_number(kids[1])
        else:
            low_inc = str(kids[0]) != ">"
            low = self.literal_number(kids[1])
        provided = _first(rest[1:], "provided")
        condition = None if provided is None else self.expr(provided.children[0])
        return A.Band(name, low, low_inc, high, high_inc, condition, label, span=self.span(tree))

    # -- rules
    def d_veto(self, tree: Tree[Token]) -> A.Veto:
        name, label, rest = self._name_label(tree.children)
        when = self.expr(rest[0])
        forces = _token(rest[1])
        return A.Veto(name, when, str(forces), label, self._clause(rest[2:]), span=self.span(tree),
                      forces_span=self.span(forces))

    def d_finding(self, tree: Tree[Token]) -> A.Finding:
        name, label, rest = self._name_label(tree.children)
        return A.Finding(name, self.expr(rest[0]), label, self._clause(rest[1:]), span=self.span(tree))

    def d_indicator(self, tree: Tree[Token]) -> A.Indicator:
        name, label, rest = self._name_label(tree.children)
        over = self.ref(rest[0])
        unit = self.unit(rest.pop(1)) if isinstance(rest[1], Tree) and rest[1].data == "unit" else None
        self.for_each = True
        compute = self.expr(rest[1])
        not_applicable = None
        findings = []
        for child in _trees(rest[2:]):
            if child.data == "not_applicable":
                not_applicable = self.expr(child.children[0])
            elif child.data == "indicator_finding":
                findings.append(self.d_finding(child))
        self.for_each = False
        return A.Indicator(name, over, compute, not_applicable, tuple(findings), label, self._clause(rest[2:]),
                           span=self.span(tree), unit=unit)

    def d_reconcile(self, tree: Tree[Token]) -> A.Reconcile:
        lines = []
        for line in _trees(tree.children):
            declared, computed = line.children
            lines.append(A.ReconcileLine(self.ref(declared), self.expr(computed), span=self.span(line)))
        return A.Reconcile(tuple(lines), span=self.span(tree))

    def d_require(self, tree: Tree[Token]) -> A.Require:
        condition, message = tree.children
        return A.Require(self.expr(condition), _unquote(message), span=self.span(tree))

    _DECLS: dict[str, Callable[[_Lowerer, Tree[Token]], A.Decl]] = {
        "header": d_header, "extends": d_extends, "phases": d_phases, "facts_block": d_facts_block,
        "records_block": d_records_block, "param": d_param, "define": d_define, "output": d_define, "sheet": d_sheet,
        "grades": d_grades, "veto": d_veto, "finding": d_finding, "indicator": d_indicator,
        "reconcile": d_reconcile, "require": d_require, "remove": d_remove, "override": d_override,
        "remove_facts": d_remove, "remove_records": d_remove, "remove_reconcile": d_remove, "remove_require": d_remove,
    }

