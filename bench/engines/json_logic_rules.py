"""The Guangzhou evaluation in JSON Logic (PyPI `json-logic-qubit`), run by `evaluate`.

Input: validated facts shaped by `glue.shape`. Output: a `handwritten.Summary`,
identical to `handwritten.evaluate`'s. The rules are JSON data
(`guangzhou.jsonlogic.json`), read once, each evaluated with `jsonLogic(rule, data)`,
as the library intends. What the engine does and does not give:

- numbers: the library's arithmetic (`+ - * / min max`) passes every operand through
  `_to_numeric`, which turns anything that is not a `float` or a string into `int(x)`:
  a `Decimal` 8.5 silently becomes 8, and with plain JSON numbers (floats) 0.1 + 0.2 is
  not 0.3. Exact results need the extension point the library offers, `add_operation`:
  three operations are registered, `decimal_sum`, `decimal_div` and `round_half_up`
  (JSON Logic has no rounding either), on import, in the library's one table per
  process. The rules are read with
  `json.loads(..., parse_float=Decimal, parse_int=Decimal)`: a comparison between two
  `Decimal`s is exact, but one between a `Decimal` fact and a JSON int or float
  literal would truncate the fact first (`8.5 > 8` is false);
- a missing fact: `var` gives null (or a default); nothing marks it unknown. `<` with a
  null operand is silently *false*, `==` coerces like JavaScript (`false == null`
  is true), `and`/`or` are two-valued on truthiness. Every rule reading a fact that may be
  missing carries an explicit `{"===": [..., null]}` guard, and the three-valued `and`
  of the survey sample is spelled out case by case; the decimal operations return null
  when an operand is null;
- `missing` counts an empty string as missing: required text facts (the station's name)
  are checked with `===` null instead;
- no chaining: the glue evaluates the rules in order and writes each result into the
  data for the rules after it;
- a `map` cannot see its element's index: the glue names missing facts inside the areas
  and indicators (`indicators[3].target`), and sorts the list.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from handwritten import SCHEMA, TEXT, ZERO, Summary
from json_logic import add_operation, jsonLogic

from .glue import NEEDED, record_missing, shape, summary

RULES_FILE = Path(__file__).with_name("guangzhou.jsonlogic.json")


def _decimal_sum(*args: Any) -> Decimal | None:
    values = args[0] if len(args) == 1 and isinstance(args[0], list) else args
    if any(v is None for v in values):
        return None
    return sum(values, ZERO)


def _decimal_div(a: Decimal | None, b: Decimal | int | None) -> Decimal | None:
    return None if a is None or b is None else a / b


def _round_half_up(x: Decimal | None, quantum: Decimal) -> Decimal | None:
    return None if x is None else x.quantize(quantum, ROUND_HALF_UP)


add_operation("decimal_sum", _decimal_sum)
add_operation("decimal_div", _decimal_div)
add_operation("round_half_up", _round_half_up)

RULES: dict[str, Any] = json.loads(RULES_FILE.read_text(encoding="utf-8"), parse_float=Decimal, parse_int=Decimal)


def _missing_rule() -> dict[str, Any]:
    """The facts of the shared fact sheet a rule reads and the station lacks."""
    plain = [f"{s}.{n}" for s, names in NEEDED for n in names if SCHEMA[s][n][0] != TEXT]
    text = [f"{s}.{n}" for s, names in NEEDED for n in names if SCHEMA[s][n][0] == TEXT]
    return {"merge": [{"missing": plain}] + [{"if": [{"===": [{"var": key}, None]}, [key], []]} for key in text]}


RULES["missing"] = _missing_rule()
_VETOES = list(RULES["vetoes"].values())
_FINDINGS = list(RULES["findings"].values())
_QUALITY, _RATES, _COUNTED, _TOTAL = RULES["quality"], RULES["rates"], RULES["counted"], RULES["total"]
_GRADE, _PROVISIONAL, _RECONCILIATION, _MISSING = (
    RULES["grade"], RULES["provisional"], RULES["reconciliation"], RULES["missing"])


def evaluate(facts: Any) -> Summary:
    data = shape(facts)
    # Each stage reads what the stages before it wrote into `data`.
    data["vetoes"] = vetoes = [jsonLogic(rule, data) for rule in _VETOES]
    findings = [jsonLogic(rule, data) for rule in _FINDINGS]
    data["quality"] = jsonLogic(_QUALITY, data)
    rates = jsonLogic(_RATES, data)
    data["counted"] = jsonLogic(_COUNTED, data)
    data["total"] = jsonLogic(_TOTAL, data)
    data["grade"] = jsonLogic(_GRADE, data)
    data["provisional"] = jsonLogic(_PROVISIONAL, data)
    reconciliation = jsonLogic(_RECONCILIATION, data)
    missing = jsonLogic(_MISSING, data) + record_missing(data["areas"], data["indicators"])
    return summary(data, vetoes, findings, rates, reconciliation, missing)
