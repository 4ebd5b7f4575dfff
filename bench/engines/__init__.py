"""The Guangzhou evaluation written for the rule engines a Python team would pick instead of swrules.

Input: a station's fact mapping. Output: a `handwritten.Summary` from each engine,
identical to `handwritten.evaluate`'s (the benchmark and `tests/test_performance.py`
check it on every generated station). Two engines, each used the way its
documentation intends:

- `rule_engine_rules`: rule-engine (PyPI `rule-engine`), expression strings compiled
  once to `Rule` objects and evaluated against a dict;
- `json_logic_rules`: JSON Logic (PyPI `json-logic-qubit`), rules as JSON data
  evaluated by `jsonLogic(rule, data)`.

Both validate with `handwritten.validate` first, so all three evaluators accept and
reject the same facts and the timings compare evaluation after the same validation;
`glue` is the Python the engines could not do without. `load()` returns the engines
whose package is installed and, for the others, why they are skipped: the benchmark
runs without them.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from importlib import metadata
from typing import Any, NamedTuple

from handwritten import Summary


class Engine(NamedTuple):
    key: str  # in the benchmark's JSON figures
    name: str  # as printed
    distribution: str  # the PyPI package
    version: str
    evaluate: Callable[[Any], Summary]


# key -> (name, module the package installs, adapter module here, PyPI package)
ENGINES = {
    "rule_engine": ("rule-engine", "rule_engine", ".rule_engine_rules", "rule-engine"),
    "json_logic": ("JSON Logic", "json_logic", ".json_logic_rules", "json-logic-qubit"),
}


def load() -> tuple[list[Engine], dict[str, str]]:
    """The engines that can run, and for each one that cannot (by name), the reason."""
    engines, skipped = [], {}
    for key, (name, module, adapter, distribution) in ENGINES.items():
        if importlib.util.find_spec(module) is None:
            skipped[name] = f"the PyPI package {distribution} is not installed (pip install -e '.[test]')"
            continue
        evaluate = importlib.import_module(adapter, __name__).evaluate
        engines.append(Engine(key, name, distribution, metadata.version(distribution), evaluate))
    return engines, skipped
