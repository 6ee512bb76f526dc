"""read_document: every supported format in, text out; every bad file is one clear error line."""

from __future__ import annotations

import random
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from taizhang.intake.read import ReadError, SourceText, read_document

SIMPLIFIED = "新城区今年签约智能装备项目十二个，总投资约三十八亿元，预计明年全部开工建设。"
TRADITIONAL = "本區今年簽約智慧製造項目十二個，總投資約三十八億元，預計明年全部開工建設。"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def error_for(path: Path, **kwargs: int) -> str:
    with pytest.raises(ReadError) as caught:
        read_document(path, **kwargs)
    return str(caught.value)


# plain text and encodings ----------------------------------------------------------------


def test_it_reads_utf8_text(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", SIMPLIFIED.encode("utf-8"))
    source = read_document(path)
    assert source == SourceText(path, "txt", SIMPLIFIED, "utf-8")


def test_it_drops_the_utf8_byte_order_mark(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + SIMPLIFIED.encode()))
    assert (source.text, source.encoding) == (SIMPLIFIED, "utf-8-sig")


def test_it_reads_utf16_with_a_byte_order_mark(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "a.txt", SIMPLIFIED.encode("utf-16")))
    assert (source.text, source.encoding) == (SIMPLIFIED, "utf-16")


def test_it_detects_gb18030(tmp_path: Path) -> None:
    text = SIMPLIFIED + "\n园区管委会表示，将继续做好要素保障和服务工作。"
    source = read_document(write(tmp_path, "a.txt", text.encode("gb18030")))
    assert (source.text, source.encoding) == (text, "gb18030")


def test_it_detects_gbk_labelled_as_plain_text(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "a.text", SIMPLIFIED.encode("gbk")))
    assert (source.text, source.encoding) == (SIMPLIFIED, "gb18030")


def test_it_detects_big5(tmp_path: Path) -> None:
    text = TRADITIONAL + "\n園區管委會表示，將繼續做好要素保障和服務工作。"
    source = read_document(write(tmp_path, "a.txt", text.encode("big5")))
    assert (source.text, source.encoding) == (text, "big5")


def test_it_turns_every_line_ending_into_a_newline(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "a.txt", "一行\r\n二行\r三行\n".encode()))
    assert source.text == "一行\n二行\n三行\n"


def test_it_rejects_an_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.txt", b"")
    assert error_for(path) == f"文件为空：{path} (empty file)"


def test_it_rejects_a_file_of_only_spaces(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.txt", b" \n\t\n" + "\u3000".encode())
    assert error_for(path).startswith("文件为空：")


def test_it_rejects_a_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert error_for(path) == f"看起来是二进制文件，不是文本：{path} (binary file)"


def test_it_rejects_a_file_over_the_limit_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "big.txt", SIMPLIFIED.encode() * 10)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", refuse)
    message = error_for(path, max_bytes=100)
    assert message.startswith("文件过大（") and "上限 100 字节" in message
    assert message.endswith(f"{path} (file too large)")


def test_it_rejects_an_undetectable_encoding(tmp_path: Path) -> None:
    rng = random.Random(42)
    junk = bytes(rng.randrange(0x81, 0xFF) for _ in range(600))
    path = write(tmp_path, "junk.txt", junk)
    assert error_for(path).startswith(f"无法识别编码：{path} (unknown encoding")


