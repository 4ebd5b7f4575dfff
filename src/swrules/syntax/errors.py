"""Syntax errors in a policy officer's words.

Input: policy text, or a Lark parse exception with the parser state it stopped in.
Output: `Diagnostic`s. `prescan` finds, in one pass and without parsing, the mistakes a
Chinese input method makes (full-width punctuation), unclosed strings, unbalanced
brackets and stray characters; it also hands back a *repaired* copy of the text of the
same length (full-width punctuation made half-width, stray characters blanked) so the
parser can go on to find the independent problems, and the offsets where top-level
declarations start, where the parser resumes after an error. `diagnose_syntax_error`
turns the parser's expected-token set and its stack into words: "a number or a fact
name", "the end of the veto block `}`".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Source, Span
from swrules.base.words import FULL_WIDTH, FULL_WIDTH_SPACE

from .grammar import keywords

_ALLOWED_PUNCT = set('(){}.,:=<>!+-*/%#"≤≥≠×÷_')
_OPENERS = {"(": ")", "{": "}"}
_CLOSERS = {")": "(", "}": "{"}
_NAME_RE = re.compile(r"[^\W\d]\w*")

# Words that open a top-level declaration: where the parser resumes after an error.
TOP_KEYWORDS = {"policy", "extends", "phases", "facts", "records", "param", "define", "score", "grades",
                "veto", "finding", "indicator", "reconcile", "require", "remove", "override"}


@dataclass(slots=True)
class Prescan:
    """What the lexical pass found, and the text the parser should read instead."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    repaired: str = ""
    decl_starts: list[int] = field(default_factory=list)
    unclosed: list[tuple[str, int]] = field(default_factory=list)  # (opener, offset)
    unmatched: set[int] = field(default_factory=set)  # offsets of closers with no opener
    lines_with_errors: set[int] = field(default_factory=set)
    empty: bool = False


def prescan(source: Source) -> Prescan:
    """Lexical problems found without parsing, every one of them, and a repaired text."""
    text = source.text
    out = Prescan(repaired=text)
    if not re.sub(r"#[^\n]*", "", text).strip():
        out.empty = True
        out.diagnostics.append(Diagnostic("E0106", {}, source.span(0, 0)))
        return out
    chars = list(text)
    diags = out.diagnostics
    stack: list[tuple[str, int]] = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        ch = text[i]
        if ch == "\n":
            line_start = True
            i += 1
            continue
        if line_start and not ch.isspace():
            line_start = False
            m = _NAME_RE.match(text, i)
            word = m.group() if m else ""
            indented = i > 0 and text[i - 1] != "\n"
            # A top-level keyword at the left margin, or at brace depth 0, starts a declaration.
            if word in TOP_KEYWORDS and (not indented or not any(o == "{" for o, _ in stack)) and (
                word != "score" or (m is not None and text[m.end():].lstrip(" \t").startswith("sheet"))
            ):
                out.decl_starts.append(i)
        if ch == FULL_WIDTH_SPACE:
            diags.append(Diagnostic("E0115", {}, source.span(i, i + 1)))
            chars[i] = " "
            i += 1
            continue
        if ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if ch in _QUOTES:
            i = _string(source, text, chars, i, diags, stack)
            continue
        unquoted = _unquoted_text(text, i)
        if unquoted is not None:
            i = _quote_it(source, text, chars, i, unquoted, diags)
            continue
        if ch == "。" and not _NAME_RE.match(text, i + 1):
            # The Chinese full stop ends a sentence: here it is not a `.` between names but extra.
            diags.append(Diagnostic("E0101", {"char": ch}, source.span(i, i + 1)))
            chars[i] = " "
            i += 1
            continue
        if ch in FULL_WIDTH:
            diags.append(Diagnostic("E0102", {"char": ch, "ascii": FULL_WIDTH[ch]}, source.span(i, i + 1)))
            # A closing quote with no string open: a half-width one here would open a string.
            chars[i] = " " if ch in _CLOSING_QUOTES else FULL_WIDTH[ch]
            # A full-width bracket counts as the bracket it stands for.
            ch = FULL_WIDTH[ch]
            if ch not in _OPENERS and ch not in _CLOSERS:
                i += 1
                continue
        if ch in _OPENERS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            want = _CLOSERS[ch]
            if any(o == want for o, _ in stack):
                # Openers left open inside this pair are unclosed; the closer is fine.
                while stack[-1][0] != want:
                    out.unclosed.append(stack.pop())
                stack.pop()
            else:
                out.unmatched.add(i)
        elif not (ch.isspace() or ch.isalnum() or ch in _ALLOWED_PUNCT):
            diags.append(Diagnostic("E0101", {"char": ch}, source.span(i, i + 1)))
            chars[i] = " "
        i += 1
    out.unclosed = sorted(out.unclosed + stack, key=lambda o: o[1])
    out.repaired = "".join(chars)
    out.lines_with_errors = {d.span.line for d in diags if d.span is not None}
    return out


_QUOTES = {'"': '"', "“": "”", "‘": "’", "《": "》"}
_CLOSING_QUOTES = '"”’》'


