"""The names the language itself gives every policy, as an editor shows them.

Input: a word as written (English or its Chinese spelling) and, for a hover, the syntax
tree of the policy. Output: `Builtin`s (the values `total`, `grade`, `phase` and a
record's `score`; the functions, under each of their names; the rounding modes, and a
mode's Chinese name used as a function, `四舍五入(值, 位数)`), and `describe_builtin`:
what one is, as Markdown, with what this policy says of it (the total's maximum,
rounding and formula; the grades in order; the phases and the fact they are read from).
The meanings come from `base.syntax_words`, the spellings from `syntax.grammar` and the
calls from `check.calls`, so a hover says what the checker and the messages say.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from swrules.base.show import as_written, colon, join
from swrules.base.syntax_words import (
    BUILTIN_MEANINGS,
    FUNCTION_MEANINGS,
    LANGUAGE_WORDS,
    MODE_MEANINGS,
)
from swrules.base.values import ROUNDING_MODES
from swrules.base.words import w
from swrules.check.calls import FUNCTIONS
from swrules.syntax import ast as A
from swrules.syntax.grammar import CHINESE_FUNCTIONS, CHINESE_KEYWORDS, CHINESE_MODES, CHINESE_NAMES


@dataclass(frozen=True, slots=True)
class Builtin:
    """One spelling of one of the language's names."""

    word: str  # as written: `sum`, `求和`, `四舍五入`
    name: str  # the English name it stands for: `sum`, `sum`, `half_up`
    kind: str  # "value" | "function" | "mode"
    meaning: tuple[str, str]  # what it is, in Chinese and in English
    usage: str | None = None  # how a function is called, in this spelling
    other: str | None = None  # its other spelling


def _words(key: str, lang: str) -> str:
    zh, en = LANGUAGE_WORDS[key]
    return zh if lang == "zh" else en


@functools.cache
def builtins() -> dict[str, Builtin]:
    """Every spelling of the language's own names, English first."""
    out: dict[str, Builtin] = {}
    for name, (_, zh, en) in BUILTIN_MEANINGS.items():
        chinese = CHINESE_NAMES.get(name) or CHINESE_KEYWORDS.get(name) if name != "score" else None
        out[name] = Builtin(name, name, "value", (zh, en), other=chinese)
        if chinese:
            out[chinese] = Builtin(chinese, name, "value", (zh, en), other=name)
    for name, usage in FUNCTIONS.items():
        chinese = CHINESE_FUNCTIONS.get(name)
        out[name] = Builtin(name, name, "function", FUNCTION_MEANINGS[name], usage, chinese)
        if chinese:
            out[chinese] = Builtin(chinese, name, "function", FUNCTION_MEANINGS[name],
                                   usage.replace(f"{name}(", f"{chinese}("), name)
    for name, meaning in MODE_MEANINGS.items():
        chinese = CHINESE_MODES[name]
        out[name] = Builtin(name, name, "mode", meaning, None, chinese)
        # A mode's Chinese name is also a function of two arguments: `四舍五入(x, 2)` is round(x, 2, half_up).
        out[chinese] = Builtin(chinese, name, "mode", meaning, f"{chinese}(值, 位数)", name)
    for alias, rounding in ROUNDING_MODES.items():  # another spelling the checker reads: `truncate`
        if alias not in out:
            name = next(m for m in MODE_MEANINGS if ROUNDING_MODES[m] == rounding)
            out[alias] = Builtin(alias, name, "mode", MODE_MEANINGS[name], None, name)
    return out


def builtin(word: str) -> Builtin | None:
    return builtins().get(word)


def detail(b: Builtin, lang: str = "zh") -> str:
    """One line for a completion list: what it is, and how a function is called."""
    meaning = b.meaning[0] if lang == "zh" else b.meaning[1]
    return f"{meaning} · {b.usage}" if b.usage else meaning


def describe_builtin(b: Builtin, policy: A.Policy | None, lang: str = "zh") -> str:
    """A hover on one of the language's names, as Markdown."""
    zh, en = b.meaning
    kind = _words("builtin" if b.kind == "value" else b.kind, lang)
    lines = [f"**{_title(b)}** `{b.name}`" if lang == "zh" else f"`{b.word}`", f"{kind} · {zh if lang == 'zh' else en}"]
    if b.usage:
        lines.append(f"{_words('written', lang)}{colon(lang)}`{b.usage}`")
        if b.kind == "mode":
            lines.append(_words("same_as", lang).format(call=f"`round(值, 位数, {b.name})`"))
    if b.other:
        lines.append(f"{_words('also', lang)}{colon(lang)}`{b.other}`")
    if policy is not None and b.kind == "value":
        lines.extend(_in_policy(b.name, policy, lang))
    return "\n\n".join(lines)


def _title(b: Builtin) -> str:
    """The name a Chinese hover gives it: 总分, 评定等级; a function's or a mode's Chinese spelling."""
    if b.kind == "value":
        return BUILTIN_MEANINGS[b.name][0]
    return (CHINESE_FUNCTIONS if b.kind == "function" else CHINESE_MODES).get(b.name, b.name)


def _in_policy(name: str, policy: A.Policy, lang: str) -> list[str]:
    """What this policy says of `total`, `grade` or `phase`."""
    for declared in policy.declarations:
        d = declared.target if isinstance(declared, A.Override) else declared
        if name == "total" and isinstance(d, A.Sheet) and d.total is not None:
            return _total(d.total, lang)
        if name == "grade" and isinstance(d, A.Grades):
            return [f"{w('kind_grade', lang)}{colon(lang)}{join((b.name for b in d.bands), lang)}"]
        if name == "phase" and isinstance(d, A.Phases):
            shown = join((f"{p.label} `{p.name}`" if p.label else f"`{p.name}`" for p in d.phases), lang)
            return [f"{w('kind_phase', lang)}{colon(lang)}{shown}",
                    f"{_words('read_from', lang)}{colon(lang)}`{d.source.dotted}`"]
    return []


def _total(t: A.TotalDecl, lang: str) -> list[str]:
    out = [f"{w('max', lang)}{colon(lang)}{as_written(t.maximum)}"]
    if t.rounding is not None:
        mode = MODE_MEANINGS.get(t.rounding.mode, (t.rounding.mode, t.rounding.mode))
        out.append(_words("rounding", lang).format(places=t.rounding.places,
                                                   mode=(mode[0] if lang == "zh" else mode[1]).split("：")[0]))
    if t.counted is not None and t.counted.span is not None:
        out.append(f"{w('hover_formula', lang)}{colon(lang)}`{' '.join(t.counted.span.text.split())}`")
    return out
