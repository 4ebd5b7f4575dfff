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
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

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


def parse_tree(source: Source) -> Tree[Token]:
    """Parse policy text; raise `PolicyError` with every syntax problem found."""
    early = prescan(source)
    if early:
        raise PolicyError(early)
    lark = parser()
    try:
        return lark.parse(source.text)
    except (UnexpectedInput, UnexpectedCharacters, UnexpectedToken, UnexpectedEOF) as exc:
        raise PolicyError([diagnose_syntax_error(source, exc)]) from None
    except LarkError as exc:  # pragma: no cover - defensive: any other parser failure
        raise PolicyError([Diagnostic("E0100", _generic_args(str(exc)), source.span(0, 0))]) from None
    except RecursionError:
        raise PolicyError([Diagnostic("E0100", _generic_args("nesting too deep"), source.span(0, 0))]) from None


def _generic_args(reason: str) -> dict[str, str]:
    return {
        "expected": "正确的语法",
        "expected_en": "valid policy text",
        "found": reason,
        "found_en": reason,
        "help_zh": "",
        "help_en": "",
    }
