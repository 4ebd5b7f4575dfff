"""Syntax errors in a policy officer's words.

Input: policy text, or a Lark parse exception. Output: `Diagnostic`s. `prescan` finds
the mistakes a Chinese input method makes (full-width punctuation), unclosed strings
and brackets and stray characters before parsing, so that all of them are reported in
one run; `diagnose_syntax_error` turns the parser's expected-token set into words
("a number or a name", "the end of the block").
"""

from __future__ import annotations

import difflib
import re

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .diagnostics import Diagnostic
from .source import Source

# Full-width characters a Chinese input method types, and what the language wants.
FULL_WIDTH = {
    "：": ":", "，": ",", "（": "(", "）": ")", "“": '"', "”": '"', "％": "%",
    "｛": "{", "｝": "}", "＝": "=", "＜": "<", "＞": ">", "－": "-", "＋": "+",
    "＊": "*", "／": "/", "．": ".", "。": ".", "；": ";", "、": ",", "‘": '"', "’": '"',
    "【": "(", "】": ")", "《": '"', "》": '"', "＃": "#", "！": "!",
}
_ALLOWED_PUNCT = set('(){}.,:=<>!+-*/%#"≤≥≠×÷_')
_OPENERS = {"(": ")", "{": "}"}
_CLOSERS = {")": "(", "}": "{"}

KEYWORDS = (
    "policy version effective from to regulation dated by extends phases facts records optional "
    "one of boolean integer decimal percent date text min max param phase define clause score sheet "
    "total round party points weight item awarded counted grades provided veto when forces finding "
    "indicator for each compute not applicable reconcile with require remove override if then else and or on "
    "zero true false"
).split()


def prescan(source: Source) -> list[Diagnostic]:
    """Lexical problems found without parsing, every one of them."""
    text = source.text
    diags: list[Diagnostic] = []
    if not re.sub(r"#[^\n]*", "", text).strip():
        return [Diagnostic("E0106", {}, source.span(0, 0))]
    stack: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if ch == '"':
            j = text.find('"', i + 1)
            nl = text.find("\n", i + 1)
            if j < 0 or (0 <= nl < j):
                diags.append(Diagnostic("E0103", {}, source.span(i, i + 1)))
                i = n if nl < 0 else nl
                continue
            i = j + 1
            continue
        if ch in FULL_WIDTH:
            diags.append(Diagnostic("E0102", {"char": ch, "ascii": FULL_WIDTH[ch]}, source.span(i, i + 1)))
            if ch in "“‘《":
                # A string opened with a Chinese quote: skip to its closing quote.
                close = {"“": "”", "‘": "’", "《": "》"}[ch]
                j = text.find(close, i + 1)
                nl = text.find("\n", i + 1)
                if j >= 0 and (nl < 0 or j < nl):
                    diags.append(Diagnostic("E0102", {"char": close, "ascii": FULL_WIDTH[close]}, source.span(j, j + 1)))
                    i = j + 1
                    continue
            i += 1
            continue
        if ch in _OPENERS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[ch]:
                stack.pop()
            else:
                diags.append(Diagnostic("E0110", {"found": ch}, source.span(i, i + 1)))
        elif not (ch.isspace() or ch.isalnum() or ch in _ALLOWED_PUNCT or ch == "_"):
            diags.append(Diagnostic("E0101", {"char": ch}, source.span(i, i + 1)))
        i += 1
    for opener, pos in stack:
        diags.append(Diagnostic("E0109", {"closer": _OPENERS[opener]}, source.span(pos, pos + 1)))
    return diags


# What the parser expects, in words. Keys are Lark terminal names.
_WORDS: dict[str, tuple[str, str]] = {
    "NAME": ("名称", "a name"),
    "NUMBER": ("数字", "a number"),
    "PERCENT": ("百分数", "a percentage"),
    "STRING": ("带双引号的文字", "quoted text"),
    "DATE": ("日期（如 2025-01-31）", "a date such as 2025-01-31"),
    "LBRACE": ("`{`", "`{`"),
    "RBRACE": ("块的结束 `}`", "the end of the block `}`"),
    "LPAR": ("`(`", "`(`"),
    "RPAR": ("`)`", "`)`"),
    "COLON": ("`:`", "`:`"),
    "COMMA": ("`,`", "`,`"),
    "EQUAL": ("`=`", "`=`"),
    "CMP_OP": ("比较符号", "a comparison"),
    "LOW_OP": ("`<` 或 `<=`", "`<` or `<=`"),
    "HIGH_OP": ("`<` 或 `<=`", "`<` or `<=`"),
    "GE_OP": ("`>` 或 `>=`", "`>` or `>=`"),
    "$END": ("文件结束", "the end of the file"),
}
_EXPR_START = {"NUMBER", "PERCENT", "NAME", "LPAR", "MINUS", "STRING", "DATE", "TRUE", "FALSE", "IF", "NOT"}
_TYPES = {"BOOLEAN", "INTEGER", "DECIMAL", "PERCENT_T", "DATE_T", "TEXT", "ONE"}
_TOP = {"POLICY", "FACTS", "RECORDS", "PARAM", "DEFINE", "SCORE", "GRADES", "VETO", "FINDING", "INDICATOR"}


