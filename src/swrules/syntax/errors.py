"""Syntax errors in a policy officer's words.

Input: policy text and a Lark parse exception with the parser state it stopped in (and
what `prescan` found before parsing). Output: a `Diagnostic`. `diagnose_syntax_error`
turns the parser's expected-token set and its stack (read by `expected`) into a message
and a help that says what to write: "a value is missing after `=`", "add `}` at the end
of the file to end the veto block".
"""

from __future__ import annotations

import difflib

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Source, Span
from swrules.base.words import KEYWORD_MEANINGS, TOKEN_WORDS

from .expected import (
    EXPR_START,
    OPERATORS,
    TOP,
    Context,
    after_expression,
    describe,
    in_english,
    keyword_words,
    last_token,
    listed,
    score_read_as_value,
    stack_context,
    value_stack,
)
from .grammar import english_of, keywords
from .prescan import Prescan

__all__ = ["diagnose_syntax_error", "score_read_as_value"]


def _found_words(token: Token) -> tuple[str, str]:
    if token.type == "$END":
        return TOKEN_WORDS["$END"]
    return f"`{token}`", f"`{token}`"


def _span_of(source: Source, token: Token) -> Span:
    start = token.start_pos if token.start_pos is not None else 0
    end = token.end_pos if token.end_pos is not None else start + len(str(token))
    return source.span(start, end)


def _block_span(source: Source, ctx: Context) -> Span | None:
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
    ctx = stack_context(exc)
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        return _eof(source, exc, ctx, scan)
    assert isinstance(exc, UnexpectedToken)
    token = in_english(exc.token)
    expected = set(exc.accepts or exc.expected)
    score = score_read_as_value(exc)
    if score is not None:
        token, expected = score, set(EXPR_START)
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
    if "NAME" in expected and reserved and not (expected & EXPR_START) - {"NAME"}:
        return Diagnostic("E0108", _reserved(value), span)
    # A misspelled keyword: a name close to a keyword the parser would accept here.
    if token.type == "NAME":
        candidates = [k for k in keywords() if k.upper() in expected or f"{k.upper()}_T" in expected
                      or f"{k.upper()}_KW" in expected]
        close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
        # A Chinese keyword's terminal is named after its text (`一票否绝` for `一票否决`; Lark
        # leaves those out of `accepts`, not out of `expected`). Most are two characters, and a
        # homophone typed by pinyin (`发先` for `发现`) is one of two: hence the lower cutoff.
        chinese = sorted(t for t in {*expected, *exc.expected} if english_of(t) is not None)
        close = close or difflib.get_close_matches(value, chinese, n=1, cutoff=0.5)
        if close:
            return Diagnostic("E0105", _suggested(value, close[0]), span, related=related)
    if token.type == "CMP_OP" and "CMP_OP" not in expected:
        return Diagnostic("E0111", {}, span)
    if after_expression(exc):
        expected |= {"ADD_OP"}
    overlay = _overlay_word(source, exc, token)
    if overlay is not None:
        return overlay
    zh, en = describe(expected, ctx, last_token(exc))
    fz, fe = _found_words(token)
    help_zh = help_en = ""
    last = last_token(exc, skip=0 if score is None else 1)
    if expected & EXPR_START and last is not None and last.type in OPERATORS | {"EQUAL", "CMP_OP"}:
        help_zh, help_en = f"`{last}` 后面缺少一个值。", f"a value is missing after `{last}`."
    elif "FORCES" in expected:
        help_zh = "一票否决要写明它使结果成为哪个等级，例如 `forces 不合格`。"
        help_en = "a veto must say which grade it forces, such as `forces 不合格`."
    elif "COMMA" in expected and token.type in {"NAME", "NUMBER", "PERCENT", "STRING"}:
        help_zh, help_en = "是否漏写了逗号 `,`？", "is a comma `,` missing?"
    elif "STRING" in expected and token.type == "NAME" and not expected & (EXPR_START - {"STRING"}):
        help_zh = f"文字要放在半角双引号中，例如 `\"{value}\"`。"
        help_en = f"text goes inside half-width double quotes, such as `\"{value}\"`."
    elif expected & OPERATORS and token.type in {"NAME", "NUMBER", "PERCENT", "LPAR"}:
        help_zh = "两个值之间缺少运算符（如 + - * / 或比较符号）？"
        help_en = "is an operator (+ - * / or a comparison) missing between two values?"
    elif "RBRACE" in expected and ctx is not None and ctx.keyword is not None and token.type in TOP | {"SCORE_KW"}:
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
    last = last_token(exc)
    if last is None or last.type not in _OVERLAY_WORDS:
        return None
    kinds = _OVERLAY_WORDS[last.type]
    word = str(last)
    doing = ("覆盖", "override") if last.type == "OVERRIDE" else ("删除", "remove")
    fz, fe = _found_words(token)
    return Diagnostic("E0100", {
        "expected": f"可以{doing[0]}的声明种类：{listed(kinds)}",
        "expected_en": f"a kind of declaration to {doing[1]} ({', '.join(kinds)})", "found": fz, "found_en": fe,
        "help_zh": f"写 `{word} 种类 名称`，例如 `{word} param 社工缺口不合格人次`；评估阶段（phases）由基础政策规定，"
                   "不能改；标题、版本、生效期直接写自己的 `policy \"…\" { … }` 头部。",
        "help_en": f"write `{word} KIND NAME`, for example `{word} param 社工缺口不合格人次`; the phases are the base "
                   "policy's and cannot change; for the title, version or dates write your own "
                   "`policy \"…\" { … }` header."}, _span_of(source, token))


