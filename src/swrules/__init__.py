"""swrules: evaluation regulations as rules a policy officer can read, a machine can
evaluate and an auditor can check line by line.

    policy = swrules.load_policy("policies/guangzhou/station-evaluation.swr")
    result = policy.evaluate(facts)        # a mapping as tomllib reads a fact file
    print(result.total, result.grade)
    print(result.to_json())

    result = policy.evaluate(facts, explain=True)   # keeps the trace of every value
    explanation = swrules.explain(result)           # every rule, in Chinese and English
    print(explanation.rule("total").sentence("zh"))
    print(swrules.explained_json(result))           # the result and its explanation, as JSON

Bad input raises `SwrulesError` (`PolicyError` for policies, `FactsError` for fact
files); its `diagnostics` list every problem with file, line or key path, and code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from swrules.base.version import __version__

if TYPE_CHECKING:
    from swrules.base.diagnostics import Diagnostic, FactsError, PolicyError, SwrulesError
    from swrules.engine.policy import Policy, check_file, evaluating, load_policy
    from swrules.engine.result import Result
    from swrules.explanation.build import explain, explained_json
    from swrules.explanation.model import Explanation
    from swrules.facts.schema import read_fact_file

# Each name and the module it comes from, imported when the name is first used: `import
# swrules` (which every `swrules` command does first) stays cheap, and `swrules --help`
# does not load the engine.
_WHERE = {
    "Diagnostic": "swrules.base.diagnostics",
    "FactsError": "swrules.base.diagnostics",
    "PolicyError": "swrules.base.diagnostics",
    "SwrulesError": "swrules.base.diagnostics",
    "Policy": "swrules.engine.policy",
    "check_file": "swrules.engine.policy",
    "evaluating": "swrules.engine.policy",
    "load_policy": "swrules.engine.policy",
    "Result": "swrules.engine.result",
    "explain": "swrules.explanation.build",
    "explained_json": "swrules.explanation.build",
    "Explanation": "swrules.explanation.model",
    "read_fact_file": "swrules.facts.schema",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'swrules' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


__all__ = [
    "Diagnostic",
    "Explanation",
    "FactsError",
    "Policy",
    "PolicyError",
    "Result",
    "SwrulesError",
    "__version__",
    "check_file",
    "evaluating",
    "explain",
    "explained_json",
    "load_policy",
    "read_fact_file",
]
