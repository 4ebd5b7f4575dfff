"""`examples/区评估-示例.xlsx`: a district workbook to try, made from the example fact
files by filling the template, and kept equal to what the template gives today
(regenerate with `pytest --update-goldens`). The Luopu station is real; every other
station is invented, and its name says so (示例)."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from typing import Any

import pytest
from conftest import ROOT
from helpers import run_cli
from xlsx_fill import fill

from swrules.base.source import Source
from swrules.engine.policy import load_policy
from swrules.facts.schema import parse_fact_text
from swrules.facts.template_xlsx import template_workbook

POLICY = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
EXAMPLE = ROOT / "examples" / "区评估-示例.xlsx"
LUOPU = "洛浦街社工服务站"


def _stations() -> list[Any]:
    out = [tomllib.loads((ROOT / "examples/luopu-midterm-2025.toml").read_text(encoding="utf-8"),
                        parse_float=Decimal)]
    for path in sorted((ROOT / "examples" / "stations").iterdir()):
        data = parse_fact_text(Source.from_text(path.name, path.read_text(encoding="utf-8")))
        data["station"]["name"] += "（示例）"
        out.append(data)
    return out


def test_the_example_workbook_is_the_template_filled_with_the_examples(request: pytest.FixtureRequest) -> None:
    checked = load_policy(POLICY).checked
    made = fill(template_workbook(checked), checked, _stations())
    if request.config.getoption("--update-goldens"):
        EXAMPLE.write_bytes(made)
    assert EXAMPLE.read_bytes() == made, "run pytest --update-goldens to regenerate examples/区评估-示例.xlsx"


def test_the_example_workbook_evaluates_luopu_to_86_39_and_marks_invented_stations() -> None:
    result = run_cli("eval", str(POLICY), str(EXAMPLE), "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 1 + len(list((ROOT / "examples" / "stations").iterdir()))
    assert rows[0]["station"] == LUOPU and rows[0]["total"] == "86.39" and rows[0]["grade"] == "良好"
    assert all(r["station"].endswith("（示例）") for r in rows[1:])


def test_a_workbook_on_two_processes_gives_the_same_rows() -> None:
    one = run_cli("eval", str(POLICY), str(EXAMPLE), "--format", "jsonl")
    two = run_cli("eval", str(POLICY), str(EXAMPLE), "--format", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0 and one.stdout == two.stdout
