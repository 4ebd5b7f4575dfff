"""Diagnostics: what went wrong, where, and how to fix it.

Input: a stable code from `messages.CATALOGUE`, its arguments and the span it is
about. Output: text in the rustc/ruff layout (the line quoted, a caret under the exact
span, a `help:` line) in Chinese or English, or the same data as JSON. Every error the
tool reports about its input goes through here; `SwrulesError` carries them to the
caller.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import field, replace
from enum import Enum
from typing import Any

from .nodes import node
from .show import show
from .source import Span


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


LANGS = ("zh", "en")


@node
class Diagnostic:
    """One problem. `file`/`key_path` locate it when there is no span (fact files)."""

    code: str
    args: Mapping[str, Any] = field(default_factory=dict)
    span: Span | None = None
    file: str | None = None
    key_path: str | None = None
    # A second place that explains the first (the other definition, the cycle's start).
    related: tuple[tuple[Span, str], ...] = ()

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.code.startswith("W") else Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def _text(self, part: str, lang: str) -> str | None:
        from .messages import CATALOGUE  # some 200 entries, made when a first message is written

        entry = CATALOGUE[self.code]
        template = getattr(entry, f"{part}_{lang}")
        if template is None:
            return None
        return str(template).format_map(_Args(self.args, lang)) or None

    def shown_with(self, words: Mapping[str, str]) -> Diagnostic:
        """The diagnostic as a place other than the command line shows it: `words` fill the
        placeholders the catalogue leaves to the place (where a blank fact file comes from:
        `cli_words.MESSAGE_WORDS` unless the place gives its own, as the workbench's page does)."""
        return replace(self, args={**words, **self.args})

    def message(self, lang: str = "zh") -> str:
        return self._text("message", lang) or self.code

    def label(self, lang: str = "zh") -> str | None:
        return self._text("label", lang)

    def help(self, lang: str = "zh") -> str | None:
        return self._text("help", lang)

    @property
    def filename(self) -> str | None:
        return self.span.source.name if self.span is not None else self.file

    def sort_key(self) -> tuple[str, int, int, str]:
        """By file and place; problems with no place (fact values, found in the order the
        policy declares the facts) keep the order they were found in: the sort is stable."""
        if self.span is None:
            return (self.filename or "", 0, 0, "")
        return (self.filename or "", self.span.start, 0 if self.is_error else 1, self.code)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        line = column = end_line = end_column = None
        if self.span is not None:
            line, column = self.span.source.position(self.span.start)
            end_line, end_column = self.span.source.position(self.span.end)
        return {
            "file": self.filename,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "key_path": self.key_path,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message(lang),
            "help": self.help(lang),
        }

    def render(self, lang: str = "zh") -> str:
        """The message as a terminal shows it, with the source line and a caret."""
        sev = "错误" if lang == "zh" and self.is_error else "警告" if lang == "zh" else self.severity.value
        where = ""
        if self.span is not None:
            where = f"{self.span.source.name}:{self.span.line}:{self.span.column}: "
            if self.key_path is not None:  # a fact problem: its place, and the key it is about
                where += f"{self.key_path}: "
        elif self.file is not None:
            where = f"{self.file}: " if self.key_path is None else f"{self.file}: {self.key_path}: "
        out = [f"{where}{sev}[{self.code}]: {self.message(lang)}"]
        if self.span is not None:
            out.extend(_snippet(self.span, self.label(lang)))
            for span, note in self.related:
                where = f"{span.source.name}:{span.line}:{span.column}"
                out.append(f"  = {_note_word(lang)}: {where}: {in_lang(note, lang)}")
        hint = self.help(lang)
        if hint:
            out.append(f"  = {'帮助' if lang == 'zh' else 'help'}: {hint}")
        return "\n".join(out)


def in_lang(note: str, lang: str) -> str:
    """Notes are written `中文 / English`; show the half in the reader's language."""
    zh, sep, en = note.partition(" / ")
    return (zh if lang == "zh" else en) if sep else note


def _note_word(lang: str) -> str:
    return "注意" if lang == "zh" else "note"


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# A quoted line longer than this many characters is cut to a window around the span.
MAX_QUOTE = 100
_BEFORE = 30


def _snippet(span: Span, label: str | None) -> list[str]:
    line_no = span.line
    line = span.source.line_text(line_no).expandtabs(1)
    col = span.column - 1
    end_line, end_col = span.end_position
    stop = (end_col - 1) if end_line == line_no else len(line)
    stop = max(stop, col + 1)
    if len(line) > MAX_QUOTE:
        # Very long lines (generated text, a pasted paragraph): quote a window around the span.
        first = max(0, col - _BEFORE)
        last = min(len(line), first + MAX_QUOTE)
        prefix = "…" if first > 0 else ""
        suffix = "…" if last < len(line) else ""
        line = prefix + line[first:last] + suffix
        col = col - first + len(prefix)
        stop = min(stop - first, last - first) + len(prefix)
        stop = max(stop, col + 1)
    gutter = " " * len(str(line_no))
    pad = display_width(line[:col])
    width = max(1, display_width(line[col:stop]))
    caret = " " * pad + "^" * width + (f" {label}" if label else "")
    return [
        f"{gutter} |",
        f"{line_no} | {line}",
        f"{gutter} | {caret}",
    ]


class _Args(dict[str, Any]):
    """Format arguments; a missing one shows as itself rather than raising."""

    def __init__(self, args: Mapping[str, Any], lang: str) -> None:
        super().__init__(args)
        self.lang = lang

    def __missing__(self, key: str) -> str:
        from .cli_words import MESSAGE_WORDS  # the command line's, unless the place gave its own

        return MESSAGE_WORDS.get(key, "{" + key + "}")

    def __getitem__(self, key: str) -> Any:
        """A value that is not text or a count is shown as people read it (`（缺失）`,
        `是`, `2025-01-31`), never as the program's repr (`Unknown('missing')`)."""
        value = super().__getitem__(key)
        if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        return show(value, self.lang, exact=True)


def render_all(diagnostics: Iterable[Diagnostic], lang: str = "zh") -> str:
    return "\n\n".join(d.render(lang) for d in diagnostics)


def summary_line(diagnostics: list[Diagnostic], lang: str = "zh") -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if lang == "zh":
        return f"{errors} 个错误，{warnings} 个警告"
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


class SwrulesError(Exception):
    """Bad input: a policy or fact file that cannot be used.

    `diagnostics` lists every problem found, each with its file, line or key path,
    stable code and help. This is the one exception the public API raises for bad
    input; programming errors are not wrapped.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__(render_all(self.diagnostics, "en"))

    def render(self, lang: str = "zh") -> str:
        return render_all(self.diagnostics, lang)


class PolicyError(SwrulesError):
    """The policy file cannot be read, parsed or checked."""


class FactsError(SwrulesError):
    """A fact file cannot be read or does not match the policy's declarations."""
