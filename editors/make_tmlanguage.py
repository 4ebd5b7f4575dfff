"""Write editors/vscode/syntaxes/swrules.tmLanguage.json from the grammar's keywords.

Run after a keyword is added to grammar/swrules.lark (tests/editors/test_textmate.py
fails until then):  .venv/bin/python editors/make_tmlanguage.py

The keywords come from `swrules.service.lexing.reserved_words()`: every word quoted in
the grammar as the parser reads it, Chinese spellings included, the one list the
parser, the error messages and the highlighters share; a keyword this script does not
know a finer scope for is highlighted as `keyword.other`. A word after a `.` is a field's name
(`station.phase`), never a keyword, as in the parser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from swrules.service.lexing import reserved_words
from swrules.syntax import grammar as language

OUT = Path(__file__).resolve().parent / "vscode" / "syntaxes" / "swrules.tmLanguage.json"

# Finer TextMate scopes for some keywords; any other keyword is `keyword.other.swrules`.
SCOPES = {
    "keyword.control.swrules": {"when", "if", "then", "else", "for", "each", "provided", "forces", "not",
                                "applicable", "on", "zero", "with", "from", "to", "by"},
    "keyword.operator.word.swrules": {"and", "or"},
    "storage.type.swrules": {"boolean", "integer", "decimal", "percent", "date", "text", "one", "of",
                             "optional", "records"},
    "constant.language.swrules": {"true", "false"},
}


def word_pattern(words: list[str]) -> str:
    """Any of `words` as a whole word (letters of any script count as word characters)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return rf"(?<![\w.])(?:{alternatives})(?!\w)"


def grammar() -> dict[str, object]:
    words = list(reserved_words())
    # A Chinese keyword takes the scope of the English one it spells, where the grammar
    # module says which (`english_of`, present once Chinese keywords are in the language).
    english_of = getattr(language, "english_of", lambda word: None)
    groups: dict[str, list[str]] = {}
    for word in words:
        said = set((english_of(word) or word).split())
        scope = next((s for s, members in SCOPES.items() if said & members), "keyword.other.swrules")
        groups.setdefault(scope, []).append(word)
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "swrules",
        "scopeName": "source.swrules",
        "fileTypes": ["swr"],
        "patterns": [{"include": f"#{name}"} for name in
                     ("comment", "string", "number", "member", "function", "keywords", "operator", "punctuation")],
        "repository": {
            "comment": {"name": "comment.line.number-sign.swrules", "match": "#.*$"},
            "string": {"name": "string.quoted.double.swrules", "match": '"[^"]*("|$)'},
            "number": {"patterns": [
                {"name": "constant.numeric.date.swrules", "match": r"(?<![\w.])\d{4}-\d{2}-\d{2}(?!\w)"},
                {"name": "constant.numeric.swrules", "match": r"(?<![\w.])\d+(?:\.\d+)?%?"},
            ]},
            "member": {"name": "variable.other.member.swrules", "match": r"(?<=\.)\s*[^\W\d]\w*"},
            "function": {"name": "entity.name.function.swrules", "match": r"(?<![\w.])[^\W\d]\w*(?=\s*\()"},
            "keywords": {"patterns": [{"name": scope, "match": word_pattern(group)}
                                      for scope, group in sorted(groups.items())]},
            "operator": {"name": "keyword.operator.swrules", "match": "<=|>=|!=|[<>=+\\-*/≤≥≠×÷]"},
            "punctuation": {"patterns": [
                {"name": "punctuation.section.block.swrules", "match": "[{}]"},
                {"name": "punctuation.section.parens.swrules", "match": "[()]"},
                {"name": "punctuation.separator.swrules", "match": "[,:.]"},
            ]},
        },
    }


def main() -> None:
    OUT.write_text(json.dumps(grammar(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
