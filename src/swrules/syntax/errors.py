"""Syntax errors in a policy officer's words.

Input: policy text and a Lark parse exception with the parser state it stopped in (and
what `prescan` found before parsing). Output: a `Diagnostic`. `diagnose_syntax_error`
turns the parser's expected-token set and its stack into words: "a number or a fact
name", "the end of the veto block `}`".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Source, Span
from swrules.base.words import KEYWORD_MEANINGS, TOKEN_WORDS, keyword_zh

from .grammar import english_of, keywords
from .prescan import Prescan

# The words for kinds of token and for keywords come from `base.syntax_words`; here is
# only how the parser's terminals map to them.
_EXPR_START = {"NUMBER", "PERCENT", "NAME", "LPAR", "MINUS", "STRING", "DATE", "TRUE", "FALSE", "IF", "NOT"}
_OPERATORS = {"ADD_OP", "MUL_OP", "CMP_OP", "AND", "OR", "MINUS", "ON"}
_TYPES = ("BOOLEAN", "INTEGER", "DECIMAL", "PERCENT_T", "DATE_T", "TEXT", "ONE")
_TOP = {"POLICY", "FACTS", "RECORDS", "PARAM", "DEFINE", "SCORE_KW", "GRADES", "VETO", "FINDING", "INDICATOR",
        "EXTENDS", "PHASES", "RECONCILE", "REQUIRE", "REMOVE", "OVERRIDE"}
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


def _keyword_words(keyword: str) -> tuple[str, str]:
    """A keyword in a message: its meaning with the word as typed (zh), the word (en)."""
    zh = keyword_zh(keyword) if keyword in KEYWORD_MEANINGS else f"`{keyword}`"
    return zh, f"`{keyword}`"


def _listed(keywords_: tuple[str, ...], sep: str = "、") -> str:
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
class _Context:
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


def _in_english(token: Token) -> Token:
    """A keyword token spelled in Chinese, typed as its English spelling's terminal; the
    text stays as written."""
    english = english_of(token.type)
    if english is None:
        return token
    return Token.new_borrow_pos(_KIND_OF_PHRASE.get(english, english.split()[0].upper()), str(token), token)


def _value_stack(exc: UnexpectedInput) -> list[Token | Tree[Token]]:
    """What the parser had read when it stopped: tokens and the trees reduced from them
    (Lark leaves the stack untyped; its values are only ever these two)."""
    ip = getattr(exc, "interactive_parser", None)
    if ip is None:
        return []
    return [_in_english(v) if isinstance(v, Token) else v for v in ip.parser_state.value_stack
            if isinstance(v, Token | Tree)]


def _stack_context(exc: UnexpectedInput) -> _Context | None:
    stack = _value_stack(exc)
    for i in range(len(stack) - 1, -1, -1):
        tok = stack[i]
        if not isinstance(tok, Token):
            continue
        if tok.type == "LPAR":
            return _Context(*BLOCKS["LPAR"], tok, tok)
        if tok.type == "LBRACE":
            for j in range(i - 1, -1, -1):
                kw = stack[j]
                if isinstance(kw, Token) and kw.type in BLOCKS:
                    return _Context(*_block_words(kw, stack[j + 1:j + 2]), kw, tok)
            return _Context(*TOKEN_WORDS["block"], None, tok)
        if tok.type in _FLAT:
            return _Context(*_FLAT[tok.type], tok, None)
        if tok.type in BLOCKS and tok.type != "BY" and (tok.type != "RECORDS" or not any(
                isinstance(v, Token) and v.type == "LBRACE" for v in stack[:i])):
            # A block whose `{` is not reached yet (`party X "…" pionts 10 {`).
            return _Context(*BLOCKS[tok.type], tok, None)
    return None


def _block_words(keyword: Token, after: list[Token | Tree[Token]]) -> tuple[str, str]:
    if keyword.type == "BY" and after and isinstance(after[0], Token) and str(after[0]) == "date":
        return BLOCKS["BY_DATE"]
    return BLOCKS[keyword.type]


def _stack_tokens(exc: UnexpectedInput) -> list[Token]:
    return [value for value in _value_stack(exc) if isinstance(value, Token)]


def _last_token(exc: UnexpectedInput, skip: int = 0) -> Token | None:
    tokens = _stack_tokens(exc)
    return tokens[-1 - skip] if len(tokens) > skip else None


def score_read_as_value(exc: UnexpectedInput) -> Token | None:
    """The `score` of `score sheet` when the parser took it for a value and stopped at
    `sheet`: after `define x =` with its value missing, bare `score` is a value (a
    record's field may be called so). The error then stands at `score`, not one word late."""
    token = getattr(exc, "token", None)
    if not isinstance(token, Token) or token.type != "SHEET":
        return None
    last = _last_token(exc)
    return last if last is not None and last.type == "SCORE_KW" else None


def _after_expression(exc: UnexpectedInput) -> bool:
    stack = _value_stack(exc)
    if not stack:
        return False
    top = stack[-1]
    if isinstance(top, Token):
        return top.type == "RPAR"
    return isinstance(top, Tree) and top.data in _EXPR_TREES


def _describe(expected: set[str], ctx: _Context | None, after: Token | None = None) -> tuple[str, str]:
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
    if len(rest & _EXPR_START) >= 3:
        say(TOKEN_WORDS["value"])
        rest -= _EXPR_START | {"TOTAL_KW", "PHASE_KW", "SCORE_KW", "MIN", "MAX", "ROUND"}
    if len(rest & set(_TYPES)) >= 3:
        types = tuple(k for t in _TYPES for k in _typed(t))
        last.append((f"事实的类型：{_listed(types)}", f"a fact type ({', '.join(types[:-1])} or {types[-1]})"))
        rest -= set(_TYPES)
    if len(rest & _TOP) >= 3:
        last.append((f"一项声明，如{_listed(_TOP_SHOWN)}等", f"a declaration ({', '.join(_TOP_SHOWN)}, ...)"))
        rest -= _TOP | {"$END"}
    operators = bool(rest & _OPERATORS)
    rest -= _OPERATORS
    shown: set[str] = set()
    for term in sorted(rest):
        if term == "REMOVABLE":
            say((f"要删除的种类，如{_listed(_REMOVABLE)}等", f"what to remove ({', '.join(_REMOVABLE)}, ...)"))
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
                say(_keyword_words(keyword))
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


def _found_words(token: Token) -> tuple[str, str]:
    if token.type == "$END":
        return TOKEN_WORDS["$END"]
    return f"`{token}`", f"`{token}`"


def _span_of(source: Source, token: Token) -> Span:
    start = token.start_pos if token.start_pos is not None else 0
    end = token.end_pos if token.end_pos is not None else start + len(str(token))
    return source.span(start, end)


def _block_span(source: Source, ctx: _Context) -> Span | None:
    """The head of an unclosed block: from its keyword to its `{` when on one line."""
    head = ctx.keyword or ctx.opener
    if head is None:
        return None
    span = _span_of(source, head)
    if ctx.opener is not None and ctx.keyword is not None:
        opener = _span_of(source, ctx.opener)
        if opener.line == span.line:
            span = span.join(opener)
    return span


def diagnose_syntax_error(source: Source, exc: UnexpectedInput, scan: Prescan | None = None) -> Diagnostic:
    """One parse error, in words; `scan` (the prescan) tells unbalanced brackets apart."""
    text = source.text
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        ch = text[pos] if pos < len(text) else ""
        if ch == "%":
            return Diagnostic("E0107", {}, source.span(pos, pos + 1))
        return Diagnostic("E0101", {"char": ch}, source.span(pos, pos + 1))
    ctx = _stack_context(exc)
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        return _eof(source, exc, ctx, scan)
    assert isinstance(exc, UnexpectedToken)
    token = _in_english(exc.token)
    expected = set(exc.accepts or exc.expected)
    score = score_read_as_value(exc)
    if score is not None:
        token, expected = score, set(_EXPR_START)
    span = _span_of(source, token)
    value = str(token) if english_of(span.text) is None else span.text  # as written: `最小`, not `min`
    related = _related(source, ctx)
    if scan is not None and token.type in ("RBRACE", "RPAR") and span.start in scan.unmatched:
        return Diagnostic("E0110", {"found": value}, span)
    if scan is not None and "RPAR" in expected:
        opener = next((pos for o, pos in reversed(scan.unclosed) if o == "(" and pos < span.start), None)
        if opener is not None:
            return Diagnostic("E0109", {"closer": ")"}, source.span(opener, opener + 1),
                              related=((span, "在此之前应补上 `)` / the `)` belongs before this"),))
    glued = _glued_keyword(source, exc)
    if glued is not None:
        return glued
    # A keyword where a name (and not a value) belongs.
    reserved = value in keywords() or english_of(value) is not None
    if "NAME" in expected and reserved and not (expected & _EXPR_START) - {"NAME"}:
        return Diagnostic("E0108", {"found": value}, span)
    # A misspelled keyword: a name close to a keyword the parser would accept here.
    if token.type == "NAME":
        candidates = [k for k in keywords() if k.upper() in expected or f"{k.upper()}_T" in expected
                      or f"{k.upper()}_KW" in expected]
        close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
        if close:
            return Diagnostic("E0105", _suggested(value, close[0]), span, related=related)
    if token.type == "CMP_OP" and "CMP_OP" not in expected:
        return Diagnostic("E0111", {}, span)
    if _after_expression(exc):
        expected |= {"ADD_OP"}
    overlay = _overlay_word(source, exc, token)
    if overlay is not None:
        return overlay
    zh, en = _describe(expected, ctx, _last_token(exc))
    fz, fe = _found_words(token)
    help_zh = help_en = ""
    last = _last_token(exc, skip=0 if score is None else 1)
    if expected & _EXPR_START and last is not None and last.type in _OPERATORS | {"EQUAL", "CMP_OP"}:
        help_zh, help_en = f"`{last}` 后面缺少一个值。", f"a value is missing after `{last}`."
    elif "FORCES" in expected:
        help_zh = "一票否决要写明它使结果成为哪个等级，例如 `forces 不合格`。"
        help_en = "a veto must say which grade it forces, such as `forces 不合格`."
    elif "COMMA" in expected and token.type in {"NAME", "NUMBER", "PERCENT", "STRING"}:
        help_zh, help_en = "是否漏写了逗号 `,`？", "is a comma `,` missing?"
    elif "STRING" in expected and token.type == "NAME" and not expected & (_EXPR_START - {"STRING"}):
        help_zh = f"文字要放在半角双引号中，例如 `\"{value}\"`。"
        help_en = f"text goes inside half-width double quotes, such as `\"{value}\"`."
    elif expected & _OPERATORS and token.type in {"NAME", "NUMBER", "PERCENT", "LPAR"}:
        help_zh = "两个值之间缺少运算符（如 + - * / 或比较符号）？"
        help_en = "is an operator (+ - * / or a comparison) missing between two values?"
    elif "RBRACE" in expected and ctx is not None and ctx.keyword is not None and token.type in _TOP | {"SCORE_KW"}:
        help_zh, help_en = f"在 `{token}` 之前补上 `}}`，结束{ctx.zh}。", f"add `}}` before `{token}` to end {ctx.en}."
    return Diagnostic(
        "E0100",
        {"expected": zh, "expected_en": en, "found": fz, "found_en": fe, "help_zh": help_zh, "help_en": help_en},
        span,
        related=related,
    )


# What may follow `override` and `remove` in a district overlay (docs/overlays.md).
_OVERLAY_KINDS = ("param", "define", "veto", "finding", "indicator", "party", "item", "band", "facts", "records",
                  "reconcile", "require")
_OVERLAY_WORDS = {"OVERRIDE": (*_OVERLAY_KINDS[:8], "grades", *_OVERLAY_KINDS[8:]), "REMOVE": _OVERLAY_KINDS}


def _overlay_word(source: Source, exc: UnexpectedToken, token: Token) -> Diagnostic | None:
    """`override phases …`, `remove total`: say what can be overridden or removed."""
    last = _last_token(exc)
    if last is None or last.type not in _OVERLAY_WORDS:
        return None
    kinds = _OVERLAY_WORDS[last.type]
    word = str(last)
    doing = ("覆盖", "override") if last.type == "OVERRIDE" else ("删除", "remove")
    fz, fe = _found_words(token)
    return Diagnostic("E0100", {
        "expected": f"可以{doing[0]}的声明种类：{_listed(kinds)}", "expected_en": f"a kind of declaration to {doing[1]} "
        f"({', '.join(kinds)})", "found": fz, "found_en": fe,
        "help_zh": f"写 `{word} 种类 名称`，例如 `{word} param 社工缺口不合格人次`；评估阶段（phases）由基础政策规定，"
                   "不能改；标题、版本、生效期直接写自己的 `policy \"…\" { … }` 头部。",
        "help_en": f"write `{word} KIND NAME`, for example `{word} param 社工缺口不合格人次`; the phases are the base "
                   "policy's and cannot change; for the title, version or dates write your own "
                   "`policy \"…\" { … }` header."}, _span_of(source, token))


def _glued_keyword(source: Source, exc: UnexpectedInput) -> Diagnostic | None:
    """`vetoo` or `forcess`: the lexer read a keyword and a name glued to it; the
    misspelled word is the two together."""
    tokens = [v for v in _value_stack(exc)[-3:] if isinstance(v, Token)]
    for kw, name in zip(tokens, tokens[1:], strict=False):
        if (name.type == "NAME" and str(kw).isalpha() and str(kw).lower() in keywords()
                and kw.end_pos is not None and kw.end_pos == name.start_pos):
            word = f"{kw}{name}"
            return Diagnostic("E0105", _suggested(word, str(kw).lower()),
                              source.span(kw.start_pos or 0, name.end_pos or 0))
    return None


def _suggested(found: str, keyword: str) -> dict[str, str]:
    """E0105's arguments: the word as written and the keyword meant, with its meaning."""
    phrase = keyword if keyword in KEYWORD_MEANINGS else next(
        (k for k in KEYWORD_MEANINGS if keyword in k.split()), keyword)
    return {"found": found, "suggestion": keyword, "suggestion_zh": _keyword_words(phrase)[0]}


def _related(source: Source, ctx: _Context | None) -> tuple[tuple[Span, str], ...]:
    if ctx is None or ctx.keyword is None:
        return ()
    span = _block_span(source, ctx)
    if span is None:
        return ()
    return ((span, f"{ctx.zh}从这里开始 / {ctx.en} starts here"),)


def _eof(source: Source, exc: UnexpectedInput, ctx: _Context | None, scan: Prescan | None) -> Diagnostic:
    if scan is not None and scan.unclosed:
        opener, pos = scan.unclosed[-1]
        if opener == "(":
            return Diagnostic("E0109", {"closer": ")"}, source.span(pos, pos + 1))
    helps = _eof_help(exc, ctx, scan)
    if ctx is not None:
        span = _block_span(source, ctx)
        if span is not None:
            return Diagnostic("E0104", {"context": ctx.zh, "context_en": ctx.en, **helps}, span)
    end = len(source.text.rstrip())
    zh, en = TOKEN_WORDS["declaration"]
    return Diagnostic("E0104", {"context": zh, "context_en": en, **helps}, source.span(max(0, end - 1), end))


def _eof_help(exc: UnexpectedInput, ctx: _Context | None, scan: Prescan | None) -> dict[str, str]:
    """What to write where the file stops: the `}` of the blocks still open when what is
    written is complete; else the value after `=` or an operator, or the declaration's
    next part, and then the `}`."""
    expected = set(getattr(exc, "expected", None) or ())
    stack = _value_stack(exc)
    top = stack[-1] if stack and isinstance(stack[-1], Token) else None
    braces = sum(1 for opener, _ in scan.unclosed if opener == "{") if scan is not None else 0
    if not braces:
        expected.discard("RBRACE")
    elif "RBRACE" in expected:
        zh, en = "在文件末尾补上 `}`", "add `}` at the end of the file"
        if ctx is not None and ctx.opener is not None and ctx.opener.type == "LBRACE":
            zh, en = f"{zh}，结束{ctx.zh}", f"{en} to end {ctx.en}"
        if braces > 1:
            zh, en = f"{zh}（共缺 {braces} 个 `}}`）", f"{en} ({braces} `}}` are missing in all)"
        return {"help_zh": zh + "。", "help_en": en + "."}
    if top is not None and expected & _EXPR_START and top.type in _OPERATORS | {"EQUAL", "CMP_OP", "COLON"}:
        zh = f"`{top}` 后面缺少一个值：写上它（数字、百分数或名称）"
        en = f"a value is missing after `{top}`: write it (a number, a percentage or a name)"
    else:
        zh, en = _describe(expected, ctx, top)
        zh, en = f"在文件末尾接着写{zh}", f"go on at the end of the file with {en}"
    if braces:
        zh += "，然后补上 `}`" if braces == 1 else f"，然后补上 {braces} 个 `}}`"
        en += ", then add `}`" if braces == 1 else f", then add {braces} `}}`"
    return {"help_zh": zh + "。", "help_en": en if en.endswith("...") else en + "."}


