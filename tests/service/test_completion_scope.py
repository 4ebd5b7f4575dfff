"""Completion reads only the declaration being written: a mistake in another one leaves
the offers as the grammar has them, and the text alone (the workbench's editor) gets the
same offers as a full analysis (the language server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from swrules.service import analyse, completions, text_completions
from swrules.service import complete as complete_module
from swrules.service.declarations import declaration_start, declared_names, indicator_over

ROOT = Path(__file__).resolve().parents[2]
GUANGZHOU = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
OVERLAY = ROOT / "policies" / "examples" / "district-overlay" / "station-evaluation.swr"
POLICY = GUANGZHOU.read_text(encoding="utf-8")
# An officer has mistyped a keyword near the top (`fcts` for `facts`) and goes on writing a rule.
TYPO = ("facts station", "fcts station")
WRITING = ("when staff.retention_rate < 稳岗率要求", "when staff.retention_rate < 稳")


def at(text: str, needle: str, into: int) -> tuple[int, int]:
    start = text.index(needle) + into
    return text.count("\n", 0, start), start - (text.rfind("\n", 0, start) + 1)


def labels(text: str, needle: str, into: int) -> set[str]:
    return {c.label for c in completions(analyse(GUANGZHOU, text), *at(text, needle, into))}


def test_a_mistake_in_an_earlier_declaration_changes_nothing_offered_in_a_later_one() -> None:
    clean = POLICY.replace(*WRITING, 1)
    broken = clean.replace(*TYPO, 1)
    assert any(d.code.startswith("E01") for d in analyse(GUANGZHOU, broken).diagnostics)
    needle, into = "< 稳\n", len("< 稳")
    got = labels(broken, needle, into)
    assert got == {"稳岗率要求", "稳岗率未达标"}  # the names that start with what was typed, nothing else
    assert labels(clean, needle, into) == got
    # After `< ` a value stands: names and functions, no keyword that cannot follow (`by`, `param`).
    got = labels(broken, needle, 2)
    assert {"稳岗率要求", "staff", "mean", "平均", "total"} <= got
    assert not {"by", "param", "参数", "veto"} & got


def test_after_a_mistake_the_next_declarations_keyword_is_offered_by_the_grammar() -> None:
    text = POLICY.replace(*TYPO, 1).replace('finding 稳岗率未达标 "稳岗率未达到规定比例" {', 'fin', 1)
    got = {c.label: c.detail for c in completions(analyse(GUANGZHOU, text), *at(text, "\nfin\n", 4))}
    assert got == {"finding": "需要关注（finding）"}


def test_the_text_alone_is_offered_the_same_as_the_full_analysis() -> None:
    text = POLICY.replace(*WRITING, 1)
    for needle, into in [("< 稳\n", 2), ("< 稳\n", 3), ("scores.purchaser", 7), ("= 80%", 2),
                         ("for each indicators", 0), ("compute round(", len("compute "))]:
        line, col = at(text, needle, into)
        by_analysis = [(c.label, c.kind, c.detail) for c in completions(analyse(GUANGZHOU, text), line, col)]
        assert [(c.label, c.kind, c.detail) for c in text_completions(text, line, col)] == by_analysis, needle


def test_only_the_declaration_being_written_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    # The point of the scan: a keystroke near the end of a long policy parses one declaration.
    text = POLICY.replace(*WRITING, 1)
    seen: list[str] = []
    parsed = complete_module._parsed
    monkeypatch.setattr(complete_module, "_parsed", lambda t: seen.append(t) or parsed(t))
    text_completions(text, *at(text, "< 稳\n", 2))
    assert seen == ['finding 稳岗率未达标 "稳岗率未达到规定比例" {\n  when staff.retention_rate < ']


def test_declarations_start_at_a_keyword_at_the_left_margin() -> None:
    text = 'param 甲 = 1\n\n指标 完成 "完成率" 逐条 indicators {\n  compute 1\n  finding 乙 when actual'
    assert declaration_start(text, len(text)) == text.index("指标")
    assert declaration_start(text, text.index("甲")) == 0
    assert indicator_over(text, len(text)) == "indicators"
    assert indicator_over(text, text.index("甲")) is None
    # A declaration that does not parse declares nothing; the others keep their names.
    assert set(declared_names('param 甲 = 1\nparam = 2\ndefine 丙 = 甲\n')) == {"甲", "丙"}


def test_a_keyword_inside_a_block_at_the_left_margin_takes_the_declaration_before_in() -> None:
    # Written by hand, not by `swrules fmt`: an indicator's finding at the left margin.
    text = POLICY + ('\nindicator 完成情况 "完成" for each indicators {\n  compute actual / target\n'
                     'finding 未完成 when \n}\n')
    got = {c.label for c in text_completions(text, *at(text, "未完成 when ", len("未完成 when ")))}
    assert {"稳岗率要求", "mean", "not", "非"} <= got and "by" not in got


def test_an_overlay_is_offered_its_bases_names_from_an_earlier_analysis() -> None:
    # The language server between analyses: the text as it is now, the base's names from the analysis kept.
    text = OVERLAY.read_text(encoding="utf-8")
    kept = analyse(OVERLAY, text, root=ROOT / "policies")
    now = text + "\nparam 新加的参数 = 1\ndefine 示例 = scores.\n"
    line, col = at(now, "= scores.\n", len("= scores."))
    fields = {c.label for c in text_completions(now, line, col, bases=kept)}
    assert {"village_committees", "purchaser", "service_quality"} <= fields  # the overlay's own and the base's
    # The workbench gets the text alone: the base is not read, its names are not offered.
    assert {c.label for c in text_completions(now, line, col)} == {"village_committees"}
    line, col = at(now, "= scores.\n", 2)
    names = {c.label for c in text_completions(now, line, col, bases=kept)}
    assert {"新加的参数", "社工缺口不合格人次"} <= names  # declared since the analysis, and in the base


def test_the_names_kept_stay_bounded_in_a_long_running_workbench() -> None:
    from swrules.service import declarations

    kept = declarations._kept_names.cache_info().currsize
    fields = declarations.KEEP_CHARS // 16 + 1  # a group of facts longer than any a policy holds
    huge = "facts 很长 {\n" + "".join(f"  f{i:05} integer\n" for i in range(fields)) + "}\n"
    assert len(huge) > declarations.KEEP_CHARS and len(declared_names(huge)) == fields + 1
    assert declarations._kept_names.cache_info().currsize == kept  # parsed, not kept
    assert declarations._kept_names.cache_info().maxsize == declarations.KEEP
