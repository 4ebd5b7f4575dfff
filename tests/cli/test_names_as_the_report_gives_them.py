"""One station's text and the result workbook's charts name rules as the report does (the
policy's labels), never by a rule's name in the policy file."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import run_cli
from openpyxl import load_workbook

import swrules

POLICY = "policies/guangzhou/station-evaluation.swr"


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_one_stations_reconciliation_names_the_rule_each_figure_is_checked_against_as_the_report_does() -> None:
    text = run_cli("eval", POLICY, "examples/luopu-midterm-2025.toml").stdout
    section = text.split("\n核对报告公布的数字\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert section[0].split()[-1] == "规则"
    rules = {line.split()[0]: line.split()[-1] for line in section[1:]}
    assert rules == {"报告公布的总分": "总分", "报告公布的等级": "评估等级", "报告公布的服务质量折算分": "服务质量"}
    assert not re.search(r"\b(total|grade|service_quality)\b", "\n".join(section))


def _chart_categories(path: Path) -> list[list[str]]:
    """Each chart's category labels, as a spreadsheet shows them: the cells its XML refers to."""
    book = load_workbook(path)
    out = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if n.startswith("xl/charts/chart")):
            xml = z.read(name).decode("utf-8")
            ref = re.search(r"<(?:c:)?cat>.*?<(?:c:)?f>([^<]+)</(?:c:)?f>", xml, re.S)
            assert ref is not None, name
            sheet, cells = ref.group(1).rsplit("!", 1)
            ws = book[sheet.strip("'")]
            out.append([str(c.value) for row in ws[cells.replace("$", "")] for c in row])
    return out


def test_the_workbooks_veto_chart_names_every_veto_by_its_label_hit_or_not(
        tmp_path: Path, guangzhou: swrules.Policy) -> None:
    out = tmp_path / "区结果.xlsx"
    # One station that no veto hits: every veto's bar is one no station hit.
    assert run_cli("eval", POLICY, "examples/stations/01-excellent.toml", "examples/stations/02-good.toml",
                   "--format", "xlsx", "-o", str(out)).exit_code == 0
    vetoes = [r for r in guangzhou.checked.rules if r.kind.value == "veto"]
    labels = [r.label for r in vetoes]
    assert labels and all(labels) and [r.name for r in vetoes] != labels
    charts = _chart_categories(out)
    assert labels in charts  # the veto chart: every veto, as the policy labels it, in its order
    assert not {r.name for r in vetoes if r.name != r.label} & {c for chart in charts for c in chart}
