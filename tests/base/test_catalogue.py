"""The catalogue of diagnostic codes (`swrules.base.messages.CATALOGUE`) is whole:
every code is documented in docs/diagnostics.md and every documented code exists;
every code that checking a policy can give has a broken policy that shows it (a case
under tests/syntax/cases or tests/check/cases, or a named test where the policy is
too large to keep as a file); and every example docs/diagnostics.md quotes from a
case is that case's real output, so the documentation cannot drift from the checker.
`pytest --update-goldens` rewrites those examples too; review them with `git diff`."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from diagnostic_cases import expectations

from swrules.base.messages import CATALOGUE

DOCS = ROOT / "docs" / "diagnostics.md"
CASE_FOLDERS = [ROOT / "tests" / "syntax" / "cases", ROOT / "tests" / "check" / "cases"]
# Codes whose smallest showing policy is generated (thousands of levels or definitions).
GENERATED = {
    "E0112": ("tests/check/test_never_crashes.py", "test_ten_thousand_nested_operators_are_refused_with_a_diagnostic"),
    "E0704": ("tests/check/test_never_crashes.py", "test_a_chain_of_thousands_of_definitions_is_a_diagnostic"),
    "E0118": ("tests/test_hardening.py", "test_a_policy_of_100000_stray_brackets_gets_at_most_31_messages_quickly"),
}
# `例子（what，见 `case`）：` and the case's output for the code of the section it is in
EXAMPLE = re.compile(r"^例子（(?P<what>[^\n]*)，见 `(?P<case>tests/[^`]+\.swr)`）：\n\n```text\n(?P<block>.*?)\n```$",
                     flags=re.M | re.S)
# any other quoted output of a case
QUOTE = re.compile(r"^```text\n(?P<block>(?P<case>tests/[\w/-]+/cases/[\w-]+\.swr):\d+:\d+: "
                   r"(?:错误|警告)\[(?P<code>[EW]\d{4})\].*?)\n```$", flags=re.M | re.S)


def _is_policy_code(code: str) -> bool:
    # W09 warns about choosing a policy version for a station (W0919), not about a policy's text.
    return "01" <= code[1:3] <= "07"


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^### ([EW]\d{4})\b", text, flags=re.M))
    assert documented == set(CATALOGUE)


def test_every_code_of_checking_a_policy_has_a_case() -> None:
    shown = {code for folder in CASE_FOLDERS for case in folder.glob("*.swr") for code, _, _ in expectations(case)}
    policy_codes = {code for code in CATALOGUE if _is_policy_code(code)}
    assert policy_codes - shown - set(GENERATED) == set()
    assert shown <= set(CATALOGUE)
    for code, (file, test) in GENERATED.items():
        source = (ROOT / file).read_text(encoding="utf-8")
        body = source.split(f"def {test}(", 1)[1].split("\ndef ", 1)[0]
        assert f'"{code}"' in body, f"{test} does not assert {code}"


def _diagnostic_blocks(output: str) -> list[str]:
    """The diagnostics of `swrules check` text output, one block each (the summary left out)."""
    return [block for block in output.strip("\n").split("\n\n") if re.match(r"^\S+: (错误|警告)\[", block)]


def _output(case: str, code: str) -> str:
    """The first diagnostic with this code in the case's golden output."""
    path = ROOT / case
    assert path.exists(), f"docs/diagnostics.md quotes {case}, which does not exist"
    golden = path.with_suffix(".zh.txt").read_text(encoding="utf-8")
    blocks = [b for b in _diagnostic_blocks(golden) if f"[{code}]" in b.split("\n", 1)[0]]
    assert blocks, f"{case} does not give {code}"
    return blocks[0]


def regenerate(docs: str) -> str:
    """The documentation with every quoted case output replaced by the case's real output."""

    def example(m: re.Match[str]) -> str:
        code = docs[:m.start()].rsplit("\n### ", 1)[1][:5]
        what = (ROOT / m["case"]).read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("# 错误示例：")
        return f"例子（{what}，见 `{m['case']}`）：\n\n```text\n{_output(m['case'], code)}\n```"

    docs = EXAMPLE.sub(example, docs)
    return QUOTE.sub(lambda m: f"```text\n{_output(m['case'], m['code'])}\n```", docs)


def test_examples_in_the_documentation_are_the_cases_output(request: pytest.FixtureRequest) -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert len(EXAMPLE.findall(text)) >= 40
    regenerated = regenerate(text)
    if request.config.getoption("--update-goldens"):
        DOCS.write_text(regenerated, encoding="utf-8")
        return
    assert text == regenerated, "docs/diagnostics.md quotes outdated output; run pytest --update-goldens"
