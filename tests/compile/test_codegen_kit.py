"""Generated code reaches nothing but what its generator gave it (`compile.kit`).

Both variants of the plan, the `require`/`reconcile` functions and the fact reader run
in a namespace of generated names only, with `__builtins__` holding only the few
builtins asked for; every name their code objects use, nested lambdas included, is
generated or an attribute of a value they were given. So no policy or fact text can
name anything in Python: not `__import__`, not `open`, not a module.
"""

from __future__ import annotations

import decimal
import re
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from test_compiled_plan import SKELETON

import swrules
from swrules.base.values import MISSING, context

GENERATED = re.compile(r"_[kt]\d+|_[vf]\d+|_e\d+|_b_[a-zA-Z]+|_a|_rec|_cur|_traces|env|data|run|run_traced|read"
                       r"|shared|vetoes|findings|indicators|_fl|head|file|facts_hash|trace")
# Decimal methods the fact reader tests a value with (`adjusted`: inside the input limits);
# `flags`: the decimal context's, which a function that divides reads once (`exprs.flags_local`).
ATTRIBUTES = {"get", "append", "quantize", "grade", "is_finite", "to_integral_value", "issuperset",
              "adjusted", "flags", "_rec", "_names", "_env", "_rule", "_shared"}  # `Fields` and `Reads` slots
BUILTINS = {type, tuple, abs, len, Exception, enumerate, str, isinstance}


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _generated(policy: swrules.Policy) -> list[Callable[..., Any]]:
    with decimal.localcontext(context()):
        policy.plan.run_traced([MISSING] * policy.plan.n_slots)  # generated on first use
    lines = policy._assembler.lines  # the report lines' builders (engine.lines), made on first read
    fns = [policy.plan.run, policy.plan._traced, policy._read_facts, lines.vetoes, lines.findings, lines.indicators,
           lines.head]
    fns += [fn for _, fn in policy.plan.requires] + [fn for _, _, fn in policy.plan.reconcile]
    return [f for f in fns if f is not None]


EVERY_OPERATOR = ("(abs(-s.x) + round(s.y / s.z on zero 0, 1, half_up) * max(s.x, by_date, 1) - min(sum(rs.v), "
                  "mean(rs.v), count(rs))) > 2 and not (s.flag or grade >= 好)")


@pytest.mark.parametrize("name", ["guangzhou/station-evaluation.swr", "examples/weighted-letter-grades.swr",
                                  "every operator"])
def test_generated_code_names_only_what_it_was_given(tmp_path: Path, name: str) -> None:
    if name == "every operator":
        path = tmp_path / "t.swr"
        path.write_text(SKELETON.format(expr=EVERY_OPERATOR), encoding="utf-8")
    else:
        path = ROOT / "policies" / name
    policy = swrules.load_policy(path)
    fns = _generated(policy)
    assert len(fns) >= 3
    for fn in fns:
        namespace = fn.__globals__
        assert set(namespace["__builtins__"].values()) <= BUILTINS
        assert all(re.fullmatch(r"_b_[a-zA-Z]+", k) for k in namespace["__builtins__"])
        assert all(k == "__builtins__" or GENERATED.fullmatch(k) for k in namespace), sorted(namespace)
        for code in _codes(fn.__code__):
            for used in (*code.co_names, *code.co_varnames, *code.co_cellvars, *code.co_freevars):
                assert GENERATED.fullmatch(used) or used in ATTRIBUTES, (fn.__name__, used)
            assert code.co_filename.startswith("<swrules ")
