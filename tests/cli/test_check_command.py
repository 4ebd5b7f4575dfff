"""`swrules check`: exit statuses, formats, languages, strictness; and every other
command refuses a policy with errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import GUANGZHOU, LUOPU, ROOT
from helpers import run_cli

TESTS = Path(__file__).resolve().parents[1]
SYNTAX_CASES = TESTS / "syntax" / "cases"
CHECK_CASES = TESTS / "check" / "cases"


def test_the_guangzhou_policy_checks_clean() -> None:
    result = run_cli("check", str(GUANGZHOU))
    assert result.exit_code == 0
    assert result.output == f"{GUANGZHOU}: 没有发现问题\n"
    assert json.loads(run_cli("check", "--format", "json", str(GUANGZHOU)).output) == []


def test_errors_exit_1_and_are_all_reported() -> None:
    result = run_cli("check", str(SYNTAX_CASES / "e01-several-syntax-errors.swr"))
    assert result.exit_code == 1
    assert re.findall(r"错误\[(E\d+)\]", result.output) == ["E0102", "E0105", "E0100"]
    assert result.output.rstrip().endswith("3 个错误，0 个警告")


def test_warnings_pass_unless_strict() -> None:
    case = str(CHECK_CASES / "w0203-unused-param.swr")
    assert run_cli("check", case).exit_code == 0
    strict = run_cli("check", "--strict", case)
    assert strict.exit_code == 1
    assert "警告[W0203]" in strict.output


def test_an_unreadable_file_exits_2_and_the_others_are_still_checked(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.swr"
    result = run_cli("check", str(missing), str(SYNTAX_CASES / "e0105-vetoo.swr"))
    assert result.exit_code == 2
    assert "E0001" in result.output and "E0105" in result.output


def test_a_file_that_is_not_utf8_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "gbk.swr"
    bad.write_bytes("policy \"广州\" {}".encode("gbk"))
    result = run_cli("check", str(bad))
    assert result.exit_code == 2
    assert "E0002" in result.output


def test_json_lists_the_fields_editors_need() -> None:
    result = run_cli("check", "--format", "json", "--lang", "en", str(SYNTAX_CASES / "e0105-vetoo.swr"))
    (d,) = json.loads(result.output)
    assert d == {
        "file": str(SYNTAX_CASES / "e0105-vetoo.swr"), "line": 25, "column": 1, "end_line": 25, "end_column": 6,
        "key_path": None, "severity": "error", "code": "E0105", "message": "unknown keyword `vetoo`",
        "help": "did you mean `veto`?",
    }


def test_english_output_uses_english_words() -> None:
    result = run_cli("check", "--lang", "en", str(CHECK_CASES / "e0501-band-gap.swr"))
    assert "error[E0501]: the grade bands leave a gap: a total in 89 < total < 90 has no grade" in result.output
    assert "1 error, 0 warnings" in result.output


def test_eval_refuses_a_policy_with_errors_before_reading_facts() -> None:
    result = run_cli("eval", str(CHECK_CASES / "e0401-party-shares.swr"), str(LUOPU))
    assert result.exit_code == 2
    assert "E0401" in result.output



def test_a_folder_of_versions_is_checked_with_its_dates(tmp_path: Path) -> None:
    versions = ROOT / "policies" / "examples" / "guangzhou-versions"
    clean = run_cli("check", str(versions))
    assert clean.exit_code == 0 and clean.output == f"{versions}: 没有发现问题\n"
    # The same folder with the newer version starting before the older one ends: found at check.
    (tmp_path / "guangzhou").mkdir()
    (tmp_path / "guangzhou" / "station-evaluation.swr").write_text(GUANGZHOU.read_text(encoding="utf-8"),
                                                                   encoding="utf-8")
    folder = tmp_path / "examples" / "versions"
    folder.mkdir(parents=True)
    for f in versions.glob("*.swr"):
        text = f.read_text(encoding="utf-8").replace("effective from 2023-01-01", "effective from 2022-06-01")
        (folder / f.name).write_text(text, encoding="utf-8")
    overlap = run_cli("check", str(folder), "--lang", "en")
    assert overlap.exit_code == 1
    assert "error[E0910]" in overlap.output and "2022-06-01 to 2022-12-31" in overlap.output
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "E0912" in run_cli("check", str(empty)).output
