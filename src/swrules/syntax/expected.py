"""What the parser expected and where it stopped, in words.

Input: a Lark parse exception (its expected terminals and the parser's value stack).
Output: `describe`, the expected terminals in words ("数字或事实名称", "条文依据（clause）");
`stack_context`, the innermost block or declaration the parser was in ("一票否决（veto）块");
and small readings of the stack (`last_token`, `after_expression`). The words themselves
come from `base.syntax_words` through `base.words`; here is how the parser's terminals map
to them. `errors` turns these into diagnostics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from swrules.base.words import KEYWORD_MEANINGS, TOKEN_WORDS, keyword_zh

from .grammar import english_of, keywords

# The words for kinds of token and for keywords come from `base.syntax_words`; here is
# only how the parser's terminals map to them.
EXPR_START = {"NUMBER", "PERCENT", "NAME", "LPAR", "MINUS", "STRING", "DATE", "TRUE", "FALSE", "IF", "NOT"}
OPERATORS = {"ADD_OP", "MUL_OP", "CMP_OP", "AND", "OR", "MINUS", "ON"}
_TYPES = ("BOOLEAN", "INTEGER", "DECIMAL", "PERCENT_T", "DATE_T", "TEXT", "ONE")
TOP = {"POLICY", "FACTS", "RECORDS", "PARAM", "DEFINE", "SCORE_KW", "GRADES", "VETO", "FINDING", "INDICATOR",
        "EXTENDS", "PHASES", "RECONCILE", "REQUIRE", "REMOVE", "OVERRIDE", "OUTPUT"}
_TOP_SHOWN = ("facts", "param", "score sheet", "grades", "veto", "finding")
# A terminal whose keyword is typed otherwise than its lower-cased name: a keyword that is
# also a fact's key (`PHASE_KW`), the first word of a phrase (`dated by`), or a word that
# opens more than one phrase (`by phase`, `by date`).
_TYPED: dict[str, tuple[str, ...]] = {
    "PERCENT_T": ("percent",), "DATE_T": ("date",), "PHASE_KW": ("phase",), "TOTAL_KW": ("total",),
    "SCORE_KW": ("score",), "UNIT_KW": ("unit",), "DATED": ("dated by",), "ONE": ("one of",), "OF": ("one of",),
    "FOR": ("for each",), "EACH": ("for each",), "SHEET": ("score sheet",), "BY": ("by phase", "by date"),
    "APPLICABLE": ("not applicable",), "ZERO": ("on zero",),
}
_REMOVABLE = ("veto", "finding", "indicator", "item")


def _typed(terminal: str) -> tuple[str, ...]:
    """The keywords, as typed, that a keyword terminal stands for; () for other terminals."""
    if terminal in _TYPED:
        return _TYPED[terminal]
    word = terminal.lower()
    return (word,) if word in keywords() else ()


def keyword_words(keyword: str) -> tuple[str, str]:
    """A keyword in a message: its meaning with the word as typed (zh), the word (en)."""
    zh = keyword_zh(keyword) if keyword in KEYWORD_MEANINGS else f"`{keyword}`"
    return zh, f"`{keyword}`"


def listed(keywords_: tuple[str, ...], sep: str = "、") -> str:
    return sep.join(keyword_zh(k) for k in keywords_)


# Blocks, named by the keyword that opens them, in the words the message uses.
def _block(keyword: str, suffix: str, en: str) -> tuple[str, str]:
    return f"{keyword_zh(keyword)}{suffix}", en


BLOCKS: dict[str, tuple[str, str]] = {
    "POLICY": _block("policy", "", "the policy header"),
    "PHASES": _block("phases", "块", "the phases block"),
    "FACTS": _block("facts", "块", "the facts block"),
    "RECORDS": _block("records", "块", "the records block"),
    "SHEET": _block("score sheet", "", "the score sheet"),
    "PARTY": _block("party", "块", "the party block"),
    "GRADES": _block("grades", "块", "the grades block"),
    "VETO": _block("veto", "块", "the veto block"),
    "FINDING": _block("finding", "块", "the finding block"),
    "INDICATOR": _block("indicator", "块", "the indicator block"),
    "RECONCILE": _block("reconcile", "块", "the reconcile block"),
    "BY": _block("by phase", "", "the by phase values"),
    "BY_DATE": _block("by date", "", "the by date values"),
    "LPAR": ("括号", "the parentheses"),
}
# Declarations without braces, for context.
_FLAT = {"PARAM": _block("param", "声明", "the param declaration"),
         "DEFINE": _block("define", "声明", "the define declaration"),
         "REQUIRE": _block("require", "声明", "the require declaration")}
# Parse-tree nodes that are complete expressions: after one, an operator may follow.
_EXPR_TREES = {"ref", "number", "percent", "string", "date", "true", "false", "total", "phase", "score", "call", "neg",
               "not_op", "and_op", "or_op", "compare", "arith", "safe_div", "cond"}


@dataclass(frozen=True, slots=True)
class Context:
    """The innermost construct the parser was in: its words and where it began."""

    zh: str
    en: str
    keyword: Token | None
    opener: Token | None  # the `{` or `(` still open, if any


# The terminal a keyword's Chinese spelling is read as, where it is not the English word in
# capitals: Lark names the terminal of `一票否决` after its text, so that without this a
# policy written in Chinese keywords would lose the words of its blocks (`一票否决（veto）块`).
_KIND_OF_PHRASE = {"phase": "PHASE_KW", "total": "TOTAL_KW", "percent": "PERCENT_T", "date": "DATE_T",
                   "score sheet": "SHEET", "by phase": "BY", "by date": "BY_DATE", "not applicable": "APPLICABLE"}


def in_english(token: Token) -> Token:
    """A keyword token spelled in Chinese, typed as its English spelling's terminal; the
    text stays as written."""
    english = english_of(token.type)
    if english is None:
        return token
    return Token.new_borrow_pos(_KIND_OF_PHRASE.get(english, english.split()[0].upper()), str(token), token)


def value_stack(exc: UnexpectedInput) -> list[Token | Tree[Token]]:
    """What the parser had read when it stopped: tokens and the trees reduced from them
    (Lark leaves the stack untyped; its values are only ever these two)."""
    ip = getattr(exc, "interactive_parser", None)
    if ip is None:
        return []
    return [in_english(v) if isinstance(v, Token) else v for v in ip.parser_state.value_stack
            if isinstance(v, Token | Tree)]


def stack_context(exc: UnexpectedInput) -> Context | None:
    """The innermost block or declaration still open where the parser stopped. A block
    already closed (`{ … }` or `( … )` whole on the stack, with the keyword that opened
    it) is passed over: an error after the `}` of a complete veto is not in that veto."""
    stack = value_stack(exc)
    closed = 0  # brackets closed above this point of the stack, not yet matched
    opened_closed = False  # the last bracket matched closed a block: its keyword is passed over too
    for i in range(len(stack) - 1, -1, -1):
        tok = stack[i]
        if not isinstance(tok, Token):
            continue
        if tok.type in ("RBRACE", "RPAR"):
            closed += 1
            continue
        if closed and tok.type in ("LBRACE", "LPAR"):
            closed -= 1
            opened_closed = not closed and tok.type == "LBRACE"
            continue
        if closed:
            continue
        if opened_closed and (tok.type in BLOCKS or tok.type in _FLAT):
            opened_closed = False
            continue
        if tok.type == "LPAR":
            return Context(*BLOCKS["LPAR"], tok, tok)
        if tok.type == "LBRACE":
            for j in range(i - 1, -1, -1):
                kw = stack[j]
                if isinstance(kw, Token) and kw.type in BLOCKS:
                    first = stack[j - 1] if j else None  # `score` of `score sheet`: the block starts there
                    head = first if kw.type == "SHEET" and isinstance(first, Token) and first.type == "SCORE_KW" else kw
                    return Context(*_block_words(kw, stack[j + 1:j + 2]), head, tok)
            return Context(*TOKEN_WORDS["block"], None, tok)
        if tok.type in _FLAT:
            # A declaration without braces that could end here is complete: what follows
            # is not in it (`parm` on the line after a whole `param … clause …`).
            # (`score` is no sign of an end: bare, it is a value too.)
            ended = set(getattr(exc, "expected", None) or ()) & (TOP - {"SCORE_KW"} | {"$END"})
            return None if ended else Context(*_FLAT[tok.type], tok, None)
        if tok.type in BLOCKS and tok.type != "BY" and (tok.type != "RECORDS" or not any(
                isinstance(v, Token) and v.type == "LBRACE" for v in stack[:i])):
            # A block whose `{` is not reached yet (`party X "…" pionts 10 {`).
            return Context(*BLOCKS[tok.type], tok, None)
    return None


def _block_words(keyword: Token, after: list[Token | Tree[Token]]) -> tuple[str, str]:
    if keyword.type == "BY" and after and isinstance(after[0], Token) and str(after[0]) == "date":
        return BLOCKS["BY_DATE"]
    return BLOCKS[keyword.type]


def _stack_tokens(exc: UnexpectedInput) -> list[Token]:
    return [value for value in value_stack(exc) if isinstance(value, Token)]


def last_token(exc: UnexpectedInput, skip: int = 0) -> Token | None:
    tokens = _stack_tokens(exc)
    return tokens[-1 - skip] if len(tokens) > skip else None


def score_read_as_value(exc: UnexpectedInput) -> Token | None:
    """The `score` of `score sheet` when the parser took it for a value and stopped at
    `sheet`: after `define x =` with its value missing, bare `score` is a value (a
    record's field may be called so). The error then stands at `score`, not one word late."""
    token = getattr(exc, "token", None)
    if not isinstance(token, Token) or token.type != "SHEET":
        return None
    last = last_token(exc)
    return last if last is not None and last.type == "SCORE_KW" else None


def after_expression(exc: UnexpectedInput) -> bool:
    stack = value_stack(exc)
    if not stack:
        return False
    top = stack[-1]
    if isinstance(top, Token):
        return top.type == "RPAR"
    return isinstance(top, Tree) and top.data in _EXPR_TREES


def describe(expected: set[str], ctx: Context | None, after: Token | None = None) -> tuple[str, str]:
    """What the parser expects, in words; `after` is the token just read, so that `dated`
    followed by an expected `by` reads as `dated by`."""
    zh: list[str] = []
    en: list[str] = []
    last: list[tuple[str, str]] = []  # long phrases, said after the short ones
    rest = set(expected)

    def say(words: tuple[str, str]) -> None:
        zh.append(words[0])
        en.append(words[1])

    if "RBRACE" in rest:
        if ctx is not None and ctx.opener is not None and ctx.opener.type == "LBRACE":
            say((f"{ctx.zh}的结束 `}}`", f"the end of {ctx.en} `}}`"))
        else:
            say(("块的结束 `}`", "the end of the block `}`"))
        rest.discard("RBRACE")
    if len(rest & EXPR_START) >= 3:
        say(TOKEN_WORDS["value"])
        rest -= EXPR_START | {"TOTAL_KW", "PHASE_KW", "SCORE_KW", "MIN", "MAX", "ROUND"}
    if len(rest & set(_TYPES)) >= 3:
        types = tuple(k for t in _TYPES for k in _typed(t))
        last.append((f"事实的类型：{listed(types)}", f"a fact type ({', '.join(types[:-1])} or {types[-1]})"))
        rest -= set(_TYPES)
    if len(rest & TOP) >= 3:
        last.append((f"一项声明，如{listed(_TOP_SHOWN)}等", f"a declaration ({', '.join(_TOP_SHOWN)}, ...)"))
        rest -= TOP | {"$END"}
    operators = bool(rest & OPERATORS)
    rest -= OPERATORS
    shown: set[str] = set()
    for term in sorted(rest):
        if term == "REMOVABLE":
            say((f"要删除的种类，如{listed(_REMOVABLE)}等", f"what to remove ({', '.join(_REMOVABLE)}, ...)"))
        elif term in TOKEN_WORDS:
            say(TOKEN_WORDS[term])
        word = term.lower().removesuffix("_kw").removesuffix("_t")
        phrase = f"{english_of(str(after)) or after} {word}" if after is not None else ""
        if phrase in KEYWORD_MEANINGS:  # the phrase's second word: `dated` is written
            say((f"`{word}`，组成{keyword_zh(phrase)}", f"`{word}` (to make `{phrase}`)"))
            continue
        for keyword in _typed(term):
            if keyword not in shown:
                shown.add(keyword)
                say(keyword_words(keyword))
    if operators:
        say(TOKEN_WORDS["operator"])
    for words in last:
        say(words)
    if not zh:
        say(TOKEN_WORDS["next"])
    if len(zh) > 4:
        zh, en = zh[:4] + ["等"], en[:4] + ["..."]
    zh_text = re.sub(r"`或", "` 或", re.sub(r"或`", "或 `", _join(zh, "或", "、")))
    return (" " + zh_text if zh_text.startswith("`") else zh_text), _join(en, "or", ", ")


def _join(words: list[str], last: str, sep: str) -> str:
    if len(words) == 1:
        return words[0]
    if words[-1] in ("等", "..."):
        return sep.join(words[:-1]) + ("等" if last == "或" else ", ...")
    glue = last if last == "或" else f" {last} "
    return sep.join(words[:-2] + [words[-2] + glue + words[-1]])
