"""The plan divides inline (`compile.exprs`, no call per quotient): the same quotient, the same
Inexact flag afterwards and the same note of a cut (`values.precision_was_cut`) as the plain
reference, `values.divide`, whether or not the flag was already set, for each quotient of a chain."""

from __future__ import annotations

import decimal
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.values import DIVISION_BY_ZERO, context, divide, precision_was_cut, reset_precision_cut

POLICY = """
policy "t" { version "1" }
facts s {
  x decimal optional
  y decimal optional
  z decimal optional
}
score sheet {
  party p points 100 { item it max 100 = 0 }
  total max 100
}
grades {
  好 60 <= total
  差 total < 60
}
define first = s.x / s.y
define second = first / s.z
define third = s.z / s.y
finding uses_them { when known(first) and known(second) and known(third) }
"""


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> swrules.Policy:
    path = tmp_path_factory.mktemp("division") / "t.swr"
    path.write_text(POLICY, encoding="utf-8")
    return swrules.load_policy(path)


def _reference(x: D, y: D, z: D, flagged: bool) -> tuple[object, ...]:
    """What the plan computes, the plain way: each quotient through `values.divide`."""
    with decimal.localcontext(context()) as ctx:
        ctx.clear_flags()
        ctx.flags[decimal.Inexact] = flagged
        reset_precision_cut()
        first = divide(x, y)
        second = divide(first, z) if z else DIVISION_BY_ZERO
        third = divide(z, y)
        return (repr(first), repr(second), repr(third), ctx.flags[decimal.Inexact], precision_was_cut())


def _plan(policy: swrules.Policy, x: D, y: D, z: D, flagged: bool) -> tuple[object, ...]:
    env = policy._read_facts({"s": {"x": x, "y": y, "z": z}})
    assert env is not None
    slots = {r.name: r.slot for r in policy.checked.rules}
    with decimal.localcontext(context()) as ctx:
        ctx.clear_flags()
        ctx.flags[decimal.Inexact] = flagged
        reset_precision_cut()
        policy.plan.run(env)
        return (repr(env[slots["first"]]), repr(env[slots["second"]]), repr(env[slots["third"]]),
                ctx.flags[decimal.Inexact], precision_was_cut())


NONZERO = st.decimals(min_value=D("-1E6"), max_value=D("1E6"), places=4, allow_nan=False,
                      allow_infinity=False).filter(bool)


@pytest.mark.parametrize(("x", "y", "z"), [
    (D(1), D(3), D(7)), (D(1), D(2), D(4)), (D(1), D(3), D(0)), (D(2), D(4), D(3)), (D(10), D(4), D(2)),
])
@pytest.mark.parametrize("flagged", [False, True])
def test_inline_division_is_values_divide(policy: swrules.Policy, x: D, y: D, z: D, flagged: bool) -> None:
    assert _plan(policy, x, y, z, flagged) == _reference(x, y, z, flagged)


@settings(max_examples=200, deadline=None)
@given(x=NONZERO, y=NONZERO, z=st.one_of(st.just(D(0)), NONZERO), flagged=st.booleans())
def test_inline_division_is_values_divide_on_any_numbers(policy: swrules.Policy, x: D, y: D, z: D,
                                                          flagged: bool) -> None:
    assert _plan(policy, x, y, z, flagged) == _reference(x, y, z, flagged)


def test_the_cases_cover_cut_and_exact_quotients(policy: swrules.Policy) -> None:
    """The cases above are not all alike: one quotient cut, one exact, one divisor zero."""
    assert _reference(D(1), D(3), D(7), False)[-2:] == (False, True)
    assert _reference(D(1), D(2), D(4), False)[-2:] == (False, False)
    assert _reference(D(1), D(3), D(7), True)[-2:] == (True, False)
