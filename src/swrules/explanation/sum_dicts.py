"""An item's, a party's or the total's dict written straight from its trace, by a function per kind of trace.

Input: a rule's `sums.SumPlan` (what the policy fixes: its head, formulas, how its sentence is made) and one
of its recipes (`sums._recipe`: which event or slot gives each fact, rule, step and rounding its value).
Output: `writer(plan, recipe)`, a function `(explainer, events, slots, value)` that returns the rule's dict,
exactly `SumPlan.explain(...).to_dict()` (`RuleExplanation.plain_dict`), without making the explanation.

Why: these rules are explained anew at every station, and writing their dicts by first building the model
(`RuleExplanation` and its named tuples, a `Say`) and then converting it cost about twice the dicts alone.
For one rule and kind of trace the dict's layout and every text in it but the sentence are fixed: one
display holds them as constants and reads the station's values by position. The sentence is made by the
plan (`SumPlan.words`, from `sentences`), a party's or the total's own rounding by the explainer.

The functions are made with `compile.kit` from `ast` nodes at a kind of trace's `GENERATE_AT`th use and kept on
the plan with its recipe; until then `written` writes the same dict by loops over the recipe. The policy's
texts (ids, labels, formulas, places) are `ast.Constant` strings, data and never code; values that are not
texts (a quotient's cut, the plan's methods) are names in the namespace.
"""

from __future__ import annotations

import ast as py
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from swrules.base.values import Unknown
from swrules.compile.kit import Namespace, call, constant, function, is_, item, load, node, store
from swrules.engine.plain import _decimal, decimal_fixed, status_of, to_plain

from .reading import _cut

# A kind of trace's function is made at its 240th use (some 240 stations): making one costs ~3.8 M instructions
# (`compile` of its nodes), what ~200 of its dicts save over `written`, which writes them until then; a single
# station's explanation, or a short batch, never pays for it.
GENERATE_AT = 240

Writer = Callable[[Any, list[tuple[Any, Any]], list[Any], Decimal], dict[str, Any]]


def written(plan: Any, recipe: Any, ex: Any, ev: list[tuple[Any, Any]], env: list[Any],
            value: Decimal) -> dict[str, Any]:
    """What `writer(plan, recipe)` writes, by loops over the recipe (`sums.SumPlan.explain`'s, without the model):
    the dict of a kind of trace whose function is not made yet."""
    recipe_facts, recipe_rules, recipe_steps, recipe_rounding = recipe
    facts = []
    for source, key, label, _ in recipe_facts:
        v = ev[source][1] if source >= 0 else env[~source]
        facts.append({"key": key, "label": label, "value": _decimal(v), "status": "determined"} if type(v) is Decimal
                     else {"key": key, "label": label, "value": to_plain(v), "status": status_of(v)})
    rules, values = [], []
    for source, key, label, _ in recipe_rules:
        v = ev[source][1] if source >= 0 else env[~source]
        values.append((key, v))
        rules.append({"id": key, "label": label, "value": _decimal(v), "status": "determined"} if type(v) is Decimal
                     else {"id": key, "label": label, "value": to_plain(v), "status": status_of(v)})
    steps = []
    for source, text, where, _, cut in recipe_steps:
        v = ev[source][1]
        step = {"text": text, "location": where, "value": to_plain(v)}
        if cut is not None and _cut(cut[0], v, {node: ev[i][1] for node, i in cut[1]}):
            step["precision_cut"] = True
        steps.append(step)
    rounding = []
    for source, text, where, before, places, mode in recipe_rounding:
        v = ev[source][1]
        if type(v) is not Unknown:  # a rounding whose result is undetermined is left out
            exact = ev[before][1] if before >= 0 else None
            rounding.append({"text": text, "location": where, "before": to_plain(exact), "after": to_plain(v),
                             "places": places, "mode": mode})
    if plan.rounds:
        rounding += plan.roundings(ex, values, ev)
    zh, en = plan.words(ex, value, [v for _, v in values])
    name, kind_text, label, location, clause = plan.head
    return {"id": name, "kind": kind_text, "label": label, "location": location, "clause": clause,
            "value": _decimal(value), "status": "determined", "sentence": {"zh": zh, "en": en},
            "formulas": [{"role": role, "text": text, "location": where} for role, text, where in plan.formulas],
            "facts": facts, "rules": rules, "steps": steps, "rounding": rounding, "missing": [], "records": [],
            "margins": []}


