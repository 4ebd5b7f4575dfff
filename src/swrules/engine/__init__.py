"""engine: a policy file to results.

Input: policy paths and fact mappings. Output: `Policy` (load, check, compile,
evaluate), `Result` (scores, grade, vetoes, findings, reconciliation; per-rule lines
built when first read), policy versions chosen by date (`versions`) and batches of
fact files (`batch`). May import every package below it: `facts`, `compile`,
`check`, `base`; `syntax` only where a policy file is loaded (`policy`).
"""
