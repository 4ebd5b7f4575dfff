"""Grade bands: which band a total falls in, and the grade that follows with the vetoes.

Input: the bands of a policy's `grades` block (best first, as declared), a total, how
each band's `provided` condition came out, and the vetoes hit. Output: band membership
(`below`, `above`, `contains`), the band a total falls in (`first_band`) and the grade
(`Grading.grade`). Guarantee: the one meaning of a band, used by evaluation, the
explanation, policy tests and boundary cases alike: a bound is inclusive or exclusive
as written, an open end is unbounded, the first band (best first) whose interval holds
and whose condition is not false is the band, and the grade is the worse of that band
and the worst grade a hit veto forces. Pure value logic: nothing is evaluated here.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from swrules.base.values import NO_BAND, QUIET, ROUNDING_MODES, Unknown, quantum


class BandLike(Protocol):
    """What a band needs to say which totals it holds: its bounds and their sides."""

    @property
    def name(self) -> str: ...
    @property
    def low(self) -> Decimal | None: ...
    @property
    def low_inclusive(self) -> bool: ...
    @property
    def high(self) -> Decimal | None: ...
    @property
    def high_inclusive(self) -> bool: ...


B = TypeVar("B", bound=BandLike)


class RoundingLike(Protocol):
    @property
    def places(self) -> int: ...
    @property
    def mode(self) -> str: ...


def graded_total(total: Any, rounding: RoundingLike | None) -> Any:
    """The total the bands are applied to: rounded first when the grades say so
    (`grading round 0 half_up`), else the total itself; an unknown total as it is."""
    if rounding is None or type(total) is Unknown or not isinstance(total, Decimal):
        return total
    return total.quantize(quantum(rounding.places), rounding=ROUNDING_MODES.get(rounding.mode), context=QUIET)


Test = Callable[[Any, Any], bool]
_ABOVE_EVERY_TOTAL = Decimal("Infinity")
_BELOW_EVERY_TOTAL = Decimal("-Infinity")


def sides(band: BandLike) -> tuple[Test, Decimal, Test, Decimal]:
    """The one definition of band membership: `(lower test, low, upper test, high)`, the total
    in the band when `lower test(total, low)` and `upper test(total, high)` both hold. An
    inclusive bound admits the total on it, an exclusive one does not; an open end is a bound
    no finite total reaches. Operators, not Python functions, so a walk over bands is cheap."""
    low: tuple[Test, Decimal] = ((operator.ge if band.low_inclusive else operator.gt, band.low)
                                 if band.low is not None else (operator.gt, _BELOW_EVERY_TOTAL))
    high: tuple[Test, Decimal] = ((operator.le if band.high_inclusive else operator.lt, band.high)
                                  if band.high is not None else (operator.lt, _ABOVE_EVERY_TOTAL))
    return (*low, *high)


def below(band: BandLike, total: Decimal) -> bool:
    """The total is under the band's lower bound (on it, when that bound is exclusive)."""
    test, low, _, _ = sides(band)
    return not test(total, low)


def above(band: BandLike, total: Decimal) -> bool:
    """The total is over the band's upper bound (on it, when that bound is exclusive)."""
    _, _, test, high = sides(band)
    return not test(total, high)


def contains(band: BandLike, total: Decimal) -> bool:
    """The total lies in the band's interval (its `provided` condition aside)."""
    low_test, low, high_test, high = sides(band)
    return low_test(total, low) and high_test(total, high)


def first_band(bands: Sequence[B], total: Decimal, condition: Callable[[int], Any]) -> tuple[B, Any] | None:
    """The first band whose interval holds the total and whose condition is not false, with that
    condition's value (`condition(i)` is asked only for such bands, in order: True when a band has
    none, an unknown when it could not be decided); None when no band holds the total."""
    for i, band in enumerate(bands):
        if contains(band, total):
            held = condition(i)
            if held is not False:
                return band, held
    return None


class Grading:
    """A policy's grading: its bands, the rank of each grade (0 the best) and its vetoes' forced grades."""

    __slots__ = ("bands", "names", "ranks", "forced", "_sides", "rounding", "otherwise")

    def __init__(self, bands: Iterable[BandLike], rank: Mapping[str, int], forced: Iterable[str],
                 rounding: RoundingLike | None = None, otherwise: str | None = None) -> None:
        self.bands = tuple(bands)
        self.names = list(rank)
        self.ranks = {band.name: rank[band.name] for band in self.bands}
        self.forced = tuple(rank[name] for name in forced)  # per veto, in declaration order
        self._sides = tuple((*sides(b), rank[b.name]) for b in self.bands)
        self.rounding = rounding  # the total rounded before grading
        self.otherwise = rank.get(otherwise) if otherwise is not None else None  # a total in no band

    def grade(self, total: Any, vetoes: Sequence[Any], provided: Sequence[Callable[[], Any] | None] | None) -> Any:
        """The grade: `vetoes` are the vetoes' values (True when hit); `provided` per band its
        condition to evaluate (None when it has none), asked only for a band the total lies in,
        or None when no band has a condition (the common case, walked with no Python call: this
        runs for every station)."""
        cap = -1  # the worst grade a hit veto forces (largest rank)
        if True in vetoes:  # most stations hit none: skip the walk (veto values are booleans or unknowns)
            for hit, forced in zip(vetoes, self.forced, strict=True):
                if hit is True and forced > cap:
                    cap = forced
        band_rank: Any = NO_BAND
        if self.rounding is not None:
            total = graded_total(total, self.rounding)
        if type(total) is Unknown:
            band_rank = total
        elif provided is None:
            for low_test, low, high_test, high, rank in self._sides:
                if low_test(total, low) and high_test(total, high):
                    band_rank = rank
                    break
        else:
            conditions = provided

            def condition(i: int) -> Any:
                held = conditions[i]
                return True if held is None else held()

            found = first_band(self.bands, total, condition)
            if found is not None:
                band_rank = found[1] if type(found[1]) is Unknown else self.ranks[found[0].name]
        if band_rank is NO_BAND and self.otherwise is not None:
            band_rank = self.otherwise
        if type(band_rank) is Unknown:
            # Without a band, only a veto forcing the worst grade decides the grade.
            return self.names[cap] if cap == len(self.names) - 1 else band_rank
        return self.names[max(band_rank, cap)]
