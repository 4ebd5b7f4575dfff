"""Hover, go to definition and completion over an `Analysis`.

Input: an analysis and an editor position. Output: what the name there is (hover),
where it is declared (definition, also in a base the policy extends) and what may be
written there (completion). First version: stubs.
"""

from __future__ import annotations

from .analysis import Analysis
from .model import Completion, Hover, Location


def hover(a: Analysis, line: int, col: int) -> Hover | None:
    return None


def definition(a: Analysis, line: int, col: int) -> Location | None:
    return None


def completions(a: Analysis, line: int, col: int) -> list[Completion]:
    return []
