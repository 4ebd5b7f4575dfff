"""Fact problems get a line, a column and a caret: the key path is found in the TOML or
JSON text (a scanner that runs only on the error path)."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import GUANGZHOU, LUOPU, ROOT
from helpers import run_cli

from swrules.base.source import Source
from swrules.facts.positions import parse_key_path, scan

FACT_FILES = sorted((ROOT / "examples").rglob("*.toml")) + sorted((ROOT / "examples").rglob("*.json"))


def leaves(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in leaves(v, (*path, k))]
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [leaf for i, v in enumerate(value) for leaf in leaves(v, (*path, i))]
    return [(path, value)]


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda p: p.name)
def test_every_value_of_every_example_is_found_where_it_is_written(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    json_file = path.suffix == ".json"
    data = json.loads(text, parse_float=Decimal) if json_file else tomllib.loads(text, parse_float=Decimal)
    places = scan(Source.from_text(str(path), text))
    for key, value in leaves(data):
        _, _, vs, ve = places[key]
        written = text[vs:ve]
        again = json.loads(written, parse_float=Decimal) if json_file else \
            tomllib.loads(f"v = {written}", parse_float=Decimal)["v"]
        assert again == value, (key, written)


def test_tables_arrays_of_tables_dotted_quoted_and_inline_keys() -> None:
    text = ('a.b = 1\n"q.k" = \'x # not a comment\'  # comment\n[t]\nin = { x = 2, y = { z = [1, 2] } }\n'
            '[[r]]\nn = 1\n[[r.s]]\nm = 5\n[[r]]\nn = """two\nlines"""\n[[r.s]]\nm = 6\n')
    places = scan(Source.from_text("f.toml", text))

    def at(key: str) -> str:
        _, _, vs, ve = places[parse_key_path(key)]
        return text[vs:ve]

    assert at("a.b") == "1"
    _, _, vs, ve = places[("q.k",)]  # a quoted key with a dot in it is one key
    assert text[vs:ve] == "'x # not a comment'"
    assert at("t.in.y.z") == "[1, 2]" and at("t.in.x") == "2"
    assert at("r[0].n") == "1" and at("r[0].s[0].m") == "5"
    assert at("r[1].n") == '"""two\nlines"""' and at("r[1].s[0].m") == "6"


def many_indicators(tmp_path: Path) -> Path:
    text = LUOPU.read_text(encoding="utf-8")
    assert text.count("[[indicators]]") == 12
    # The ninth record's target is broken; the eight before it carry the same key.
    parts = text.split("[[indicators]]")
    parts[9] = parts[9].replace("target = ", 'target = "一千"  # was ', 1)
    path = tmp_path / "station.toml"
    path.write_text("[[indicators]]".join(parts), encoding="utf-8")
    return path


def test_a_problem_in_the_ninth_of_twelve_records_is_given_its_line_and_caret(tmp_path: Path) -> None:
    path = many_indicators(tmp_path)
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if '"一千"' in t)
    result = run_cli("facts", "check", str(GUANGZHOU), str(path))
    assert result.exit_code == 1
    assert f"{path}:{line}:10: indicators[8].target: 错误[E0803]" in result.stdout
    assert f'{line} | target = "一千"' in result.stdout
    assert "^^^^" in result.stdout
    as_json = run_cli("facts", "check", str(GUANGZHOU), str(path), "--format", "json")
    [error] = json.loads(as_json.stdout)[0]["errors"]
    assert (error["line"], error["column"], error["key_path"]) == (line, 10, "indicators[8].target")


def test_an_unknown_key_is_underlined_itself_and_a_json_file_is_placed_too(tmp_path: Path) -> None:
    toml = tmp_path / "s.toml"
    toml.write_text('[station]\nname = "x"\nphse = "midterm"\n', encoding="utf-8")
    result = run_cli("facts", "check", str(GUANGZHOU), str(toml))
    assert f"{toml}:3:1: station.phse: 错误[E0802]" in result.stdout and "\n  | ^^^^" in result.stdout
    js = tmp_path / "s.json"
    js.write_text('{\n  "station": {\n    "name": "x",\n    "phase": "mid"\n  }\n}\n', encoding="utf-8")
    result = run_cli("facts", "check", str(GUANGZHOU), str(js), "--format", "json")
    [error] = json.loads(result.stdout)[0]["errors"]
    assert (error["line"], error["column"], error["end_column"]) == (4, 14, 19)
