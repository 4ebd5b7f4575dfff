"""A result's JSON document written by code generated per policy: `Result.to_dict()` from the slots.

Input: the per-policy tables of `engine.assemble.Assembler` (once, when a result's document
is first asked for). Output: `document(d)`, a function of a `LazyResult`'s instance dict
(the head's parts and the station's slot list, `_env`) giving the very dict
`Result.to_dict` gives (key for key in the same order, text for text), which stays the
plain reference (`tests/engine/test_result_document.py` compares the two on every
bundled policy with its cases and fact files, on generated and thinned stations and on
hypothesis fact mappings).

Why: built the plain way, the document costs three times an evaluation: every per-rule
line, veto, finding and indicator line is built as a named tuple only to be turned into
a dict, each `to_dict` a call and each value a call or two. Here everything that is the
same for every station (ids, labels, locations, clauses, maxima, the names and labels of
what each rule reads, the JSON keys) is a constant of the generated code, and each slot's
value is written as text once, whatever number of lines show it: a rule's value, each
read of it, a party's or an item's counted points. Only immutable values are shared
between places (text, None, booleans); a value that becomes a list (a value per record)
is written anew at each place, so that every dict and list handed out is the caller's
own.

What the code calls for each station (every slot's text written once, an indicator's findings, a
rule's missing facts, ...) is `engine.written`; a records fact's records are written by statements
generated from its declared fields (`engine.record_texts`).

Like `engine.lines`, the code is built as `ast` node objects with `compile.kit`: every
identifier is generated, every label, key and clause is an `ast.Constant` string or a
value in the code's own namespace, never source text.
"""

from __future__ import annotations

import ast as py
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from swrules.base.values import MISSING, Unknown
from swrules.check import ir
from swrules.compile.kit import Namespace, call, constant, function, is_, item, load, method, node, store

from .lines import facts_missing, fields_missing
from .plain import status_of, to_plain
from .record_texts import record_writer, writable
from .result import is_process_label, warning_dicts
from .written import (
    copy_plain,
    missing_dicts,
    record_finding_dicts,
    rule_missing,
    slot_texts,
    station_dict,
    written_details,
)

Document = Callable[[dict[str, Any]], dict[str, Any]]


