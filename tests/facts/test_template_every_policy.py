"""The fact template of every policy in the repository is valid TOML, as written and once
filled in: Chinese section and fact names are written as quoted keys (`["细则"]`), which TOML
1.0 requires, so `facts check` never rejects an untouched template with a syntax error."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import run_cli

POLICIES = sorted(p for p in (ROOT / "policies").rglob("*.swr") if "tests" not in p.parts)


def fill(template: str) -> str:
    """What a station does: uncomment every fact line and every table header."""
    return re.sub(r'^# (\[\[.+\]\]|(?:"[^"]+"|[\w-]+) = .*)$', r"\1", template, flags=re.MULTILINE)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: str(p.relative_to(ROOT)))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_checks_with_only_missing_values(policy: Path, lang: str, tmp_path: Path) -> None:
    template = tmp_path / "t.toml"
    made = run_cli("facts", "template", str(policy), "--lang", lang, "-o", str(template))
    assert made.exit_code == 0, made.output
    text = template.read_text(encoding="utf-8")
    tomllib.loads(text)  # valid TOML as written
    check = run_cli("facts", "check", str(policy), str(template), "--lang", "en")
    assert check.exit_code == 0, check.output
    assert "E08" not in check.output  # no syntax or value error: only "missing"
    filled = tmp_path / "filled.toml"
    filled.write_text(fill(text), encoding="utf-8")
    tomllib.loads(filled.read_text(encoding="utf-8"))
    check = run_cli("facts", "check", str(policy), str(filled), "--lang", "en")
    # Every example value is of its type and in its range; a requirement between facts (a period
    # that must not end the day it starts) may still refuse example values, never their syntax.
    codes = set(re.findall(r"error\[(E\d{4})\]", check.output))
    assert codes <= {"E0808"}, check.output
    assert check.exit_code == 0 or codes == {"E0808"}, check.output


def test_chinese_names_are_quoted_keys() -> None:
    text = run_cli("facts", "template", str(ROOT / "policies/examples/weighted-letter-grades.swr")).stdout
    assert '["评分"]' in text and '# "专业服务" = 0.0' in text
    assert "[评分]" not in text
