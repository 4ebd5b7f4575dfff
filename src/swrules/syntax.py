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
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput

from .diagnostics import Diagnostic, PolicyError
from .source import Source
from .syntax_errors import diagnose_syntax_error, prescan

GRAMMAR_NAME = "swrules.lark"


def grammar_path() -> Path:
    """The grammar file: inside the installed package, or `grammar/` of a checkout."""
    packaged = resources.files("swrules").joinpath(GRAMMAR_NAME)
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "grammar" / GRAMMAR_NAME


def _cache_file() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "swrules")
    try:
        os.makedirs(folder, exist_ok=True)
        probe = os.path.join(folder, ".probe")
        with open(probe, "w"):
            pass
        os.unlink(probe)
    except OSError:
        folder = tempfile.gettempdir()
    return os.path.join(folder, f"grammar-{os.getuid() if hasattr(os, 'getuid') else 0}.lark-cache")


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


@functools.cache
def parser() -> Lark:
    """The LALR parser, built once. Lark keys its cache on the grammar's content."""
    text = grammar_path().read_text(encoding="utf-8")
    return Lark(
        text,
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        lexer_callbacks={"COMMENT": _collect_comment},
        cache=_cache_file(),
    )


# Deeper expressions than this are refused with a diagnostic: lowering, checking and
# compiling walk expressions recursively, and no real regulation nests 100 operators.
MAX_DEPTH = 100
# After this many syntax errors the rest are most likely consequences of the first ones.
MAX_ERRORS = 30


def parse_tree(source: Source) -> Tree[Token]:
    """Parse policy text; raise `PolicyError` with every syntax problem found."""
    tree, diags = parse_with_recovery(source)
    if tree is None or diags:
        raise PolicyError(diags)
    return tree


def parse_with_recovery(source: Source) -> tuple[Tree[Token] | None, list[Diagnostic]]:
    """Parse, and on an error resume at the next top-level declaration, so that one run
    reports one problem per broken declaration. The tree is None when there were errors."""
    scan = prescan(source)
    diags = list(scan.diagnostics)
    if scan.empty:
        return None, diags
    lark = parser()
    text = scan.repaired
    offset = 0
    tree: Tree[Token] | None = None
    parse_errors: list[Diagnostic] = []

    def skip_character(exc: UnexpectedInput) -> bool:
        # A character no token starts with: report it and read on after it.
        if isinstance(exc, UnexpectedCharacters) and len(parse_errors) < MAX_ERRORS:
            parse_errors.append(diagnose_syntax_error(source, exc, scan))
            return True
        return False

    while True:
        shown = text if offset == 0 else _blank(text, offset)
        try:
            tree = lark.parse(shown, on_error=skip_character)
            break
        except UnexpectedInput as exc:
            if not isinstance(exc, UnexpectedCharacters):
                parse_errors.append(diagnose_syntax_error(source, exc, scan))
            resume = _resume_point(exc, scan.decl_starts, offset)
            if resume is None or len(parse_errors) >= MAX_ERRORS:
                tree = None
                break
            offset = resume
        except LarkError as exc:  # pragma: no cover - defensive: any other parser failure
            parse_errors.append(Diagnostic("E0100", _generic_args(str(exc)), source.span(0, 0)))
            tree = None
            break
    # A parse error on a line the prescan already reported is most likely its echo.
    diags.extend(d for d in parse_errors if d.span is None or d.span.line not in scan.lines_with_errors
                 or d.code in ("E0107", "E0101"))
    if tree is not None and not diags:
        deep = too_deep(source, tree)
        if deep:
            return None, deep
    return (tree if not diags else None), diags


def _blank(text: str, offset: int) -> str:
    """The text with everything before `offset` blanked, line breaks kept, so positions hold."""
    head = text[:offset]
    return "".join("\n" if c == "\n" else " " for c in head) + text[offset:]


def _resume_point(exc: UnexpectedInput, starts: list[int], offset: int) -> int | None:
    pos = getattr(exc, "pos_in_stream", None)
    token = getattr(exc, "token", None)
    if isinstance(token, Token):
        if token.type == "$END":
            return None
        pos = token.start_pos
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
