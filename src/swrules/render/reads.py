"""What a veto, finding or process check read, as people read it.

Input: a check's reads (each a fact or a rule, with its label from the policy) or, for a
check that could not be decided, the labels of the facts it lacked. Output: one line of
text in the reader's language: `接受满意度调查的服务对象人数：109；困难群众和特殊群体总人数：
（未填报）；满意度调查随机抽取服务对象的最少人数：100`, or `未填报：稳岗率`. Values are as
`show` writes them in every output: a fact not given as （未填报） (the word of 未填报的事项),
a percentage as 80%, a yes/no as 是/否, every digit kept. No key path or rule name shows:
`swrules eval`'s text (`render.terminal`) and the batch workbook's sheets per check
(`render.xlsx`) both write these lines; the JSON keeps the keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from swrules.base.show import colon, join, join_clauses, show
from swrules.base.words import w
from swrules.engine.result import Check, MissingFact, missing_labels

# One value read: (its label, its value, whether a percentage). A batch row carries these
# (`engine.batch.StationRow.checks`).
ReadLine = tuple[str, Any, bool]


def reads_text(reads: Iterable[ReadLine], lang: str) -> str:
    """`label：value` for each value read, as clauses, every digit kept."""
    sep = colon(lang)
    return join_clauses((f"{label}{sep}{show(value, lang, percent, exact=True)}" for label, value, percent in reads),
                        lang)


def lacking_text(labels: Sequence[str], lang: str) -> str:
    """What a check could not be decided without: 未填报：稳岗率、公示期（工作日）."""
    return f"{w('missing', lang)}{colon(lang)}{join(labels, lang)}"


def check_reads(check: Check, missing: Sequence[MissingFact], lang: str) -> str:
    """A check's line: the facts it lacked when it could not be decided, else what it read."""
    if check.status == "undetermined" and check.missing:
        return lacking_text(missing_labels(check, missing), lang)
    return reads_text(((r.label or r.name, r.value, r.percent) for r in check.reads), lang)
