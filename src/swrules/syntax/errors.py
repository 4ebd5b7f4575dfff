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

from .grammar import english_of, keywords
from .prescan import Prescan

# What the parser expects, in words. Keys are Lark terminal names.
_WORDS: dict[str, tuple[str, str]] = {
    "NAME": ("名称", "a name"),
    "NUMBER": ("数字", "a number"),
    "PERCENT": ("百分数", "a percentage"),
    "STRING": ("带双引号的文字", "quoted text"),
    "DATE": ("日期（如 2025-01-31）", "a date such as 2025-01-31"),
    "LBRACE": ("`{`", "`{`"),
    "LPAR": ("`(`", "`(`"),
    "RPAR": ("`)`", "`)`"),
    "COLON": ("`:`", "`:`"),
    "COMMA": ("`,`", "`,`"),
    "EQUAL": ("`=`", "`=`"),
    "DOT": ("`.`", "`.`"),
    "LOW_OP": ("`<` 或 `<=`", "`<` or `<=`"),
    "HIGH_OP": ("`<` 或 `<=`", "`<` or `<=`"),
    "GE_OP": ("`>` 或 `>=`", "`>` or `>=`"),
    "REMOVABLE": ("要删除的种类（veto、finding、item 等）", "what to remove (veto, finding, item, ...)"),
    "$END": ("文件结束", "the end of the file"),
}
_EXPR_START = {"NUMBER", "PERCENT", "NAME", "LPAR", "MINUS", "STRING", "DATE", "TRUE", "FALSE", "IF", "NOT"}
_OPERATORS = {"ADD_OP", "MUL_OP", "CMP_OP", "AND", "OR", "MINUS", "ON"}
_TYPES = {"BOOLEAN", "INTEGER", "DECIMAL", "PERCENT_T", "DATE_T", "TEXT", "ONE"}
_TOP = {"POLICY", "FACTS", "RECORDS", "PARAM", "DEFINE", "SCORE_KW", "GRADES", "VETO", "FINDING", "INDICATOR",
        "EXTENDS", "PHASES", "RECONCILE", "REQUIRE", "REMOVE", "OVERRIDE"}
_KW_TERMINALS = {"PERCENT_T": "percent", "DATE_T": "date", "PHASE_KW": "phase", "TOTAL_KW": "total",
                 "SCORE_KW": "score"}

# Blocks, named by the keyword that opens them, in the words the message uses.
BLOCKS: dict[str, tuple[str, str]] = {
    "POLICY": ("政策头部（policy）", "the policy header"),
    "PHASES": ("评估阶段（phases）块", "the phases block"),
    "FACTS": ("事实（facts）块", "the facts block"),
    "RECORDS": ("记录（records）块", "the records block"),
    "SHEET": ("评分表（score sheet）", "the score sheet"),
    "PARTY": ("评估方（party）块", "the party block"),
    "GRADES": ("等级（grades）块", "the grades block"),
    "VETO": ("一票否决（veto）块", "the veto block"),
    "FINDING": ("需要关注（finding）块", "the finding block"),
    "INDICATOR": ("指标（indicator）块", "the indicator block"),
    "RECONCILE": ("核对（reconcile）块", "the reconcile block"),
    "BY": ("按阶段取值（by phase）", "the by phase values"),
    "BY_DATE": ("按日期取值（by date）", "the by date values"),
    "LPAR": ("括号", "the parentheses"),
}
# Declarations without braces, for context.
_FLAT = {"PARAM": ("参数（param）声明", "the param declaration"),
         "DEFINE": ("定义（define）声明", "the define declaration"),
         "REQUIRE": ("要求（require）声明", "the require declaration")}
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


def _value_stack(exc: UnexpectedInput) -> list[Token | Tree[Token]]:
    """What the parser had read when it stopped: tokens and the trees reduced from them
    (Lark leaves the stack untyped; its values are only ever these two)."""
    ip = getattr(exc, "interactive_parser", None)
    if ip is None:
        return []
    return [v for v in ip.parser_state.value_stack if isinstance(v, Token | Tree)]


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
            return _Context("块", "the block", None, tok)
        if tok.type in _FLAT:
            return _Context(*_FLAT[tok.type], tok, None)
        if tok.type in BLOCKS and tok.type not in ("BY", "RECORDS"):
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


