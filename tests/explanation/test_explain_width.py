"""`swrules explain` at the terminal's width: folded with hanging indents, never inside a
`file:line`, a key path or a word; rules headed by the label the report uses; a step
that is the same for many records said once."""

from __future__ import annotations

import re

import pytest
from conftest import GUANGZHOU, LUOPU
from helpers import run_cli
from hypothesis import given
from hypothesis import strategies as st

from swrules.base.diagnostics import display_width
from swrules.base.wrap import wrap_line

LOCATION = re.compile(r"[\w./-]+\.swr:\d+")


def explain(*args: str) -> str:
    result = run_cli("explain", str(GUANGZHOU), str(LUOPU), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("width", [60, 80, 120])
def test_lines_fit_the_width_and_nothing_is_broken_mid_way(width: int) -> None:
    whole, folded = explain("--width", "0"), explain("--width", str(width))
    assert max(display_width(x) for x in whole.splitlines()) > 120  # there is something to fold
    for line in folded.splitlines():
        # Only a single unbreakable piece (a long location on its own line) may stand out.
        assert display_width(line) <= width or " " not in line.strip(), line
    # Every file:line is whole, as many times as before.
    assert LOCATION.findall(folded) == LOCATION.findall(whole)
    # Folding only moved text: without the line breaks and indents, it is the same text.
    assert re.sub(r"\s+", "", folded) == re.sub(r"\s+", "", whole)


def test_a_continuation_hangs_under_its_line() -> None:
    folded = explain("--width", "80").splitlines()
    i = next(i for i, line in enumerate(folded) if line.startswith("  「协议指标完成率」"))
    assert folded[i + 1].startswith("      ") and not folded[i + 1].startswith("       ")


def test_headings_put_the_chinese_label_first() -> None:
    out = explain("--width", "0")
    assert "■ 服务监测（service_monitoring） · 评分项 · " in out
    assert "■ service_monitoring" not in out
    assert "■ 社工缺口不合格人次 · 参数 ·" in out  # a name already in Chinese stands as it is


def test_a_step_the_same_for_many_records_is_said_once() -> None:
    out = explain("--width", "0")
    assert out.count("target = 0 → 否") == 1
    assert "target = 0 → 否    （11 条记录相同）" in out
    assert "target = 0 → （未填报）" in out  # the record that differs keeps its own line


@given(st.text(alphabet=st.sampled_from(list("社工站，。（）「」 abc:/.0123456789_")), max_size=120),
       st.integers(min_value=10, max_value=100))
def test_folding_keeps_every_character_and_every_ascii_run(text: str, width: int) -> None:
    line = "  " + text.strip()
    folded = wrap_line(line, width)
    assert "".join(x.strip() for x in folded).replace(" ", "") == line.replace(" ", "")
    runs = re.findall(r"[!-~]+", line)
    assert all(any(run in x for x in folded) for run in runs)
