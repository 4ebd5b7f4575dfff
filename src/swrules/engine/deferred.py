"""A result whose explanation material is built on first read: `LazyResult` and its `Deferred` parts.

Input: the instance dict the generated head (`engine.lines`) makes per station, holding
every part a summary needs, the station's slot list under `_env`, what builds the rest
under `_parts` (the policy's `Assembler`: `lines.vetoes`, `lines.findings`,
`lines.indicators`, `rules`) and under `_shared` the Reads a veto's or finding's line
and its rule's line share. Output: a `Result` equal in every field to one built whole.

Why: the parts a summary read does not need (the per-rule lines, the vetoes and findings
with everything each read, the indicator lines) cost more than evaluating the rules. Each
is a non-data descriptor on the class: Python looks in the instance dict first, so once a
part is built and stored there, reading it is a plain attribute read; the first read calls
the descriptor, with no builder closures made per station and no `AttributeError` raised
and caught (what `__getattr__` costs). Two threads may both build a part: the parts are
the same, the second store is harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .result import Result

# What a result keeps only to build its deferred parts: never pickled, never compared.
PRIVATE = ("_env", "_parts", "_shared")


def _vetoes(d: dict[str, Any]) -> Any:
    return d["_parts"].lines.vetoes(d["_env"], d["_shared"])


def _findings(d: dict[str, Any]) -> Any:
    return d["_parts"].lines.findings(d["_env"], d["_shared"])


def _indicators(d: dict[str, Any]) -> Any:
    return d["_parts"].lines.indicators(d["_env"])


def _rules(d: dict[str, Any]) -> Any:
    return d["_parts"].rules(d["_env"], d["_shared"])


def _veto_statuses(d: dict[str, Any]) -> Any:
    return d["_parts"].veto_statuses(d["_env"])


class Deferred:
    """A part of a `LazyResult` built from its `_env` on first read, then stored in the instance dict."""

    __slots__ = ("name", "build")

    def __init__(self, build: Callable[[dict[str, Any]], Any]) -> None:
        self.build = build
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        d = obj.__dict__
        if "_parts" not in d:  # a result unpickled or built whole: its parts are in its dict, or absent
            raise AttributeError(f"{type(obj).__name__!r} object has no attribute {self.name!r}")
        value = d[self.name] = self.build(d)
        return value


class LazyResult(Result):
    """A `Result` whose explanation material is built when first read: equal in every field once read.

    Deferred: the vetoes and findings with what each read, the indicator lines and the
    per-rule lines; `veto_statuses`, each veto's id and status alone (`engine.batch`'s
    row, no Reads built), exists only on a result not yet pickled.
    """

    vetoes = Deferred(_vetoes)  # type: ignore[assignment]
    findings = Deferred(_findings)  # type: ignore[assignment]
    indicators = Deferred(_indicators)  # type: ignore[assignment]
    rules = Deferred(_rules)  # type: ignore[assignment]
    veto_statuses = Deferred(_veto_statuses)

    def to_dict(self) -> dict[str, Any]:
        """`Result.to_dict`, written by the policy's generated `engine.document` from the slot list, none of the
        deferred parts built for it; a result unpickled or built whole has no slot list: the plain way then."""
        d = self.__dict__
        if "_parts" in d:
            return d["_parts"].document(d)  # type: ignore[no-any-return]
        return Result.to_dict(self)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled whole: every deferred part built, no slot list or builders, no trace (see `Trace`)."""
        for name in DEFERRED:
            getattr(self, name)
        d = self.__dict__
        return {k: v for k, v in d.items() if k not in PRIVATE} | {"trace": None}


DEFERRED = ("vetoes", "findings", "indicators", "rules")


def slot_source(result: Result) -> tuple[list[Any], Any, dict[int, Any]] | None:
    """What a result's per-rule lines are built from: its slot list, its policy's `Assembler` and the
    Reads its lines share; None for a result built whole or unpickled (read `result.rules` then).

    `swrules.explain` reads a rule's values by slot through it, and builds the line
    (`Assembler.rule_result`, the same as `result.rules` holds) only of a rule it explains anew,
    instead of every rule's line of every station."""
    d = result.__dict__
    if "_parts" not in d:
        return None
    return d["_env"], d["_parts"], d["_shared"]
