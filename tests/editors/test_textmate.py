"""The TextMate grammar and the VS Code extension in editors/: every pattern compiles
in Oniguruma (the regular expressions TextMate editors run), the keywords it lists
are exactly the grammar's, and it colours a real policy as the parser reads it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import onigurumacffi

from swrules.cli.common import COMMANDS
from swrules.service.lexing import reserved_words
from swrules.syntax.grammar import keywords

ROOT = Path(__file__).resolve().parents[2]
VSCODE = ROOT / "editors" / "vscode"
GRAMMAR = VSCODE / "syntaxes" / "swrules.tmLanguage.json"
REGENERATE = "run `.venv/bin/python editors/make_tmlanguage.py` and commit the file"


def tm() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    return data


def patterns(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        found.extend(node[k] for k in ("match", "begin", "end") if k in node)
        for value in node.values():
            found.extend(patterns(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(patterns(value))
    return found


def listed_keywords() -> list[str]:
    words: list[str] = []
    for rule in tm()["repository"]["keywords"]["patterns"]:
        m = re.fullmatch(r"\(\?<!\[\\w\.\]\)\(\?:(.*)\)\(\?!\\w\)", rule["match"])
        assert m, rule["match"]
        words.extend(re.sub(r"\\(.)", r"\1", w) for w in m.group(1).split("|"))
    return words


def test_every_pattern_compiles_in_oniguruma() -> None:
    found = patterns(tm())
    assert len(found) >= 10
    for pattern in found:
        onigurumacffi.compile(pattern)


def test_the_keywords_are_exactly_the_grammars() -> None:
    listed = listed_keywords()
    assert len(listed) == len(set(listed)), "a keyword is listed twice"
    assert set(listed) == set(reserved_words()), REGENERATE
    assert set(keywords()) <= set(listed)  # every word of grammar/swrules.lark, whatever else the parser adds


def test_a_policy_line_is_coloured_as_the_parser_reads_it() -> None:
    rules = tm()["repository"]
    line = 'veto 示例 "标签" { when station.phase = midterm and 85% >= 0.8 } # 注释'
    keyword = [onigurumacffi.compile(r["match"]) for r in rules["keywords"]["patterns"]]

    def is_keyword(at: int) -> bool:
        return any(k.match(line, at) is not None for k in keyword)

    assert is_keyword(line.index("veto")) and is_keyword(line.index("when")) and is_keyword(line.index("and"))
    assert not is_keyword(line.index("phase"))  # a field after a dot
    assert not is_keyword(line.index("示例"))
    assert onigurumacffi.compile(rules["comment"]["match"]).search(line).group() == "# 注释"
    member = onigurumacffi.compile(rules["member"]["match"])
    assert member.search(line).group() == "phase"


def test_the_vscode_extension_names_the_grammar_and_starts_swrules_lsp() -> None:
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    [language] = manifest["contributes"]["languages"]
    [grammar] = manifest["contributes"]["grammars"]
    assert language["extensions"] == [".swr"] and grammar["language"] == language["id"]
    assert (VSCODE / grammar["path"]).resolve() == GRAMMAR
    assert grammar["scopeName"] == tm()["scopeName"]
    assert (VSCODE / language["configuration"]).is_file() and (VSCODE / manifest["main"]).is_file()
    command = manifest["contributes"]["configuration"]["properties"]["swrules.server.command"]["default"]
    assert command == ["swrules", "lsp"] and "lsp" in COMMANDS
    json.loads((VSCODE / language["configuration"]).read_text(encoding="utf-8"))
