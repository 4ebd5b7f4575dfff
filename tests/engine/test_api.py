"""The Python API: one exception type carrying every diagnostic, and a loaded policy
that evaluates without ever parsing again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal as D
from pathlib import Path

import lark
import pytest
from conftest import GUANGZHOU
from helpers import station

import swrules


def test_api_raises_one_exception_type_with_every_problem(guangzhou: swrules.Policy) -> None:
    facts = station(scores__operations=D("11"), station__phase="mid")
    with pytest.raises(swrules.SwrulesError) as info:
        guangzhou.evaluate(facts)
    assert isinstance(info.value, swrules.FactsError)
    # in the order the policy declares the facts: [station] before [scores]
    assert [d.key_path for d in info.value.diagnostics] == ["station.phase", "scores.operations"]
    assert "midterm" in info.value.diagnostics[0].help("en")  # did you mean


def test_api_policy_errors_are_swrules_errors(tmp_path: Path) -> None:
    p = tmp_path / "p.swr"
    p.write_text("policy \"x\" {\n", encoding="utf-8")
    with pytest.raises(swrules.SwrulesError) as info:
        swrules.load_policy(p)
    assert isinstance(info.value, swrules.PolicyError)
    assert [(d.code, d.filename) for d in info.value.diagnostics] == [("E0104", str(p))]  # ends inside the header


class ParsedDuringEvaluation(AssertionError):
    pass


@contextmanager
def parsing_forbidden(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any parse raises: every way into Lark (building a parser, parsing, lexing) is
    replaced on the class, so no module's reference to a function or a cached parser
    gets around it, and the parsed-policy cache is off, so that a policy loaded again
    would have to be parsed."""

    def parse(*args: object, **kwargs: object) -> None:
        raise ParsedDuringEvaluation("evaluation parsed text")

    with monkeypatch.context() as patch:
        patch.setenv("SWRULES_AST_CACHE", "0")
        for method in ("__init__", "parse", "parse_interactive", "lex"):
            patch.setattr(lark.Lark, method, parse)
        yield


def test_evaluation_never_touches_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = swrules.load_policy(GUANGZHOU)
    with parsing_forbidden(monkeypatch):
        for explain in (False, True, False):
            result = policy.evaluate(station(), explain=explain)
            assert str(result.total) == "88.50"
        assert "88.50" in policy.evaluate(station()).to_json()


def test_the_guard_against_parsing_catches_a_parse(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Without this, the test above could pass because its guard guards nothing.
    copy = tmp_path / "copy.swr"
    copy.write_text(GUANGZHOU.read_text(encoding="utf-8"), encoding="utf-8")
    with parsing_forbidden(monkeypatch), pytest.raises(ParsedDuringEvaluation):
        swrules.load_policy(copy)
