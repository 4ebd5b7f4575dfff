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

from swrules.base.diagnostics import Diagnostic, FactsError, PolicyError, SwrulesError
from swrules.base.version import __version__
from swrules.engine.policy import Policy, check_file, evaluating, load_policy
from swrules.engine.result import Result
from swrules.explanation.build import explain, explained_json
from swrules.explanation.model import Explanation
from swrules.facts.schema import read_fact_file

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
