"""The mistakes found in policy text before it is parsed.

Input: policy text. Output: a `Prescan`: every mistake a Chinese input method makes
(full-width punctuation, a full-width space, text left unquoted after `clause` or a
declaration's name), unclosed strings, unbalanced brackets and stray characters, found
in one pass without parsing; a *repaired* copy of the text of the same length
(full-width punctuation made half-width, stray characters blanked, unquoted text
quoted) so the parser can go on to find the independent problems; and the offsets
where top-level declarations start, where the parser resumes after an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Source
from swrules.base.words import FULL_WIDTH, FULL_WIDTH_SPACE

from .grammar import CHINESE_KEYWORDS

_ALLOWED_PUNCT = set('(){}.,:=<>!+-*/%#"≤≥≠×÷_')
_OPENERS = {"(": ")", "{": "}"}
_CLOSERS = {")": "(", "}": "{"}
_NAME_RE = re.compile(r"[^\W\d]\w*")

# Words that open a top-level declaration: where the parser resumes after an error.
# Each has its Chinese spelling too (`一票否决`), so that a policy written with the Chinese
# keywords has every broken declaration reported, not only the first.
TOP_KEYWORDS = {"policy", "extends", "phases", "facts", "records", "param", "define", "score", "grades",
                "veto", "finding", "indicator", "reconcile", "require", "remove", "override"}
TOP_KEYWORDS |= {CHINESE_KEYWORDS["score sheet" if k == "score" else k] for k in TOP_KEYWORDS}


@dataclass(slots=True)
class Prescan:
    """What the lexical pass found, and the text the parser should read instead."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    repaired: str = ""
    decl_starts: list[int] = field(default_factory=list)
    # Other words at the left margin outside every bracket (`vetoo 重复 …`): where a
    # declaration with a misspelled keyword may start.
    margin_starts: list[int] = field(default_factory=list)
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
            elif word and not indented and not stack:
                out.margin_starts.append(i)
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
# A fact field's type, then its bounds (`min 0 max 100%`): its label comes after them.
_FACT_KINDS = ("boolean", "integer", "decimal", "percent", "date", "text")
_BOUNDS = re.compile(r"(?:[ \t]+(?:min|max)[ \t]+-?[0-9][0-9.]*%?)*[ \t]+")
_FIELD_LABEL_END = re.compile(r"[\n#}]|\soptional\b")


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
        cited = _NAME_RE.match(text, start)  # `clause 评估办法 "第十条"`: a regulation's short name, then text
        if cited is not None and word != "extends":
            after = _skip_blanks(text, cited.end())
            if after > cited.end() and after < len(text) and text[after] == '"':
                return None
    elif word in _FACT_KINDS:
        # `staffing_shortfall integer min 0 说明（人次）`: only after a field's name on its line.
        line_start = text.rfind("\n", 0, i) + 1
        if _NAME_RE.fullmatch(text[line_start:i].strip()) is None:
            return None
        bounds = _BOUNDS.match(text, m.end())
        if bounds is None:
            return None
        ends = _FIELD_LABEL_END
        start = bounds.end()
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
    labelled = word in _LABELLED or word in _FACT_KINDS
    if end <= start or (labelled and not any(c in FULL_WIDTH for c in text[start:end])):
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
