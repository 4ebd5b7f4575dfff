"""The grammar file and the reserved words it defines.

Input: `grammar/swrules.lark` (or its copy inside the installed package). Output: its
text with the name terminal completed, and `keywords()`: every word the grammar
quotes, in order of first appearance. The keyword list exists only here, derived from
the grammar, so a word added to the grammar is reserved everywhere at once: in the
name terminal, in the syntax error messages and (checked by a test) in the docs.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

GRAMMAR_NAME = "swrules.lark"
# The grammar's name terminal holds this word where the keywords go.
PLACEHOLDER = "KEYWORDS"

# The lexical items of a Lark grammar that may hold a `"`: comments, strings and
# regular expressions. Scanning them in order keeps a quote inside a comment or a
# regular expression (`STRING: /"[^"\n]*"/`) from being read as a string.
_LARK_ITEM = re.compile(r'//[^\n]*|"((?:[^"\\\n]|\\.)*)"i?|/(?:[^/\\\n]|\\.)+/[imslux]*')
_WORD = re.compile(r"[^\W\d]\w*")


def grammar_path() -> Path:
    """The grammar file: inside the installed package, or `grammar/` of a checkout."""
    packaged = resources.files("swrules").joinpath(GRAMMAR_NAME)
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "grammar" / GRAMMAR_NAME


@functools.cache
def _raw_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


def keywords_of(grammar: str) -> tuple[str, ...]:
    """The words a grammar quotes, each once, in order of first appearance."""
    words = (m.group(1) for m in _LARK_ITEM.finditer(grammar) if m.group(1) is not None)
    return tuple(dict.fromkeys(w for w in words if _WORD.fullmatch(w)))


@functools.cache
def keywords() -> tuple[str, ...]:
    """The reserved words of the policy language."""
    return keywords_of(_raw_text())


@functools.cache
def grammar_text() -> str:
    """The grammar as Lark reads it: the name terminal excludes every keyword."""
    raw = _raw_text()
    head, sep, tail = raw.partition(f"(?!({PLACEHOLDER})")
    if not sep:
        raise RuntimeError(f"{grammar_path()}: the NAME terminal has lost its `{PLACEHOLDER}` placeholder")
    reserved = "|".join((*keywords(), *chinese_keywords()))
    return _with_chinese(head) + f"(?!({reserved}){tail}"


# ---------------------------------------------------------------- Chinese keywords
# Every keyword has a Chinese spelling, accepted wherever the English one is: the
# grammar Lark reads gets `("policy" | "政策")` for each quoted `"policy"`. A few
# English keywords only ever stand in a fixed phrase (`score sheet`, `for each`); the
# phrase has one Chinese word. `phase`, `total` and `score` stay English where they
# name a fact (after a dot); bare `score` (a record's field) has no Chinese spelling.
# A test holds this table in step with `keywords()`: a new English keyword needs its
# Chinese word here. Changing a Chinese word breaks policies written with it.
CHINESE_KEYWORDS: dict[str, str] = {
    "policy": "政策", "version": "版本", "effective": "生效", "from": "自", "to": "至",
    "regulation": "办法", "dated by": "基准日", "extends": "基于", "phases": "分阶段",
    "facts": "事实", "records": "记录", "optional": "可缺", "one of": "选项",
    "boolean": "是否", "integer": "整数", "decimal": "小数", "percent": "百分比", "date": "日期",
    "text": "文本", "min": "最小", "max": "最大", "param": "参数", "by phase": "按阶段",
    "by date": "按日期", "phase": "阶段", "define": "定义", "clause": "依据",
    "score sheet": "评分表", "total": "总分", "round": "舍入", "party": "方", "points": "分值",
    "weight": "权重", "item": "项", "awarded": "评得", "grades": "等级",
    "provided": "前提", "veto": "一票否决", "when": "当", "forces": "强制为", "finding": "发现",
    "indicator": "指标", "for each": "逐条", "compute": "计算", "not applicable": "不适用",
    "not": "非", "reconcile": "核对", "with": "对照", "require": "要求", "remove": "删除",
    "band": "档", "override": "覆盖", "if": "如果", "then": "则", "else": "否则", "or": "或",
    "and": "且", "zero": "零", "on": "遇", "true": "是", "false": "否",
    "counted": "计入", "grading": "评级", "otherwise": "其余为",
    # The spelling of a keyword another branch adds (`output`): used once the grammar quotes it.
    "output": "输出",
}
# English keywords that have no Chinese spelling of their own: `score` bare is a name, and
# `unit` (another branch's) is kept in the parse tree, so a second spelling would change
# the tree's shape where it is a keyword.
UNTRANSLATED = frozenset({"score", "unit"})

# The builtin functions and rounding modes are names, not keywords; their Chinese names
# are read as the English ones when the policy is lowered (`syntax/lowering.py`).
CHINESE_FUNCTIONS: dict[str, str] = {
    "round": "舍入", "sum": "求和", "mean": "平均", "min": "最小", "max": "最大", "count": "计数",
    "abs": "绝对值", "known": "已知", "days_between": "相隔天数", "months_between": "相隔月数",
}
CHINESE_MODES: dict[str, str] = {"half_up": "四舍五入", "half_even": "银行家舍入", "down": "截断", "up": "进一"}
# The grade a station earns is a name in expressions (`grade >= 合格`, `declared.grade with
# grade`), not a keyword (`grades` is); its Chinese name is read as `grade` alike.
CHINESE_NAMES: dict[str, str] = {"grade": "评定等级"}


def chinese_keywords() -> tuple[str, ...]:
    """The Chinese keywords of the grammar's keywords, reserved like the English ones."""
    present = set(keywords())
    return tuple(zh for en, zh in CHINESE_KEYWORDS.items() if set(en.split()) <= present)


