"""The station report as a Word document (.docx), the format agencies sign and hand in.

Input: an `AgencyReport` (`render.station`, its annex included). Output: the bytes of a
.docx on `render.word`: the same blocks as the Markdown and HTML reports, in the same
order, with the score sheet's combined area cells merged, the signature block, and the
annex on a new page. The same report gives the same bytes.
"""

from __future__ import annotations

from typing import Any

from swrules.base.words import w

from .raster import png, printed_width_cm
from .station import AgencyReport, Block
from .word import WordDocument


def report_docx(doc: AgencyReport, lang: str) -> bytes:
    word = WordDocument(title=doc.title)
    if doc.example:
        word.paragraph(w("r_example", lang), bold=True)
    word.title(doc.title, subtitle=doc.subtitle)
    word.paragraph(w("r_summary", lang), bold=True)
    word.bullets(doc.summary)
    for block in doc.blocks:
        _block(word, block)
    word.page_break()
    for block in doc.annex:
        _block(word, block)
    return word.to_bytes()


def _block(word: WordDocument, b: Block) -> None:
    kind = b["k"]
    if kind == "h":
        word.heading(b["text"], level=b["level"])
    elif kind == "p":
        word.paragraph(b["text"], bold=b["bold"], indent=b["indent"])
    elif kind == "items":
        for item in b["items"]:
            word.paragraph(item, indent=True)
    elif kind == "table":
        table = word.table(b["head"], b["rows"], align=b["align"], bold_rows=b["bold_rows"])
        if b["spans"]:
            _merge(table, b["spans"])
    elif kind == "sign":
        word.signature_block([(label, value) for label, value in b["lines"]])
    elif kind == "chart" and b.get("figure") is not None:
        picture = png(b["figure"])
        if picture is not None:  # no CJK font on this machine: the score sheet above says it all
            word.picture(picture, width_cm=min(15.0, printed_width_cm(b["figure"])), caption=b["caption"])


def _merge(table: Any, spans: list[list[int]]) -> None:
    """Merge a cell with the cells below it that it spans (the combined 折算分 of the areas):
    the covered cells are emptied first, so only the top cell's text remains."""
    for r, row in enumerate(spans):
        for c, span in enumerate(row):
            if span > 1:
                for below in range(r + 2, r + 1 + span):  # row 0 of the table is the header
                    for para in table.cell(below, c).paragraphs:
                        for run in list(para.runs):
                            run._r.getparent().remove(run._r)
                table.cell(r + 1, c).merge(table.cell(r + span, c))