def _describe(expected: set[str], ctx: _Context | None) -> tuple[str, str]:
    zh: list[str] = []
    en: list[str] = []
    rest = set(expected)
    if "RBRACE" in rest:
        if ctx is not None and ctx.opener is not None and ctx.opener.type == "LBRACE":
            zh.append(f"{ctx.zh}的结束 `}}`")
            en.append(f"the end of {ctx.en} `}}`")
        else:
            zh.append("块的结束 `}`")
            en.append("the end of the block `}`")
        rest.discard("RBRACE")
    if len(rest & _EXPR_START) >= 3:
        zh.append("数字或事实名称")
        en.append("a number or a fact name")
        rest -= _EXPR_START | {"TOTAL_KW", "PHASE_KW", "SCORE_KW", "MIN", "MAX", "ROUND"}
    if len(rest & _TYPES) >= 3:
        zh.append("事实的类型（boolean、integer、decimal、percent、date、text 或 one of）")
        en.append("a fact type (boolean, integer, decimal, percent, date, text or one of)")
        rest -= _TYPES
    if len(rest & _TOP) >= 3:
        zh.append("一项声明（facts、param、score sheet、grades、veto、finding 等）")
        en.append("a declaration (facts, param, score sheet, grades, veto, finding, ...)")
        rest -= _TOP | {"$END"}
    operators = bool(rest & _OPERATORS)
    rest -= _OPERATORS
    for term in sorted(rest):
        if term in _WORDS:
            zh.append(_WORDS[term][0])
            en.append(_WORDS[term][1])
        elif term in _KW_TERMINALS:
            zh.append(f"`{_KW_TERMINALS[term]}`")
            en.append(f"`{_KW_TERMINALS[term]}`")
        elif term.lower() in keywords():
            zh.append(f"`{term.lower()}`")
            en.append(f"`{term.lower()}`")
    if operators:
        zh.append("运算符")
        en.append("an operator")
    if not zh:
        zh, en = ["下一项声明"], ["the next declaration"]
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
        return "文件结束", "the end of the file"
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
        return _eof(source, ctx, scan)
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
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
            return Diagnostic("E0105", {"found": value, "suggestion": close[0]}, span, related=related)
    if token.type == "CMP_OP" and "CMP_OP" not in expected:
        return Diagnostic("E0111", {}, span)
    if _after_expression(exc):
        expected |= {"ADD_OP"}
    overlay = _overlay_word(source, exc, token)
    if overlay is not None:
        return overlay
    zh, en = _describe(expected, ctx)
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
_OVERLAY_KINDS = "param、define、veto、finding、indicator、party、item、band、{}facts、records、reconcile、require"
_OVERLAY_WORDS = {"OVERRIDE": _OVERLAY_KINDS.format("grades、"), "REMOVE": _OVERLAY_KINDS.format("")}


def _overlay_word(source: Source, exc: UnexpectedToken, token: Token) -> Diagnostic | None:
    """`override phases …`, `remove total`: say what can be overridden or removed."""
    last = _last_token(exc)
    if last is None or last.type not in _OVERLAY_WORDS:
        return None
    zh = _OVERLAY_WORDS[last.type]
    word = str(last)
    doing = ("覆盖", "override") if last.type == "OVERRIDE" else ("删除", "remove")
    fz, fe = _found_words(token)
    return Diagnostic("E0100", {
        "expected": f"可以{doing[0]}的声明种类（{zh}）", "expected_en": f"a kind of declaration to {doing[1]} "
        f"({zh.replace('、', ', ')})", "found": fz, "found_en": fe,
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
            return Diagnostic("E0105", {"found": word, "suggestion": str(kw)},
                              source.span(kw.start_pos or 0, name.end_pos or 0))
    return None


def _related(source: Source, ctx: _Context | None) -> tuple[tuple[Span, str], ...]:
    if ctx is None or ctx.keyword is None:
        return ()
    span = _block_span(source, ctx)
    if span is None:
        return ()
    return ((span, f"{ctx.zh}从这里开始 / {ctx.en} starts here"),)


def _eof(source: Source, ctx: _Context | None, scan: Prescan | None) -> Diagnostic:
    if scan is not None and scan.unclosed:
        opener, pos = scan.unclosed[-1]
        if opener == "(":
            return Diagnostic("E0109", {"closer": ")"}, source.span(pos, pos + 1))
    if ctx is not None:
        span = _block_span(source, ctx)
        if span is not None:
            return Diagnostic("E0104", {"context": ctx.zh, "context_en": ctx.en}, span)
    end = len(source.text.rstrip())
    return Diagnostic("E0104", {"context": "当前声明", "context_en": "the current declaration"},
                      source.span(max(0, end - 1), end))
