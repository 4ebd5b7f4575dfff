"""Messages never show the program's reprs: a missing value in a message reads `（未填报）`,
not `Unknown('missing')`; a decimal reads `1.5`, not `Decimal('1.5')`. Checked three ways:
every catalogue message formatted with values of every kind, a broken `require` that reads a
missing fact (E0808), and every message and golden file the tests keep."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT

from swrules.base.diagnostics import Diagnostic, FactsError
from swrules.base.messages import CATALOGUE
from swrules.base.values import MISSING, NOT_APPLICABLE, Unknown
from swrules.engine.policy import load_policy

REPR = re.compile(r"Unknown\(|Decimal\(|datetime\.|NOT_APPLICABLE|<[\w.]+ object|object at 0x|\bNone\b")
VALUES = [MISSING, Unknown("division_by_zero"), NOT_APPLICABLE, Decimal("1.50"), dt.date(2025, 1, 31), True,
          None, (Decimal(1), MISSING)]
FIELDS = re.compile(r"\{(\w+)")


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_no_catalogue_message_shows_a_repr_of_any_value(code: str) -> None:
    entry = CATALOGUE[code]
    texts = " ".join(t for f in fields(entry) if isinstance(t := getattr(entry, f.name), str))
    names = set(FIELDS.findall(texts))
    for value in VALUES:
        d = Diagnostic(code, dict.fromkeys(names, value))
        for lang in ("zh", "en"):
            for text in (d.message(lang), d.help(lang) or "", d.label(lang) or ""):
                assert not REPR.search(text), (code, value, text)


def test_a_broken_requirement_shows_a_missing_fact_in_words(tmp_path: Path) -> None:
    policy = tmp_path / "p.swr"
    policy.write_text("""policy "t" { version "1" }
facts 抽查 { 有 boolean  得分 decimal min 0 max 100 optional }
score sheet { party p points 100 { item i max 100 = if 抽查.得分 >= 0 then 抽查.得分 else 0 } total max 100 }
grades { ok 60 <= total  no total < 60 }
require 抽查.有 and 抽查.得分 >= 0 "有抽查时须填写抽查得分"
""", encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        load_policy(policy).evaluate({"抽查": {"有": False}})
    [d] = caught.value.diagnostics
    assert d.code == "E0808"
    assert "抽查.得分 = （未填报）" in d.message("zh") and "抽查.有 = 否" in d.message("zh")
    assert "抽查.得分 = (not given)" in d.message("en")
    assert "Unknown" not in caught.value.render("zh") + caught.value.render("en")


def test_no_kept_output_shows_a_repr() -> None:
    kept = [p for p in (ROOT / "tests").rglob("*") if p.suffix in (".txt", ".json", ".md", ".html", ".csv")
            and p.is_file()]
    assert len(kept) > 50
    for path in kept:
        text = path.read_text(encoding="utf-8")
        found = re.search(r"Unknown\(|Decimal\(|datetime\.date\(|object at 0x", text)
        assert found is None, (path, text[max(0, found.start() - 60): found.end() + 60])
