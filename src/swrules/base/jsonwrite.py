"""JSON text as swrules writes it, fast: the bytes of `json.dumps(doc, ensure_ascii=False, indent=2)`.

Input: a document of dicts, lists, tuples, strings, numbers, booleans and None (what
the results' `to_dict` methods give). Output: the same text the standard library
writes with `indent=2` (which makes it fall back from its C encoder to a generator
per nesting level).

Two writers:

* `dumps_plain` for the documents swrules builds itself (results, explanations, batch
  rows: strings, integers, booleans, None, lists, tuples and dicts with string keys,
  never a float, since every figure is an exact decimal written as a string). It hands
  the document to orjson, whose two-space indentation, separators and string escapes
  are `json.dumps`'s, and which refuses everything where the two could differ
  (a key that is not a string, an integer beyond 64 bits, a lone surrogate, a subclass
  of a built-in type, a date, a dataclass): such a document goes to `dumps_indented`.
  Outside that: a float, which both write but not always alike (orjson writes `NaN` as
  `null`, `1e-07` as `1e-7`), and an `Enum` or `UUID`, which orjson writes where
  `json.dumps` raises. That is the precondition; a result never holds any of them (facts
  are read as decimals, a float fact is refused as not a number), which
  `tests/base/test_jsonwrite.py` checks on every document the repository's policies give.
* `dumps_indented` for any document: one recursive function that appends to a list and
  escapes strings with the standard library's C string encoder. Anything else in the
  document (another type, a cycle, nesting past the recursion limit) is handed to
  `json.dumps`, so that it fails or converts exactly as it would have.

For a document of which parts recur (a policy's parameters explained the same way for
every station), `fragment(part, depth)` writes a part once, indented for the depth it sits
at, as an `orjson.Fragment` that orjson copies as it is; `dumps_fragments` writes a
document holding such fragments, or, when orjson is missing or refuses the document, the
plain document (without fragments) that the caller gives; `dumps_fragments_utf8` the same,
as orjson's UTF-8 bytes where orjson wrote it (what `eval --format json` writes: decoding
them to a `str` cost about as much as orjson's writing).

tests/base/test_jsonwrite.py checks all of them against `json.dumps` with hypothesis.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
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


def _refuse(o: Any) -> Any:
    raise TypeError(type(o).__name__)


@cache
def _orjson() -> Callable[[Any, bool], bytes] | None:
    """orjson's writer with `json.dumps`'s layout, imported on first use (a declared dependency;
    without it, every document takes the pure-Python writer)."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - installed with swrules
        return None
    # Everything orjson would write differently from `json.dumps` and that is not a float is
    # refused: subclasses of str/int/dict/list, dataclasses and dates go to `_refuse`.
    options = (orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS
               | orjson.OPT_PASSTHROUGH_DATETIME)
    lines = options | orjson.OPT_APPEND_NEWLINE
    dumps = orjson.dumps

    def write(document: Any, newline: bool) -> bytes:
        return dumps(document, default=_refuse, option=lines if newline else options)

    return write


def dumps_plain(document: Any, newline: bool = False) -> str:
    """`dumps_indented(document)` (plus one final newline if asked) for a document without floats.

    The document is swrules' own: strings, integers, booleans, None, lists, tuples and
    dicts with string keys. What orjson refuses is written by `dumps_indented`, so any
    such document gives the same text; floats, enums and UUIDs are the caller's to keep out.
    """
    write = _orjson()
    if write is not None:
        try:
            return write(document, newline).decode()
        except TypeError:  # orjson.JSONEncodeError is one
            pass
    return dumps_indented(document) + "\n" if newline else dumps_indented(document)


def fragment(part: Any, depth: int) -> Any:
    """`part` written by `dumps_plain`, each line indented for a value `depth` levels down, as an
    `orjson.Fragment` for `dumps_fragments`; None without orjson or when orjson refuses the part.

    A string in JSON text holds no raw line end, so every line end of the text is a line
    break of the layout and takes the indentation of the depth."""
    write = _orjson()
    if write is None:
        return None
    try:
        text = write(part, False)
    except TypeError:
        return None
    import orjson  # imported by `_orjson` already

    return orjson.Fragment(text.replace(b"\n", b"\n" + b"  " * depth) if depth else text)


def dumps_fragments(document: Any, plain: Callable[[], Any], newline: bool = False) -> str:
    """`dumps_plain(plain(), newline)` from `document`, the same document with some parts made
    by `fragment` at the depth they sit at.

    When orjson refuses `document`, `plain()` (the document without fragments) is written
    by `dumps_indented`, which knows no fragment."""
    written = dumps_fragments_utf8(document, plain, newline)
    return written.decode() if isinstance(written, bytes) else written


def dumps_fragments_utf8(document: Any, plain: Callable[[], Any], newline: bool = False) -> bytes | str:
    """`dumps_fragments`'s text as orjson writes it, UTF-8 bytes not decoded (for a binary stream, which
    would only encode the text again), or, when orjson is missing or refuses `document`, the `str`
    `dumps_fragments` gives: that text is `dumps_indented`'s and may hold a lone surrogate, which no
    UTF-8 holds, so it is left to the caller's text stream to write or refuse as it would."""
    write = _orjson()
    if write is not None:
        try:
            return write(document, newline)
        except TypeError:
            pass
    text = dumps_indented(plain())
    return text + "\n" if newline else text
