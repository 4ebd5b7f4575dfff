"""explanation: results to explanations people read.

Input: a `Result` evaluated with a trace. Output: an `Explanation` (a model of
sentences, formulas, facts read and clauses for every rule, `model`), its sentences
(`sentences`) and its plain-text rendering (`text`). May import `engine` and
everything below it.
"""
