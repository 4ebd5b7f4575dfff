"""Checking: names, types and the policy's own consistency, as a sequence of passes.

Input: an `ast.Policy`. Output: the `ir.CheckedPolicy` (every name bound to a slot,
every expression typed, rules in evaluation order) and the list of diagnostics.
Every independent problem is collected; a policy with any error yields no checked
policy. The passes share one `context.Context`, each reading what earlier ones wrote:

1. `collect`: every declaration named and given its slots;
2. `resolve` and `rules`/`exprs`/`calls`: the facts giving phase and date, then every
   formula typed into the IR with its names bound;
3. `domain`: the score sheet adds up, the bands cover the range once, every phase
   has its value;
4. `program`: unused names, cycles (and the evaluation order), then, on an acyclic
   policy, `ranges`: divisions by what can be zero, items above their maximum,
   conditions that cannot change;
5. `build`: the context frozen into the IR.
"""

from __future__ import annotations

from swrules.base.diagnostics import Diagnostic, PolicyError
from swrules.syntax import ast as A

from .build import build_policy
from .collect import collect_declarations
from .context import Context
from .domain import check_bands, check_conditions, check_item_ranges, check_phases, check_sheet
from .ir import CheckedPolicy
from .program import check_divisions, check_unused, close_facts, toposort
from .ranges import Ranges
from .resolve import cite_documents, report_unknown_grades, report_unknown_names, resolve_sources
from .rules import type_declarations


def check_policy(policy: A.Policy, source_name: str = "") -> tuple[CheckedPolicy | None, list[Diagnostic]]:
    policy, cited = cite_documents(policy)
    c = Context(policy, source_name)
    c.diags.extend(cited)
    try:
        checked = _run_passes(c)
    except RecursionError:
        # Definitions that read definitions that read definitions… hundreds deep: no
        # regulation does this, and it must be a diagnostic, not a crash.
        return None, [Diagnostic("E0704", {}, file=source_name)]
    diags = sorted(c.diags, key=Diagnostic.sort_key)
    if any(d.is_error for d in diags):
        return None, diags
    return checked, diags


def _run_passes(c: Context) -> CheckedPolicy | None:
    incomplete = collect_declarations(c)
    resolve_sources(c)
    type_declarations(c)
    report_unknown_grades(c)
    report_unknown_names(c)
    check_sheet(c)
    check_bands(c)
    check_phases(c)
    check_unused(c)
    order = toposort(c)
    if order is None or incomplete:
        return None
    # Range analysis follows dependencies, so it runs on an acyclic policy only.
    ranges = Ranges(c)
    check_divisions(c, ranges)
    check_item_ranges(c, ranges)
    check_conditions(c, ranges)
    close_facts(c, order)
    if any(d.is_error for d in c.diags):
        return None
    return build_policy(c, order)


def check_or_raise(policy: A.Policy, source_name: str = "") -> tuple[CheckedPolicy, list[Diagnostic]]:
    checked, diags = check_policy(policy, source_name)
    if checked is None:
        raise PolicyError(diags)
    return checked, diags


# Problems of meaning that stay true when some declarations are missing because they
# did not parse: anything about a name that a broken declaration may define is left out.
_SAFE_DESPITE_SYNTAX = ("E0202", "E0205", "E0206", "E0208", "E0209", "E0211", "E03", "W0305", "E04", "E05",
                        "E0605", "E0701", "W0702")
_PHASE_CODES = ("E0207", "E0601", "E0602")


def check_good_declarations(policy: A.Policy | None, source_name: str) -> list[Diagnostic]:
    """Problems of meaning in the declarations of a policy that has syntax errors, so one
    run reports them too; only those that cannot be caused by a declaration that did not
    parse. A district overlay is left alone: its meaning depends on its base."""
    if policy is None or any(isinstance(d, A.Extends) for d in policy.declarations):
        return []
    _, diags = check_policy(policy, source_name)
    has_phases = any(isinstance(d, A.Phases) for d in policy.declarations)
    safe = _SAFE_DESPITE_SYNTAX + (_PHASE_CODES if has_phases else ())
    return [d for d in diags if d.code.startswith(safe)]
