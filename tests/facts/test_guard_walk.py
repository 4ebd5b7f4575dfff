"""The limits walk over a parsed fact file (`guard.check_tree`) reports exactly what the
walk first written with an explicit stack reported, in the same order and cut at the same
place, for any tree: the faster walk changes no message a user reads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from swrules.base import limits as L
from swrules.base.diagnostics import Diagnostic
from swrules.facts import guard


def stack_walk(data: Any, file: str) -> list[Diagnostic]:
    """The walk as first written, with a stack: the reference."""
    out: list[Diagnostic] = []
    stack: list[tuple[Any, Any, int]] = [(data, None, 0)]
    while stack and len(out) <= L.MAX_FACT_ERRORS:
        node, link, depth = stack.pop()
        if depth > L.MAX_NESTING:
            out.append(guard.too_deep(file, guard._path(link) or None))
            continue
        if isinstance(node, dict):
            for k, v in reversed(list(node.items())):
                stack.append((v, (link, str(k)), depth + 1))
        elif isinstance(node, list):
            if len(node) > L.MAX_RECORDS:
                out.append(Diagnostic("E0816", guard._args("记录条数", "the number of records", len(node),
                                                           L.MAX_RECORDS,
                                                     "一个事实文件只记录一个站点；拆分或删减记录。",
                                                     "a fact file holds one station; split it or remove records."),
                                      file=file, key_path=guard._path(link) or None))
                continue
            for i in range(len(node) - 1, -1, -1):
                stack.append((node[i], (link, i), depth + 1))
        elif type(node) is Decimal:
            if not (node.is_finite() and node.adjusted() < L.MAX_INTEGER_DIGITS
                    and node.as_tuple()[2] >= -L.MAX_FRACTION_DIGITS):  # type: ignore[operator]
                guard._number(out, file, link, node)
        elif isinstance(node, int) and not isinstance(node, bool) and not -guard._INT_LIMIT < node < guard._INT_LIMIT:
            guard._number(out, file, link, node)
    return out


NUMBERS = st.one_of(st.integers(), st.integers(min_value=-10**40, max_value=10**40),
                    st.decimals(allow_nan=True, allow_infinity=True), st.sampled_from([
                        Decimal("1e300000000"), Decimal("79.9999999999999999999999999999999999999"),
                        Decimal(10) ** 30]))
LEAVES = st.one_of(NUMBERS, st.text(max_size=3), st.booleans(), st.dates(), st.floats(), st.none())
TREES = st.recursive(LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                     st.dictionaries(st.text(max_size=3), inner, max_size=5)),
                     max_leaves=60)


def deep(depth: int, leaf: Any) -> Any:
    for i in range(depth):
        leaf = {"k": leaf, "n": i} if i % 2 else [leaf, Decimal(i)]
    return leaf


@settings(max_examples=400, deadline=None)
@given(tree=TREES)
def test_any_tree_gives_the_same_problems_in_the_same_order(tree: Any) -> None:
    assert [d.to_dict("en") for d in guard.check_tree(tree, "f.toml")] == \
        [d.to_dict("en") for d in stack_walk(tree, "f.toml")]


@settings(max_examples=60, deadline=None)
@given(depth=st.integers(min_value=L.MAX_NESTING - 2, max_value=L.MAX_NESTING + 4), leaf=TREES)
def test_deep_trees_give_the_same_problems(depth: int, leaf: Any) -> None:
    tree = deep(depth, leaf)
    assert [d.to_dict("en") for d in guard.check_tree(tree, "f.toml")] == \
        [d.to_dict("en") for d in stack_walk(tree, "f.toml")]


def test_many_problems_are_cut_at_the_same_place() -> None:
    tree = {"a": [Decimal("1e300000000")] * (L.MAX_FACT_ERRORS + 20), "b": deep(L.MAX_NESTING + 3, 1),
            "c": {"d": 10 ** 40, "e": dt.date(2025, 1, 31)}, "f": list(range(L.MAX_RECORDS + 1))}
    for t in (tree, {"x": tree["c"], **tree}, [tree["b"], tree["f"]]):
        got = guard.check_tree(t, "f.toml")
        assert [d.to_dict("en") for d in got] == [d.to_dict("en") for d in stack_walk(t, "f.toml")]


# The decimals as a fact file writes them, plain or not: the parse notes which were plain
# (`guard.DecimalReader`), and the walk then passes over them (`decimals_checked`).
LITERALS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6, max_value=10**6).map(str),
    st.from_regex(r"[+-]?[1-9][0-9]{0,16}\.[0-9]{1,14}", fullmatch=True),
    st.from_regex(r"[1-9][0-9]{0,2}(_[0-9]{3}){0,5}\.[0-9]{1,3}(_[0-9]{3}){0,4}", fullmatch=True),
    st.sampled_from(["1e300000000", "1.5e3", "-0.0", "inf", "-inf", "nan", "9" * 15 + ".5", "9" * 16 + ".5",
                     "0." + "1" * 12, "0." + "1" * 13]))
TOML_VALUES = st.one_of(LITERALS, st.integers(min_value=-10**17, max_value=10**17).map(str),
                        st.sampled_from(['"x"', "true", "1979-05-27", "[]", "{}"]))


def toml_text(values: list[str], depth: int, records: int) -> str:
    """A fact file with these values at the top, in a table, in records and `depth` tables down."""
    lines = [f"v{i} = {v}" for i, v in enumerate(values)]
    lines.append("r = [" + ", ".join(f"{{ a = {values[i % len(values)] if values else 1} }}"
                                      for i in range(records)) + "]")
    lines.append("[" + ".".join(f"t{i}" for i in range(depth)) + "]")
    lines += [f"w{i} = {v}" for i, v in enumerate(values)]
    return "\n".join(lines) + "\n"


def reference_read(text: str) -> tuple[str, Any]:
    """tomllib and the walk as first written: what a user was told before the walk was fused."""
    import tomllib

    try:
        data = tomllib.loads(text, parse_float=guard.read_decimal)
    except guard.NumberTooLarge as exc:
        return "error", [guard.number_diagnostic("f.toml", None, exc.text).to_dict("en")]
    problems = stack_walk(data, "f.toml")
    if problems:
        return "error", [d.to_dict("en") for d in guard.capped(problems, "f.toml", counted=False)]
    return "value", data


@settings(max_examples=300, deadline=None)
@given(values=st.lists(TOML_VALUES, max_size=8), depth=st.integers(min_value=1, max_value=L.MAX_NESTING + 2),
       records=st.integers(min_value=0, max_value=3))
def test_a_parsed_file_is_told_what_the_full_walk_tells(values: list[str], depth: int, records: int) -> None:
    from swrules.base.diagnostics import FactsError
    from swrules.base.source import Source
    from swrules.facts.schema import parse_fact_text

    text = toml_text(values, depth, records)
    try:
        got: tuple[str, Any] = "value", parse_fact_text(Source.from_text("f.toml", text))
    except FactsError as exc:
        got = "error", [d.to_dict("en") for d in exc.diagnostics]
    want = reference_read(text)
    assert got[0] == want[0]
    assert repr(got[1]) == repr(want[1])  # the same values, digit for digit, or the same messages


@settings(max_examples=300, deadline=None)
@given(text=LITERALS)
def test_a_literal_called_plain_is_inside_the_limits(text: str) -> None:
    reader = guard.DecimalReader()
    try:
        value = reader.read(text)
    except guard.NumberTooLarge:
        assert not reader.plain
        return
    if reader.plain:
        assert guard.check_tree({"v": value}, "f.toml") == []


def test_the_fast_pass_leaves_every_problem_to_the_walk() -> None:
    for tree in ({"a": [1] * (L.MAX_RECORDS + 1)}, {"a": 10 ** 40}, deep(L.MAX_NESTING + 1, 1),
                 {"a": Decimal("1e300000000")}):
        assert [d.to_dict("en") for d in guard.check_tree(tree, "f.toml", decimals_checked=False)] == \
            [d.to_dict("en") for d in stack_walk(tree, "f.toml")] != []
    # A decimal the reader found plain is passed over; anything else is still looked at.
    assert guard.check_tree({"a": [Decimal("1.5")] * 3, "b": {"c": "x"}}, "f.toml", decimals_checked=True) == []
    assert guard.check_tree({"a": [10 ** 40]}, "f.toml", decimals_checked=True) != []
