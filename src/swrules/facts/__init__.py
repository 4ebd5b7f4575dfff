"""facts: fact files to the values a plan reads.

Input: the `CheckedPolicy` and a mapping read from TOML or JSON, or a district's
workbook (.xlsx, `xlsx`: one mapping per station row, exact decimals from the cells'
stored text, each value's cell). Output: validated fact values (pydantic models built
from the declarations, `schema`, with a generated fast reader for plainly valid
input, `reader`), every error with its key path (and cell), and fact templates
(`template` in TOML, `template_xlsx` as a workbook laid out by `workbook`). Reads
the checked IR, never the syntax tree. May import `base`, `check`, `compile`.
"""
