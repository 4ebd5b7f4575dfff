"""check: the abstract syntax tree to the checked intermediate form.

Input: an `ast.Policy`. Output: an `ir.CheckedPolicy` (the `ir` package: typed
expressions with bound names, typed declarations, rules in evaluation order), frozen
once built, and every diagnostic found (names, types, the score sheet, bands, vetoes,
cycles, unused declarations, divisions), collected rather than stopping at the first.
`checker` runs the passes in order over one `context.Context`: `collect`, `resolve`
with `rules`/`exprs`/`calls` (typing), `domain`, `program` with `ranges`, `build`.
Later stages read the IR, never the AST. May import `base` and `syntax`.
"""