def writer(plan: Any, recipe: Any) -> Writer:
    """`write(ex, ev, env, value)`: the dict of `plan`'s rule (a `sums.SumPlan`) for a trace read by `recipe`."""
    ns = Namespace()
    decimal_type, unknown_type = load(ns.const(Decimal)), load(ns.const(Unknown))
    plain, status = load(ns.const(to_plain)), load(ns.const(status_of))
    type_of, text_of = load(ns.builtin("type", type)), load(ns.builtin("str", str))
    fixed = load(ns.const(decimal_fixed))
    body: list[py.stmt] = []
    count = iter(range(1 << 30))

    def fresh() -> str:
        return f"_v{next(count)}"

    def read(source: int) -> str:
        """A local holding the value at `source`: an event's (`ev[i][1]`), or a slot's (`env[~i]`)."""
        name = fresh()
        got = item(item(load("ev"), constant(source)), constant(1)) if source >= 0 else \
            item(load("env"), constant(~source))
        body.append(node(py.Assign, [store(name)], got))
        return name

    def written_as(v: str) -> tuple[str, str]:
        """Statements writing `v` as `to_plain` does (a decimal in line, as `engine.plain._decimal`), and its
        status word (`status_of`): the names of the two."""
        text, word = fresh(), fresh()
        has = [node(py.Compare, constant(e), [py.In()], [load(text)]) for e in ("E", "e")]
        decimal = [node(py.Assign, [store(text)], call(text_of, load(v))),
                   node(py.If, node(py.BoolOp, py.Or(), has), [node(py.Assign, [store(text)], call(fixed, load(v)))],
                        []),
                   node(py.Assign, [store(word)], constant("determined"))]
        other = [node(py.Assign, [store(text)], call(plain, load(v))),
                 node(py.Assign, [store(word)], call(status, load(v)))]
        body.append(node(py.If, is_(call(type_of, load(v)), decimal_type), decimal, other))
        return text, word

    def value_of(v: str) -> py.expr:
        return load(written_as(v)[0])

    def display(pairs: Sequence[tuple[str, py.expr]]) -> py.Dict:
        return node(py.Dict, [constant(k) for k, _ in pairs], [v for _, v in pairs])

    def listed(items: Sequence[py.expr]) -> py.List:
        return node(py.List, list(items), py.Load())

    recipe_facts, recipe_rules, recipe_steps, recipe_rounding = recipe
    facts = []
    for source, key, label, _ in recipe_facts:
        text, word = written_as(read(source))
        facts.append(display([("key", constant(key)), ("label", constant(label)), ("value", load(text)),
                              ("status", load(word))]))
    rules, rule_values = [], []
    for source, key, label, _ in recipe_rules:
        v = read(source)
        rule_values.append((key, v))
        text, word = written_as(v)
        rules.append(display([("id", constant(key)), ("label", constant(label)), ("value", load(text)),
                              ("status", load(word))]))
    steps: list[py.expr] = []
    for source, text, where, _, cut in recipe_steps:
        v = read(source)
        shown = [("text", constant(text)), ("location", constant(where)), ("value", value_of(v))]
        if cut is None:
            steps.append(display(shown))
            continue
        operands = node(py.Dict, [load(ns.const(o)) for o, _ in cut[1]],
                        [item(item(load("ev"), constant(i)), constant(1)) for _, i in cut[1]])
        was_cut = call(load(ns.const(_cut)), load(ns.const(cut[0])), load(v), operands)
        steps.append(node(py.IfExp, was_cut, display([*shown, ("precision_cut", constant(True))]), display(shown)))
    rounded: list[py.expr] = []
    for source, text, where, before, places, mode in recipe_rounding:
        after = read(source)
        exact = value_of(read(before)) if before >= 0 else call(plain, constant(None))
        one = display([("text", constant(text)), ("location", constant(where)), ("before", exact),
                       ("after", value_of(after)), ("places", constant(places)), ("mode", constant(mode))])
        # A rounding whose result is undetermined is left out (`sums.SumPlan.explain`).
        rounded.append(node(py.IfExp, is_(call(type_of, load(after)), unknown_type, negate=True),
                            listed([one]), listed([])))
    if plan.rounds:  # the party's or total's own rounding, from its reads' ids and values
        pairs = node(py.List, [node(py.Tuple, [constant(k), load(v)], py.Load()) for k, v in rule_values], py.Load())
        rounded.append(call(load(ns.const(plan.roundings)), load("ex"), pairs, load("ev")))
    rounding: py.expr = listed([])
    for part in rounded:
        rounding = node(py.BinOp, rounding, py.Add(), part)

    zh, en = fresh(), fresh()
    body.append(node(py.Assign, [node(py.Tuple, [store(zh), store(en)], py.Store())],
                     call(load(ns.const(plan.words)), load("ex"), load("value"),
                          listed([load(v) for _, v in rule_values]))))
    name, kind_text, label, location, clause = plan.head
    formulas = [display([("role", constant(role)), ("text", constant(text)), ("location", constant(where))])
                for role, text, where in plan.formulas]
    document = display([
        ("id", constant(name)), ("kind", constant(kind_text)), ("label", constant(label)),
        ("location", constant(location)), ("clause", constant(clause)), ("value", value_of("value")),
        ("status", constant("determined")), ("sentence", display([("zh", load(zh)), ("en", load(en))])),
        ("formulas", listed(formulas)), ("facts", listed(facts)), ("rules", listed(rules)),
        ("steps", listed(steps)), ("rounding", rounding), ("missing", listed([])), ("records", listed([])),
        ("margins", listed([])),
    ])
    fn = function("write", ["ex", "ev", "env", "value"], [*body, node(py.Return, document)])
    return ns.compile([fn], "rule dict", name)["write"]  # type: ignore[return-value]