def english_of(word: str) -> str | None:
    """The English keyword (or phrase) a Chinese keyword stands for."""
    return _ENGLISH.get(word)


_ENGLISH = {zh: en for en, zh in CHINESE_KEYWORDS.items()}
# A terminal named like this names a fact where a keyword is allowed as a name: no Chinese.
_NAME_TERMINAL = re.compile(r"^[A-Z_]+_KW\s*:", re.MULTILINE)


def _with_chinese(raw: str) -> str:
    """The grammar with each quoted keyword, or keyword phrase, given its Chinese spelling."""
    items = list(_LARK_ITEM.finditer(raw))
    name_lines = {m.start() for m in _NAME_TERMINAL.finditer(raw)}
    out: list[str] = []
    at = 0
    i = 0
    while i < len(items):
        m = items[i]
        word = m.group(1)
        line_start = raw.rfind("\n", 0, m.start()) + 1
        if word is None or line_start in name_lines:
            i += 1
            continue
        following = items[i + 1] if i + 1 < len(items) else None
        if (following is not None and following.group(1) is not None
                and not raw[m.end():following.start()].strip()
                and f"{word} {following.group(1)}" in CHINESE_KEYWORDS):
            phrase = f"{word} {following.group(1)}"
            out.append(raw[at:m.start()])
            out.append(f'({raw[m.start():following.end()]} | "{CHINESE_KEYWORDS[phrase]}")')
            at = following.end()
            i += 2
            continue
        if word in CHINESE_KEYWORDS:
            out.append(raw[at:m.start()])
            out.append(f'("{word}" | "{CHINESE_KEYWORDS[word]}")')
            at = m.end()
        i += 1
    out.append(raw[at:])
    return "".join(out)


@functools.cache
def translated_terminals() -> tuple[str, ...]:
    """The named terminals whose Chinese spelling the lexer turns into the English word,
    so that later stages see one spelling (`MIN`, `BOOLEAN`, `REMOVABLE`, …)."""
    names = []
    for line in _raw_text().splitlines():
        head = re.match(r"^([A-Z_]+)(?:\.\d+)?\s*:(.*)$", line)
        if head and not head.group(1).endswith("_KW") and any(
                m.group(1) in CHINESE_KEYWORDS for m in _LARK_ITEM.finditer(head.group(2)) if m.group(1)):
            names.append(head.group(1))
    return tuple(names)
