"""`swrules diff`: rule changes in words, nothing for layout or order, and which
stations each change moves."""

from __future__ import annotations

import dataclasses
import json
import random
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import GUANGZHOU, LUOPU, ROOT
from helpers import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.source import Source
from swrules.syntax import ast as A
from swrules.syntax.lowering import parse_policy
from swrules.tools.diff import describe, diff_policies
from swrules.tools.fmt import format_policy, format_text

HERE = Path(__file__).parent / "diff"
V2 = HERE / "station-evaluation-v2.swr"
STATIONS = HERE / "stations"
POLICIES = sorted((ROOT / "policies").rglob("*.swr"))


def parse(text: str) -> A.Policy:
    return parse_policy(Source.from_text("<test>", text))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # golden outputs name files relative to the checkout


# ---------------------------------------------------------------- nothing to report


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_a_policy_against_itself_and_its_formatting_is_empty(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert diff_policies(parse(text), parse(text)) == []
    assert diff_policies(parse(text), parse(format_text(text))) == []


def reorder(policy: A.Policy, rnd: random.Random) -> A.Policy:
    """The same policy with every order that carries no meaning shuffled."""

    def shuffle(items: tuple) -> tuple:  # type: ignore[type-arg]
        out = list(items)
        rnd.shuffle(out)
        return tuple(out)

    decls = []
    for d in policy.declarations:
        match d:
            case A.FactSection() | A.RecordsField():
                d = dataclasses.replace(d, fields=shuffle(d.fields))
            case A.Sheet():
                d = dataclasses.replace(d, parties=shuffle(tuple(dataclasses.replace(p, items=shuffle(p.items))
                                                                 for p in d.parties)))
            case A.Reconcile():
                d = dataclasses.replace(d, lines=shuffle(d.lines))
            case A.Header():
                d = dataclasses.replace(d, regulations=shuffle(d.regulations))
            case A.Phases():
                d = dataclasses.replace(d, phases=shuffle(d.phases))
        decls.append(d)
    return A.Policy(shuffle(tuple(decls)))


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=30, deadline=None)
def test_reordering_and_relayout_report_nothing(path: Path, seed: int) -> None:
    original = parse(path.read_text(encoding="utf-8"))
    moved = parse(format_policy(reorder(original, random.Random(seed))))
    assert diff_policies(original, moved) == []
    assert diff_policies(moved, original) == []


# ---------------------------------------------------------------- what is reported


PARAMS = ["人员费用比例下限", "稳岗率要求", "满意度样本下限"]


@given(name=st.sampled_from(PARAMS), value=st.integers(1, 999))
@settings(max_examples=40, deadline=None)
def test_a_changed_parameter_is_the_one_change(name: str, value: int) -> None:
    original = parse(GUANGZHOU.read_text(encoding="utf-8"))
    decls = tuple(dataclasses.replace(d, value=A.Number(D(value))) if isinstance(d, A.Param) and d.name == name
                  else d for d in original.declarations)
    before = next(d for d in original.declarations if isinstance(d, A.Param) and d.name == name)
    changes = diff_policies(original, A.Policy(decls))
    if before.value == A.Number(D(value)):
        assert changes == []
        return
    assert [(c.kind, c.category, c.name, c.aspect, c.new) for c in changes] == \
        [("changed", "param", name, "value", str(value))]


def test_real_versions_in_words() -> None:
    changes = diff_policies(swrules.load_policy(GUANGZHOU).syntax_tree, swrules.load_policy(V2).syntax_tree)
    sentences = [describe(c) for c in changes]
    assert "参数「社工缺口不合格人次」：中期评估（midterm）的值由 5 改为 4（用于一票否决「社工配备不足」）" in sentences
    assert "等级「良好」：区间由 80 <= total < 90 改为 85 <= total < 90" in sentences
    assert "新增一票否决「数据弄虚作假」：when compliance.data_falsified forces 不合格" in sentences
    english = [describe(c, "en") for c in changes]
    assert "veto 数据弄虚作假 added: when compliance.data_falsified forces 不合格" in english


SHEET_60 = "score sheet { party 甲 points 60 { item a max 60 = s.a } }"
SHEET_70 = "score sheet { party 甲 points 70 { item a max 70 = s.a } }"


