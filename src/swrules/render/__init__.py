"""render: results and explanations to documents.

Input: `Result`s and `Explanation`s, and a batch's rows. Output: terminal tables
(`terminal`; the district table fitted to the terminal's width, `table`), reports in
Markdown and HTML from sandboxed templates (`report`), and district results for
spreadsheets: CSV (`export`) and a formatted workbook (`xlsx`); Word documents are built
on `word` (A4, Chinese fonts, repeated table headers, the same bytes each time). May import
`explanation` and everything below it; independent of `tools`.
"""
