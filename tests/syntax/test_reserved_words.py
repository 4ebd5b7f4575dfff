"""Reserved words and the grammar clean-ups of issue 11: the keyword list comes from
the grammar alone (docs and error messages follow it), every keyword is refused as a
name where it stands, fact keys that are keywords are either refused or referred to
the same way everywhere, and `on zero` is accepted after a division only."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path

import pytest

import swrules
from swrules.base.diagnostics import PolicyError
from swrules.base.source import Source
from swrules.syntax import ast as A
from swrules.syntax.grammar import chinese_keywords, grammar_path, keywords, keywords_of
from swrules.syntax.lowering import parse_policy

ROOT = Path(__file__).resolve().parents[2]


def parse(text: str) -> A.Policy:
    return parse_policy(Source.from_text("<test>", text))


def refused(text: str) -> list[tuple[str, str]]:
    """The codes of a policy's syntax diagnostics, each with the text it underlines."""
    with pytest.raises(PolicyError) as caught:
        parse(text)
    return [(d.code, d.span.text if d.span is not None else "") for d in caught.value.diagnostics]


# ---------------------------------------------------------------- one keyword list


def test_keywords_are_the_words_the_grammar_quotes() -> None:
    words = keywords()
    assert "band" in words  # `remove band`, `override band`: once missing from the copies
    assert {"policy", "on", "zero", "score", "total", "phase", "weight"} <= set(words)
    # Quotes inside comments and regular expressions are not keywords.
    assert not {"KEYWORDS", "n"} & set(words)
    assert len(words) == len(set(words))


def test_only_quoted_words_outside_comments_and_regexes_count() -> None:
    grammar = ('// "commented" words are not keywords\n'
               'STRING: /"[^"\\n]*"/\n'
               'rule: "first" NAME "/" "second" | "first"\n'
               'OP: "<=" | "≤"\n')
    assert keywords_of(grammar) == ("first", "second")


def test_the_docs_list_the_keywords_of_the_grammar() -> None:
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    listed = re.search(r"\*\*Keywords\*\* are English words: `([^`]*)`", text)
    assert listed is not None, "docs/language.md lost its keyword list"
    assert listed.group(1).split() == list(keywords()), (
        "write the keywords in docs/language.md as: " + " ".join(keywords()))


def test_the_grammar_file_holds_no_copy_of_the_list() -> None:
    grammar = grammar_path().read_text(encoding="utf-8")
    name_rule = next(line for line in grammar.splitlines() if line.startswith("NAME:"))
    assert "policy" not in name_rule and "KEYWORDS" in name_rule


@pytest.mark.parametrize("word", keywords())
def test_every_keyword_is_refused_as_a_name_where_it_stands(word: str) -> None:
    assert refused(f"param {word} = 1\n") == [("E0108", word)]


@pytest.mark.parametrize("word", chinese_keywords())
def test_every_chinese_keyword_is_refused_as_a_name_as_written(word: str) -> None:
    assert refused(f"param {word} = 1\n") == [("E0108", word)]


def test_a_longer_name_that_begins_with_a_chinese_keyword_is_a_name() -> None:
    (decl,) = parse("param 指标完成率 = 1\n").declarations
    assert isinstance(decl, A.Param) and decl.name == "指标完成率"


def test_band_is_reserved_and_still_removable() -> None:
    assert refused("define band = 1\n") == [("E0108", "band")]
    (decl,) = parse("remove band 良好\n").declarations
    assert decl == A.Remove("band", "良好")


# ---------------------------------------------------------------- fact keys that are keywords


@pytest.mark.parametrize("word", ["weight", "date", "text", "points", "min"])
def test_a_fact_key_that_is_a_keyword_is_refused_at_its_declaration(word: str) -> None:
    assert refused(f'facts s {{\n  {word} decimal "说明"\n}}\n') == [("E0108", word)]


def test_a_quoted_fact_key_is_not_a_way_around() -> None:
    codes = refused('facts s {\n  "weight" decimal\n}\n')
    assert codes == [("E0100", '"weight"')]


KEYWORD_FIELDS = """
policy "t" {{ version "1" dated by s.day }}
phases from s.phase {{ midterm final }}
facts s {{
  phase one of "midterm", "final"
  day date
}}
records rs {{ name text  score decimal  total decimal  phase text }}
score sheet {{
  party p points 100 {{ item it max 100 = 70 }}
  total max 100
}}
grades {{
  好 60 <= total
  差 total < 60
}}
indicator ind for each rs {{
  compute {expr}
}}
"""


@pytest.mark.parametrize(("expr", "values"), [
    ("score * 2", [D("3.0"), D("8")]),
    ("total + 1", [D("11"), D("21")]),
    ('if phase = "东" then 1 else 0', [D("1"), D("0")]),
])
def test_inside_for_each_a_keyword_field_names_the_field(tmp_path: Path, expr: str, values: list[D]) -> None:
    path = tmp_path / "t.swr"
    path.write_text(KEYWORD_FIELDS.format(expr=expr), encoding="utf-8")
    policy = swrules.load_policy(path)
    facts = {
        "s": {"phase": "midterm", "day": dt.date(2025, 1, 1)},
        "rs": [{"name": "a", "score": D("1.5"), "total": D("10"), "phase": "东"},
               {"name": "b", "score": D("4"), "total": D("20"), "phase": "西"}],
    }
    for explain in (False, True):  # the plain and the traced evaluator read the same field
        result = policy.evaluate(facts, explain=explain)
        assert [str(line.value) for line in result.indicators] == [str(v) for v in values]


def test_outside_for_each_bare_score_is_refused_and_dotted_score_is_a_fact() -> None:
    head = "records rs { name text  score decimal }\n"
    assert refused(head + "define d = mean(score)\n") == [("E0114", "score")]
    decls = parse(head + "define d = mean(rs.score)\n").declarations
    assert isinstance(decls[1], A.Define) and decls[1].expr == A.Call("mean", (A.Ref(("rs", "score")),))


def test_define_then_score_sheet_is_reported_at_score() -> None:
    text = "define x =\nscore sheet { party p points 100 { item i max 100 = 1 } total max 100 }\n"
    ((code, underlined),) = refused(text)
    assert (code, underlined) == ("E0100", "score")


# ---------------------------------------------------------------- on zero


@pytest.mark.parametrize("op", ["*", "×"])
def test_on_zero_after_a_multiplication_is_refused(op: str) -> None:
    assert refused(f"define d = a {op} (b) on zero 0\n") == [("E0113", "on zero 0")]


@pytest.mark.parametrize("op", ["/", "÷"])
def test_on_zero_after_a_division_states_the_result(op: str) -> None:
    (decl,) = parse(f"define d = a {op} b on zero 0\n").declarations
    assert isinstance(decl, A.Define)
    assert decl.expr == A.Binary(A.BinOp.DIV, A.Ref(("a",)), A.Ref(("b",)), A.Number(D(0)))
