"""compile: the checked policy to an evaluation plan.

Input: a `CheckedPolicy`. Output: a `Plan`, run once per station, in a plain variant
(one generated Python function, `codegen`) and a traced variant that records what
each rule read and computed for explanations. Policy text never becomes Python
source: code is built from `ast` node objects. Reads the checked IR (`check.ir`), never
the syntax tree. May import `base` and `check`.
"""