class _Generator:
    """The statements of `document(d)` and the expressions of its document, slot by slot."""

    def __init__(self, a: Any) -> None:
        self.a = a
        c = a.c
        self.facts = {f.slot: f for f in c.facts}
        self.rules = {r.slot: r for r in c.rules}
        self.ns = Namespace()
        self.type = load(self.ns.builtin("type", type))
        self.str = load(self.ns.builtin("str", str))
        self.format = load(self.ns.builtin("format", format))
        self.list = load(self.ns.builtin("list", list))
        self.enumerate = load(self.ns.builtin("enumerate", enumerate))
        self.decimal = self.k(Decimal)
        self.unknown = self.k(Unknown)
        self.missing = self.k(MISSING)
        self.plain = self.k(to_plain)
        self.status_of = self.k(status_of)
        self.copy = self.k(dict.copy)
        self.body: list[py.stmt] = []
        self.written: dict[int, tuple[str, str]] = {}  # slot -> the names of its text and status, shared
        self.handed: set[int] = set()  # the list slots whose written list is in the document already
        self.texts: list[tuple[int, tuple[str, str]]] = []  # what `slot_texts` writes, in order
        self.records: list[tuple[int, tuple[str, str]]] = []  # records facts, each written by its own code

    def k(self, value: Any) -> py.expr:
        """A value of the policy's: a constant of the code when it is text, a number, None or a boolean."""
        if value is None or type(value) in (str, int, bool):
            return constant(value)
        return load(self.ns.const(value))

    def let(self, value: py.expr) -> str:
        name = self.ns.temp()
        self.body.append(node(py.Assign, [store(name)], value))
        return name

    def env(self, s: int) -> py.expr:
        return item(load("env"), constant(s))

    def type_is(self, e: py.expr, cls: py.expr, negate: bool = False) -> py.expr:
        return is_(call(self.type, e), cls, negate)

    def scalar(self, s: int) -> bool:
        """Whether slot `s` holds one value (a decimal, a boolean, a text, a date, unknown), never a list: its
        text may then be shared by every place that shows it."""
        fact = self.facts.get(s)
        if fact is not None:
            return isinstance(fact.decl, ir.FactField)
        rule = self.rules.get(s)
        return rule is not None and not rule.ty.many and rule.ty.base is not ir.Base.RECORDS

    def plain_into(self, target: str, value: str, status: str | None) -> py.stmt:
        """The statement `target = to_plain(value)` (and `status = status_of(value)`), without a call for a
        decimal (its text written here, as `result._decimal` writes it), an unknown, a boolean or a text."""
        text = node(py.Assign, [store(target)], call(self.str, load(value)))
        exponent = node(py.If, node(py.BoolOp, py.Or(), [
            node(py.Compare, constant(c), [py.In()], [load(target)]) for c in ("E", "e")]),
            [node(py.Assign, [store(target)], call(self.format, load(value), constant("f")))], [])
        determined = [node(py.Assign, [store(status)], constant("determined"))] if status else []
        as_is = node(py.BoolOp, py.Or(), [is_(load(value), constant(True)), is_(load(value), constant(False)),
                                          self.type_is(load(value), self.str)])
        other = [node(py.Assign, [store(target)], call(self.plain, load(value)))]
        unknown = [node(py.Assign, [store(target)], constant(None))]
        if status:
            other.append(node(py.Assign, [store(status)], call(self.status_of, load(value))))
            unknown.append(node(py.Assign, [store(status)], node(
                py.IfExp, is_(load(value), self.missing), constant("undetermined"), call(self.status_of, load(value)))))
        return node(py.If, self.type_is(load(value), self.decimal), [text, exponent, *determined], [
            node(py.If, self.type_is(load(value), self.unknown), unknown, [
                node(py.If, as_is, [node(py.Assign, [store(target)], load(value)), *determined], other)])])

    def value(self, s: int) -> tuple[py.expr, py.expr]:
        """The JSON value of slot `s` and its status, for one place: each slot's written once (`slot_texts`); a
        one-value slot's text shared by every place, a list handed to its first place and copied for the others
        (`copy_plain`), so that no list or dict is in the document twice."""
        text, status = self.written_names(s)
        if self.scalar(s):
            return load(text), load(status)
        if s in self.handed:
            return call(self.k(copy_plain), load(text)), load(status)
        self.handed.add(s)
        return load(text), load(status)

    def written_names(self, s: int) -> tuple[str, str]:
        """The names of slot `s`'s written value and status (for reading: a list is not handed out by this)."""
        names = self.written.get(s)
        if names is None:
            names = self.written[s] = self.once(s)
        return names

    def once(self, s: int) -> tuple[str, str]:
        """The names that will hold slot `s`'s JSON value and status (`slot_texts`, called once at the top)."""
        names = (self.ns.temp(), self.ns.temp())
        fact = self.facts.get(s)
        if fact is not None and writable(fact.decl):
            self.records.append((s, names))
        else:
            self.texts.append((s, names))
        return names

    def dict_of(self, pairs: list[tuple[str, py.expr]]) -> py.Dict:
        return node(py.Dict, [constant(k) for k, _ in pairs], [v for _, v in pairs])

    def line(self, pairs: list[tuple[str, py.expr]]) -> py.expr:
        """A dict most of whose values are constants: a copy of a dict made here, then its other values stored
        (`dict.copy` of a dict of ten keys costs half its display); else its display."""
        keys = [k for k, _ in pairs]
        if sum(isinstance(v, py.Constant) for _, v in pairs) < 3 or len(set(keys)) < len(keys):
            return self.dict_of(pairs)
        template = {k: v.value if isinstance(v, py.Constant) else None for k, v in pairs}
        name = self.let(call(self.copy, self.k(template)))
        self.body += [node(py.Assign, [item(load(name), constant(k), py.Store())], v)
                      for k, v in pairs if not isinstance(v, py.Constant)]
        return load(name)

    def list_of(self, items: Sequence[py.expr]) -> py.List:
        return node(py.List, list(items), py.Load())

    # ------------------------------------------------------------ the document's parts
    def rule(self, t: Any) -> py.expr:
        """A rule's dict (`RuleResult.to_dict` of `Assembler.rule_result`)."""
        if t.dated:  # a parameter with values by date: its line, the plain way (`in_force_from`, ...)
            return method(method(self.k(self.a), "rule_result", self.k(t), load("env"), node(py.Dict, [], [])),
                          "to_dict")
        value, status = self.value(t.slot)
        missing: py.expr = call(self.k(rule_missing), self.k(self.a.missing), self.k(t), load("env"),
                                self.env(t.slot))
        if not t.missing[0] and not t.missing[1]:  # a rule that needs no fact (a parameter): nothing missing
            missing = self.list_of([])
        elif self.scalar(t.slot):  # determined, and one value: nothing missing, without a call
            possible = node(py.BoolOp, py.Or(), [node(py.Compare, status, [py.NotEq()], [constant("determined")]),
                                                 self.type_is(self.env(t.slot), self.k(tuple))])
            missing = node(py.IfExp, possible, missing, self.list_of([]))
        else:  # a list: an unknown in it is written None, so a list without None lacks nothing
            written = load(self.written_names(t.slot)[0])
            possible = node(py.BoolOp, py.Or(), [self.type_is(written, self.list, negate=True),
                                                 node(py.Compare, constant(None), [py.In()], [written])])
            missing = node(py.IfExp, possible, missing, self.list_of([]))
        reads = []
        for name, label, s, is_fact, _ in t.reads:
            read_value, read_status = self.value(s)
            reads.append(self.line([("name", self.k(name)), ("label", self.k(label)), ("value", read_value),
                                    ("kind", constant("fact" if is_fact else "rule")), ("status", read_status)]))
        rid, kind, label, location, clause = t.result_head
        return self.line([("id", self.k(rid)), ("kind", self.k(kind)), ("label", self.k(label)),
                          ("location", self.k(location)), ("clause", self.k(clause)), ("value", value),
                          ("status", status), ("reads", self.list_of(reads)), ("missing", missing),
                          ("origin", self.k(t.rule.origin))])

    def check(self, t: Any, hit_word: str) -> py.expr:
        """A veto's or a finding's dict (`Check.to_dict` of `Assembler.check`)."""
        v = self.env(t.slot)
        status = node(py.IfExp, is_(v, constant(True)), constant(hit_word),
                      node(py.IfExp, is_(self.env(t.slot), constant(False)), constant("clear"),
                           constant("undetermined")))
        reads = node(py.Dict, [self.k(name) for name, _, _, _, _ in t.reads],
                     [self.value(s)[0] for _, _, s, _, _ in t.reads])
        facts, record_fields = t.missing
        missing: py.expr
        if record_fields:
            missing = call(self.list, call(self.k(self.a.missing), self.k(t), load("env")))
        elif not facts:
            missing = self.list_of([])
        else:
            absent = node(py.BoolOp, py.Or(), [is_(self.env(s), self.missing) for _, s in facts]) \
                if len(facts) > 1 else is_(self.env(facts[0][1]), self.missing)
            missing = node(py.IfExp, absent, call(self.list, call(self.k(facts_missing), self.k(facts), load("env"))),
                           self.list_of([]))
        name, label, clause, forces = t.check_head
        pairs = [("id", self.k(name)), ("label", self.k(label)), ("citation", self.k(clause)), ("status", status),
                 ("reads", reads), ("missing", missing)]
        if forces is not None:
            pairs.append(("forces", self.k(forces)))
        if hit_word == "raised":  # a finding: whether it checks the evaluation's process (`Check.finding_dict`)
            pairs.append(("process", constant(is_process_label(label))))
        return self.line(pairs)

    def findings(self) -> py.expr:
        out: list[py.expr] = []
        for row in self.a.findings:
            if len(row) == 1:
                out.append(self.check(row[0], "raised"))
            elif row[3]:
                out.append(node(py.Starred, call(self.k(record_finding_dicts), self.k(row), load("env")), py.Load()))
        return self.list_of(out)

    def indicators(self) -> py.expr:
        """The indicator lines' dicts (`IndicatorLine.to_dict` of `Assembler.indicators_of`), a loop over the
        records of each indicator."""
        out = self.let(self.list_of([]))
        for (name, _, records_slot, key, slot, name_field, fields, missing_fields, _, unit,
             _) in self.a.indicators:
            records, values, many, i, rec, value, text, status = (self.ns.temp() for _ in range(8))
            loop: list[py.stmt] = [node(py.Assign, [store(value)], node(
                py.IfExp, load(many), item(load(values), load(i)), load(values)))]
            shown_fields: list[tuple[str, py.expr]] = []
            if self.fields_written(records_slot, fields):
                # Each field as the records' own written list has it (`slot_texts`, the fact's read shows it):
                # a field absent or unknown is None there, as `to_plain` writes it here.
                row = item(load(self.written_names(records_slot)[0]), load(i))
                shown_fields = [(f, method(row, "get", self.k(f))) for f in fields]
            else:
                for f in fields:
                    raw, shown = self.ns.temp(), self.ns.temp()
                    loop.append(node(py.Assign, [store(raw)], method(load(rec), "get", self.k(f), self.missing)))
                    loop.append(self.plain_into(shown, raw, None))
                    shown_fields.append((f, load(shown)))
            # The value, as the indicator's own written list has it when it is a list (one per record); its
            # status is "determined" unless that text is None.
            texts = load(self.written_names(slot)[0])
            loop.append(node(py.If, load(many), [
                node(py.Assign, [store(text)], item(texts, load(i))),
                node(py.Assign, [store(status)], node(py.IfExp, is_(load(text), constant(None), negate=True),
                                                      constant("determined"), call(self.status_of, load(value))))],
                [self.plain_into(text, value, status)]))
            number = node(py.BinOp, load(i), py.Add(), constant(1))
            record_name = call(self.str, method(load(rec), "get", self.k(name_field), number) if name_field else number)
            missing = node(py.IfExp, self.type_is(load(value), self.unknown),
                           call(self.list, call(self.k(fields_missing), self.k(key), self.k(missing_fields),
                                                load(rec), load(i))), self.list_of([]))
            line = node(py.Dict, [constant("indicator"), constant("name"), *(self.k(f) for f, _ in shown_fields),
                                  self.k(name), constant("status"), constant("missing"), constant("indicator_unit")],
                        [self.k(name), record_name, *(v for _, v in shown_fields), load(text), load(status), missing,
                         self.k(unit)])
            loop.append(node(py.Expr, method(load(out), "append", line)))
            self.body += [
                node(py.Assign, [store(records)], self.env(records_slot)),
                node(py.Assign, [store(values)], self.env(slot)),
                node(py.If, self.type_is(load(records), self.unknown, negate=True), [
                    node(py.Assign, [store(many)], self.type_is(load(values), self.k(tuple))),
                    node(py.For, node(py.Tuple, [store(i), store(rec)], py.Store()),
                         call(self.enumerate, load(records)), loop, []),
                ], []),
            ]
        return load(out)

    def fields_written(self, records_slot: int, fields: Sequence[str]) -> bool:
        """Whether an indicator's line may take its record fields from the records' written list: the records
        are a fact whose every field shown is one value (never a list, which the line would then share)."""
        fact = self.facts.get(records_slot)
        if fact is None or not isinstance(fact.decl, ir.RecordsField):
            return False
        declared = {f.name: f for f in fact.decl.fields}
        return all(isinstance(declared.get(f), ir.FactField) for f in fields)

    def parties(self) -> py.expr:
        out = []
        for n, label, kind, share, s in self.a.parties:
            counted, status = self.value(s)
            out.append(self.line([("id", self.k(n)), ("label", self.k(label)), ("share_kind", self.k(kind)),
                                  ("share", self.k(to_plain(share))), ("counted", counted), ("status", status)]))
        return self.list_of(out)

    def scores(self) -> py.expr:
        out = []
        for (n, label, party, _, maximum), s, awarded_slot, naming in self.a.items:
            counted, status = self.value(s)
            # The awarded points (the counted ones unless the item has its own slot): when a list, one per
            # record, `details` names each.
            at = awarded_slot if awarded_slot is not None else s
            awarded = self.value(awarded_slot if awarded_slot is not None else s)[0]
            details = node(py.IfExp, self.type_is(self.env(at), self.k(tuple)), call(self.k(written_details), call(
                self.k(self.a.record_details), load("env"), self.k(naming), self.env(at)),
                load(self.written_names(at)[0])), self.list_of([]))
            out.append(self.line([("id", self.k(n)), ("label", self.k(label)), ("party", self.k(party)),
                                  ("max", self.k(to_plain(maximum))), ("awarded", awarded),
                                  ("counted", counted), ("status", status), ("details", details)]))
        return self.list_of(out)

    def outputs(self) -> py.expr:
        out = []
        for s, (n, label, unit, word, where, clause) in self.a.outputs:
            value, status = self.value(s)
            out.append(self.line([("id", self.k(n)), ("label", self.k(label)), ("unit", self.k(unit)),
                                  ("unit_label", self.k(word)), ("value", value), ("status", status),
                                  ("location", self.k(where)), ("clause", self.k(clause))]))
        return self.list_of(out)

    def document(self) -> py.FunctionDef:
        """`document(d)`: `Result.to_dict` of the `LazyResult` whose instance dict is `d`."""
        a, c = self.a, self.a.c
        d = load("d")
        self.body.append(node(py.Assign, [store("env")], item(d, constant("_env"))))

        def field(name: str) -> py.expr:
            return item(load("d"), constant(name))

        parts: list[tuple[str, py.expr]] = [
            ("swrules_json", constant(1)),
            ("policy", self.dict_of([("title", self.k(c.header.title)), ("version", self.k(c.header.version)),
                                     ("file", self.k(c.source_name)), ("sha256", self.k(a.sha256))])),
            ("facts", self.dict_of([("file", field("facts_file")), ("sha256", field("facts_hash"))])),
            ("station", call(self.k(station_dict), field("station"))),
            ("phase", call(self.plain, field("phase"))), ("phase_label", field("phase_label")),
            ("total", call(self.plain, field("total"))), ("grade", call(self.plain, field("grade"))),
            ("provisional", field("provisional")),
            ("parties", self.parties()), ("scores", self.scores()),
            ("vetoes", self.list_of([self.check(t, "hit") for t in a.vetoes])), ("findings", self.findings()),
            ("indicators", self.indicators()),
            ("reconciliation", node(py.ListComp, method(load("_r"), "to_dict"), [
                node(py.comprehension, store("_r"), field("reconciliation"), [], 0)])),
            ("missing", call(self.k(missing_dicts), field("missing"))),
            ("rules", self.list_of([self.rule(t) for t in a.rule_tables])),
        ]
        if a.outputs:
            parts.append(("outputs", self.outputs()))
        if self.texts:  # every slot's text and status, written at the top by one call
            slots = tuple(s for s, _ in self.texts)
            names = [store(n) for _, pair in self.texts for n in pair]
            self.body.insert(1, node(py.Assign, [node(py.Tuple, names, py.Store())],
                                     call(self.k(slot_texts), load("env"), self.k(slots))))
        for s, (text, status) in reversed(self.records):  # each records fact's value and status, at the top too
            decl = self.facts[s].decl
            assert isinstance(decl, ir.RecordsField)  # `writable`
            self.body[1:1] = record_writer(self.ns, decl, self.env(s), text, status)
        out = self.let(self.dict_of(parts))
        self.body.append(node(py.If, field("warnings"), [node(
            py.Assign, [item(load(out), constant("warnings"), py.Store())],
            call(self.k(warning_dicts), field("warnings")))], []))
        self.body.append(node(py.Return, load(out)))
        return function("document", ["d"], self.body)


def compile_document(assembler: Any) -> Document:
    """The policy's `document(d)`, from the Assembler's tables and methods (`missing`, `rule_result`,
    `record_details`)."""
    gen = _Generator(assembler)
    fns = gen.ns.compile([gen.document()], "result document", assembler.c.header.title)
    return fns["document"]
