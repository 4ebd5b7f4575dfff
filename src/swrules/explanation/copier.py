"""Kept rule dicts copied by code: a function whose body is the dict as one literal display.

Input: a kept rule's plain dict (`RuleExplanation.plain_dict`: dicts with text keys, lists, and
leaves that are text, integers, yes/no or None). Output: a function of no arguments returning a
new dict equal to it that shares no dict or list with it (its text is shared: text cannot change).

No data becomes source text: a display is compiled once per shape (the keys, by `repr`, and the
lengths of the lists) with a numbered placeholder for each leaf, and a kept dict's function is
that code with the placeholders in its constants replaced by the dict's own leaves
(`CodeType.replace`), which costs far less than compiling. Anything that is not a plain dict of
that kind makes `literal_copier` answer None, and the caller copies the plain way.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

_LEAVES = (str, int, bool, type(None))
_LEAF = 0  # a leaf's place in a shape
_FIRST = 1 << 30  # the first leaf's number in a shape's display: no small integer, which a compiler may load apart
_KEEP = 512  # shapes kept; then it starts afresh
_codes: dict[Any, types.CodeType] = {}  # a shape's display, each leaf written as its number


def _shape(o: Any, leaves: list[Any]) -> Any:
    """`o`'s shape ("{", its keys, its values' shapes; "[", its items' shapes; `_LEAF`), its leaves
    appended to `leaves` in the order its display evaluates them; None if `o` is not plain."""
    kind = type(o)
    if kind is dict:
        parts: list[Any] = ["{", tuple(o)]
        for k, v in o.items():
            part = _shape(v, leaves)
            if part is None or type(k) is not str:
                return None
            parts.append(part)
        return tuple(parts)
    if kind is list:
        parts = ["["]
        for v in o:
            part = _shape(v, leaves)
            if part is None:
                return None
            parts.append(part)
        return tuple(parts)
    if kind in _LEAVES:
        leaves.append(o)
        return _LEAF
    return None


def _display(shape: Any, out: list[str], count: list[int]) -> None:
    """The shape written as a display, its keys by `repr` and each leaf as its number (0, 1, ...)."""
    if shape == _LEAF:
        out.append(repr(_FIRST + count[0]))
        count[0] += 1
    elif shape[0] == "{":
        out.append("{")
        for key, part in zip(shape[1], shape[2:], strict=True):
            out.append(repr(key))
            out.append(": ")
            _display(part, out, count)
            out.append(", ")
        out.append("}")
    else:
        out.append("[")
        for part in shape[1:]:
            _display(part, out, count)
            out.append(", ")
        out.append("]")


def _code(shape: Any) -> types.CodeType:
    code = _codes.get(shape)
    if code is None:
        if len(_codes) >= _KEEP:
            _codes.clear()
        out: list[str] = []
        _display(shape, out, [0])
        code = _codes[shape] = compile("".join(out), "<swrules kept rule>", "eval")
    return code


def _constant(c: Any, leaves: list[Any]) -> Any:
    """A constant of a shape's code with its leaves' numbers replaced by the leaves (the compiler
    folds a list of constants into a tuple); keys (text) and key tuples stay as they are."""
    kind = type(c)
    if kind is int:
        return leaves[c - _FIRST]
    if kind is tuple and c and type(c[0]) is int:
        return tuple([leaves[i - _FIRST] for i in c])
    return c


def literal_copier(d: dict[str, Any]) -> Callable[[], dict[str, Any]] | None:
    """A function of no arguments returning a fresh copy of `d`: its shape's display with `d`'s leaves."""
    leaves: list[Any] = []
    shape = _shape(d, leaves)
    if shape is None:
        return None
    code = _code(shape)
    code = code.replace(co_consts=tuple([_constant(c, leaves) for c in code.co_consts]))
    return types.FunctionType(code, {"__builtins__": {}})  # type: ignore[return-value]
