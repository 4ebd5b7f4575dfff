"""JSON text as swrules writes it, fast: the bytes of `json.dumps(doc, ensure_ascii=False, indent=2)`.

Input: a document of dicts, lists, tuples, strings, numbers, booleans and None (what
the results' `to_dict` methods give). Output: the same text the standard library
writes with `indent=2` (which makes it fall back from its C encoder to a generator
per nesting level), built here with one recursive function that appends to a list and
escapes strings with the standard library's C string encoder. Anything else in the
document (another type, a cycle, nesting past the recursion limit) is handed to
`json.dumps`, so that it fails or converts exactly as it would have
(tests/base/test_jsonwrite.py checks equality for any document).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_INF = float("inf")


class _Other(Exception):
    """A value the fast writer leaves to `json.dumps`."""


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise _Other


def _write(o: Any, out: list[str], nl: str) -> None:
    # The order of the tests is json.encoder's: a bool is an int, so True and False come first.
    if isinstance(o, str):
        out.append(encode_basestring(o))
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif isinstance(o, int):
        out.append(int.__repr__(o))
    elif isinstance(o, float):
        out.append(_float(o))
    elif isinstance(o, (list, tuple)):
        if not o:
            out.append("[]")
            return
        inner = nl + "  "
        out.append("[" + inner)
        first = True
        for v in o:
            if not first:
                out.append("," + inner)
            first = False
            _write(v, out, inner)
        out.append(nl + "]")
    elif isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        inner = nl + "  "
        out.append("{" + inner)
        first = True
        for k, v in o.items():
            if not first:
                out.append("," + inner)
            first = False
            out.append(_key(k) + ": ")
            _write(v, out, inner)
        out.append(nl + "}")
    else:
        raise _Other


def dumps_indented(document: Any) -> str:
    """`json.dumps(document, ensure_ascii=False, indent=2)`, the same text, faster."""
    out: list[str] = []
    try:
        _write(document, out, "\n")
    except (_Other, RecursionError):
        return json.dumps(document, ensure_ascii=False, indent=2)
    return "".join(out)
