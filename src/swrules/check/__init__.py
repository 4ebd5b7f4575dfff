"""check: the abstract syntax tree to the checked intermediate form.

Input: an `ast.Policy`. Output: a `CheckedPolicy` (`ir`), immutable once built, and
every diagnostic found (names, types, the score sheet, bands, vetoes, cycles, unused
declarations, divisions), collected rather than stopping at the first. Later stages
read the IR, never the AST. May import `base` and `syntax`.
"""
