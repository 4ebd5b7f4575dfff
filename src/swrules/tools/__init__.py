"""tools: what policy authors run on policies themselves.

Input: policies, their test cases and fact files. Output: formatted policy text
(`fmt`, with `fmt_expr` and `fmt_layout`), differences between two versions and
their impact on stations (`diff`, with `diff_words` and `diff_text`; `impact`),
policy test results (`policy_tests`) and generated boundary cases (`boundary`).
May import `explanation` and everything below it; independent of `render`.
"""
