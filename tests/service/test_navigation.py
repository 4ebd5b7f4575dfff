"""Hover, go to definition and completion: what an officer sees when pointing at a name."""

from __future__ import annotations

from pathlib import Path

from swrules.service import Span, analyse, completions, definition, hover

ROOT = Path(__file__).resolve().parents[2]
GUANGZHOU = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
OVERLAY = ROOT / "policies" / "examples" / "district-overlay" / "station-evaluation.swr"
VERSIONS = ROOT / "policies" / "examples" / "guangzhou-versions"


def where(text: str, needle: str, occurrence: int = 0, into: int = 0) -> tuple[int, int]:
    """(line, column) of the `into`-th character of the `occurrence`-th `needle`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start)
    return line, start + into - (text.rfind("\n", 0, start) + 1)


def test_hover_on_a_parameter_shows_label_type_value_by_phase_clause_and_document() -> None:
    text = GUANGZHOU.read_text(encoding="utf-8")
    a = analyse(GUANGZHOU, text)
    line, col = where(text, ">= 社工缺口不合格人次", into=4)
    h = hover(a, line, col)
    assert h is not None
    assert h.span == Span(line, col - 1, line, col + 8)
    assert "**社工人员配备累计缺少达到即为不合格的人次** `社工缺口不合格人次`" in h.markdown
    assert "参数 · 数字" in h.markdown
    assert "取值：中期评估 5；末期评估 10" in h.markdown
    assert "一（五）评估结果说明 第（二）项" in h.markdown
    assert "《广州市社工站购买服务项目评估办法》" in h.markdown


def test_hover_on_a_fact_shows_its_type_and_range() -> None:
    text = GUANGZHOU.read_text(encoding="utf-8")
    h = hover(analyse(GUANGZHOU, text), *where(text, "scores.purchaser", into=9))
    assert h is not None
    assert "**购买方（街道办事处）评分** `scores.purchaser`" in h.markdown
    assert "类型：数字" in h.markdown and "取值范围：0 – 20" in h.markdown


def test_hover_shows_each_dated_value_with_its_chinese_date_and_document() -> None:
    text = GUANGZHOU.read_text(encoding="utf-8").replace(
        "param 人员费用比例下限 \"年度服务期内人员费用支出比例的下限（低于即为不合格）\" =\n  80%",
        "param 人员费用比例下限 \"年度服务期内人员费用支出比例的下限\" = by date {\n"
        "  from 2023-01-01: 80% \"示例〔2023〕1号\"\n"
        "  from 2025-07-01: by phase { midterm: 75%, final: 85% }\n}")
    a = analyse(GUANGZHOU, text)
    assert a.policy is not None, a.diagnostics
    h = hover(a, *where(text, "param 人员费用比例下限", into=7))
    assert h is not None
    assert "- 自2023年1月1日起：`80%`（示例〔2023〕1号）" in h.markdown
    assert "- 自2025年7月1日起：中期评估 75%；末期评估 85%" in h.markdown


def test_nothing_to_say_inside_a_comment() -> None:
    text = GUANGZHOU.read_text(encoding="utf-8")
    assert hover(analyse(GUANGZHOU, text), *where(text, "良好", into=1)) is None  # first one is in a comment


def test_hover_and_definition_work_on_text_with_errors() -> None:
    text = GUANGZHOU.read_text(encoding="utf-8").replace("forces 不合格\n", "forces 不合格 ?\n", 1)
    a = analyse(GUANGZHOU, text)
    assert a.policy is None and a.diagnostics
    h = hover(a, *where(text, "compliance.staffing_shortfall", into=12))
    assert h is not None and "社工人员配备累计缺少（人次）" in h.markdown


def test_definition_of_a_parameter_is_its_name_where_declared() -> None:
    text = GUANGZHOU.read_text(encoding="utf-8")
    loc = definition(analyse(GUANGZHOU, text), *where(text, ">= 社工缺口不合格人次", into=4))
    assert loc is not None and loc.path == GUANGZHOU
    assert loc.span.start_line == where(text, "param 社工缺口不合格人次")[0]
    assert text.splitlines()[loc.span.start_line][loc.span.start_col:loc.span.end_col] == "社工缺口不合格人次"


def test_definition_crosses_into_the_base_an_overlay_extends() -> None:
    text = OVERLAY.read_text(encoding="utf-8")
    a = analyse(OVERLAY, text, root=ROOT / "policies")
    loc = definition(a, *where(text, "scores.purchaser", into=8))
    assert loc is not None and loc.path.resolve() == GUANGZHOU
    base = GUANGZHOU.read_text(encoding="utf-8").splitlines()
    assert base[loc.span.start_line][loc.span.start_col:loc.span.end_col] == "purchaser"
    h = hover(a, *where(text, "scores.purchaser", into=8))
    assert h is not None and "声明于：" in h.markdown and "guangzhou" in h.markdown


def test_completion_after_a_dot_lists_the_fields_of_that_group() -> None:
    text = OVERLAY.read_text(encoding="utf-8")
    a = analyse(OVERLAY, text, root=ROOT / "policies")
    line, col = where(text, "scores.purchaser", into=7)
    got = {c.label: c for c in completions(a, line, col)}
    assert {"purchaser", "service_quality", "village_committees"} <= set(got)
    assert got["purchaser"].kind == "fact" and got["purchaser"].detail == "购买方（街道办事处）评分"
    assert [c.label for c in completions(a, line, col + 3)] == ["purchaser"]


def test_completion_of_names_keywords_and_functions_by_the_word_typed() -> None:
    text = GUANGZHOU.read_text(encoding="utf-8") + "\ndefine 示例 = me"
    a = analyse(GUANGZHOU, text)
    line = text.count("\n")
    got = {(c.label, c.kind) for c in completions(a, line, len("define 示例 = me"))}
    assert ("mean", "function") in got
    text = GUANGZHOU.read_text(encoding="utf-8") + "\ndefine 示例 = 社工"
    a = analyse(GUANGZHOU, text)
    got = {(c.label, c.kind) for c in completions(a, line, len("define 示例 = 社工"))}
    assert ("社工缺口不合格人次", "param") in got
    got = {(c.label, c.kind) for c in completions(a, line, 2)}
    assert ("define", "keyword") in got and ("default", "keyword") not in got


def test_no_completion_inside_a_string() -> None:
    text = 'param x "比例'
    assert completions(analyse(Path("x.swr"), text), 0, len(text)) == []


def test_definition_on_the_extends_path_opens_the_base_file() -> None:
    text = OVERLAY.read_text(encoding="utf-8")
    loc = definition(analyse(OVERLAY, text, root=ROOT / "policies"), *where(text, '"../../guangzhou', into=5))
    assert loc is not None and loc.path.resolve() == GUANGZHOU and loc.span == Span(0, 0, 0, 0)
    outside = analyse(OVERLAY, text, root=OVERLAY.parent)
    assert definition(outside, *where(text, '"../../guangzhou', into=5)) is None
