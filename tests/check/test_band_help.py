"""Grade bands that overlap or leave a gap: the help rewrites the two bands concerned,
as they are written, so that they meet; a note points at the other band's line."""

from __future__ import annotations

from pathlib import Path

from conftest import GUANGZHOU

from swrules.base.diagnostics import Diagnostic
from swrules.engine.policy import check_file

POLICY = GUANGZHOU.read_text(encoding="utf-8")
PASS = "  合格   60 <= total < 80"
GOOD = "  良好   80 <= total < 90"


def bands(tmp_path: Path, old: str, new: str) -> list[Diagnostic]:
    assert old in POLICY
    path = tmp_path / "p.swr"
    path.write_text(POLICY.replace(old, new, 1), encoding="utf-8")
    return check_file(path)


def line_of(text: str) -> int:
    return POLICY[: POLICY.index(text)].count("\n") + 1


def test_an_overlap_of_five_points_is_fixed_on_either_side(tmp_path: Path) -> None:
    [d] = bands(tmp_path, PASS, "  合格   60 <= total < 85")
    assert d.code == "E0502"
    assert d.message("zh") == "等级区间重叠：总分在 80 <= total < 85 时同时属于 `良好` 和 `合格`"
    assert d.span is not None and d.span.line == line_of(GOOD)
    assert d.help("zh") == ("把 `合格` 写成 `合格 60 <= total < 80`，或把 `良好` 写成 `良好 85 <= total < 90`，"
                            "使两个等级首尾相接。")
    [(span, note)] = d.related
    assert span.line == line_of(PASS) and "`合格`" in note


def test_an_overlap_names_the_band_that_reaches_into_the_next(tmp_path: Path) -> None:
    # 合格 reaches past 良好 into 优秀: the overlap with 优秀 is 合格's, not 良好's.
    diags = bands(tmp_path, PASS, "  合格   60 <= total <= 95")
    top = next(d for d in diags if "优秀" in d.message("zh"))
    assert top.message("zh") == "等级区间重叠：总分在 90 <= total <= 95 时同时属于 `优秀` 和 `合格`"
    assert "`合格 60 <= total < 90`" in (top.help("zh") or "")


def test_a_gap_names_the_two_bands_and_the_bound_to_change(tmp_path: Path) -> None:
    [d] = bands(tmp_path, PASS, "  合格   60 <= total < 75")
    assert d.code == "E0501"
    assert d.message("zh") == "等级区间有空缺：总分在 75 <= total < 80 时不属于任何等级"
    assert d.help("zh").startswith("把 `合格` 写成 `合格 60 <= total < 80`，或把 `良好` 写成 `良好 75 <= total < 90`，"
                                   "使两个等级首尾相接。")
    assert "grading integer" in d.help("zh") and "otherwise" in d.help("en")
    assert d.help("en").startswith(
        "write `合格 60 <= total < 80` or `良好 75 <= total < 90`, so that the two bands meet.")
    [(span, _)] = d.related
    assert span.line == line_of(PASS)


def test_a_gap_at_the_top_extends_the_highest_band(tmp_path: Path) -> None:
    [d] = bands(tmp_path, "  优秀   90 <= total\n", "  优秀   90 <= total < 98\n")
    assert d.code == "E0501"
    assert d.help("zh").startswith("让最高的等级 `优秀` 到满分 100 为止（`优秀 90 <= total <= 100`），"
                                   "或为这段总分另加一个等级。")
