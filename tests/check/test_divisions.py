"""W0703 warns of a division by zero only where zero can reach the divisor: a division
inside `if b > 0 then a / b else 0`, in the `else` of `if b = 0 then …`, or under an
indicator's `not applicable when b = 0` cannot divide by zero and is not warned of."""

from __future__ import annotations

from pathlib import Path

import pytest

from swrules.engine.policy import check_file

HEAD = """policy "t" { version "1" }
facts f { a decimal min 0  b decimal min 0  n integer min 0 }
score sheet { party p points 10 { item i max 10 = f.a } total max 10 }
grades { ok 5 <= total  no total < 5 }
"""


def warnings(tmp_path: Path, formula: str) -> list[str]:
    path = tmp_path / "p.swr"
    path.write_text(HEAD + f"define d = {formula}\nfinding x {{ when d > 1 }}\n", encoding="utf-8")
    return [d.code for d in check_file(path)]


@pytest.mark.parametrize("formula", [
    "if f.b > 0 then f.a / f.b else 0",
    "if f.b = 0 then 0 else f.a / f.b",
    "if f.n >= 1 then f.a / f.n else 0",
    "if f.b != 0 then f.a / f.b else 0",
    "if 0 < f.b then f.a / f.b else 0",
    "if f.b > 0 and f.a > 0 then f.a / f.b else 0",
    "if f.a = 0 or f.b = 0 then 0 else f.a / f.b",
    "if not (f.b = 0) then f.a / f.b else 0",
    "if f.b > 0 then (if f.a > 1 then f.a / f.b else 1) else 0",
    "f.a / max(f.b, 1)",
])
def test_a_division_that_cannot_meet_zero_is_not_warned_of(tmp_path: Path, formula: str) -> None:
    assert "W0703" not in warnings(tmp_path, formula)


@pytest.mark.parametrize("formula", [
    "f.a / f.b",
    "if f.b >= 0 then f.a / f.b else 0",
    "if f.b > 0 or f.a > 0 then f.a / f.b else 0",
    "if f.b > 0 then 0 else f.a / f.b",
    "if f.a > 0 then f.a / f.b else 0",
])
def test_a_division_that_can_meet_zero_is_still_warned_of(tmp_path: Path, formula: str) -> None:
    assert "W0703" in warnings(tmp_path, formula)