@pytest.mark.parametrize(("old", "new", "sentence"), [
    ("veto v { when s.x > 1 forces 差 }", "param z = 1", "删除一票否决「v」（原为：when s.x > 1 forces 差）"),
    (SHEET_60, SHEET_70, "评估方「甲」：分值由 points 60 改为 points 70"),
    (SHEET_60, SHEET_70, "评分项「a」：满分由 60 改为 70"),
    ("facts s { x integer }", "facts s { x integer min 0 }", "事实「s.x」：新增取值范围 min 0"),
    ("facts s { x integer }", "facts s { x integer  y boolean \"新事实\" }", "新增事实「s.y」（新事实）：boolean"),
    ("finding f { when a }", "finding f { when a clause \"第三条\" }", "关注事项「f」：新增依据条款 第三条"),
])
def test_each_kind_of_change_is_said(old: str, new: str, sentence: str) -> None:
    said = [describe(c) for c in diff_policies(parse(old), parse(new))]
    assert sentence in said


# ---------------------------------------------------------------- the command, with stations


def diff_cli(*args: str) -> tuple[int, str, str]:
    result = run_cli("diff", rel(GUANGZHOU), rel(V2), *args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_diff_between_two_versions_with_stations(golden, lang: str) -> None:
    code, out, _ = diff_cli("--facts", rel(STATIONS), "--facts", rel(LUOPU), "--lang", lang)
    assert code == 0
    golden(f"diff/guangzhou-v2.{lang}.txt", out)


def test_golden_diff_between_the_illustrative_pair_of_versions(golden) -> None:
    # policies/examples/guangzhou-versions: two overlays of the real policy whose dates
    # and 2018 limits are invented to show versions; the real policy has one version.
    folder = ROOT / "policies" / "examples" / "guangzhou-versions"
    older, newer = folder / "station-evaluation-2018.swr", folder / "station-evaluation-2023.swr"
    result = run_cli("diff", rel(older), rel(newer), "--facts", rel(STATIONS))
    assert result.exit_code == 0
    assert "参数「社工缺口不合格人次」：中期评估（midterm）的值由 6 改为 5" in result.stdout
    golden("diff/guangzhou-versions-example.zh.txt", result.stdout)


def test_golden_diff_json(golden) -> None:
    code, out, _ = diff_cli("--facts", rel(STATIONS), "--format", "json")
    assert code == 0
    golden("diff/guangzhou-v2.json", out)


def test_each_moved_station_names_the_change_that_moved_it() -> None:
    code, out, _ = diff_cli("--facts", rel(STATIONS), "--format", "json")
    doc = json.loads(out)["stations"]
    causes = {Path(s["file"]).stem: [tuple(u) for u in s["causes"]] for s in doc["changed"]}
    # The new veto reads a fact none of these files has: it is undetermined for every station.
    veto = ("veto", "数据弄虚作假")
    assert causes == {
        "01-达标": [veto],
        "02-缺口4人次": [("param", "社工缺口不合格人次"), veto],
        "03-总分82": [veto, ("grades", "")],
        "04-末期缺口4人次": [veto],
        "05-缺口4人次且总分82": [("param", "社工缺口不合格人次"), veto, ("grades", "")],
        "06-缺口5人次": [veto],
    }
    counts = {tuple(c["unit"]): c["stations"] for c in doc["by_change"]}
    assert counts[("param", "社工缺口不合格人次")] == 2 and counts[("grades", "")] == 2
    assert counts[veto] == 6
    assert doc["evaluated"] == 6


SMALL = """
policy "t" {{ version "{version}" }}
facts s {{ x integer  score decimal min 0 max 100 {extra} }}
param p1 = {p1}
param p2 = {p2}
score sheet {{
  party 甲 points 100 {{ item 得分 max 100 = s.score }}
  total max 100
}}
grades {{
  好 60 <= total
  差 total < 60
}}
veto 超限 {{ when s.x >= p1 + p2 forces 差 }}
"""


def small(tmp_path: Path, name: str, **kw: object) -> str:
    values = {"version": "1", "p1": 5, "p2": 5, "extra": ""} | kw
    path = tmp_path / name
    path.write_text(SMALL.format(**values), encoding="utf-8")
    return str(path)


def test_a_station_moved_only_by_changes_together(tmp_path: Path) -> None:
    old = small(tmp_path, "old.swr")
    new = small(tmp_path, "new.swr", p1=4, p2=4)
    (tmp_path / "s.toml").write_text("[s]\nx = 8\nscore = 70\n", encoding="utf-8")
    result = run_cli("diff", old, new, "--facts", str(tmp_path / "s.toml"), "--lang", "en")
    assert result.exit_code == 0
    assert "grade: 好 -> 差" in result.stdout
    assert "because of: several changes together (none alone)" in result.stdout
    assert "several changes together: 1 station(s)" in result.stdout


def test_a_new_veto_on_a_new_required_fact_makes_stations_provisional_and_says_which(tmp_path: Path) -> None:
    old = small(tmp_path, "old.swr")
    new = tmp_path / "new.swr"
    new.write_text(Path(small(tmp_path, "mid.swr", extra="falsified boolean")).read_text(encoding="utf-8") +
                   "veto 造假 { when s.falsified forces 差 }\n", encoding="utf-8")
    for name, score in [("a", 70), ("b", 90), ("c", 40)]:
        (tmp_path / f"{name}.toml").write_text(f"[s]\nx = 1\nscore = {score}\n", encoding="utf-8")
    result = run_cli("diff", old, str(new), *(a for n in "abc" for a in ("--facts", str(tmp_path / f"{n}.toml"))))
    assert result.exit_code == 0
    # Grades and totals are the same, yet two of three stations are now provisional (a veto
    # could lower them) and the veto is undetermined for all three.
    assert "按新版本评估 3 个站点，3 个站点的结果与旧版本不同：" in result.stdout
    assert "其中变为待核实 2 个，一票否决的状态变化 3 个：" in result.stdout
    for name in "abc":
        assert f"{tmp_path / name}.toml" in result.stdout
    assert result.stdout.count("等级是否待核实：确定 → 待核实") == 2
    assert result.stdout.count("一票否决「造假」：（旧版本没有这项） → 未能核实") == 3
    assert "一票否决「造假」：3 个站点" in result.stdout


def test_a_changed_figure_is_a_change_even_when_total_and_grade_stay(tmp_path: Path) -> None:
    text = Path(small(tmp_path, "base.swr")).read_text(encoding="utf-8")
    sheet = ("party 甲 points 100 {{ item 得分 max 60 = min(s.score, {cut})\n"
             " item 附加 max 40 = min(max(s.score - {cut}, 0), 40) }}")
    old, new = tmp_path / "old.swr", tmp_path / "new.swr"
    old.write_text(text.replace("party 甲 points 100 { item 得分 max 100 = s.score }", sheet.format(cut=60)),
                   encoding="utf-8")
    new.write_text(text.replace("party 甲 points 100 { item 得分 max 100 = s.score }", sheet.format(cut=50)),
                   encoding="utf-8")
    (tmp_path / "s.toml").write_text("[s]\nx = 1\nscore = 70\n", encoding="utf-8")
    result = run_cli("diff", str(old), str(new), "--facts", str(tmp_path / "s.toml"))
    assert result.exit_code == 0, result.output
    assert "1 个站点的结果与旧版本不同" in result.stdout and "其中分项得分变化 1 个" in result.stdout
    assert "甲 · 得分：60 → 50" in result.stdout and "甲 · 附加：10 → 20" in result.stdout
    assert "总分" not in result.stdout.split("其中")[1]


def test_a_station_the_new_version_cannot_read(tmp_path: Path) -> None:
    old = small(tmp_path, "old.swr", extra="note text optional")
    new = small(tmp_path, "new.swr")
    (tmp_path / "s.toml").write_text('[s]\nx = 1\nscore = 70\nnote = "备注"\n', encoding="utf-8")
    result = run_cli("diff", old, new, "--facts", str(tmp_path / "s.toml"))
    assert result.exit_code == 0
    assert "删除事实「s.note」" in result.stdout
    assert "不能按新版本评估" in result.stdout and "note" in result.stdout


def test_no_change_is_said_and_exits_0(tmp_path: Path) -> None:
    result = run_cli("diff", rel(GUANGZHOU), rel(GUANGZHOU))
    assert result.exit_code == 0
    assert "两个版本的规则相同" in result.stdout


@pytest.mark.parametrize(("facts", "code_expected"), [("missing-folder", "E1001"), ("empty", "E1002")])
def test_bad_fact_paths_exit_2(tmp_path: Path, facts: str, code_expected: str) -> None:
    (tmp_path / "empty").mkdir()
    result = run_cli("diff", rel(GUANGZHOU), rel(V2), "--facts", str(tmp_path / facts))
    assert result.exit_code == 2
    assert code_expected in result.stderr


def test_fact_file_that_does_not_fit_the_old_policy_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('[station]\nname = "x"\nunknown_key = 1\n', encoding="utf-8")
    result = run_cli("diff", rel(GUANGZHOU), rel(V2), "--facts", str(tmp_path / "bad.toml"))
    assert result.exit_code == 2
    assert "unknown_key" in result.stderr


def test_bad_policy_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.swr"
    bad.write_text('policy "t" {\n  version 1\n}\n', encoding="utf-8")
    result = run_cli("diff", rel(GUANGZHOU), str(bad))
    assert result.exit_code == 2
    assert f"{bad}:2:11" in result.stderr
