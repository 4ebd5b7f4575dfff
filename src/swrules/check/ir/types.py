"""Types of the checked policy's values.

Input: none; the checker assigns a `Ty` to every expression and rule. Output: the
`Base` enum, `Ty` (a base and whether it is a list) and the words a diagnostic uses
for each (from `base.words`). Types compare by value and never change.
"""

from __future__ import annotations

from enum import Enum

from swrules.base import words
from swrules.base.nodes import node


class Base(Enum):
    BOOL = "bool"
    NUMBER = "number"
    PERCENT = "percent"
    DATE = "date"
    TEXT = "text"
    GRADE = "grade"
    PHASE = "phase"
    RECORDS = "records"
    MODE = "mode"  # a rounding mode, as the third argument of `round`
    # A name that could not be resolved: already reported, so it fits anywhere and
    # causes no second diagnostic. Never in the IR of a policy without errors.
    ERROR = "error"


@node
class Ty:
    """A value's type. `many` marks a list (a field projected over records)."""

    base: Base
    many: bool = False

    @property
    def numeric(self) -> bool:
        return self.base in (Base.NUMBER, Base.PERCENT)

    def __str__(self) -> str:
        return f"list of {self.base.value}" if self.many else self.base.value


BOOL = Ty(Base.BOOL)
NUMBER = Ty(Base.NUMBER)
PERCENT = Ty(Base.PERCENT)
DATE = Ty(Base.DATE)
TEXT = Ty(Base.TEXT)
GRADE = Ty(Base.GRADE)
PHASE = Ty(Base.PHASE)
RECORDS = Ty(Base.RECORDS)
MODE = Ty(Base.MODE)
ERROR = Ty(Base.ERROR)

def type_words(ty: Ty) -> tuple[str, str]:
    """The type's name for a diagnostic (zh, en), from the one table of words."""
    return words.type_words(ty.base.value, ty.many)