def _glued_keyword(source: Source, exc: UnexpectedInput) -> Diagnostic | None:
    """`vetoo` or `forcess`: the lexer read a keyword and a name glued to it; the
    misspelled word is the two together."""
    tokens = [v for v in value_stack(exc)[-3:] if isinstance(v, Token)]
    for kw, name in zip(tokens, tokens[1:], strict=False):
        if (name.type == "NAME" and str(kw).isalpha() and str(kw).lower() in keywords()
                and kw.end_pos is not None and kw.end_pos == name.start_pos):
            word = f"{kw}{name}"
            return Diagnostic("E0105", _suggested(word, str(kw).lower()),
                              source.span(kw.start_pos or 0, name.end_pos or 0))
    return None


def _suggested(found: str, keyword: str) -> dict[str, str]:
    """E0105's arguments: the word as written and the keyword meant, with its meaning."""
    english = english_of(keyword)
    if english is not None:  # a Chinese keyword: as typed, and what it means
        return {"found": found, "suggestion": keyword, "suggestion_zh": f" `{keyword}`，即{keyword_words(english)[0]}"}
    phrase = keyword if keyword in KEYWORD_MEANINGS else next(
        (k for k in KEYWORD_MEANINGS if keyword in k.split()), keyword)
    return {"found": found, "suggestion": keyword, "suggestion_zh": keyword_words(phrase)[0]}


def _reserved(found: str) -> dict[str, str]:
    """E0108's arguments: the reserved word as written and every role it has, in the words
    of `syntax_words` (`指标` -> 指标（indicator）): the keyword itself and each phrase it
    stands in (`score` -> 记录的评分（score）、评分表（score sheet）; `by` -> 评估基准日（dated
    by）、按阶段取值（by phase）…), since a name that is any of them is refused."""
    english = english_of(found) or found
    alone = (english,) if english in KEYWORD_MEANINGS else ()
    phrases = alone + tuple(k for k in KEYWORD_MEANINGS if k != english and english in k.split())
    if not phrases:  # pragma: no cover - a test holds KEYWORD_MEANINGS in step with the grammar
        return {"found": found, "keyword_zh": f"`{english}`", "keyword_en": "a keyword of the language"}
    typed = ", ".join(f"`{k}`" for k in phrases)
    part = ", ".join(f"`{k}`" for k in phrases if k != found)
    en = (f"the Chinese spelling of {typed}" if english != found
          else f"part of {typed}" if not alone
          else f"a keyword of the language, and part of {part}" if part else "a keyword of the language")
    return {"found": found, "keyword_zh": listed(phrases), "keyword_en": en}


def _related(source: Source, ctx: Context | None) -> tuple[tuple[Span, str], ...]:
    if ctx is None or ctx.keyword is None:
        return ()
    span = _block_span(source, ctx)
    if span is None:
        return ()
    return ((span, f"{ctx.zh}从这里开始 / {ctx.en} starts here"),)


def _eof(source: Source, exc: UnexpectedInput, ctx: Context | None, scan: Prescan | None) -> Diagnostic:
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


def _eof_help(exc: UnexpectedInput, ctx: Context | None, scan: Prescan | None) -> dict[str, str]:
    """What to write where the file stops: the `}` of the blocks still open when what is
    written is complete; else the value after `=` or an operator, or the declaration's
    next part, and then the `}`."""
    expected = set(getattr(exc, "expected", None) or ())
    stack = value_stack(exc)
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
    if top is not None and expected & EXPR_START and top.type in OPERATORS | {"EQUAL", "CMP_OP", "COLON"}:
        zh = f"`{top}` 后面缺少一个值：写上它（数字、百分数或名称）"
        en = f"a value is missing after `{top}`: write it (a number, a percentage or a name)"
    else:
        zh, en = describe(expected, ctx, top)
        zh, en = f"在文件末尾接着写{zh}", f"go on at the end of the file with {en}"
    if braces:
        zh += "，然后补上 `}`" if braces == 1 else f"，然后补上 {braces} 个 `}}`"
        en += ", then add `}`" if braces == 1 else f", then add {braces} `}}`"
    return {"help_zh": zh + "。", "help_en": en if en.endswith("...") else en + "."}


