"""Where a key path stands in a fact file's text, so a fact problem gets a line, a column and a caret.

Input: a fact file's `Source` (TOML or JSON) and key paths as diagnostics write them
(`scores.service_quality[2].score`). Output: the span of the value at that path (or, for
an unknown key, of the key itself); for a path the file does not hold, the span of its
nearest enclosing table or key, so a missing fact points at the section it belongs in.
`locate` returns the diagnostics with those spans added.

Why a scanner: `tomllib` and `json` return plain values with no positions. This module
walks the text once, only on the error path (reading a valid file never comes here):
TOML tables `[a.b]`, arrays of tables `[[a.b]]` counted per path (and nested under the
current element of an enclosing array), dotted and quoted keys, inline tables and arrays,
strings of all four kinds and comments; JSON objects and arrays, with keys read by the
`json` module's own decoder. The most recent fact sources are kept by name so that
a problem found after parsing (by the schema, or when choosing a policy version) can be
placed without reading the file again.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import OrderedDict
from collections.abc import Iterable
from typing import cast

from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Source, Span

Path_ = tuple[str | int, ...]
# path -> (key start, key end, value start, value end), in character offsets
Places = dict[Path_, tuple[int, int, int, int]]

_RECENT: OrderedDict[str, Source] = OrderedDict()
_KEEP = 16
_UNKNOWN_KEY = "E0802"


def remember(source: Source) -> None:
    """Keep a just-read fact source, so that its problems can be placed later (a few are kept)."""
    _RECENT[source.name] = source
    _RECENT.move_to_end(source.name)
    while len(_RECENT) > _KEEP:
        _RECENT.popitem(last=False)


def parse_key_path(text: str) -> Path_:
    """`a.b[2].c` as ("a", "b", 2, "c")."""
    out: list[str | int] = []
    for part in text.split("."):
        m = re.fullmatch(r"([^\[\]]*)((?:\[\d+\])*)", part)
        if m is None:
            out.append(part)
            continue
        if m.group(1):
            out.append(m.group(1))
        out.extend(int(i) for i in re.findall(r"\[(\d+)\]", m.group(2)))
    return tuple(out)


def locate(diagnostics: Iterable[Diagnostic], source: Source | None = None) -> list[Diagnostic]:
    """The diagnostics, each fact problem with a key path given the span of that path in its file."""
    diagnostics = list(diagnostics)
    places: dict[str, Places] = {}
    out = []
    for d in diagnostics:
        src = source if source is not None and source.name == d.file else _RECENT.get(d.file or "")
        if d.span is not None or d.key_path is None or src is None:
            out.append(d)
            continue
        if src.name not in places:
            places[src.name] = scan(src)
        span = _span_for(places[src.name], src, d.key_path, d.code == _UNKNOWN_KEY)
        out.append(d if span is None else dataclasses.replace(d, span=span))
    return out


def _span_for(places: Places, source: Source, key_path: str, on_key: bool) -> Span | None:
    # A diagnostic may name two keys ("station.period_start, station.period_end"): place the first.
    path = parse_key_path(key_path.split(",")[0].strip())
    for n in range(len(path), 0, -1):
        found = places.get(path[:n])
        if found is not None:
            ks, ke, vs, ve = found
            if n == len(path) and not on_key and ve > vs:
                return source.span(vs, ve)
            return source.span(ks, ke)
    return None


def scan(source: Source) -> Places:
    try:
        if source.name.lower().endswith(".json"):
            return _Json(source.text).places()
        return _Toml(source.text).places()
    except (IndexError, ValueError):
        return {}  # text the parser would have refused: no places rather than wrong ones


# ---------------------------------------------------------------- JSON

_DECODER = json.JSONDecoder()

class _Json:
    def __init__(self, text: str) -> None:
        self.t = text
        self.out: Places = {}

    def places(self) -> Places:
        self.value(self.ws(0), (), 0, 0)
        return self.out

    def ws(self, i: int) -> int:
        while i < len(self.t) and self.t[i] in " \t\r\n\ufeff":
            i += 1
        return i

    def value(self, i: int, path: Path_, ks: int, ke: int) -> int:
        c = self.t[i]
        if c == "{":
            j = self.ws(i + 1)
            while self.t[j] != "}":
                key, after = _DECODER.raw_decode(self.t, j)
                colon = self.ws(after)
                j = self.ws(self.value(self.ws(colon + 1), (*path, key), j, after))
                if self.t[j] == ",":
                    j = self.ws(j + 1)
            end = j + 1
        elif c == "[":
            j, n = self.ws(i + 1), 0
            while self.t[j] != "]":
                j = self.ws(self.value(j, (*path, n), j, j + 1))
                n += 1
                if self.t[j] == ",":
                    j = self.ws(j + 1)
            end = j + 1
        else:
            _, end = _DECODER.raw_decode(self.t, i)
        if path:
            self.out[path] = (ks, ke, i, end)
        return end


# ---------------------------------------------------------------- TOML

_BARE = re.compile(r"[A-Za-z0-9_-]+")


class _Toml:
    def __init__(self, text: str) -> None:
        self.t = text
        self.out: Places = {}
        self.counts: dict[Path_, int] = {}  # array of tables (resolved path) -> index of its last element

    def places(self) -> Places:
        i, table = 0, cast(Path_, ())
        while i < len(self.t):
            i = self.blank(i)
            if i >= len(self.t):
                break
            if self.t[i] == "[":
                i, table = self.header(i)
            else:
                i = self.pair(i, table)
        return self.out

    def blank(self, i: int) -> int:
        """Past spaces, newlines and comments."""
        while i < len(self.t):
            c = self.t[i]
            if c in " \t\r\n\ufeff":
                i += 1
            elif c == "#":
                while i < len(self.t) and self.t[i] != "\n":
                    i += 1
            else:
                break
        return i

    def spaces(self, i: int) -> int:
        while i < len(self.t) and self.t[i] in " \t":
            i += 1
        return i

    def key(self, i: int) -> tuple[list[str], int, int]:
        """A dotted key from i: its parts, where it starts and where it ends."""
        start, parts = i, []
        while True:
            i = self.spaces(i)
            c = self.t[i]
            if c in "\"'":
                end = self.string(i)
                parts.append(json.loads(self.t[i:end]) if c == '"' else self.t[i + 1:end - 1])
            else:
                m = _BARE.match(self.t, i)
                if m is None:
                    raise ValueError("not a key")
                end = m.end()
                parts.append(m.group())
            i = self.spaces(end)
            if i < len(self.t) and self.t[i] == ".":
                i += 1
                continue
            return parts, start, end

    def resolve(self, parts: list[str], base: Path_ = ()) -> Path_:
        """A table's dotted name as a path: an array of tables on the way means its current element."""
        path: Path_ = base
        for p in parts:
            path = (*path, p)
            if path in self.counts:
                path = (*path, self.counts[path])
        return path

    def header(self, i: int) -> tuple[int, Path_]:
        many = self.t.startswith("[[", i)
        parts, ks, ke = self.key(i + (2 if many else 1))
        if many:
            named = self.resolve(parts[:-1]) + (parts[-1],)
            self.counts[named] = self.counts.get(named, -1) + 1
            path: Path_ = (*named, self.counts[named])
        else:
            path = self.resolve(parts)
        self.out.setdefault(path, (ks, ke, ks, ke))
        close = self.t.index("]]" if many else "]", ke)
        return close + (2 if many else 1), path

    def pair(self, i: int, table: Path_) -> int:
        parts, ks, ke = self.key(i)
        path = (*table, *parts)
        eq = self.spaces(ke)
        if self.t[eq] != "=":
            raise ValueError("expected =")
        vs = self.spaces(eq + 1)
        ve = self.value(vs, path)
        self.out[path] = (ks, ke, vs, ve)
        return ve

    def value(self, i: int, path: Path_) -> int:
        c = self.t[i]
        if c in "\"'":
            return self.string(i)
        if c == "{":
            j = self.spaces(i + 1)
            while self.t[j] != "}":
                j = self.spaces(self.pair(j, path))
                if self.t[j] == ",":
                    j = self.spaces(j + 1)
            return j + 1
        if c == "[":
            j, n = self.blank(i + 1), 0
            while self.t[j] != "]":
                end = self.value(j, (*path, n))
                self.out[(*path, n)] = (j, end, j, end)
                j = self.blank(end)
                n += 1
                if self.t[j] == ",":
                    j = self.blank(j + 1)
            return j + 1
        m = re.compile(r"[^\s,\]}#]+(?:[ T][0-9:.+\-Z]+)?").match(self.t, i)
        if m is None:
            raise ValueError("no value")
        return m.end()

    def string(self, i: int) -> int:
        """The end of the string starting at i (basic, literal, or either multi-line form)."""
        q = self.t[i]
        if self.t.startswith(q * 3, i):
            end = self.t.index(q * 3, i + 3)
            while self.t.startswith(q, end + 3):  # up to two quotes may close the content
                end += 1
            return end + 3
        j = i + 1
        while self.t[j] != q:
            if self.t[j] == "\\" and q == '"':
                j += 1
            if self.t[j] == "\n":
                raise ValueError("unterminated string")
            j += 1
        return j + 1
