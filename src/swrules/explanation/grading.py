"""What an explanation says of the station as a whole: the grade's sentence, the vetoes as it reads them,
the band the total falls in, and the notes on the figures a report declared.

Input: the station's result and its slot list, through the builder (`build._Explainer`, which takes these
methods from `Grading`). Output: the grade's sentence (`grade_sentence`), the vetoes hit and undetermined
(`vetoes`, read by slot from each veto's value, not from its line with everything it read), the station's
band (`band`, worked out once for the sentence and the band margins) and the reconciliation notes, whose
sentences are kept per policy by the line's values (`reconciliation`). What they say is what
`tests/explanation/reference_build.py` says, which reads the result's lines for every station.
"""

from __future__ import annotations

from typing import Any

from swrules.base.words import Say
from swrules.check.bands import graded_total
from swrules.check.ir import CheckedPolicy
from swrules.engine.assemble import Assembler
from swrules.engine.result import Check, Result, RuleResult

from . import sentences as W
from .keys import exact, undetermined
from .margins import Event, band_of
from .model import ReconciliationNote
from .names import Names, PolicyWords

_new = tuple.__new__
_UNSET = object()
_KEEP_SAID = 1024  # reconciliation sentences kept per policy; then it starts afresh


class Grading:
    """The builder's station-wide parts (a mixin of `build._Explainer`, which sets what is declared here)."""

    c: CheckedPolicy
    r: Result
    names: Names
    words: PolicyWords
    traces: dict[int, list[Event]]
    env: list[Any] | None
    parts: Any
    tables: Any
    results: dict[str, RuleResult]
    found_band: Any
    found_vetoes: tuple[list[Check], list[Check]] | None

    def start_grading(self) -> None:
        self.found_band = _UNSET  # `band`
        self.found_vetoes = None  # `vetoes`

    def band(self) -> Any:
        """The band the total falls in before any veto (`margins.band_of`): worked out once a station, for
        the grade's sentence and the band margins."""
        found = self.found_band
        if found is _UNSET:
            found = self.found_band = band_of(self.c, self.r.total, self.grade_events())
        return found

    def vetoes(self) -> tuple[list[Check], list[Check]]:
        """The vetoes hit and those undetermined, in policy order, as `Result.vetoes` has them for what the
        grade's sentence and `capped_by` read of them (their label and forced grade): read by slot when the
        result has its slot list, from each veto's value (hit when true, undetermined when neither true nor
        false, as `Assembler.check` gives its status), instead of building every veto's line with its reads."""
        found = self.found_vetoes
        if found is not None:
            return found
        env = self.env
        if env is None:
            found = ([v for v in self.r.vetoes if v.status == "hit"],
                     [v for v in self.r.vetoes if v.status == "undetermined"])
        else:
            lines = self.words.memo.get("vetoes")
            if lines is None:  # each veto's slot and its line's head, as hit and as undetermined
                lines = self.words.memo["vetoes"] = tuple(
                    (t.slot, *(_new(Check, (*t.check_head[:3], status, (), (), t.check_head[3], None, t.location))
                               for status in ("hit", "undetermined")))
                    for t in self.parts.vetoes)
            hit, pending = [], []
            for slot, as_hit, as_pending in lines:
                value = env[slot]
                if value is True:
                    hit.append(as_hit)
                elif value is not False:
                    pending.append(as_pending)
            found = (hit, pending)
        self.found_vetoes = found
        return found

    def grade_sentence(self, grade: Any) -> Say:
        total = self.r.total
        band = self.band()
        hit, pending = self.vetoes()
        if self.env is not None:  # the total's missing facts, as its line has them
            t = self.tables[self.c.rules_by_name["total"].slot]
            total_missing = Assembler.missing(t, self.env) if undetermined(self.env[t.slot]) else ()
        else:
            total_missing = self.results["total"].missing
        g = self.c.grades
        rounding = (g.rounding.mode, g.rounding.places) if g.rounding is not None else None
        graded = graded_total(total, g.rounding)
        before = W.graded_words(total, graded, rounding, g.integer)
        return W.grade_sentence(grade, graded, band, hit, pending, self.r.provisional,
                                self.names.missing_words(total_missing), before, g.otherwise)

    def grade_events(self) -> list[Event]:
        return self.traces.get(self.c.rules_by_name["grade"].slot, [])

    # ------------------------------------------------------------ reconciliation
    def reconciliation(self) -> tuple[ReconciliationNote, ...]:
        """A note for each declared figure. Its sentence depends on the line's values alone (and the rule's
        place and label, the policy's own), so it is kept per policy by them, told apart as `keys.exact`
        tells them apart: a declared total or grade recurs from station to station."""
        lines = self.r.reconciliation
        if not lines:
            return ()
        out = []
        memo = self.words.memo
        named = memo.setdefault("reconciled", {})  # a line's rule's place and label, once per policy
        said = memo.get("reconciliation sentences")
        if said is None or len(said) >= _KEEP_SAID:
            said = memo["reconciliation sentences"] = {}
        for line in lines:
            key = (line.field, line.label, line.status, line.rule,
                   exact([line.declared, line.computed, line.difference]))
            found = said.get(key)
            if found is None:
                where, label = named.get(line.rule) or self.reconciled(line.rule)
                found = said[key] = (where, W.reconciliation_sentence(line, label, where))
            out.append(ReconciliationNote(line, *found))
        return tuple(out)

    def reconciled(self, name: str) -> tuple[str, str]:
        """A reconciled rule's place and label (the policy's source and the name, for a rule it lacks)."""
        rule = self.c.rules_by_name.get(name)
        found = self.words.memo["reconciled"][name] = (
            rule.span.location() if rule is not None and rule.span is not None else self.c.source_name,
            rule.label if rule is not None else name)
        return found
