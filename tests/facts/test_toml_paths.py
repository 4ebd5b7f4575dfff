"""A TOML fact file is read by the compiled parser (tomli) and, when it refuses the
text, again by the standard library's tomllib: whatever the text, swrules gives what
tomllib alone gives — the same values, exact decimals, the same error message."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import pytest
import tomli
import tomli_w
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from swrules.base.diagnostics import FactsError
from swrules.base.source import Source
from swrules.facts import guard, schema
from swrules.facts.schema import parse_fact_text


def reference(text: str) -> tuple[str, Any]:
    """What tomllib alone makes of `text`: its value, or the kind and message of its error."""
    try:
        return "value", tomllib.loads(text, parse_float=guard.read_decimal)
    except Exception as exc:  # noqa: BLE001 - any error is compared, whatever it is
        return type(exc).__name__, str(exc)


def fast(text: str) -> tuple[str, Any]:
    try:
        return "value", tomli.loads(text, parse_float=guard.read_decimal)
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__, str(exc)


def swrules_reads(text: str) -> tuple[str, Any]:
    try:
        return "value", parse_fact_text(Source.from_text("f.toml", text))
    except FactsError as exc:
        return "error", [d.to_dict("en") for d in exc.diagnostics]


SCALARS = st.one_of(st.booleans(), st.integers(), st.decimals(allow_nan=False, allow_infinity=False, places=6),
                    st.text(max_size=12), st.dates(), st.datetimes(timezones=st.just(dt.UTC)))
KEYS = st.text(min_size=1, max_size=8)
DOCS = st.recursive(st.dictionaries(KEYS, SCALARS, max_size=4),
                    lambda inner: st.dictionaries(KEYS, st.one_of(SCALARS, inner, st.lists(inner, max_size=3)),
                                                  max_size=4), max_leaves=20)
FACT_FILES = sorted((ROOT / "examples" / "stations").glob("*.toml"))[:6]
EDITS = st.lists(st.tuples(st.integers(min_value=0, max_value=4000), st.integers(min_value=0, max_value=5),
                           st.sampled_from(["", "[", "]", "=", "\"", "'", ".", "\n", "{", "}", ",", "#", "1e9",
                                            "0x1F", "+inf", "1979-05-27T07:32:00Z", "\\u00e9", "\t", "\r\n", "_",
                                            "\"\"\"", "'''", "[[a]]", "a.b = 1", "\0", "ｘ", "９"])),
                 max_size=4)


@settings(max_examples=150, deadline=None)
@given(doc=DOCS)
def test_documents_read_the_same_by_both_parsers(doc: dict[str, Any]) -> None:
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return
    assert fast(text) == reference(text)
    got = swrules_reads(text)
    assert got == ("value", reference(text)[1]) or got[0] == "error"  # refused only as beyond the input limits


def tomllib_only(text: str) -> tuple[str, Any]:
    """What swrules gave before the fast parser: tomllib alone."""
    saved = schema._fast_toml
    schema._fast_toml = tomllib
    try:
        return swrules_reads(text)
    finally:
        schema._fast_toml = saved


@settings(max_examples=300, deadline=None)
@given(which=st.integers(min_value=0, max_value=len(FACT_FILES) - 1), edits=EDITS)
def test_mutated_fact_files_read_as_tomllib_reads_them(which: int, edits: list[tuple[int, int, str]]) -> None:
    text = FACT_FILES[which].read_text(encoding="utf-8")
    for at, cut, insert in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + cut:]
    assert swrules_reads(text) == tomllib_only(text)
    assert fast(text)[0] != "value" or fast(text) == reference(text)


@pytest.mark.parametrize("text", ["a = [1,,2]\n", "a = 1\na = 2\n", "[t]\n[t]\n", "a = 1979-13-01\n", "a = \"\\x\"\n",
                                  "a = " + "[" * 3000 + "]" * 3000 + "\n", "a = " + "9" * 5000 + "\n",
                                  "a = " + "{b=" * 1000 + "}" * 1000 + "\n"])
def test_an_error_is_told_as_before(text: str) -> None:
    got = swrules_reads(text)
    assert got == tomllib_only(text)
    assert got[0] == "error" or text.startswith("a = {")  # 1,000 nested tables: tomli refuses, tomllib reads