def _string(source: Source, text: str, chars: list[str], i: int, diags: list[Diagnostic],
            stack: list[tuple[str, int]]) -> int:
    """A string from offset i: report Chinese quotes and a missing closing quote, repair
    both in `chars`, return the offset after the string."""
    ch = text[i]
    nl = text.find("\n", i + 1)
    line_end = len(text) if nl < 0 else nl
    j = text.find(_QUOTES[ch], i + 1, line_end)
    if j < 0:
        # Opened with one kind of quote and closed with another.
        j = min((k for k in (text.find(q, i + 1, line_end) for q in _CLOSING_QUOTES) if k >= 0), default=-1)
    for at in (i, j):
        if at >= 0 and text[at] != '"':
            diags.append(Diagnostic("E0102", {"char": text[at], "ascii": '"'}, source.span(at, at + 1)))
            chars[at] = '"'
    if j < 0:
        diags.append(Diagnostic("E0103", {}, source.span(i, i + 1)))
        brace = _close_string(chars, text, i, line_end)
        if brace is not None:
            stack.append(("{", brace))
        return line_end
    for k in range(i + 1, j):
        if chars[k] == '"':
            chars[k] = "'"  # a string cannot hold a half-width quote; keep the parser in step
    return j + 1


# Keywords followed by quoted text and nothing else: what follows them unquoted is text
# the officer meant to quote (a clause's number, a regulation's title).
_TEXT_AFTER = ("clause", "regulation", "extends")
_UNQUOTED_END = re.compile(r"[\n#}]")
# Declarations whose name may be followed by a quoted label, and where such a label ends.
_LABELLED = ("param", "define", "veto", "finding", "indicator", "facts", "records", "party", "item")
_LABEL_END = re.compile(r"[\n#{}=]|\s(?:max|min|points|weight|for|when|records)\b")


def _unquoted_text(text: str, i: int) -> tuple[int, int] | None:
    """Where text the officer meant to quote but did not lies, after a keyword at offset
    i: any text after `clause`, or a label holding full-width punctuation after a
    declaration's name (a label's brackets are its own text, not a slip), or None."""
    m = _NAME_RE.match(text, i)
    if m is None or (i > 0 and (text[i - 1] == "." or text[i - 1].isalnum())):
        return None
    word = m.group()
    if word in _TEXT_AFTER:
        ends = _UNQUOTED_END
        start = _skip_blanks(text, m.end())
    elif word in _LABELLED:
        name = _NAME_RE.match(text, _skip_blanks(text, m.end()))
        if name is None or name.start() == m.end():
            return None
        ends = _LABEL_END
        start = _skip_blanks(text, name.end())
        if start == name.end():
            return None
    else:
        return None
    # Text starts with a letter, a digit or a bracket; `clause = 1` is the keyword misused as a name.
    if start == m.end() or start >= len(text) or not (text[start].isalnum() or text[start] in "（【(["):
        return None
    stop = ends.search(text, start)
    end = len(text) if stop is None else stop.start()
    end = start + len(text[start:end].rstrip(" \t\r"))
    if end <= start or (word in _LABELLED and not any(c in FULL_WIDTH for c in text[start:end])):
        return None
    return start, end


def _skip_blanks(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


def _quote_it(source: Source, text: str, chars: list[str], i: int, where: tuple[int, int],
              diags: list[Diagnostic]) -> int:
    """One diagnostic for text left unquoted after `clause` or a declaration's name
    (full-width punctuation in it is the text's own, not a slip), and a repair that
    quotes it; the offset after it."""
    start, end = where
    body = text[start:end]
    keyword = " ".join(text[i:start].split())
    full_width = any(c in FULL_WIDTH for c in body)
    diags.append(Diagnostic("E0100", {
        "expected": "带双引号的文字", "expected_en": "quoted text",
        "found": f"`{body}`（没有双引号）", "found_en": f"`{body}` without quotes",
        "help_zh": f'加上双引号：{keyword} "{body}"' + ("（双引号中的全角标点可以保留）。" if full_width else "。"),
        "help_en": f'put it in double quotes: {keyword} "{body}"'
                   + (" (full-width punctuation may stay inside them)." if full_width else "."),
    }, source.span(start, end)))
    if end - start >= 2:
        for k in range(start + 1, end - 1):
            if chars[k] == '"':
                chars[k] = "'"
        chars[start] = chars[end - 1] = '"'
    return end


def _close_string(chars: list[str], text: str, start: int, end: int) -> int | None:
    """Repair an unclosed string so the rest of the line still parses: the string most
    likely ends before a trailing `{` (whose offset is returned), else at the end of the line."""
    body = text[start + 1:end].rstrip(" \t\r")
    stop = start + 1 + len(body)
    if body.endswith("{") and len(body) >= 2 and body[-2] in " \t":
        chars[stop - 2] = '"'
        return stop - 1
    if stop > start + 1:
        chars[stop - 1] = '"'
    else:
        chars[start] = " "
    return None


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
    value = str(token)
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
    if "NAME" in expected and value in keywords() and not (expected & _EXPR_START) - {"NAME"}:
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
