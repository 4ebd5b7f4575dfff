"""Bad input is refused with a message naming the file and line (or key path), exit
status 2 and no traceback; the Python API raises one exception type carrying the
diagnostics; a compiled policy evaluates without touching the parser."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import GUANGZHOU, LUOPU
from helpers import run_cli, station

import swrules
import swrules.syntax.parser


def test_policy_with_an_error_is_refused_with_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.swr"
    text = GUANGZHOU.read_text(encoding="utf-8").replace(
        "compliance.staffing_shortfall >= 社工缺口上限", "compliance.staffing_shortfal >= 社工缺口上限")
    broken.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  when compliance.staffing_shortfal >= 社工缺口上限") + 1
    result = run_cli("eval", str(broken), str(LUOPU))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{broken}:{line}:8: 错误[E0204]" in result.stderr  # no such field in the section
    assert "是否想写 `staffing_shortfall`" in result.stderr  # did you mean
    assert "Traceback" not in result.stderr


def test_unreadable_policy_and_facts_exit_2(tmp_path: Path) -> None:
    assert run_cli("eval", str(tmp_path / "none.swr"), str(LUOPU)).exit_code == 2
    missing = run_cli("eval", str(GUANGZHOU), str(tmp_path / "none.toml"))
    assert missing.exit_code == 2 and "none.toml" in missing.stderr


def test_invalid_facts_exit_2_naming_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(LUOPU.read_text(encoding="utf-8").replace("operations = 9.14", "operations = 19.14"),
                   encoding="utf-8")
    result = run_cli("eval", str(GUANGZHOU), str(bad))
    assert result.exit_code == 2
    assert "scores.operations" in result.stderr and "19.14" in result.stderr
    assert result.stdout == ""


def test_api_raises_one_exception_type_with_every_problem(guangzhou: swrules.Policy) -> None:
    facts = station(scores__operations=D("11"), station__phase="mid")
    with pytest.raises(swrules.SwrulesError) as info:
        guangzhou.evaluate(facts)
    assert isinstance(info.value, swrules.FactsError)
    # in the order the policy declares the facts: [station] before [scores]
    assert [d.key_path for d in info.value.diagnostics] == ["station.phase", "scores.operations"]
    assert "midterm" in info.value.diagnostics[0].help("en")  # did you mean


def test_api_policy_errors_are_swrules_errors(tmp_path: Path) -> None:
    p = tmp_path / "p.swr"
    p.write_text("policy \"x\" {\n", encoding="utf-8")
    with pytest.raises(swrules.PolicyError) as info:
        swrules.load_policy(p)
    assert info.value.diagnostics and info.value.diagnostics[0].filename == str(p)


def test_evaluation_never_touches_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = swrules.load_policy(GUANGZHOU)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("evaluation parsed text")

    monkeypatch.setattr(swrules.syntax.parser, "parse_tree", no_parsing)
    monkeypatch.setattr(swrules.syntax.parser.parser(), "parse", no_parsing)
    for _ in range(3):
        assert policy.evaluate(station()).total == D("88.50")


def test_json_output_of_eval(tmp_path: Path) -> None:
    import json

    result = run_cli("eval", "--format", "json", str(GUANGZHOU), str(LUOPU))
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["total"] == "86.39" and doc["grade"] == "良好"
