"""A fact file that does not parse as TOML or JSON, in the officer's words.

Input: the fact file's source, where the parser stopped and what it said. Output: an
E0801 diagnostic at that place, with the parser's message in Chinese (`base.words`),
and, where the character there is full-width punctuation or a full-width space typed by
a Chinese input method, a help that names it and the half-width one to type instead,
as a policy file gets (E0102, E0115).
"""

from __future__ import annotations

from swrules.base.diagnostics import Diagnostic
from swrules.base.source import Source
from swrules.base.words import FULL_WIDTH, FULL_WIDTH_SPACE, parser_words


def syntax_error(source: Source, offset: int, reason: str, fmt: str) -> Diagnostic:
    """E0801 at `offset` in `source`, saying `reason` (the parser's English message)."""
    text = source.text
    offset = min(max(offset, 0), max(len(text) - 1, 0))
    at = _full_width_near(text, offset)
    if at is None:
        help_zh = f"按 {fmt} 的语法修正此处：文字加双引号，表头写作 [名称]，每行一个 键 = 值。"
        help_en = f"fix the {fmt} syntax here: text in double quotes, tables as [name], one key = value a line."
    else:
        offset = at
        ch = text[at]
        if ch == FULL_WIDTH_SPACE:
            help_zh = "这里是全角空格（U+3000）：改用普通的半角空格（切换到英文输入法后输入）。"
            help_en = "this is a full-width space (U+3000): use a normal space (switch the input method to English)."
        else:
            half = FULL_WIDTH[ch]
            help_zh = f"这里是全角标点 `{ch}`：改用半角的 `{half}`（切换到英文输入法后输入）。"
            help_en = (f"this is the full-width `{ch}`: use the half-width `{half}` "
                       "(switch the input method to English).")
    args = {"reason": reason, "reason_zh": parser_words(reason), "fmt": fmt, "help_zh": help_zh, "help_en": help_en}
    return Diagnostic("E0801", args, source.span(offset, offset + 1))


def _full_width_near(text: str, offset: int) -> int | None:
    """The full-width character the parser stopped at, or just before it on the same
    line (a parser often stops one token after the slip), outside double quotes."""
    start = text.rfind("\n", 0, offset) + 1
    line = text[start:offset + 1]
    quoted = False
    found = None
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif not quoted and (ch in FULL_WIDTH or ch == FULL_WIDTH_SPACE):
            found = start + i
    return found
