"""The explanations every station with the same values shares: their dicts kept, and copied for each caller.

Input: a rule explanation (`model.RuleExplanation`) or a margin (`model.Margin`) that `explain` gives as the
same object to every station with the same values (build.py's `_SAME_FOR_SAME_VALUES`). Output: its dict,
made once and kept by the object's identity (the object with it, so its `id` is not reused while kept), and
a copy for each caller that shares nothing changeable with the kept one (a caller may change the dict it
gets); its JSON text for each depth likewise (`model.RuleExplanation.json_part`). Below `model`: it reads
the objects by their fields and calls their `to_dict`, and imports nothing of the explanation.
"""

from __future__ import annotations

from typing import Any

# The kinds of rule whose explanation `explain` gives as the same object to every station with
# the same values (build.py's `_SAME_FOR_SAME_VALUES`, and "output", a define's kind as written):
# their dict and JSON text are kept by the explanation's identity, the explanation with them
# (so that its `id` is not reused while kept).
_SHARED_KINDS = frozenset({"param", "define", "veto", "finding", "output"})
_KEEP = 2048  # explanations kept (dicts, and fragments per depth); then it starts afresh
_dicts: dict[int, tuple[Any, dict[str, Any], Any]] = {}  # the explanation, its dict, how it is copied
_fragments: dict[tuple[int, int], tuple[Any, Any]] = {}
_margins: dict[int, tuple[Any, dict[str, Any] | None]] = {}  # a veto's or finding's margin, its dict (`_margin_dict`)


def _copy_rule(d: dict[str, Any]) -> dict[str, Any]:
    """A copy of a kept rule dict whose values are leaves (`_flat`) that shares nothing changeable with it.

    Written out part by part, each list of dicts copied by `map(dict.copy, ...)`: the copies are made in C,
    with no frame of a comprehension's own and no bytecode an item (a part holds one to a few dicts)."""
    out = d.copy()
    out["sentence"] = d["sentence"].copy()
    part = d["formulas"]
    out["formulas"] = list(map(_copy_dict, part)) if part else []
    part = d["facts"]
    out["facts"] = list(map(_copy_dict, part)) if part else []
    part = d["rules"]
    out["rules"] = list(map(_copy_dict, part)) if part else []
    part = d["steps"]
    out["steps"] = list(map(_copy_dict, part)) if part else []
    part = d["rounding"]
    out["rounding"] = list(map(_copy_dict, part)) if part else []
    out["missing"] = d["missing"].copy()
    part = d["records"]
    out["records"] = [_copy_plain(r) for r in part] if part else []
    part = d["margins"]
    out["margins"] = [m | {"sentence": m["sentence"].copy()} for m in part] if part else []
    return out


_copy_dict = dict.copy


def _flat(rule: Any) -> bool:
    """Whether every value in a rule's dict is a leaf: then `_copy_rule` (the layout's dicts and lists) shares
    nothing changeable with it; one with a list value (a list of records read) is copied whole by `_copy_plain`."""
    nested = (list, tuple, dict)  # loops, not generators: this runs for every rule explanation kept
    if isinstance(rule.value, nested):
        return False
    for part in (rule.facts, rule.rules, rule.steps):
        for use in part:
            if isinstance(use[2], nested):
                return False
    for r in rule.rounding:
        if isinstance(r[2], nested) or isinstance(r[3], nested):
            return False
    return not any(isinstance(m[4], nested) or isinstance(m[5], nested) or isinstance(m[7], nested)
                   for m in rule.margins)


def _copy_plain(o: Any) -> Any:
    kind = type(o)
    if kind is dict:
        return {k: _copy_plain(v) for k, v in o.items()}
    if kind is list:
        return [_copy_plain(v) for v in o]
    return o


_NESTED = (list, tuple, dict)


def _margin_dict(margin: Any) -> dict[str, Any]:
    """A margin's `to_dict`. A veto's or finding's margin is its kept explanation's own, the same object
    for every station that shares it: its dict is made once and kept by the margin's identity, the margin
    with it (so its id is not reused while kept), and copied (a band's margin is the station's own)."""
    if margin[0] == "band":
        return margin.to_dict()  # type: ignore[no-any-return]
    kept = _margins.get(id(margin))
    if kept is None or kept[0] is not margin:
        if len(_margins) >= _KEEP:
            _margins.clear()
        made = margin.to_dict()
        leaves = all(type(made[key]) not in _NESTED for key in ("value", "threshold", "distance"))
        kept = _margins[id(margin)] = (margin, made if leaves else None)  # a list value: made afresh each time
    if kept[1] is None:
        return margin.to_dict()  # type: ignore[no-any-return]
    out = kept[1].copy()
    out["sentence"] = out["sentence"].copy()
    return out
