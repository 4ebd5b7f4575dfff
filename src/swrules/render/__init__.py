"""render: results and explanations to documents.

Input: `Result`s and `Explanation`s. Output: terminal tables (`terminal`) and
reports in Markdown and HTML from sandboxed templates (`report`). May import
`explanation` and everything below it; independent of `tools`.
"""
