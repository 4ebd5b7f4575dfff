"""Syntax: policy text to a Lark parse tree, or diagnostics.

Input: a `Source`. Output: a Lark `Tree` (consumed only by `lowering`), or a
`PolicyError` whose diagnostics say in a policy officer's words what was expected.
The LALR parser is built once per process from `grammar/swrules.lark` and cached on
disk, so loading a policy costs a parse, not a grammar compilation. No Lark exception
leaves this module.
"""

from __future__ import annotations

import contextvars
import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput

from swrules.base.cachedir import private_cache_folder
from swrules.base.diagnostics import Diagnostic, PolicyError
from swrules.base.source import Source

from .errors import diagnose_syntax_error, score_read_as_value
from .grammar import english_of, grammar_path, grammar_text, translated_terminals
from .prescan import prescan

__all__ = ["grammar_path", "parse_tree", "parse_with_recovery", "parser", "private_cache_folder"]


def _cache_file() -> str | bool:
    """Lark's `cache` argument: a file in the private folder, or False for no cache."""
    folder = private_cache_folder()
    if folder is None:
        return False
    return str(folder / f"grammar-{os.getuid() if hasattr(os, 'getuid') else 0}.lark-cache")


# Comments are ignored by the grammar; `swrules fmt` still needs them. The lexer hands
# each one to `_collect_comment`, which keeps it only while `collecting_comments` is
# active in the current context (a no-op otherwise).
_COMMENT_SINK: contextvars.ContextVar[list[Token] | None] = contextvars.ContextVar("swrules_comments", default=None)


def _collect_comment(token: Token) -> Token:
    sink = _COMMENT_SINK.get()
    if sink is not None:
        sink.append(token)
    return token


@contextmanager
def collecting_comments() -> Iterator[list[Token]]:
    """Within this block, parses append every comment token (`# ...`) to the yielded list."""
    sink: list[Token] = []
    reset = _COMMENT_SINK.set(sink)
    try:
        yield sink
    finally:
        _COMMENT_SINK.reset(reset)


def _in_english(token: Token) -> Token:
    """A keyword token spelled in Chinese (`最小`, `是否`), given its English spelling."""
    english = english_of(str(token))
    return token if english is None else Token.new_borrow_pos(token.type, english, token)


@functools.cache
def parser() -> Lark:
    """The LALR parser, built once. Lark keys its cache on the grammar's content."""
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        lexer_callbacks={"COMMENT": _collect_comment, **{name: _in_english for name in translated_terminals()}},
        cache=_cache_file(),
    )


# Deeper expressions than this are refused with a diagnostic: lowering, checking and
# compiling walk expressions recursively, and no real regulation nests 100 operators.
MAX_DEPTH = 100
# After this many syntax errors the rest are most likely consequences of the first ones.
MAX_ERRORS = 30


def parse_tree(source: Source) -> Tree[Token]:
    """Parse policy text; raise `PolicyError` with every syntax problem found."""
    parsed = parse_with_recovery(source)
    if parsed.tree is None or parsed.diagnostics:
        raise PolicyError(parsed.diagnostics)
    return parsed.tree


class Parsed(NamedTuple):
    """The parse of a policy: the tree when there was no error, else the diagnostics
    and, where the rest parsed, `partial`: the tree of the declarations without errors."""

    tree: Tree[Token] | None
    diagnostics: list[Diagnostic]
    partial: Tree[Token] | None = None


