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
