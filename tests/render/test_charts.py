"""The pictures: bars as long as what they show, Chinese that renders, fills apart in grey print."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules
from swrules.render.charts import station_chart, station_points, totals_histogram, veto_bars
from swrules.render.figure import GRADE_FILLS, WORST, grade_fills, luminance, svg
from swrules.render.raster import cjk_font, png

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
GRADES = ["优秀", "良好", "合格", "不合格"]
EDGES = [D(60), D(80), D(90)]


def bars(text: str) -> list[ET.Element]:
    """The rectangles of a picture that carry a value (`data-*`)."""
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "160mm"  # the text width of an A4 page
    return [r for r in root.iter(f"{SVG}rect") if any(k.startswith("data-") for k in r.attrib)]


def test_histogram_bars_are_as_high_as_their_count_and_stacked_by_grade() -> None:
    totals = [(D("95.75"), "优秀"), (D("87.39"), "良好"), (D("89.50"), "良好"), (D("60.00"), "合格"),
              (D("85"), "不合格"), (D("45"), "不合格")]
    text = svg(standalone=True, figure=totals_histogram(totals, GRADES, EDGES, D(100), "zh"))
    rects = bars(text)
    counts = {(r.get("data-from"), r.get("data-grade")): int(r.get("data-count", "0")) for r in rects}
    # 87.39 and 89.50 share the interval 85–90 with the vetoed 85: two good, one fail, stacked.
    assert counts[("85", "良好")] == 2 and counts[("85", "不合格")] == 1
    assert counts[("60", "合格")] == 1 and counts[("95", "优秀")] == 1  # 60.00 is 合格: its edge opens the band
    assert sum(counts.values()) == len(totals)
    units = {int(r.get("height", "0")) // int(r.get("data-count", "1")) for r in rects}
    assert len(units) == 1 and all(int(r.get("height", "0")) % int(r.get("data-count", "1")) == 0 for r in rects)
    # The band edges are drawn and named; the title and legend are Chinese.
    for word in ("60", "80", "90", "各站点总分分布", "优秀 1", "良好 2", "不合格 2"):
        assert f">{word}<" in text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.decimals(0, 100, places=2), st.sampled_from([*GRADES, None])), max_size=60))
def test_any_district_histogram_counts_every_station_once(totals: list[tuple[D, str | None]]) -> None:
    rects = bars(svg(standalone=True, figure=totals_histogram(totals, GRADES, EDGES, D(100), "zh")))
    assert sum(int(r.get("data-count", "0")) for r in rects) == len(totals)
    assert len({int(r.get("height", "0")) // int(r.get("data-count", "1")) for r in rects}) <= 1
    for r in rects:  # inside the A4-wide picture
        assert int(r.get("x", "0")) >= 0 and int(r.get("x", "0")) + int(r.get("width", "0")) <= 640


def test_veto_bars_are_as_long_as_their_hits() -> None:
    counts = [("保洁、安保等人员占用社工名额", 2), ("社工人员配备不足", 0), ("持证社工比例不达标", 5)]
    rects = bars(svg(standalone=True, figure=veto_bars(counts, "zh")))
    widths = {r.get("data-label"): int(r.get("width", "0")) for r in rects}
    assert set(widths) == {"保洁、安保等人员占用社工名额", "持证社工比例不达标"}  # no bar for none
    assert widths["保洁、安保等人员占用社工名额"] * 5 == widths["持证社工比例不达标"] * 2


def test_the_luopu_station_shows_each_party_against_its_maximum_and_the_margin_to_good(
        guangzhou: swrules.Policy) -> None:
    result = guangzhou.evaluate_file(ROOT / "examples" / "luopu-midterm-2025.toml", explain=True)
    text = svg(standalone=True, figure=station_chart(result, swrules.explain(result), "zh"))
    rects = bars(text)
    full = {r.get("data-label"): int(r.get("width", "0")) for r in rects if r.get("data-awarded") is None}
    got = {r.get("data-label"): (D(r.get("data-awarded", "0")), D(r.get("data-max", "0")), int(r.get("width", "0")))
           for r in rects if r.get("data-awarded") is not None}
    assert got["市督导中心"][:2] == (D(12), D(15))
    assert got["监督方（区民政局）"][:2] == (D("8.80"), D(10))
    for label, (awarded, most, width) in got.items():
        # every bar is its points on one scale; the dashed outline is the maximum
        assert abs(width - awarded / most * full[label]) <= 1, label
    # computed 86.39 (the report printed 87.39: the reconciliation says so elsewhere)
    assert ">距优秀还差 3.61 分<" in text
    assert ">12.00 / 15　失 3.00 分<" in text  # the points lost are said beside the bar
    assert ">8.80 / 10　失 1.20 分<" in text


def test_a_vetoed_station_says_the_veto_fixes_its_grade() -> None:
    figure = station_points([("第三方评估机构", D("48.5"), D(55))], D("88.5"), D(100), "不合格",
                            [(D(0), "不合格"), (D(60), "合格"), (D(80), "良好"), (D(90), "优秀")], (("优秀", D("1.5"))),
                            vetoed=True, lang="zh")
    assert "一票否决：等级定为不合格，总分变化不改变等级" in svg(figure)


def test_grade_fills_stay_apart_in_grey_print() -> None:
    for n in range(2, 7):
        grades = [f"g{i}" for i in range(n)]
        fills = grade_fills(grades)
        assert fills[grades[-1]] == (WORST, True)  # the worst is hatched, whatever its grey
        plain = [fills[g][0] for g in grades[:-1]]
        for a, b in itertools.combinations(plain, 2):
            assert abs(luminance(a) - luminance(b)) >= 0.1, (a, b)
    assert [luminance(c) for c in GRADE_FILLS] == sorted(luminance(c) for c in GRADE_FILLS)  # darkest is the best


def test_text_from_files_is_escaped_in_the_picture() -> None:
    text = svg(standalone=True, figure=veto_bars([("<script>alert(1)</script>&", 1)], "zh"))
    assert "<script>" not in text and "&lt;script&gt;" in text
    ET.fromstring(text)


def test_the_picture_for_word_is_a_png_the_same_each_time() -> None:
    if cjk_font() is None:
        pytest.skip("no CJK font on this machine (fonts-noto-cjk)")
    figure = veto_bars([("社工人员配备不足", 3)], "zh")
    first, second = png(figure), png(figure)
    assert first is not None and first == second
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(first[16:20], "big")
    assert width == 640 * 3  # 160 mm at about 300 dpi


def test_without_a_cjk_font_no_picture_is_drawn(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SWRULES_CJK_FONT", str(tmp_path / "none.ttc"))
    assert png(veto_bars([("社工人员配备不足", 3)], "zh")) is None
