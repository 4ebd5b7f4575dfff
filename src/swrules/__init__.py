"""swrules: evaluation regulations as rules a policy officer can read, a machine can
evaluate and an auditor can check line by line.

    policy = swrules.load_policy("policies/guangzhou/station-evaluation.swr")
    result = policy.evaluate(facts)        # a mapping as tomllib reads a fact file
    print(result.total, result.grade)
    print(result.to_json())

Bad input raises `SwrulesError` (`PolicyError` for policies, `FactsError` for fact
files); its `diagnostics` list every problem with file, line or key path, and code.
"""

from .diagnostics import Diagnostic, FactsError, PolicyError, SwrulesError
from .engine import Policy, check_file, evaluating, load_policy
from .explain import explain
from .explain_model import Explanation
from .facts import read_fact_file
from .result import Result

__version__ = "0.1.0"

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
    "load_policy",
    "read_fact_file",
]
