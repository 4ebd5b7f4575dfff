"""facts: fact files to the values a plan reads.

Input: the `CheckedPolicy` and a mapping read from TOML or JSON. Output: validated
fact values (pydantic models built from the declarations, `schema`, with a generated
fast reader for plainly valid input, `reader`), every error with its key path, and
fact templates (`template`). Reads the checked IR, never the syntax tree. May import
`base`, `check`, `compile`.
"""
