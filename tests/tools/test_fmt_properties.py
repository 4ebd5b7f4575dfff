"""`fmt` is safe to run on any policy: the output parses to the same AST, formatting
twice changes nothing, every comment survives, and the policy evaluates the same."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import GUANGZHOU, ROOT
from helpers import station
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swrules
from swrules.base.source import Source
from swrules.syntax import ast as A
from swrules.syntax.lowering import parse_policy
from swrules.tools.fmt import expr_text, format_policy, format_text, parse_with_comments

POLICIES = sorted((ROOT / "policies").rglob("*.swr"))
MESSY = Path(__file__).parent / "fmt" / "messy.swr"


def parse(text: str) -> A.Policy:
    return parse_policy(Source.from_text("<test>", text))


def comments(text: str) -> list[str]:
    return sorted(c.text for c in parse_with_comments(Source.from_text("<test>", text))[1])


# ---------------------------------------------------------------- real policies


@pytest.mark.parametrize("path", [*POLICIES, MESSY], ids=lambda p: p.name)
def test_fmt_keeps_meaning_and_comments_and_is_idempotent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    once = format_text(text)
    assert parse(once) == parse(text)
    assert comments(once) == comments(text)
    assert format_text(once) == once


def test_guangzhou_keeps_its_officers_text() -> None:
    text = GUANGZHOU.read_text(encoding="utf-8")
    once = format_text(text)
    quoted = re.compile(r'"[^"\n]*"')
    assert quoted.findall(once) == quoted.findall(text)
    assert once.count("#") == text.count("#")


def test_messy_policy_golden(golden) -> None:
    golden("fmt/messy.swr", format_text(MESSY.read_text(encoding="utf-8")))


def test_comments_stay_with_their_declaration() -> None:
    text = ('policy "t" {  # 头部\n version "1" }\n'
            "# 关于上限\nparam 上限 = 5\n\n\n# 关于下限\nparam 下限=1 # 行尾\n# 文件末尾\n")
    out = format_text(text)
    assert out == ('policy "t" {  # 头部\n  version "1"\n}\n\n'
                   "# 关于上限\nparam 上限 = 5\n\n# 关于下限\nparam 下限 = 1  # 行尾\n# 文件末尾\n")


def test_comment_before_a_closing_brace_stays_inside_the_block() -> None:
    text = 'veto v {\n  when a forces b\n  # 待定：是否加上条款\n}\n'
    assert format_text(text) == "veto v {\n  when a\n  forces b\n  # 待定：是否加上条款\n}\n"


@pytest.mark.parametrize(("written", "printed"), [
    ("5.0", "5.0"), ("80.50%", "80.50%"), ("100%", "100%"), ("0.0000001", "0.0000001"), ("007", "7"),
])
def test_number_literals_keep_their_digits(written: str, printed: str) -> None:
    assert format_text(f"param p = {written}\n") == f"param p = {printed}\n"


def test_header_entries_take_the_canonical_order() -> None:
    text = 'policy "t" { dated by s.d regulation "r" effective from 2025-01-01 version "2" }\n'
    assert format_text(text) == ('policy "t" {\n  version "2"\n  effective from 2025-01-01\n'
                                 '  regulation "r"\n  dated by s.d\n}\n')


# ---------------------------------------------------------------- generated expressions

NAMES = ["x", "y", "社工缺口不合格人次", "scores.purchaser", "declared.total", "station.phase", "total", "phase", "a_1"]


def numbers() -> st.SearchStrategy[A.Expr]:
    digits = st.from_regex(r"\A[0-9]{1,3}(\.[0-9]{1,3})?\Z")
    return st.builds(lambda text, pct: A.Number(D(text).scaleb(-2) if pct else D(text), pct), digits, st.booleans())


ATOMS = st.one_of(
    numbers(),
    st.builds(A.String, st.text(st.characters(blacklist_characters='"\n\r', blacklist_categories=("Cs",)),
                                 max_size=8)),
    st.builds(A.DateLit, st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))),
    st.builds(A.Bool, st.booleans()),
    st.sampled_from(NAMES).map(lambda n: A.Ref(tuple(n.split(".")))),
)


def compound(inner: st.SearchStrategy[A.Expr]) -> st.SearchStrategy[A.Expr]:
    return st.one_of(
        st.builds(A.Neg, inner),
        st.builds(A.Not, inner),
        st.builds(A.Binary, st.sampled_from(list(A.BinOp)), inner, inner),
        st.builds(lambda l, r, z: A.Binary(A.BinOp.DIV, l, r, z), inner, inner, inner),
        st.builds(A.Compare, st.sampled_from(list(A.CmpOp)), inner, inner),
        st.builds(A.Logical, st.sampled_from(list(A.LogicOp)), inner, inner),
        st.builds(A.Cond, inner, inner, inner),
        st.builds(A.Call, st.sampled_from(["round", "min", "max", "mean", "known"]),
                  st.lists(inner, max_size=3).map(tuple)),
    )


EXPRS = st.recursive(ATOMS, compound, max_leaves=12)


@given(EXPRS)
@settings(max_examples=400, deadline=None)
def test_expressions_print_with_just_enough_parentheses(e: A.Expr) -> None:
    decl = parse(f"define d = {expr_text(e)}\n").declarations[0]
    assert isinstance(decl, A.Define)
    assert decl.expr == e


def test_parentheses_are_only_where_precedence_needs_them() -> None:
    text = "define d = ((a + b) * -(c - d) / e on zero 0) or (not (x and y) and ((if p then 1 else 2) = 3))\n"
    assert format_text(text) == ("define d =\n"
                                 "  (a + b) * -(c - d) / e on zero 0 or not (x and y) and (if p then 1 else 2) = 3\n")


# ---------------------------------------------------------------- generated variants of real policies


def shuffled(policy: A.Policy, rnd: random.Random) -> A.Policy:
    decls = list(policy.declarations)
    rnd.shuffle(decls)
    return A.Policy(tuple(decls))


def ugly(text: str, rnd: random.Random) -> str:
    """The same policy with line breaks and indentation scrambled (comments keep their line end)."""
    out = []
    for line in text.split("\n"):
        out.append(" " * rnd.randrange(6) + line.strip())
        out.append("\n" if "#" in line else rnd.choice([" ", "\n", "\n\n", "\t\n   ", "  "]))
    return "".join(out)


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_scrambled_layout_formats_back(path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    text = path.read_text(encoding="utf-8")
    scrambled = ugly(text, rnd)
    once = format_text(scrambled)
    assert parse(once) == parse(text)
    assert comments(once) == comments(text)
    assert format_text(once) == once
    # Without comments there is nothing to place: the layout is exactly the canonical one.
    bare = format_policy(parse(text))
    assert format_text(ugly(bare, rnd)) == bare


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=25, deadline=None)
def test_reordered_declarations_print_and_parse_back(path: Path, seed: int) -> None:
    policy = shuffled(parse(path.read_text(encoding="utf-8")), random.Random(seed))
    text = format_policy(policy)
    assert parse(text) == policy
    assert format_text(text) == text


# ---------------------------------------------------------------- same results


@pytest.fixture(scope="module")
def formatted_guangzhou(tmp_path_factory: pytest.TempPathFactory) -> swrules.Policy:
    path = tmp_path_factory.mktemp("fmt") / "guangzhou.swr"
    path.write_text(format_text(GUANGZHOU.read_text(encoding="utf-8")), encoding="utf-8")
    return swrules.load_policy(path)


@given(
    phase=st.sampled_from(["midterm", "final"]),
    shortfall=st.integers(0, 12),
    certified=st.integers(0, 8),
    ratio=st.integers(50, 100),
    purchaser=st.decimals(0, 20, places=1),
    quality=st.lists(st.decimals(0, 20, places=1), min_size=1, max_size=4),
    falsified=st.booleans(),
    drop_retention=st.booleans(),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_formatted_policy_gives_the_same_results(guangzhou: swrules.Policy, formatted_guangzhou: swrules.Policy,
                                                 phase: str, shortfall: int, certified: int, ratio: int,
                                                 purchaser: D, quality: list[D], falsified: bool,
                                                 drop_retention: bool) -> None:
    facts = station(compliance__staffing_shortfall=shortfall, compliance__certified_shortfall=certified,
                    compliance__personnel_spending_ratio=D(ratio) / 100, scores__purchaser=purchaser,
                    scores__service_quality=[{"area": f"片区{i}", "score": q} for i, q in enumerate(quality)],
                    compliance__rectification_failed=falsified,
                    staff__retention_rate=None if drop_retention else D("0.9"))
    facts["station"]["phase"] = phase
    a = guangzhou.evaluate(facts).to_json()
    b = formatted_guangzhou.evaluate(facts).to_json()
    a_doc, b_doc = _without_provenance(a), _without_provenance(b)
    assert a_doc == b_doc


PROVENANCE = {"file", "sha256", "location", "origin", "policy_file", "policy_hash"}


def _without_provenance(doc: str) -> object:
    """The result without where the policy was read from (its path, hash, line numbers)."""

    def strip(node: object) -> object:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in PROVENANCE}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return strip(json.loads(doc))


@pytest.mark.skipif(not hasattr(A, "Override"), reason="the overlay syntax (`override`) has not landed on this branch")
def test_overlay_declarations_print_back() -> None:
    text = ('extends "../guangzhou/station-evaluation.swr"\n'
            "# 良好的下限\noverride band 良好 \"良好\" 85<=total<90\n"
            "override item purchaser max 12 = scores.purchaser*60%\n"
            "override party 甲 points 20 { item a max 20 = s.a }\n"
            "override param 上限 = by date { from 2025-07-01: by phase { midterm: 4, final: 8 } \"文件\" }\n"
            "remove veto 整改不到位\n")
    assert format_text(text) == (
        'extends "../guangzhou/station-evaluation.swr"\n\n'
        '# 良好的下限\noverride band 良好 "良好" 85 <= total < 90\n\n'
        "override item purchaser max 12 = scores.purchaser * 60%\n\n"
        "override party 甲 points 20 {\n  item a max 20 = s.a\n}\n\n"
        "override param 上限 = by date {\n  from 2025-07-01: by phase {\n    midterm: 4,\n    final: 8,\n"
        '  } "文件"\n}\n\n'
        "remove veto 整改不到位\n")
