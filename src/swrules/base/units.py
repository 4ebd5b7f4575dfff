"""Units of the figures a policy outputs: declared, never assumed.

Input: the word a policy writes after `unit` (English or Chinese). Output: the `Unit`
it names, or None for a word that names none (the checker reports it with the nearest
unit). A unit says how a value is shown (`35,000 元`, `第 2 名`, `1,501 人次`, `85%`) and
what kind of value it must be (text for `text`, a number for the others); it never
changes the value computed.
"""

from __future__ import annotations

from enum import Enum


class Unit(Enum):
    PERCENT = "percent"  # a fraction shown as a percentage: 0.85 as 85%
    YUAN = "yuan"  # money: 35,000 元
    POINTS = "points"  # points of a score: 35.5 分
    COUNT = "count"  # a number of things, optionally in a word of its own: 1,501 人次
    RANK = "rank"  # a place in an order: 第 2 名
    TEXT = "text"  # words: A, 优秀
    NUMBER = "number"  # a plain number, shown as computed


# Every word `unit` accepts, English and Chinese, and the unit it names.
UNIT_WORDS: dict[str, Unit] = {
    "percent": Unit.PERCENT, "百分比": Unit.PERCENT, "百分数": Unit.PERCENT,
    "yuan": Unit.YUAN, "元": Unit.YUAN, "金额": Unit.YUAN,
    "points": Unit.POINTS, "分": Unit.POINTS, "分数": Unit.POINTS,
    "count": Unit.COUNT, "个数": Unit.COUNT, "数量": Unit.COUNT,
    "rank": Unit.RANK, "名次": Unit.RANK,
    "text": Unit.TEXT, "文字": Unit.TEXT,
    "number": Unit.NUMBER, "数值": Unit.NUMBER,
}


def unit_named(word: str) -> Unit | None:
    return UNIT_WORDS.get(word)