def parse_with_recovery(source: Source) -> Parsed:
    """Parse, and on an error resume at the next top-level declaration, so that one run
    reports one problem per broken declaration."""
    scan = prescan(source)
    diags = list(scan.diagnostics)
    if scan.empty:
        return Parsed(None, diags)
    lark = parser()
    text = scan.repaired
    offset = 0
    tree: Tree[Token] | None = None
    parse_errors: list[Diagnostic] = []
    # Declarations with errors, as [start, end) offsets, each with a second start: the
    # nearest word at the left margin, where one whose keyword is misspelled begins.
    broken: list[tuple[int, int, int]] = []

    def skip_character(exc: UnexpectedInput) -> bool:
        # A character no token starts with: report it and read on after it.
        if isinstance(exc, UnexpectedCharacters) and len(parse_errors) < MAX_ERRORS:
            parse_errors.append(diagnose_syntax_error(source, exc, scan))
            return True
        return False

    while True:
        shown = text if offset == 0 else _blank(text, 0, offset)
        try:
            tree = lark.parse(shown, on_error=skip_character)
            break
        except UnexpectedInput as exc:
            if not isinstance(exc, UnexpectedCharacters):
                parse_errors.append(diagnose_syntax_error(source, exc, scan))
            resume = _resume_point(exc, scan.decl_starts, offset)
            start = _broken_start(exc, scan.decl_starts, offset)
            near = _broken_start(exc, scan.decl_starts, offset, scan.margin_starts)
            broken.append((start, max(start, near), resume or len(text)))
            if resume is None or len(parse_errors) >= MAX_ERRORS:
                tree = None
                break
            offset = resume
        except LarkError as exc:  # pragma: no cover - defensive: any other parser failure
            parse_errors.append(Diagnostic("E0100", _generic_args(str(exc)), source.span(0, 0)))
            return Parsed(None, diags + parse_errors)
    # A parse error on a line the prescan already reported is most likely its echo.
    diags.extend(d for d in parse_errors if d.span is None or d.span.line not in scan.lines_with_errors
                 or d.code in ("E0107", "E0101"))
    if not diags and tree is not None:
        deep = too_deep(source, tree)
        return Parsed(None, deep) if deep else Parsed(tree, [])
    if len(diags) > MAX_ERRORS:  # the cap holds for every kind, the prescan's unclosed brackets too
        rest = len(diags) - MAX_ERRORS
        diags = diags[:MAX_ERRORS] + [Diagnostic("E0118", {"count": rest, "limit": MAX_ERRORS}, diags[MAX_ERRORS].span)]
    return Parsed(None, diags, _partial(source, text, broken))


def _partial(source: Source, text: str, broken: list[tuple[int, int, int]]) -> Tree[Token] | None:
    """The declarations that parse once the broken ones are blanked, or None. A broken
    declaration is first taken to start at the nearest word at the left margin (`vetoo`
    is no keyword, yet begins a declaration: the one before it is whole and is kept);
    when what is left does not parse, at the declaration keyword before the error."""
    for which in (1, 0):
        blanked = text
        for starts_end in broken:
            blanked = _blank(blanked, starts_end[which], starts_end[2])
        try:
            tree = parser().parse(blanked)
        except LarkError:
            continue
        return None if too_deep(source, tree) else tree
    return None


def _blank(text: str, start: int, end: int) -> str:
    """The text with [start, end) blanked, line breaks kept, so positions hold."""
    middle = "".join("\n" if c == "\n" else " " for c in text[start:end])
    return text[:start] + middle + text[end:]


def _broken_start(exc: UnexpectedInput, starts: list[int], offset: int, margins: list[int] | None = None) -> int:
    """Where the declaration holding the error starts: the last of `starts` (declaration
    keywords) or `margins` (other words at the left margin) up to the error. An error
    found at a declaration keyword (a `}` missing before it) belongs to the declaration
    before; one at another word at the margin (`vetx 重复 …`) to the declaration it begins."""
    pos = _error_pos(exc)
    if pos is None:
        return offset
    last = pos - 1 if pos in starts else pos
    return max((s for s in (*starts, *(margins or ())) if offset <= s <= last), default=offset)


def _error_pos(exc: UnexpectedInput) -> int | None:
    token = score_read_as_value(exc) or getattr(exc, "token", None)
    if isinstance(token, Token):
        return None if token.type == "$END" else token.start_pos
    pos = getattr(exc, "pos_in_stream", None)
    return pos if isinstance(pos, int) else None


def _resume_point(exc: UnexpectedInput, starts: list[int], offset: int) -> int | None:
    pos = _error_pos(exc)
    if pos is None:
        return None
    return next((s for s in starts if s >= pos and s > offset), None)


def too_deep(source: Source, tree: Tree[Token]) -> list[Diagnostic]:
    """Expressions nested deeper than MAX_DEPTH, one diagnostic per declaration, found
    without recursion (a 10,000-deep expression must not crash the checker)."""
    diags: list[Diagnostic] = []
    for decl in tree.children:
        if not isinstance(decl, Tree):
            continue
        stack: list[tuple[Tree[Token], int]] = [(decl, 0)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_DEPTH:
                meta = node.meta
                start = 0 if getattr(meta, "empty", True) else meta.start_pos
                end = start if getattr(meta, "empty", True) else meta.end_pos
                diags.append(Diagnostic("E0112", {"limit": MAX_DEPTH}, source.span(start, end)))
                break
            stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))
    return diags


def _generic_args(reason: str) -> dict[str, str]:
    return {
        "expected": "正确的语法",
        "expected_en": "valid policy text",
        "found": reason,
        "found_en": reason,
        "help_zh": "",
        "help_en": "",
    }
