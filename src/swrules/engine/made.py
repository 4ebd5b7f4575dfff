"""Parts of a result's lines made when first read: `Fields` (an indicator line's) and `Reads` (a check's).

Input: filled by the generated builders of `engine.lines` (a class called with no
argument, then its slots stored: no `__init__` frame). Output: an object equal to the
tuple it makes (`==`, `!=`, hash, repr, `len`, truth, indexing and slicing, iteration,
`in`, `index`, `count`), registered as a `Sequence`, pickled and deep-copied as that plain
tuple. Guarantee: the tuple is the one the plain builders of `engine.assemble` make,
made once and kept (`tests/engine/test_generated_lines.py` compares them).

Why: a station's summary reads an indicator line's value and a check's status, never
their fields or reads, and those were most of the objects a summary read made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from swrules.base.values import MISSING

from .result import Read

_new: Callable[..., Any] = tuple.__new__


class Made:
    """A tuple a line holds, made when first read: the base of `Fields` and `Reads`.

    Equal to the tuple it makes (`==`, `!=`, hash, repr, `len`, truth, indexing and
    slicing, iteration, `in`, `index`, `count`), registered as a `Sequence`, and pickled
    (or deep-copied) as that plain tuple. A subclass holds what makes the tuple in its
    slots, filled by generated code that calls the class with no argument (no `__init__`
    of its own, so no Python frame; cheaper than `object.__new__(cls)`, whose arguments
    are checked) and stores the attributes; `made()` makes the tuple once and keeps it.
    """

    __slots__ = ()

    def made(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def __iter__(self) -> Any:
        return iter(self.made())

    def __len__(self) -> int:
        return len(self.made())

    def __getitem__(self, i: Any) -> Any:
        return self.made()[i]

    def __contains__(self, x: Any) -> bool:
        return x in self.made()

    def __eq__(self, other: Any) -> bool:
        return self.made() == (other.made() if isinstance(other, Made) else other)

    def __ne__(self, other: Any) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.made())

    def __repr__(self) -> str:
        return repr(self.made())

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (self.made(),)

    def index(self, x: Any, *args: Any) -> int:
        return self.made().index(x, *args)

    def count(self, x: Any) -> int:
        return self.made().count(x)


Sequence.register(Made)


class Fields(Made):
    """An indicator line's `fields`, its record's `(name, value)` pairs, made when first read.

    Why: a station's summary reads an indicator line's value, never its fields, and the
    five pairs of each of the twelve lines were most of the objects a summary read made.
    Built by the generated `lines.indicators`; `Assembler.indicators_of`, the reference,
    gives plain tuples. The record is the one the station's facts hold, as the deferred
    parts read it: read once, the pairs are kept.
    """

    __slots__ = ("_rec", "_names", "_pairs")

    _rec: dict[str, Any]
    _names: tuple[str, ...]
    _pairs: tuple[tuple[str, Any], ...]

    def made(self) -> tuple[tuple[str, Any], ...]:
        try:
            return self._pairs
        except AttributeError:
            get = self._rec.get
            pairs = self._pairs = tuple([(f, get(f, MISSING)) for f in self._names])
            return pairs

    pairs = made

    def __len__(self) -> int:
        return len(self._names)


class Reads(Made):
    """A veto's or finding's `reads`, its `Read` lines, made when first read.

    Why: a station's summary reads a check's status, never its reads, and the Reads of
    the checks whose facts are numbers (each finding, three vetoes: some twenty lines a
    station) were most of what building the vetoes and findings cost. Built by the
    generated `lines.vetoes` and `lines.findings` for a check whose reads are not picked
    from lines made once per policy; `Assembler.check`, the reference, gives plain tuples.
    `_rule` is the check's slot and its reads' `(name, label, slot, is_fact, percent)`;
    `_env` the station's slot list; `_shared` the result's Reads by rule slot: made, the
    Reads are kept there too, so that a rule's line built afterwards
    (`Assembler.rule_result`) holds the very same tuple, as when the check built them at
    once (a rule's line built before makes its own, equal).
    """

    __slots__ = ("_env", "_rule", "_shared", "_reads")

    _env: list[Any]
    _rule: tuple[int, tuple[tuple[str, str, int, bool, bool], ...]]
    _shared: dict[int, tuple[Read, ...]]
    _reads: tuple[Read, ...]

    def made(self) -> tuple[Read, ...]:
        try:
            return self._reads
        except AttributeError:
            slot, recipe = self._rule
            reads = self._shared.get(slot)
            if reads is None:
                env = self._env
                reads = self._shared[slot] = tuple([_new(Read, (n, lb, env[s], f, pc)) for n, lb, s, f, pc in recipe])
            self._reads = reads
            return reads

    def __len__(self) -> int:
        return len(self._rule[1])
