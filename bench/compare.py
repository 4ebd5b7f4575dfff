"""What "the same result" means between swrules and the hand-written evaluator.

Input: a swrules `Result`. Output: a `handwritten.Summary` holding the figures a report
needs (every counted score, total, grade, provisional, each veto and finding with its
status, each indicator's completion rate, the reconciliation statuses and the missing
facts), so that `summary_of(policy.evaluate(f)) == handwritten.evaluate(f)` checks
both evaluators on one station. Undetermined values become `None` on both sides.
"""

from __future__ import annotations

from typing import Any

from handwritten import NOT_APPLICABLE, Summary

import swrules
from swrules.base.values import NOT_APPLICABLE as SW_NOT_APPLICABLE
from swrules.base.values import Unknown


def plain(value: Any) -> Any:
    if type(value) is Unknown:
        return None
    if value is SW_NOT_APPLICABLE:
        return NOT_APPLICABLE
    return value


def summary_of(result: swrules.Result) -> Summary:
    return Summary(
        total=plain(result.total),
        grade=plain(result.grade),
        provisional=result.provisional,
        counted=tuple((s.id, plain(s.counted)) for s in result.scores),
        vetoes=tuple((v.id, v.status) for v in result.vetoes),
        findings=tuple((f.id, f.status) for f in result.findings),
        indicators=tuple((i.name, plain(i.value)) for i in result.indicators),
        reconciliation=tuple((r.field, r.status) for r in result.reconciliation),
        missing=tuple(sorted(m.key for m in result.missing)),
    )


def same(a: Summary, b: Summary) -> bool:
    """Equal, and the total written with the same digits (9.40 is not shown as 9.4)."""
    return a == b and str(a.total) == str(b.total)
