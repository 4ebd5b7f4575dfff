"""Completion: what may be written at a position of policy text.

Input: an `Analysis` (the language server) or the text alone (the workbench's editor,
`text_completions`) and an editor position (0-based line, UTF-16 column). Output:
`Completion`s, those starting with the word typed so far. After a `.`, the fields of
that group of facts or list of records. Elsewhere, what the grammar accepts there: the
text of the top-level declaration being written, up to the word, is run through the
parser (Lark's interactive LALR parser, the one `check` uses; the declaration is found
by a lexical scan, `declarations`, so a keystroke costs one declaration's parse and a
mistake in another declaration does not matter), and its acceptable tokens become the
keywords offered, in English and in their Chinese spelling, each with its meaning from
`base.syntax_words` (after `by`: `phase` 按阶段取值 and `date` 按日期取值; where `by` may
begin, the phrases `by phase` and `by date`); where a value may stand, the names the
policy declares, `total`, `grade` and `phase`, and the functions under each of their
names, with what they give. When the declaration being written does not parse up to
the word, everything that may be written anywhere is offered, as a plain list.
"""

from __future__ import annotations

import functools
import re

from lark import Token
from lark.exceptions import LarkError
from lark.parsers.lalr_interactive_parser import InteractiveParser

from swrules.base.syntax_words import KEYWORD_MEANINGS, keyword_zh
from swrules.syntax.grammar import CHINESE_KEYWORDS, english_of
from swrules.syntax.parser import parser

from .analysis import Analysis
from .builtins import builtins, detail
from .declarations import declaration_start, declared_names, indicator_over
from .lexing import keyword_set, lex
from .model import Completion, Lines, Span
from .navigation import index
from .symbols import Symbol

_AFTER_DOT = re.compile(r"((?:[^\W\d]\w*\.)+)(\w*)$")
_WORD_BEFORE = re.compile(r"(?:[^\W\d]\w*)?$")
_WORD = re.compile(r"[^\W\d]\w*")
# Where a value may stand: the parser accepts a number there.
_VALUE = "NUMBER"
# The mode of `round(x, 2, ` or of a rounding (`round 2 `, `舍入 2 `).
_MODE_PLACE = re.compile(r"(?:(?:round|舍入)\([^()]*,[^(),]*,\s*|(?:round|舍入)\s+\d+\s+)$")


def completions(a: Analysis, line: int, col: int, lang: str = "zh") -> list[Completion]:
    """What may be written at a position, those starting with the word typed so far;
    the names are those of the analysis (an overlay's base's too)."""
    return _complete(a.text, a.lines.offset(line, col), index(a), lang)


def text_completions(text: str, line: int, col: int, lang: str = "zh", bases: Analysis | None = None,
                     ) -> list[Completion]:
    """The same, from the text alone (the workbench's editor, and the language server
    between analyses): the names are those the text declares, each declaration parsed
    once and kept by its text, so no file is read and a keystroke costs the declaration
    it changed. `bases`, an analysis of an earlier version of the same document, adds
    the names declared in the files it extends (an overlay's base)."""
    names = declared_names(text)
    if bases is not None:
        for key, sym in index(bases).items():
            if sym.name_span is not None and sym.name_span.source.name != bases.name:
                names.setdefault(key, sym)
    return _complete(text, Lines(text).offset(line, col), names, lang)


def completed_span(text: str, line: int, col: int) -> Span:
    """The word typed so far before the position, which a chosen completion replaces
    (empty at the position when none is typed)."""
    lines = Lines(text)
    offset = lines.offset(line, col)
    typed = _WORD_BEFORE.search(text[text.rfind("\n", 0, offset) + 1:offset])
    return lines.span(offset - (len(typed.group()) if typed else 0), offset)


def _complete(text: str, offset: int, names: dict[str, Symbol], lang: str) -> list[Completion]:
    before = text[text.rfind("\n", 0, offset) + 1:offset]
    if _in_string_or_comment(before):
        return []
    over = indicator_over(text, offset)
    dotted = _AFTER_DOT.search(before)
    if dotted:
        prefix, typed = dotted.group(1), dotted.group(2)
        if prefix.rstrip(".") not in names and over is not None:
            prefix = f"{over}.{prefix}"
        depth = prefix.count(".")
        return [Completion(k.split(".")[-1], "fact", _detail(s)) for k, s in names.items()
                if k.startswith(prefix + typed) and k.count(".") == depth]
    match = _WORD_BEFORE.search(before)
    typed = match.group() if match else ""
    start = offset - len(typed)
    begin = declaration_start(text, start)
    accepted = _accepted(text, begin, start)
    value = accepted is None or _VALUE in accepted[1]
    out: list[Completion] = []
    if accepted is None or "NAME" in accepted[1]:
        out.extend(_names(names, typed))
    if value:
        out.extend(_builtins(typed, lang, over is not None))
    if _MODE_PLACE.search(before[:len(before) - len(typed)]):
        out.extend(Completion(b.word, "keyword", detail(b, lang)) for b in builtins().values()
                   if b.kind == "mode" and b.usage is None and b.word.startswith(typed))
    if accepted is None:
        out.extend(Completion(k, "keyword", _meaning(k)) for k in sorted(keyword_set()) if k.startswith(typed))
    else:
        out.extend(c for c in _keywords(*accepted, _last_word(text[begin:start]), value) if c.label.startswith(typed))
    return out


