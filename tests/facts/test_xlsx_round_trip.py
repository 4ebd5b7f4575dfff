"""Every policy in the repo: the .xlsx template, filled by code as a district would fill
it, read back and evaluated, gives the same results as the equivalent TOML files."""

from __future__ import annotations

import datetime as dt
import io
import random
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from conftest import ROOT
from helpers import run_cli
from openpyxl import load_workbook
from xlsx_fill import fill

from swrules.base.source import Source
from swrules.check import ir
from swrules.check.ir import CheckedPolicy
from swrules.engine.versions import PolicySet
from swrules.facts.schema import parse_fact_text
from swrules.facts.template_xlsx import template_workbook
from swrules.facts.xlsx import read_workbook

# Every policy in the repo: each .swr outside a folder of versions, and each folder of versions.
POLICIES = sorted(
    [p for p in (ROOT / "policies").rglob("*.swr") if "versions" not in p.parent.name]
    + [p for p in (ROOT / "policies").rglob("*versions") if p.is_dir()]
)


def test_the_list_of_policies_is_every_policy_in_the_repo() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in POLICIES}
    assert {"policies/guangzhou/station-evaluation.swr", "policies/examples/district-overlay/station-evaluation.swr",
            "policies/examples/weighted-letter-grades.swr", "policies/examples/guangzhou-versions"} <= names


def _value(decl: ir.FactField, rng: random.Random) -> Any:
    kind = decl.kind
    if kind is ir.FactKind.BOOLEAN:
        return rng.random() < 0.2
    if kind is ir.FactKind.DATE:
        return dt.date(2024, 8, 6) + dt.timedelta(days=rng.randrange(0, 400))
    if kind is ir.FactKind.TEXT:
        return rng.choice(["示例甲街社工服务站", "示例乙片区", "人次", "=1+1", "station 7"])
    if kind is ir.FactKind.CHOICE:
        return rng.choice(decl.choices)
    if kind is ir.FactKind.PERCENT:
        lo = decl.minimum if decl.minimum is not None else Decimal(0)
        hi = decl.maximum if decl.maximum is not None else Decimal(1)
        return lo + (hi - lo) * Decimal(rng.randrange(0, 10001)) / 10000
    lo = decl.minimum if decl.minimum is not None else Decimal(0)
    hi = decl.maximum if decl.maximum is not None else lo + 2000
    if kind is ir.FactKind.INTEGER:
        return rng.randrange(int(lo), int(hi) + 1)
    # Two decimal places, as score sheets have them: 9.42, 11.65, 8.8
    return (lo + (hi - lo) * Decimal(rng.randrange(0, 10001)) / 10000).quantize(Decimal("0.01"))


