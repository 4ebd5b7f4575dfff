"""The grammar file and the reserved words it defines.

Input: `grammar/swrules.lark` (or its copy inside the installed package). Output: its
text with the name terminal completed, and `keywords()`: every word the grammar
quotes, in order of first appearance. The keyword list exists only here, derived from
the grammar, so a word added to the grammar is reserved everywhere at once: in the
name terminal, in the syntax error messages and (checked by a test) in the docs.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

GRAMMAR_NAME = "swrules.lark"
# The grammar's name terminal holds this word where the keywords go.
PLACEHOLDER = "KEYWORDS"

# The lexical items of a Lark grammar that may hold a `"`: comments, strings and
# regular expressions. Scanning them in order keeps a quote inside a comment or a
# regular expression (`STRING: /"[^"\n]*"/`) from being read as a string.
_LARK_ITEM = re.compile(r'//[^\n]*|"((?:[^"\\\n]|\\.)*)"i?|/(?:[^/\\\n]|\\.)+/[imslux]*')
_WORD = re.compile(r"[^\W\d]\w*")


def grammar_path() -> Path:
    """The grammar file: inside the installed package, or `grammar/` of a checkout."""
    packaged = resources.files("swrules").joinpath(GRAMMAR_NAME)
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "grammar" / GRAMMAR_NAME


@functools.cache
def _raw_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


def keywords_of(grammar: str) -> tuple[str, ...]:
    """The words a grammar quotes, each once, in order of first appearance."""
    words = (m.group(1) for m in _LARK_ITEM.finditer(grammar) if m.group(1) is not None)
    return tuple(dict.fromkeys(w for w in words if _WORD.fullmatch(w)))


@functools.cache
def keywords() -> tuple[str, ...]:
    """The reserved words of the policy language."""
    return keywords_of(_raw_text())


@functools.cache
def grammar_text() -> str:
    """The grammar as Lark reads it: the name terminal excludes every keyword."""
    raw = _raw_text()
    head, sep, tail = raw.partition(f"(?!({PLACEHOLDER})")
    if not sep:
        raise RuntimeError(f"{grammar_path()}: the NAME terminal has lost its `{PLACEHOLDER}` placeholder")
    return f"{head}(?!({'|'.join(keywords())}){tail}"
