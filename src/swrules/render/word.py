"""Word documents (.docx) as evaluation agencies hand them in: the generic plumbing.

Input: text, tables and pictures, added in reading order to a `WordDocument`. Output: the
bytes of a .docx file (`WordDocument.to_bytes`) on an A4 page with Chinese fonts set for
East Asian text (`w:eastAsia`, which Word and WPS read; the Latin font alone leaves CJK
text in whatever font the reader's machine picks), black headings, tables whose header row
repeats on every page and whose rows do not split across pages, a page number in the
footer, and a signature and seal block. The same content gives the same bytes: the core
properties carry fixed dates and the zip entries a fixed time, order and mode.

Built on python-docx (docs/dependencies.md says why). The API is stable (other documents
build on it; add, never rename):

    doc = WordDocument(title="评估报告", author="swrules")
    doc.title("罗浦街社工站中期评估报告", subtitle="（2024年8月6日至2025年1月31日）")
    doc.heading("一、评估背景", level=1)
    doc.paragraph("正文……")
    doc.paragraph("要点", bold=True)
    doc.bullets(["第一点", "第二点"])
    doc.table(["指标", "标准分", "评分"], [["专业服务", "30", "28.50"]], widths_cm=[8, 3, 3],
              align=["left", "right", "right"])
    doc.picture(png_bytes, width_cm=15, caption="图1 ……")
    doc.signature_block([("评估机构（盖章）", ""), ("评估专家签名", ""), ("出具日期", "    年  月  日")])
    doc.page_break()
    data = doc.to_bytes()

Text is written as text (never interpreted); characters XML cannot hold are dropped.
Pictures are PNG, JPEG, GIF or BMP bytes (python-docx reads their size); an SVG must be
rasterised by the caller.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any, Literal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from swrules.facts.workbook import FIXED_TIME, fixed_zip

Align = Literal["left", "center", "right"]

# Fonts every Chinese Word and WPS installation has: 宋体 for text, 黑体 for headings.
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
# Chinese type sizes: 小二 18pt (title), 四号 14pt, 小四 12pt (body), 五号 10.5pt (tables).
TITLE_PT, H1_PT, H2_PT, H3_PT, BODY_PT, TABLE_PT = 18, 14, 12, 12, 12, 10.5

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}
# Characters an XML 1.0 document cannot contain (python-docx would raise on them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the control characters a .docx cannot hold, its line ends as one
    line break each (python-docx makes a break of every CR and every LF, so a Windows
    line end would otherwise leave an empty line)."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _fonts(rpr_owner: Any, east_asia: str, size: float | None = None, bold: bool | None = None,
           black: bool = False) -> None:
    """Set a style's or run's fonts: Latin and East Asian by name (no theme fonts, which
    would override the names), size, bold, and black colour."""
    font = rpr_owner.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if black:
        font.color.rgb = RGBColor(0, 0, 0)
    rpr = rpr_owner.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), east_asia)


class WordDocument:
    """A .docx built in reading order; `to_bytes` gives the file."""

    def __init__(self, *, title: str = "", author: str = "swrules", page_numbers: bool = True) -> None:
        self.doc: Any = Document()
        props = self.doc.core_properties
        props.title = xml_text(title)
        props.author = author
        props.last_modified_by = author
        props.created = FIXED_TIME
        props.modified = FIXED_TIME
        props.last_printed = FIXED_TIME
        props.revision = 1
        props.comments = ""
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2.54)
        section.left_margin = section.right_margin = Cm(2.8)
        self._styles()
        if page_numbers:
            self._page_number(section)

    # -- styles -------------------------------------------------------------------------

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        _fonts(normal, BODY_FONT, BODY_PT)
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.line_spacing = 1.25
        for name, size in (("Title", TITLE_PT), ("Heading 1", H1_PT), ("Heading 2", H2_PT), ("Heading 3", H3_PT)):
            style = styles[name]
            _fonts(style, HEADING_FONT, size, bold=name != "Heading 3", black=True)
            style.font.italic = False
            style.paragraph_format.space_before = Pt(12 if name != "Heading 3" else 6)
            style.paragraph_format.space_after = Pt(6)
            style.paragraph_format.keep_with_next = True
        title = styles["Title"]
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # The template's Title has a coloured bottom border; an official title has none.
        ppr = title.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
        for name in ("List Bullet", "List Number"):
            _fonts(styles[name], BODY_FONT, BODY_PT)

    def _page_number(self, section: Any) -> None:
        """'第 N 页' centred in the footer, N a PAGE field Word and WPS fill in."""
        para = section.footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run("第 ")
        run = para.add_run()
        for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
            if kind is None:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            else:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
        para.add_run(" 页")

    # -- content ------------------------------------------------------------------------

    def title(self, text: str, subtitle: str = "") -> None:
        """The document's title, centred; `subtitle` (e.g. the contract period) below it."""
        self.doc.add_paragraph(xml_text(text), style="Title")
        if subtitle:
            para = self.doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.add_run(xml_text(subtitle))

    def heading(self, text: str, level: int = 1) -> None:
        """A heading of level 1–3 (一、 / （一） / 1. by the caller's numbering)."""
        self.doc.add_heading(xml_text(text), level=max(1, min(3, level)))

    def paragraph(self, text: str = "", *, bold: bool = False, align: Align = "left", indent: bool = False,
                  size: float | None = None) -> Any:
        """A paragraph of text; `indent` gives the two-character first-line indent of Chinese prose.
        Returns python-docx's paragraph, to which `run` adds more text."""
        para = self.doc.add_paragraph()
        para.alignment = _ALIGN[align]
        if indent:
            para.paragraph_format.first_line_indent = Pt(2 * (size or BODY_PT))
        if text:
            self.run(para, text, bold=bold, size=size)
        return para

    def run(self, para: Any, text: str, *, bold: bool = False, size: float | None = None) -> None:
        """Append `text` to a paragraph `paragraph` returned, bold or at another size if asked."""
        run = para.add_run(xml_text(text))
        run.bold = bold or None
        if size is not None:
            run.font.size = Pt(size)

    def bullets(self, items: Sequence[str], numbered: bool = False) -> None:
        """A list, one paragraph per item."""
        for item in items:
            self.doc.add_paragraph(xml_text(item), style="List Number" if numbered else "List Bullet")

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], *, widths_cm: Sequence[float] | None = None,
              align: Sequence[Align] | None = None, bold_rows: Sequence[int] = ()) -> Any:
        """A bordered table: the header row bold, shaded and repeated on every page; rows kept
        whole across pages; `align` per column (numbers right); `bold_rows` (indexes into
        `rows`) for totals. Returns python-docx's table."""
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        aligns = list(align or ["left"] * len(header))
        bold = set(bold_rows)
        for r, values in enumerate([list(header), *map(list, rows)]):
            row = table.rows[r]
            trpr = row._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:cantSplit"))
            if r == 0:
                trpr.append(OxmlElement("w:tblHeader"))
            for c, cell in enumerate(row.cells):
                para = cell.paragraphs[0]
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else _ALIGN[aligns[c]]
                para.paragraph_format.space_after = Pt(0)
                para.paragraph_format.line_spacing = 1.0
                run = para.add_run(xml_text(values[c] if c < len(values) else ""))
                run.font.size = Pt(TABLE_PT)
                run.bold = (r == 0 or (r - 1) in bold) or None
                if r == 0:
                    _shade(cell, "E7E6E6")
        if widths_cm:
            table.autofit = False
            for c, width in enumerate(widths_cm):
                for cell in table.columns[c].cells:
                    cell.width = Cm(width)
        self.doc.add_paragraph()
        return table

    def picture(self, data: bytes, *, width_cm: float = 15.0, caption: str = "") -> None:
        """A picture (PNG, JPEG, GIF or BMP bytes) centred at `width_cm`, with a caption below."""
        self.doc.add_picture(io.BytesIO(data), width=Cm(width_cm))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if caption:
            self.paragraph(caption, align="center", size=TABLE_PT)

    def signature_block(self, lines: Sequence[tuple[str, str]]) -> None:
        """Right-hand lines to sign and seal: (label, value) each, a blank line to write on when
        the value is empty (评估机构（盖章）：________)."""
        self.doc.add_paragraph()
        for label, value in lines:
            para = self.doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            para.paragraph_format.space_before = Pt(12)
            para.paragraph_format.keep_with_next = True
            para.add_run(xml_text(f"{label}：{value or '_' * 16}"))

    def page_break(self) -> None:
        """Continue on a new page."""
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- output -------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The .docx file: the same content gives the same bytes."""
        raw = io.BytesIO()
        self.doc.save(raw)
        return fixed_zip(raw.getvalue())


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


__all__ = ["Align", "WordDocument", "xml_text"]
