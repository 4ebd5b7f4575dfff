"""compile: the checked policy to an evaluation plan.

Input: a `CheckedPolicy`. Output: a `Plan` (`plan`), run once per station: a plain
function and a traced one that also records what each rule read and computed, for
explanations, both generated from one description of each construct (`exprs` for
expressions, `codegen` for rules) with the code-generation kit (`kit`, also used by the
fact reader). Policy text never becomes Python source: code is built from `ast` node
objects. Reads the checked IR (`check.ir`), never the syntax tree. May import `base`
and `check`.
"""
