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

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from swrules.base.values import NO_BAND, Unknown


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


def below(band: BandLike, total: Decimal) -> bool:
    """The total is under the band's lower bound (on it, when that bound is exclusive)."""
    return band.low is not None and (total < band.low or (total == band.low and not band.low_inclusive))


def above(band: BandLike, total: Decimal) -> bool:
    """The total is over the band's upper bound (on it, when that bound is exclusive)."""
    return band.high is not None and (total > band.high or (total == band.high and not band.high_inclusive))


def contains(band: BandLike, total: Decimal) -> bool:
    """The total lies in the band's interval (its `provided` condition aside)."""
    return not below(band, total) and not above(band, total)


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

    __slots__ = ("bands", "names", "ranks", "forced")

    def __init__(self, bands: Iterable[BandLike], rank: Mapping[str, int], forced: Iterable[str]) -> None:
        self.bands = tuple(bands)
        self.names = list(rank)
        self.ranks = {band.name: rank[band.name] for band in self.bands}
        self.forced = tuple(rank[name] for name in forced)  # per veto, in declaration order

    def grade(self, total: Any, vetoes: Sequence[Any], provided: Sequence[Callable[[], Any] | None]) -> Any:
        """The grade: `vetoes` are the vetoes' values (True when hit), `provided` per band its
        condition to evaluate (None when it has none), asked only for a band the total lies in."""
        cap = -1  # the worst grade a hit veto forces (largest rank)
        for hit, forced in zip(vetoes, self.forced, strict=True):
            if hit is True and forced > cap:
                cap = forced
        band_rank: Any
        if type(total) is Unknown:
            band_rank = total
        else:
            def condition(i: int) -> Any:
                held = provided[i]
                return True if held is None else held()

            found = first_band(self.bands, total, condition)
            if found is None:
                band_rank = NO_BAND
            elif type(found[1]) is Unknown:
                band_rank = found[1]
            else:
                band_rank = self.ranks[found[0].name]
        if type(band_rank) is Unknown:
            # Without a band, only a veto forcing the worst grade decides the grade.
            return self.names[cap] if cap == len(self.names) - 1 else band_rank
        return self.names[max(band_rank, cap)]
