"""The .docx plumbing: an A4 document Word and WPS show in Chinese fonts, reopened as a real file."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from docx import Document
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from swrules.render.word import WordDocument, xml_text


def _png(width: int = 4, height: int = 3) -> bytes:
    """A real, tiny PNG (white)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _sample() -> WordDocument:
    doc = WordDocument(title="示例评估报告")
    doc.title("示例站点甲社工站中期评估报告", subtitle="（2024年8月6日至2025年1月31日）")
    doc.heading("一、评估背景", level=1)
    doc.paragraph("本次评估由示例评估机构实施。", indent=True)
    doc.bullets(["值得肯定：服务记录完整", "需要关注：满意度调查样本不足"])
    doc.table(["指标", "标准分", "评分"], [["专业服务", "30", "28.50"], ["合计", "100", "86.39"]],
              widths_cm=[8, 3, 3], align=["left", "right", "right"], bold_rows=[1])
    doc.picture(_png(), width_cm=5, caption="图1 示例")
    doc.signature_block([("评估机构（盖章）", ""), ("出具日期", "2025年3月1日")])
    return doc


def test_the_document_reopens_with_its_text_tables_and_picture() -> None:
    reopened = Document(io.BytesIO(_sample().to_bytes()))
    text = "\n".join(p.text for p in reopened.paragraphs)
    assert "示例站点甲社工站中期评估报告" in text and "一、评估背景" in text
    assert "评估机构（盖章）：________________" in text and "出具日期：2025年3月1日" in text
    table = reopened.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["指标", "标准分", "评分"]
    assert table.rows[2].cells[2].text == "86.39"
    assert len(reopened.inline_shapes) == 1


def test_a4_page_and_chinese_fonts_named_for_east_asian_text() -> None:
    reopened = Document(io.BytesIO(_sample().to_bytes()))
    section = reopened.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    for name, font in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Title", "黑体")):
        rfonts = reopened.styles[name].element.rPr.rFonts
        assert rfonts.get(qn("w:eastAsia")) == font
        assert rfonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would win over the name


def test_table_header_repeats_on_every_page_and_rows_do_not_split() -> None:
    reopened = Document(io.BytesIO(_sample().to_bytes()))
    rows = reopened.tables[0].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    assert rows[1]._tr.trPr.find(qn("w:tblHeader")) is None


def test_the_same_document_gives_the_same_bytes() -> None:
    first, second = _sample().to_bytes(), _sample().to_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01" in core


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_a_document_that_reopens_with_that_text_minus_control_characters(text: str) -> None:
    doc = WordDocument()
    doc.paragraph(text)
    doc.table(["列"], [[text]])
    reopened = Document(io.BytesIO(doc.to_bytes()))
    shown = reopened.tables[0].rows[1].cells[0].text
    assert shown == xml_text(text).replace("\r\n", "\n").replace("\r", "\n")
