"""Tokens of policy text, for highlighting: never fails, also on broken text.

Input: any text. Output: `Token`s (0-based line, UTF-16 column and length, a kind),
and `lex`, the same as (offset, text, kind) triples, which the Pygments lexer reads
(`highlight`).
The token shapes are the grammar's terminals (`grammar/swrules.lark`: `#` comments,
quoted strings, dates, numbers and percentages, names, operators); the keywords are
the grammar's own (`reserved_words`: every word quoted in the grammar Lark reads), so
a word added to the grammar is highlighted without a change here. A word after a `.` is a field name, never a
keyword (`station.phase`); a quoted text left open runs to the end of its line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from swrules.syntax.grammar import grammar_text, keywords_of

from .model import Lines, Token, utf16_len

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
    |(?P<comment>\#[^\n]*)
    |(?P<string>"[^"\n]*"?)
    |(?P<number>\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)?%?)
    |(?P<word>[^\W\d]\w*)
    |(?P<operator><=|>=|!=|[<>=+\-*/≤≥≠×÷])
    |(?P<punctuation>[{}(),:.])""",
    re.VERBOSE,
)


@functools.cache
def reserved_words() -> tuple[str, ...]:
    """Every word the parser reads as a keyword, in the order the grammar first quotes
    it: the words quoted in the grammar as Lark reads it (`grammar_text`), so a keyword
    added to the grammar file, or a spelling the grammar module adds to it (Chinese
    alternatives), is a keyword here too."""
    return keywords_of(grammar_text())


@functools.cache
def keyword_set() -> frozenset[str]:
    return frozenset(reserved_words())


def lex(text: str, whitespace: bool = False) -> Iterator[tuple[int, str, str]]:
    """Every token of `text` as (offset, text, kind), in order; white space (kind "ws")
    only when asked for. A character that starts no token is one token of kind "error"."""
    reserved = keyword_set()
    pos = 0
    after_dot = False
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            yield pos, text[pos], "error"
            pos += 1
            after_dot = False
            continue
        kind = m.lastgroup or "error"
        value = m.group()
        if kind == "word":
            kind = "keyword" if value in reserved and not after_dot else "name"
        if kind != "ws":
            yield pos, value, kind
            after_dot = value == "."
        elif whitespace:
            yield pos, value, kind
        pos = m.end()


def tokens(text: str) -> list[Token]:
    """The tokens of `text` in editor positions."""
    lines = Lines(text)
    out: list[Token] = []
    for offset, value, kind in lex(text):
        line, col = lines.position(offset)
        out.append(Token(line, col, utf16_len(value), kind))
    return out


def name_at(text: str, offset: int) -> tuple[int, int, tuple[str, ...]] | None:
    """The dotted name (`scores.purchaser`) under or just before `offset`, up to the part
    under it: its [start, end) offsets and its parts. None inside strings and comments."""
    first = text.rfind("\n", 0, offset) + 1
    last = text.find("\n", offset)
    line = text[first:last if last >= 0 else len(text)]
    at = offset - first
    chains: list[list[tuple[int, str]]] = []
    prev = ""  # "word", "dot" or "" for anything else
    for pos, value, kind in lex(line):
        if kind in ("name", "keyword"):
            if prev == "dot":
                chains[-1].append((pos, value))
            else:
                chains.append([(pos, value)])
            prev = "word"
        else:
            prev = "dot" if value == "." and prev == "word" else ""
    for chain in chains:
        for i, (pos, value) in enumerate(chain):
            if pos <= at <= pos + len(value):
                return first + chain[0][0], first + pos + len(value), tuple(v for _, v in chain[:i + 1])
    return None
