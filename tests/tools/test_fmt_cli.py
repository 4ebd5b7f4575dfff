"""`swrules fmt` as CI and officers use it: --check lists what would change (exit 1),
--write rewrites only what changed, a file that does not parse is never touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from helpers import run_cli

from swrules.cli import cli

POLICIES = sorted((ROOT / "policies").rglob("*.swr"))
UNFORMATTED = 'policy "t" {version "1"}\n# 上限\nparam 上限=5\n'
FORMATTED = 'policy "t" {\n  version "1"\n}\n\n# 上限\nparam 上限 = 5\n'


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_shipped_policies_are_formatted(path: Path) -> None:
    result = run_cli("fmt", "--check", str(path))
    assert result.exit_code == 0, f"{path} is not formatted; run `swrules fmt --write {path}`\n{result.output}"


def test_prints_to_stdout_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.swr"
    path.write_text(UNFORMATTED, encoding="utf-8")
    result = run_cli("fmt", str(path))
    assert result.exit_code == 0
    assert result.stdout == FORMATTED
    assert path.read_text(encoding="utf-8") == UNFORMATTED


def test_check_lists_files_that_would_change(tmp_path: Path) -> None:
    messy, tidy = tmp_path / "messy.swr", tmp_path / "tidy.swr"
    messy.write_text(UNFORMATTED, encoding="utf-8")
    tidy.write_text(FORMATTED, encoding="utf-8")
    result = run_cli("fmt", "--check", "--lang", "en", str(messy), str(tidy))
    assert result.exit_code == 1
    assert result.stdout == f"would reformat: {messy}\n"
    assert messy.read_text(encoding="utf-8") == UNFORMATTED


def test_write_rewrites_only_changed_files(tmp_path: Path) -> None:
    messy, tidy = tmp_path / "messy.swr", tmp_path / "tidy.swr"
    messy.write_text(UNFORMATTED, encoding="utf-8")
    tidy.write_text(FORMATTED, encoding="utf-8")
    before = tidy.stat().st_mtime_ns
    messy.chmod(0o644)
    result = run_cli("fmt", "--write", str(messy), str(tidy))
    assert result.exit_code == 0
    assert messy.read_text(encoding="utf-8") == FORMATTED
    assert messy.stat().st_mode & 0o777 == 0o644  # permissions kept: others may still read the policy
    assert tidy.stat().st_mtime_ns == before
    assert run_cli("fmt", "--check", str(messy)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["messy.swr", "tidy.swr"]  # no temporary left behind


def test_a_file_that_does_not_parse_is_left_alone(tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.swr", tmp_path / "good.swr"
    bad_text = 'policy "t" {\n  version 1\n}\n'
    bad.write_text(bad_text, encoding="utf-8")
    good.write_text(UNFORMATTED, encoding="utf-8")
    result = run_cli("fmt", "--write", str(bad), str(good))
    assert result.exit_code == 2
    assert bad.read_text(encoding="utf-8") == bad_text
    assert f"{bad}:2:11" in result.stderr and "E0100" in result.stderr
    assert good.read_text(encoding="utf-8") == FORMATTED  # the other files are still formatted


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    result = run_cli("fmt", "--check", str(tmp_path / "missing.swr"))
    assert result.exit_code == 2
    assert "E0001" in result.stderr


def test_check_and_write_together_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("fmt", "--check", "--write", str(tmp_path / "x.swr"))
    assert result.exit_code == 2
    assert "--check" in result.output


def test_reads_standard_input() -> None:
    result = CliRunner().invoke(cli, ["fmt", "-"], input=UNFORMATTED)
    assert result.exit_code == 0
    assert result.stdout == FORMATTED


def test_a_folder_stands_for_its_policies(tmp_path: Path) -> None:
    (tmp_path / "district").mkdir()
    (tmp_path / "district" / "a.swr").write_text(UNFORMATTED, encoding="utf-8")
    (tmp_path / "b.swr").write_text(FORMATTED, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("不是政策", encoding="utf-8")
    result = run_cli("fmt", "--check", "--lang", "en", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == f"would reformat: {tmp_path / 'district' / 'a.swr'}\n"
    assert run_cli("fmt", "--check", str(ROOT / "policies")).exit_code == 0


def test_output_that_would_change_the_policy_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    import swrules.cli.fmt
    from swrules.cli import main

    path = tmp_path / "p.swr"
    path.write_text(UNFORMATTED, encoding="utf-8")
    # A printer bug that changes a number: the command must notice and refuse.
    monkeypatch.setattr(swrules.cli.fmt, "format_source", lambda *a: FORMATTED.replace("5", "6"))
    with pytest.raises(SystemExit) as exit_info:
        main(["fmt", "--write", str(path)])
    assert exit_info.value.code == 70
    assert path.read_text(encoding="utf-8") == UNFORMATTED
    assert "swrules 内部错误" in capsys.readouterr().err  # Chinese by default, like every message