def _names(index: dict[str, Symbol], typed: str) -> list[Completion]:
    out = []
    for key, sym in index.items():
        if "." in key or not key.startswith(typed):
            continue
        kind = "fact" if sym.kind in ("section", "records") else "param" if sym.kind == "param" else "name"
        out.append(Completion(key, kind, _detail(sym)))
    return out


def _builtins(typed: str, lang: str, indicator: bool) -> list[Completion]:
    """The language's own values and functions, each spelling with what it is."""
    out = []
    for b in builtins().values():
        if not b.word.startswith(typed) or (b.name == "score" and not indicator):
            continue
        if b.kind == "value":
            out.append(Completion(b.word, "name", detail(b, lang)))
        elif b.usage is not None:  # a function, or a mode's Chinese name called as one
            out.append(Completion(b.word, "function", detail(b, lang)))
    return out


def _keywords(ip: InteractiveParser, accepted: frozenset[str], last: str | None, value: bool) -> list[Completion]:
    """The keywords the parser accepts next, in English and in Chinese, and the phrases
    they begin, each with its meaning. Where a value may stand, `total`, `phase`, `min`,
    `max` and `round` are left to the values and functions, which say what they are."""
    out: dict[str, Completion] = {}

    def offer(word: str, keyword: str) -> None:
        out.setdefault(word, Completion(word, "keyword", keyword_zh(keyword)))
        chinese = CHINESE_KEYWORDS.get(keyword)
        if chinese is not None and word == keyword:  # Lark leaves a Chinese spelling out of `accepts`
            out.setdefault(chinese, Completion(chinese, "keyword", keyword_zh(keyword)))

    for terminal in sorted(accepted):
        for word in _terminal_words(terminal):
            english = english_of(word) or word
            if value and english in builtins():
                continue
            phrase = f"{last} {english}" if last is not None else ""
            if phrase in KEYWORD_MEANINGS:  # the second word of a phrase: `by` `phase`
                out.setdefault(word, Completion(word, "keyword", keyword_zh(phrase)))
                continue
            if english in KEYWORD_MEANINGS and english != "score":  # bare `score` is a record's field
                offer(word, english)
            phrases = [k for k in KEYWORD_MEANINGS if k.startswith(f"{word} ")]
            after = _after(ip, terminal, word) if phrases else set()
            for k in phrases:
                if k.split()[1] in after:
                    offer(k, k)
    return list(out.values())


def _meaning(keyword: str) -> str | None:
    english = english_of(keyword) or keyword
    return keyword_zh(english) if english in KEYWORD_MEANINGS else None


@functools.cache
def _words_by_terminal() -> dict[str, tuple[str, ...]]:
    """Each keyword terminal of the parser, and the words (English and Chinese) it reads."""
    reserved = keyword_set()
    out: dict[str, tuple[str, ...]] = {}
    for t in parser().terminals:
        if t.name != "NAME":
            out[t.name] = tuple(dict.fromkeys(w for w in _WORD.findall(t.pattern.value) if w in reserved))
    return out


def _terminal_words(terminal: str) -> tuple[str, ...]:
    return _words_by_terminal().get(terminal, ())


def _after(ip: InteractiveParser, terminal: str, word: str) -> set[str]:
    """The keywords the parser would accept once given `word` (read as `terminal`) now."""
    trial = ip.copy()  # type: ignore[no-untyped-call]  # lark leaves it untyped
    try:
        trial.feed_token(Token(terminal, word))
        return {w for t in trial.accepts() for w in _terminal_words(t)}  # type: ignore[no-untyped-call]
    except LarkError:
        return set()


def _accepted(text: str, begin: int, end: int) -> tuple[InteractiveParser, frozenset[str]] | None:
    """The parser after the text of the top-level declaration that starts at `begin`, up
    to `end`, and the tokens it accepts next; None when that does not parse. Only that
    declaration is parsed (`declarations`), so the answer takes a declaration's time and
    a mistake in another declaration does not matter. Should the scan have cut a
    declaration where a keyword inside it stands at the left margin, the declaration
    before is taken in too."""
    found = _parsed(text[begin:end])
    if found is None and begin > 0:
        found = _parsed(text[declaration_start(text, begin - 1):end])
    return found


def _parsed(text: str) -> tuple[InteractiveParser, frozenset[str]] | None:
    try:
        ip = parser().parse_interactive(text)
        ip.exhaust_lexer()
        return ip, frozenset(ip.accepts())  # type: ignore[no-untyped-call]
    except LarkError:
        return None


def _last_word(text: str) -> str | None:
    """The last keyword of `text`, in English (`by` of `= by `), or None when the last token is none."""
    found = list(lex(text[max(0, text.rfind("\n", 0, len(text.rstrip())) + 1):]))
    if not found or found[-1][2] != "keyword":
        return None
    return english_of(found[-1][1]) or found[-1][1]


def _detail(sym: Symbol) -> str | None:
    label = getattr(sym.node, "label", None)
    return label if isinstance(label, str) else None


def _in_string_or_comment(before: str) -> bool:
    found = list(lex(before))
    if not found:
        return False
    _, value, kind = found[-1]
    return kind == "comment" or (kind == "string" and (len(value) == 1 or not value.endswith('"')))