def test_it_rejects_latin1_text(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", "Café à la crème, déjà vu.".encode("latin-1"))
    assert error_for(path).startswith("无法识别编码：")


def test_it_rejects_an_unknown_suffix_and_names_it(tmp_path: Path) -> None:
    path = write(tmp_path, "sheet.xlsx", b"PK\x03\x04")
    assert error_for(path) == f"不支持的文件类型“.xlsx”：{path} (unsupported file type)"


def test_it_rejects_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    assert error_for(path) == f"文件不存在：{path} (file not found)"


def test_a_batch_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    paths = [
        write(tmp_path, "1.txt", SIMPLIFIED.encode()),
        write(tmp_path, "2.txt", b""),
        write(tmp_path, "3.txt", SIMPLIFIED.encode("gb18030")),
    ]
    read, failed = [], []
    for path in paths:
        try:
            read.append(read_document(path).path)
        except ReadError as error:
            failed.append(str(error))
    assert read == [paths[0], paths[2]]
    assert failed == [f"文件为空：{paths[1]} (empty file)"]


# HTML ------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>园区动态</title><style>p {{ color: red }}</style>
<script>var menu = "首页";</script></head>
<body>
<nav><a href="/">首页</a> <a href="/news">新闻中心</a></nav>
<div class="top-menu"><ul>
<li><a href="/a">政务公开</a></li><li><a href="/b">办事服务</a></li>
</ul></div>
<div id="article">
  <h1>园区新签约三个制造业项目</h1>
  <p>昨天上午，园区与三家企业
  集中签约，{first}</p>
  <p>园区负责人表示，今年将继续优化服务。</p>
</div>
<div class="sidebar"><p><a href="/hot">热门文章：园区召开安全生产会议</a></p></div>
<footer>版权所有 联系我们</footer>
</body></html>
"""


def test_it_reads_the_main_text_of_an_html_page(tmp_path: Path) -> None:
    html = PAGE.format(first=SIMPLIFIED)
    source = read_document(write(tmp_path, "news.html", html.encode("gb18030")))
    assert source.kind == "html" and source.encoding == "gb18030"
    assert source.text.split("\n") == [
        "园区新签约三个制造业项目",
        f"昨天上午，园区与三家企业 集中签约，{SIMPLIFIED}",
        "园区负责人表示，今年将继续优化服务。",
    ]


def test_it_honours_a_short_meta_charset(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="big5"></head><body><p>{TRADITIONAL}</p></body></html>'
    source = read_document(write(tmp_path, "news.htm", html.encode("big5")))
    assert (source.text, source.encoding) == (TRADITIONAL, "cp950")


def test_it_detects_the_encoding_of_html_without_meta(tmp_path: Path) -> None:
    html = f"<html><body><div><p>{SIMPLIFIED}</p><br>第二段<br>第三段</div></body></html>"
    source = read_document(write(tmp_path, "news.html", html.encode("gb18030")))
    assert source.text == f"{SIMPLIFIED}\n第二段\n第三段"
    assert source.encoding == "gb18030"


def test_it_keeps_table_cells_of_a_row_on_one_line(tmp_path: Path) -> None:
    html = "<html><body><table><tr><td>项目</td><td>投资额</td></tr></table></body></html>"
    source = read_document(write(tmp_path, "t.html", html.encode()))
    assert source.text == "项目\t投资额"


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div><span></div></p></html>",
        "<html><head><script>var a = '正文';</script></head><body></body></html>",
        "<nav>首页 新闻</nav><footer>版权所有</footer>",
    ],
)
def test_it_rejects_html_without_main_text(tmp_path: Path, html: str) -> None:
    path = write(tmp_path, "bad.html", html.encode())
    assert error_for(path) == f"HTML 中没有正文：{path} (no main text in HTML)"


# DOCX ------------------------------------------------------------------------------------


def test_it_reads_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("园区重点项目推进情况")
    table = document.add_table(rows=2, cols=2)
    rows = [("项目", "总投资"), ("智能装备产业园", "12亿元")]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph(SIMPLIFIED)
    path = tmp_path / "report.docx"
    document.save(str(path))
    source = read_document(path)
    assert (source.kind, source.encoding) == ("docx", None)
    assert source.text.split("\n") == [
        "园区重点项目推进情况",
        "项目\t总投资",
        "智能装备产业园\t12亿元",
        SIMPLIFIED,
    ]


def test_it_rejects_a_corrupt_docx(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.docx", b"PK\x03\x04 this is not really a zip file")
    assert error_for(path) == f"DOCX 文件损坏或无法打开：{path} (corrupt .docx)"


def test_it_rejects_a_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    assert error_for(path).startswith("DOCX 中没有文字：")


# PDF -------------------------------------------------------------------------------------


def hand_made_pdf(text: str) -> bytes:
    """A one-page PDF whose text is drawn in Helvetica, one of the 14 fonts every reader has.

    pypdf cannot lay out text, so the file is written by hand: five objects (catalog, page
    tree, page, content stream, font) and a cross-reference table of their byte offsets.
    """
    stream = f"BT /F1 12 Tf 20 60 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 100] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_it_reads_the_text_layer_of_a_pdf(tmp_path: Path) -> None:
    path = write(tmp_path, "report.pdf", hand_made_pdf("Total investment 1.6 billion yuan"))
    source = read_document(path)
    assert (source.kind, source.encoding) == ("pdf", None)
    assert source.text.strip() == "Total investment 1.6 billion yuan"


def test_it_rejects_a_pdf_without_a_text_layer(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert error_for(path) == (
        f"PDF 没有文字层（可能是扫描件）：{path} (no text layer; scanned PDF?)"
    )


def test_it_rejects_an_encrypted_pdf(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert error_for(path) == f"PDF 已加密：{path} (encrypted PDF)"


def test_it_rejects_a_corrupt_pdf(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    assert error_for(path) == f"PDF 文件损坏或无法解析：{path} (corrupt PDF)"


# every error -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("binary.txt", b"\x00\x01\x02\x03" * 10),
        ("junk.txt", bytes(range(0x81, 0xFF)) * 3),
        ("bad.html", b"<html><body></body></html>"),
        ("bad.docx", b"not a zip"),
        ("bad.pdf", b"not a pdf"),
        ("bad.csv", b"a,b"),
    ],
)
def test_every_error_is_one_line_naming_the_file(tmp_path: Path, name: str, data: bytes) -> None:
    path = write(tmp_path, name, data)
    message = error_for(path)
    assert "\n" not in message
    assert str(path) in message
    assert message.endswith(")") and " (" in message
