"""`@node` classes behave as `@dataclass(frozen=True, slots=True)` ones do: the same
equality (span left out), hashes, repr, match arguments, pickling, `replace` and
`fields`, and assignment refused; only creating the class is cheaper."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swrules.base.nodes import node
from swrules.check import ir
from swrules.syntax import ast as A


@node
class Made:
    name: str
    parts: tuple[int, ...]
    flag: bool = False
    span: object | None = field(default=None, compare=False, repr=False)

    @property
    def size(self) -> int:
        return len(self.parts)


@dataclass(frozen=True, slots=True)
class Reference:
    name: str
    parts: tuple[int, ...]
    flag: bool = False
    span: object | None = field(default=None, compare=False, repr=False)


@node(eq=False)
class ByIdentity:
    name: str


values = st.tuples(st.text(max_size=5), st.lists(st.integers(), max_size=3).map(tuple), st.booleans(),
                   st.none() | st.integers())


@given(values, values)
def test_a_node_compares_hashes_and_shows_as_the_dataclass_does(a: tuple[Any, ...], b: tuple[Any, ...]) -> None:
    made_a, made_b, ref_a, ref_b = Made(*a), Made(*b), Reference(*a), Reference(*b)
    assert (made_a == made_b) == (ref_a == ref_b)
    assert hash(made_a) == hash(ref_a)
    assert repr(made_a).replace("Made", "Reference") == repr(ref_a)
    assert Made(*a[:3], span="elsewhere") == made_a  # the span is not part of equality
    for again in (pickle.loads(pickle.dumps(made_a)), copy.deepcopy(made_a), copy.copy(made_a)):
        assert again == made_a and again.span == made_a.span


def test_a_node_is_frozen_slotted_and_a_dataclass_to_the_standard_functions() -> None:
    made = Made("a", (1, 2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.name = "b"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.name  # type: ignore[misc]
    assert not hasattr(made, "__dict__") and made.size == 2
    assert dataclasses.is_dataclass(made) and type(made).__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert [f.name for f in dataclasses.fields(made)] == [f.name for f in dataclasses.fields(Reference)]
    assert dataclasses.replace(made, flag=True) == Made("a", (1, 2), True)
    assert dataclasses.asdict(made) == dataclasses.asdict(Reference("a", (1, 2)))
    assert Made.__match_args__ == Reference.__match_args__
    match made:
        case Made(name, parts):
            assert (name, parts) == ("a", (1, 2))
    with pytest.raises(TypeError):
        Made("a")  # type: ignore[call-arg]


def test_eq_false_compares_by_identity() -> None:
    one = ByIdentity("x")
    assert one != ByIdentity("x") and one == one and {one: 1}[one] == 1


def test_the_syntax_tree_and_the_ir_are_made_with_it() -> None:
    assert A.Number.__init__.__qualname__ == "Number.__init__"
    assert A.Number(1).value == 1 and A.Number.__init__.__qualname__ == "Number.__init__"
    assert ir.CheckedPolicy.__dataclass_params__.eq is False  # type: ignore[attr-defined]
    assert A.Ref(("a",), span=None) == A.Ref(("a",)) and hash(A.Ref(("a",))) == hash((("a",),))


@node
class Derived(Made):
    extra: int = 0


class Plain(Made):
    """A subclass that is not a node itself: it unpickles through its base's fields."""


def test_a_derived_node_and_a_plain_subclass_unpickle_whole_and_a_wrong_state_is_refused() -> None:
    for made in (Derived("a", (1,), True, "here", 7), Plain("b", (2, 3), span="there")):
        again = pickle.loads(pickle.dumps(made))
        assert type(again) is type(made) and again == made and again.span == made.span
        assert [getattr(again, f.name) for f in dataclasses.fields(made)] == [
            getattr(made, f.name) for f in dataclasses.fields(made)]
    with pytest.raises(ValueError, match="4 values for 5 fields"):
        Derived.__setstate__(object.__new__(Derived), ("a", (), False, None))
