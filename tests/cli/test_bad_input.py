"""Bad input on the command line is refused with a message naming the file and line
(or key path), exit status 2 and no traceback."""

from __future__ import annotations

from pathlib import Path

from conftest import GUANGZHOU, LUOPU
from helpers import run_cli


def test_policy_with_an_error_is_refused_with_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.swr"
    text = GUANGZHOU.read_text(encoding="utf-8").replace(
        "then compliance.staffing_shortfall >=", "then compliance.staffing_shortfal >=")
    broken.write_text(text, encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "then compliance.staffing_shortfal >=" in x)
    result = run_cli("eval", str(broken), str(LUOPU))
    assert result.exit_code == 2
    assert result.stdout == ""
    column = text.splitlines()[line - 1].index("compliance.staffing_shortfal >=") + 1
    assert f"{broken}:{line}:{column}: 错误[E0204]" in result.stderr  # no such field in the section
    assert "是否想写社工人员配备累计缺少（人次） `staffing_shortfall`" in result.stderr  # did you mean, with its label
    assert "Traceback" not in result.stderr


def test_unreadable_policy_and_facts_exit_2(tmp_path: Path) -> None:
    policy = run_cli("eval", str(tmp_path / "none.swr"), str(LUOPU))
    assert policy.exit_code == 2 and f"{tmp_path / 'none.swr'}: 错误[E0001]" in policy.stderr
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


def test_json_output_of_eval(tmp_path: Path) -> None:
    import json

    result = run_cli("eval", "--format", "json", str(GUANGZHOU), str(LUOPU))
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["total"] == "86.39" and doc["grade"] == "良好"