def _describe(expected: set[str]) -> tuple[str, str]:
    zh: list[str] = []
    en: list[str] = []
    rest = set(expected)
    if len(rest & _EXPR_START) >= 3:
        zh.append("一个值（数字、百分数或名称）")
        en.append("a value (a number, a percentage or a name)")
        rest -= _EXPR_START | {"TOTAL", "PHASE", "MIN", "MAX", "ROUND"}
    if len(rest & _TYPES) >= 3:
        zh.append("事实的类型（boolean、integer、decimal、percent、date、text 或 one of）")
        en.append("a fact type (boolean, integer, decimal, percent, date, text or one of)")
        rest -= _TYPES
    if len(rest & _TOP) >= 3:
        zh.append("一项声明（facts、param、score sheet、grades、veto、finding 等）")
        en.append("a declaration (facts, param, score sheet, grades, veto, finding, ...)")
        rest -= _TOP | {"EXTENDS", "PHASES", "RECONCILE", "REQUIRE", "REMOVE", "$END"}
    for term in sorted(rest):
        if term in _WORDS:
            zh.append(_WORDS[term][0])
            en.append(_WORDS[term][1])
        elif term.isupper() and term.lower() in KEYWORDS:
            zh.append(f"`{term.lower()}`")
            en.append(f"`{term.lower()}`")
        elif term.rstrip("_T").lower() in KEYWORDS:
            zh.append(f"`{term.rstrip('_T').lower()}`")
            en.append(f"`{term.rstrip('_T').lower()}`")
    # Operators are many; name them once.
    if not zh:
        zh, en = ["运算符或下一项声明"], ["an operator or the next declaration"]
    return "、".join(zh[:4]) + ("等" if len(zh) > 4 else ""), ", ".join(en[:4]) + (", ..." if len(en) > 4 else "")


def _found_words(token: Token) -> tuple[str, str]:
    if token.type == "$END":
        return "文件结束", "the end of the file"
    return f"`{token}`", f"`{token}`"


def diagnose_syntax_error(source: Source, exc: UnexpectedInput) -> Diagnostic:
    text = source.text
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream
        ch = text[pos] if pos < len(text) else ""
        if ch == "%":
            return Diagnostic("E0107", {}, source.span(pos, pos + 1))
        return Diagnostic("E0101", {"char": ch}, source.span(pos, pos + 1))
    if isinstance(exc, UnexpectedEOF):
        end = len(text)
        return Diagnostic("E0104", {"context": "当前块", "context_en": "the current block"}, source.span(end, end))
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
    expected = set(exc.expected)
    if token.type == "$END":
        end = len(text.rstrip())
        return Diagnostic(
            "E0104", {"context": "当前块", "context_en": "the current block"}, source.span(max(0, end - 1), end)
        )
    start = token.start_pos if token.start_pos is not None else 0
    span = source.span(start, token.end_pos if token.end_pos is not None else start + len(str(token)))
    value = str(token)
    # A keyword where a name belongs.
    if "NAME" in expected and value in KEYWORDS:
        return Diagnostic("E0108", {"found": value}, span)
    # A misspelled keyword: a name close to a keyword the parser would accept here.
    if token.type == "NAME":
        candidates = [k for k in KEYWORDS if k.upper() in expected or f"{k.upper()}_T" in expected]
        close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
        if close:
            return Diagnostic("E0105", {"found": value, "suggestion": close[0]}, span)
    if token.type == "CMP_OP" and "CMP_OP" not in expected:
        return Diagnostic("E0111", {}, span)
    zh, en = _describe(expected)
    fz, fe = _found_words(token)
    help_zh = help_en = ""
    if expected & {"NUMBER", "NAME"} and token.type in {"NAME", "NUMBER", "PERCENT"}:
        help_zh, help_en = "两个值之间缺少运算符（如 + - * / 或比较符号）？", "is an operator (+ - * / or a comparison) missing between two values?"
    return Diagnostic(
        "E0100",
        {"expected": zh, "expected_en": en, "found": fz, "found_en": fe, "help_zh": help_zh, "help_en": help_en},
        span,
    )
