"""Analysing policy text as an editor holds it: parse, compose, check; and formatting.

Input: a path, the text an editor holds for it (saved or not) and the workspace root.
Output: an `Analysis`: every diagnostic as `swrules check` reports it (the same codes,
catalogue messages and help, did-you-mean included) at editor positions, the checked
policy when it checks, and the syntax tree of what parsed, for hover and definition
on a policy with errors. Nothing is written; the only files read are the bases the
text `extends`, and only below `root`. A problem found in a base file is shown at
the `extends` line, its help naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from swrules.base.diagnostics import Diagnostic, PolicyError, in_lang
from swrules.base.source import Source
from swrules.check.checker import check_good_declarations, check_policy
from swrules.check.ir import CheckedPolicy
from swrules.syntax import ast as A
from swrules.syntax.compose import load_ast
from swrules.syntax.lowering import parse_good_declarations
from swrules.tools import fmt

from .model import Lines, ServiceDiagnostic, ServiceError, Span


@dataclass(frozen=True, eq=False)
class Analysis:
    """One analysis of one text. `policy` is None when the text does not check;
    `syntax` is the composed syntax tree (or, with syntax errors, the declarations
    of this file that parsed), None when nothing parsed."""

    path: Path
    text: str
    root: Path | None
    diagnostics: tuple[ServiceDiagnostic, ...]
    policy: CheckedPolicy | None
    syntax: A.Policy | None
    lines: Lines

    @property
    def name(self) -> str:
        """The source name spans of this file carry."""
        return str(self.path)


def analyse(path: Path, text: str, root: Path | None = None, lang: str = "zh") -> Analysis:
    """Parse and check `text` as if it were the file `path`."""
    path = Path(path)
    name = str(path)
    source = Source.from_text(name, text)
    checked: CheckedPolicy | None = None
    syntax: A.Policy | None = None
    try:
        syntax, _ = load_ast(path, text, root)
    except PolicyError as exc:
        diags = list(exc.diagnostics)
        if any(d.code.startswith("E01") for d in diags):
            syntax = parse_good_declarations(source)
            diags = sorted(diags + check_good_declarations(syntax, name), key=Diagnostic.sort_key)
    else:
        checked, diags = check_policy(syntax, name)
    lines = Lines(text)
    extends = _extends_span(syntax, name) if syntax is not None else None
    shown = tuple(x for d in diags for x in (convert(d, lines, name, lang, extends), *_notes(d, lines, name, lang)))
    return Analysis(path, text, root, shown, checked, syntax, lines)


def _extends_span(policy: A.Policy, name: str) -> Span | None:
    for d in policy.declarations:
        if isinstance(d, A.Extends) and d.span is not None and d.span.source.name == name:
            return Lines(d.span.source.text).of(d.span)
    return None


def convert(d: Diagnostic, lines: Lines, name: str, lang: str = "zh", elsewhere: Span | None = None,
            ) -> ServiceDiagnostic:
    """A checker diagnostic at editor positions. One about another file (a base the
    text extends) is placed at `elsewhere` (the `extends` line), or at the start."""
    severity = "error" if d.is_error else "warning"
    hint = d.help(lang)
    if d.span is not None and d.span.source.name == name:
        span = lines.of(d.span)
    else:
        span = elsewhere or Span(0, 0, 0, 0)
        where = d.span.location() if d.span is not None else d.file
        if where and where != name:
            hint = f"{hint}（{where}）" if hint else where
    return ServiceDiagnostic(d.code, severity, d.message(lang), hint, span)


def _notes(d: Diagnostic, lines: Lines, name: str, lang: str) -> list[ServiceDiagnostic]:
    """The second places a diagnostic points at (the other definition, where a cycle
    starts), as notes, when they are in this file."""
    return [ServiceDiagnostic(d.code, "note", in_lang(note, lang), None, lines.of(span))
            for span, note in d.related if span.source.name == name]


def format_text(path: Path, text: str, lang: str = "zh") -> str:
    """The text as `swrules fmt` writes it; `ServiceError` when it does not parse."""
    name = str(path)
    try:
        return fmt.format_text(text, name)
    except PolicyError as exc:
        lines = Lines(text)
        raise ServiceError(tuple(convert(d, lines, name, lang) for d in exc.diagnostics)) from None
