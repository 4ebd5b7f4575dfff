"""Kept rule dicts copied by code: a function whose body is the dict as one literal display.

Input: a kept rule's plain dict (`RuleExplanation.plain_dict`: dicts with text keys, lists, and
leaves that are text, integers, yes/no or None). Output: a function of no arguments returning a
new dict equal to it that shares no dict or list with it (its text is shared: text cannot change).
Every key and leaf is written through `repr`, never spliced in as it stands; anything else makes
`literal_copier` answer None and the caller copies the plain way.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

_LEAVES = (str, int, bool, type(None))


def _display(o: Any, out: list[str]) -> bool:
    kind = type(o)
    if kind is dict:
        out.append("{")
        for k, v in o.items():
            if type(k) is not str:
                return False
            out.append(repr(k))
            out.append(": ")
            if not _display(v, out):
                return False
            out.append(", ")
        out.append("}")
        return True
    if kind is list:
        out.append("[")
        for v in o:
            if not _display(v, out):
                return False
            out.append(", ")
        out.append("]")
        return True
    if kind in _LEAVES:
        out.append(repr(o))
        return True
    return False


def literal_copier(d: dict[str, Any]) -> Callable[[], dict[str, Any]] | None:
    """A function returning a fresh copy of `d`, compiled from `d` written as one literal display."""
    out: list[str] = []
    if not _display(d, out):
        return None
    code = compile("".join(out), "<swrules kept rule>", "eval")
    return types.FunctionType(code, {"__builtins__": {}})  # type: ignore[return-value]