def _fields(fields: tuple[ir.FactField | ir.RecordsField, ...], rng: random.Random, missing: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        if isinstance(f, ir.RecordsField):
            low = f.min_count or 1
            out[f.name] = [_fields(f.fields, rng, 0) for _ in range(rng.randrange(low, low + 3))]
        elif rng.random() >= missing:
            out[f.name] = _value(f, rng)
    return out


def generated(checked: CheckedPolicy, n: int, seed: int) -> list[dict[str, Any]]:
    """`n` invented stations (示例) within the declared ranges, some facts missing."""
    rng = random.Random(seed)
    stations = []
    for i in range(n):
        data: dict[str, Any] = {}
        for d in checked.fact_decls:
            if isinstance(d, ir.FactSection):
                data[d.name] = _fields(d.fields, rng, 0.1 if i % 3 == 2 else 0)
            elif isinstance(d, ir.RecordsField):
                data[d.name] = _fields((d,), rng, 0)[d.name]
        stations.append(data)
    return stations


def _name(checked: CheckedPolicy, data: dict[str, Any], i: int) -> None:
    """A distinct station name (the key record sheets find a station by)."""
    from swrules.facts.workbook import name_key
    key = name_key(checked)
    if key:
        section, field = key.split(".")
        data[section][field] = f"示例站点{i + 1:02d}"


def _equivalent_files(path: Path) -> list[Path]:
    """The repo's fact files for the policy (examples, its test facts)."""
    if path.name == "station-evaluation.swr" and path.parent.name == "guangzhou":
        return [ROOT / "examples" / "luopu-midterm-2025.toml", *sorted((ROOT / "examples" / "stations").iterdir()),
                *sorted((ROOT / "policies" / "guangzhou" / "tests" / "facts").glob("*.toml"))]
    if path.parent.name == "district-overlay":
        return sorted((ROOT / "policies" / "examples" / "district-overlay" / "tests" / "facts").glob("*.toml"))
    if path.is_dir():
        return sorted((ROOT / "policies" / "guangzhou" / "tests" / "facts").glob("*.toml"))
    return []


def _read(file: Path) -> Any:
    return parse_fact_text(Source.from_text(file.name, file.read_text(encoding="utf-8")))


@pytest.mark.parametrize("policy_path", POLICIES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_template_filled_by_code_evaluates_as_the_toml_files(policy_path: Path, tmp_path: Path) -> None:
    policies = PolicySet.load(policy_path)
    checked = policies.policies[-1].checked
    stations = [_read(f) for f in _equivalent_files(policy_path)] + generated(checked, 12, seed=len(str(policy_path)))
    for i, data in enumerate(stations):
        _name(checked, data, i)
    book = tmp_path / "区评估.xlsx"
    book.write_bytes(fill(template_workbook(checked), checked, stations))
    read = read_workbook(str(book), checked)
    assert read.problems == [] and len(read.stations) == len(stations)
    for data, row in zip(stations, read.stations, strict=True):
        # The TOML file a station would have, read as a fact file is read.
        as_toml = tomllib.loads(tomli_w.dumps(data), parse_float=Decimal)
        expected = _evaluate(policies, as_toml)
        got = _evaluate(policies, row.data)
        assert got == expected, row.name


def _evaluate(policies: PolicySet, data: Any) -> Any:
    try:
        policy, _ = policies.select(data, file="x")
        return policy.evaluate(data, file="x", facts_hash="h")
    except Exception as exc:  # an invalid station must be invalid both ways, with the same problems
        return [(d.code, d.key_path) for d in getattr(exc, "diagnostics", [])] or repr(exc)


def test_the_luopu_row_gives_86_39(tmp_path: Path) -> None:
    policies = PolicySet.load(ROOT / "policies" / "guangzhou" / "station-evaluation.swr")
    checked = policies.policies[-1].checked
    luopu = _read(ROOT / "examples" / "luopu-midterm-2025.toml")
    book = tmp_path / "区评估.xlsx"
    book.write_bytes(fill(template_workbook(checked), checked, [luopu]))
    result = run_cli("eval", str(ROOT / "policies" / "guangzhou" / "station-evaluation.swr"), str(book),
                     "--format", "json")
    assert result.exit_code == 0
    assert '"total": "86.39"' in result.stdout and '"grade": "良好"' in result.stdout


@pytest.mark.parametrize("policy_path", POLICIES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_template_of_every_policy_labels_keys_validation_and_comments(policy_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    result = run_cli("facts", "template", str(policy_path), "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    checked = PolicySet.load(policy_path).policies[-1].checked
    wb = load_workbook(out)
    stations = wb.worksheets[0]
    labels = {c.value for c in stations[1] if c.value}
    keys = [c.value for c in stations[2] if c.value]
    scalar = [info for info in checked.facts if not info.is_records and len(info.path) == 2]
    assert {info.key for info in scalar} <= set(keys)
    assert {info.label for info in scalar} <= labels
    assert stations.row_dimensions[2].hidden and stations.freeze_panes == "B3"
    assert all(c.comment is not None for c in stations[1] if c.value)
    kinds = {dv.type for dv in stations.data_validations.dataValidation}
    declared = {info.decl.kind for info in scalar if isinstance(info.decl, ir.FactField)}
    if ir.FactKind.BOOLEAN in declared or ir.FactKind.CHOICE in declared:
        assert "list" in kinds
    if ir.FactKind.DECIMAL in declared:
        assert "decimal" in kinds
    records = [info for info in checked.facts if info.is_records]
    assert len(wb.worksheets) == 1 + len(records) + 1  # stations, one per record list, instructions
    for sheet in wb.worksheets[1:-1]:
        assert sheet["A2"].value == "#station" and sheet.freeze_panes == "B3"


def test_template_for_chinese_fact_names_and_its_validations(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    run_cli("facts", "template", str(ROOT / "policies/examples/weighted-letter-grades.swr"), "--format", "xlsx",
            "-o", str(out))
    wb = load_workbook(out)
    ws = wb["站点"]
    keys = {c.value: c.column_letter for c in ws[2] if c.value}
    assert keys["项目.名称"] == "A" and ws["A1"].value == "项目名称"
    assert "评分.专业服务" in keys and wb["服务指标"]["B2"].value == "服务指标.名称"
    by_range = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    score = by_range[f"{keys['评分.专业服务']}3:{keys['评分.专业服务']}1002"]
    assert (score.type, score.operator, score.formula1, score.formula2) == ("decimal", "between", "0", "60")
    audit = by_range[f"{keys['项目.财务审计不合格']}3:{keys['项目.财务审计不合格']}1002"]
    assert (audit.type, audit.formula1) == ("list", '"是,否"')


def test_guangzhou_template_comments_give_unit_and_clause(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    run_cli("facts", "template", str(ROOT / "policies/guangzhou/station-evaluation.swr"), "--format", "xlsx",
            "-o", str(out))
    ws = load_workbook(out)["站点"]
    by_key = {c.value: c.column_letter for c in ws[2] if c.value}
    ratio = ws[f"{by_key['compliance.personnel_spending_ratio']}1"]
    assert "百分数" in ratio.comment.text and "单位：%" in ratio.comment.text and "依据：" in ratio.comment.text
    budget = ws[f"{by_key['station.budget']}1"].comment.text
    assert "单位：元" in budget and "可选" in budget
    phase = next(dv for dv in ws.data_validations.dataValidation
                 if str(dv.sqref).startswith(by_key["station.phase"] + "3"))
    assert phase.formula1 == '"中期评估,末期评估"'  # the policy's words; the reader maps them back
    assert "中期评估 = midterm" in ws[f"{by_key['station.phase']}1"].comment.text
    shortfall = next(dv for dv in ws.data_validations.dataValidation
                     if str(dv.sqref).startswith(by_key["compliance.staffing_shortfall"] + "3"))
    assert (shortfall.type, shortfall.operator, shortfall.formula1) == ("whole", "greaterThanOrEqual", "0")


def test_template_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (a, b):
        run_cli("facts", "template", str(ROOT / "policies/guangzhou/station-evaluation.swr"), "--format", "xlsx",
                "-o", str(out))
    assert a.read_bytes() == b.read_bytes()
    props = load_workbook(io.BytesIO(a.read_bytes())).properties
    assert props.created == props.modified == dt.datetime(2000, 1, 1)
