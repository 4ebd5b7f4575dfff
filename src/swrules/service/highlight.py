"""Policy text in colour: a Pygments lexer, and policy text for a terminal.

Input: policy text. Output: Pygments tokens (`SwrulesLexer`, registered as the
`pygments.lexers` entry point `swrules`, so documentation tools and `pygmentize -l
swrules` find it by name or by the `.swr` suffix), or the text with terminal colours
(`for_terminal`). The lexer is `lexing.lex`, the tokenizer the editors use, with each
kind mapped to a Pygments token type: highlighting has one definition of the language's
words, the grammar's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pygments import highlight
from pygments.formatters import TerminalFormatter
from pygments.lexer import Lexer
from pygments.token import Comment, Error, Keyword, Name, Number, Operator, Punctuation, String, Text, _TokenType

from .lexing import lex

_TOKEN: dict[str, _TokenType] = {
    "keyword": Keyword, "string": String, "number": Number, "comment": Comment.Single, "name": Name,
    "operator": Operator, "punctuation": Punctuation, "ws": Text.Whitespace, "error": Error,
}


class SwrulesLexer(Lexer):
    """The swrules policy language."""

    name = "swrules"
    aliases = ["swrules", "swr"]
    filenames = ["*.swr"]
    mimetypes = ["text/x-swrules"]

    def get_tokens_unprocessed(self, text: str, *args: Any) -> Iterator[tuple[int, _TokenType, str]]:
        for offset, value, kind in lex(text, whitespace=True):
            yield offset, _TOKEN[kind], value


def for_terminal(text: str) -> str:
    """Policy text with ANSI colours, for a terminal; the same characters otherwise."""
    return highlight(text, SwrulesLexer(stripnl=False, ensurenl=False), TerminalFormatter())
