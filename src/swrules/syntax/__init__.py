"""syntax: policy text to the abstract syntax tree.

Input: a `Source`. Output: an `ast.Policy` (frozen dataclasses with spans that take
no part in equality), or diagnostics for every syntax error, each with a span. Holds
the grammar and the reserved words derived from it (`grammar`), the cached Lark
parser (`parser`), the mistakes found before parsing (`prescan`), the translation
of Lark's errors (`errors`; what the parser expected, in words: `expected`),
lowering of the parse tree (`lowering`), the parsed-policy cache (`cache`) and
`extends` composition of overlays (`compose`).
May import only `base`.
"""
