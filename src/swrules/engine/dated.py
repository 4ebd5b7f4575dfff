"""Parameters with values by date: which value is in force, and a warning when it changed within
the period.

Input: the Assembler's tables (`c`, the checked policy; `dated_tables`, the rules whose value
is given by date; `period_start_slot`) and a station's slot list. Output: the entry in force
on the policy's date (`dated_entry`), a change after the period began (`dated_change`, a
`DatedChange` on the rule's line) and the W0920 warnings (`dated_warnings`). A base of
`engine.assemble.Assembler`; the generated head (`engine.lines`) calls `dated_warnings`.
"""

from __future__ import annotations

from typing import Any

from swrules.base.diagnostics import Diagnostic
from swrules.base.show import join, show
from swrules.base.values import Unknown
from swrules.check import ir
from swrules.check.ir import CheckedPolicy

from .result import DatedChange
from .rule_table import RuleTable


class DatedParameters:
    """The dated parameters' part of the Assembler."""

    c: CheckedPolicy
    dated_tables: tuple[RuleTable, ...]
    period_start_slot: int | None

    def dated_entry(self, t: RuleTable, env: list[Any], slot: int | None = None) -> ir.DatedValue | None:
        """For a parameter with values by date: the entry in force on the policy's date
        (or on the date in `slot`)."""
        when = env[self.c.date_slot if slot is None else slot]  # type: ignore[index]
        if type(when) is Unknown:
            return None
        chosen = None
        for dv in t.dated:
            if dv.start <= when:
                chosen = dv
        return chosen

    def dated_change(self, t: RuleTable, env: list[Any]) -> DatedChange | None:
        """A dated parameter whose value changed after the period began and by the policy's date."""
        start, when = env[self.period_start_slot], env[self.c.date_slot]  # type: ignore[index]
        if type(start) is Unknown or type(when) is Unknown or not start < when:
            return None
        changes = tuple(dv.start for dv in t.dated if start < dv.start <= when)
        if not changes:
            return None
        earlier = self.dated_entry(t, env, self.period_start_slot)
        written = earlier.value.span.text if earlier is not None and earlier.value.span is not None else None
        assert self.c.header.dated_by is not None
        return DatedChange(start, when, self.c.header.dated_by.dotted, changes,
                           written if written is not None else "—", earlier.document if earlier else None)

    def dated_warnings(self, env: list[Any]) -> tuple[Diagnostic, ...]:
        """W0920 for each dated parameter whose value changed within the period."""
        out = []
        for t in self.dated_tables:
            change = self.dated_change(t, env)
            if change is None:
                continue
            entry = self.dated_entry(t, env)
            value = show(env[t.slot], "zh", t.rule.ty.base is ir.Base.PERCENT, exact=True)
            doc = entry.document if entry is not None and entry.document else None
            before = change.earlier + (f"（{change.earlier_document}）" if change.earlier_document else "")
            before_en = change.earlier + (f" ({change.earlier_document})" if change.earlier_document else "")
            out.append(Diagnostic("W0920", {
                "name": t.rule.name, "start": change.period_start.isoformat(), "end": change.date.isoformat(),
                "changes": join([d.isoformat() for d in change.changed_on], "zh"),
                "changes_en": join([d.isoformat() for d in change.changed_on], "en"),
                "key": change.date_key, "date": change.date.isoformat(), "value": value,
                "document": f"（{doc}）" if doc else "", "document_en": f" ({doc})" if doc else "",
                "earlier": before, "earlier_en": before_en}))
        return tuple(out)
