"""Read a report from disk into text: .txt (UTF-8, GB18030/GBK or Big5), .html, .docx, .pdf.

`read_document` returns the document's text as a `SourceText`; that text is the "original"
the normalized text's offsets point back into (see `normalize.py`). Line endings become "\n";
nothing else is changed here. Every problem is a `ReadError` whose message is one line naming
the file, so a batch can record it on the document and go on with the next one.

Encoding of .txt (and of .html without a usable <meta charset>): a byte-order mark wins; then
strict UTF-8; then the bytes are decoded strictly as GB18030 and as Big5 (cp950 as a fallback)
and each result is scored by the share of its non-ASCII characters that are very common Chinese
characters (simplified or traditional) or Chinese punctuation. Big5 bytes decode as valid but
rare GB18030 characters, and GB bytes mostly fail as Big5, so the right reading scores far
higher; when neither scores well, or both are close, the encoding is "undetectable".
"""

from __future__ import annotations

import codecs
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import lxml.html  # type: ignore[import-untyped]
from lxml import etree

if TYPE_CHECKING:  # python-docx and pypdf are imported when a .docx or .pdf is read
    from docx.table import Table, _Cell

from taizhang.kernel.errors import ExtractionError

logger = logging.getLogger(__name__)

Kind = Literal["txt", "html", "docx", "pdf"]
_KINDS: dict[str, Kind] = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}


class ReadError(ExtractionError):
    """A document that cannot be read; the message is one line: reason, file, English gloss."""

    def __init__(self, path: Path, reason: str, gloss: str) -> None:
        where = str(path).replace("\n", "\\n").replace("\r", "\\r")
        super().__init__(f"{reason}：{where} ({gloss})")
        self.path = path


@dataclass(frozen=True)
class SourceText:
    path: Path
    kind: Kind
    text: str
    encoding: str | None


def read_document(path: Path, *, max_bytes: int = 50 * 1024 * 1024) -> SourceText:
    """Read one document; raise `ReadError` (one line, naming the file) when it can't be read."""
    kind = _KINDS.get(path.suffix.lower())
    if kind is None:
        shown = path.suffix or "（无扩展名）"
        raise ReadError(path, f"不支持的文件类型“{shown}”", "unsupported file type")
    data = _load(path, max_bytes)
    if kind in ("txt", "html"):
        _refuse_binary(path, data)
    text, encoding = _READERS[kind](path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(path, "文件为空", "empty file")
    logger.debug("read %s: %s, %d chars", kind, encoding, len(text))
    return SourceText(path, kind, text, encoding)


def _load(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; the size is checked before anything is read. (Its time is never a
    document's date: a copied or downloaded file is dated the day it was copied.)"""
    try:
        stat = path.stat()
        if not path.is_file():
            raise ReadError(path, "不是文件", "not a file")
        if stat.st_size > max_bytes:
            raise _too_large(path, stat.st_size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadError(path, "文件不存在", "file not found") from None
    except OSError as error:
        raise ReadError(path, "无法读取文件", f"cannot read file: {error.strerror}") from None
    if len(data) > max_bytes:  # it grew after stat
        raise _too_large(path, len(data), max_bytes)
    if not data.strip():
        raise ReadError(path, "文件为空", "empty file")
    return data


def _too_large(path: Path, size: int, max_bytes: int) -> ReadError:
    sizes = f"{_megabytes(size)}，上限 {_megabytes(max_bytes)}"
    return ReadError(path, f"文件过大（{sizes}）", "file too large")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size} 字节"


# plain text and encodings ----------------------------------------------------------------

_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
    "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物"
    "现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全"
    "表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无"
    "系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基"
    "资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取"
    "据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华"
    "名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持"
    "音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市"
    "克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专"
    "状育厂京识适属圆包火住调满县局照参红细引听该铁价严项投亿网镇企亩"
    "們這個國來時為說產種後會發動對開學經過實現進當點業應與關區計將總網項資億縣鎮"
    "，。、；：？！“”‘’（）《》【】—…·"
)
_GOOD_SCORE = 0.3
_MARGIN = 0.15


def _read_text(path: Path, data: bytes) -> tuple[str, str | None]:
    decoded = _decode(data)
    if decoded is None:
        raise ReadError(path, "无法识别编码", "unknown encoding; expected UTF-8, GB18030 or Big5")
    return decoded


def _refuse_binary(path: Path, data: bytes) -> None:
    """NUL bytes or many control characters: not text (UTF-16/32 with a BOM is fine)."""
    if any(data.startswith(bom) for bom, encoding in _BOMS if encoding != "utf-8-sig"):
        return
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if b"\x00" in data or controls > len(sample) * 0.05:
        raise ReadError(path, "看起来是二进制文件，不是文本", "binary file")


def _decode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding), or None when no encoding is convincing."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    decoded = _strict(data, "utf-8")
    if decoded is not None:
        return decoded
    readings = [r for r in (_strict(data, "gb18030"), _big5(data)) if r is not None]
    scored = sorted(((_score(text), text, name) for text, name in readings), reverse=True)
    if not scored or scored[0][0] < _GOOD_SCORE:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < _MARGIN:
        return None
    return scored[0][1], scored[0][2]


def _strict(data: bytes, encoding: str) -> tuple[str, str] | None:
    """Decode strictly; only a character cut off at the very end (a truncated file) is let go."""
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        if error.end == len(data) and error.start >= len(data) - 3 and error.start > 0:
            return _strict(data[: error.start], encoding)
        return None


def _big5(data: bytes) -> tuple[str, str] | None:
    return _strict(data, "big5") or _strict(data, "cp950")


def _score(text: str) -> float:
    """Share of the non-ASCII characters (in the first 20,000) that are common Chinese."""
    sample = [char for char in text[:20000] if char > "\x7f"]
    if not sample:
        return 0.0
    return sum(char in _COMMON for char in sample) / len(sample)


# HTML ------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950"}
_DROP_TAGS = _words(
    "script style noscript template nav header footer aside form iframe svg button "
    "select textarea object embed canvas menu head"
)
_DROP_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|sidebar|footer|share|copyright"
    r"|toolbar|pagination|comments?)(?:$|[\s_-])",
    re.I,
)
_BLOCKS = _words(
    "address article aside blockquote body dd div dl dt figcaption figure h1 h2 h3 "
    "h4 h5 h6 hr li main ol p pre section table tbody tfoot thead tr ul"
)
_PASS_THROUGH = _words(
    "p span a b strong em i u font small big sub sup label br h1 h2 h3 h4 h5 h6 li "
    "ul ol dl dt dd blockquote pre center"
)
_TABLE_PARTS = _words("tr tbody thead tfoot")
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


def _read_html(path: Path, data: bytes) -> tuple[str, str | None]:
    text, encoding = _decode_html(path, data)
    try:
        root = lxml.html.document_fromstring(_without_xml_declaration(text))
    except (etree.ParserError, ValueError):
        raise ReadError(path, "HTML 中没有正文", "no main text in HTML") from None
    _drop_chrome(root)
    main = _main_element(root)
    body = _render(main) if main is not None else ""
    if not body.strip():
        raise ReadError(path, "HTML 中没有正文", "no main text in HTML")
    return body, encoding


def _decode_html(path: Path, data: bytes) -> tuple[str, str | None]:
    declared = _META_CHARSET.search(data[:4096])
    if declared and not any(data.startswith(bom) for bom, _ in _BOMS):
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            name = ""
        decoded = _strict(data, _ALIASES.get(name, name)) if name else None
        if decoded is not None:
            return decoded
    return _read_text(path, data)


def _without_xml_declaration(text: str) -> str:
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)


def _drop_chrome(root: lxml.html.HtmlElement) -> None:
    """Remove menus, scripts, headers, footers and the like (their tails stay)."""
    doomed = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and element.getparent() is not None
        and element.tag != "body"
        and (
            element.tag in _DROP_TAGS
            or _DROP_NAMES.search(f"{element.get('class', '')} {element.get('id', '')}")
        )
    ]
    for element in doomed:
        element.drop_tree()


def _main_element(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The container holding the most text outside links.

    Text in paragraphs, inline elements, headings and lists counts for the nearest enclosing
    container (div, article, section, a table cell holding over 100 characters, …); a small
    table cell counts for its whole table, so a data table wins as one piece. Text inside <a>
    counts for nothing.
    """
    scores: dict[lxml.html.HtmlElement, int] = {}
    small_cells: dict[lxml.html.HtmlElement, bool] = {}
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag == "a":
            continue
        own = _weight(element.text) + sum(_weight(child.tail) for child in element)
        if own:
            container = _container(element, small_cells)
            scores[container] = scores.get(container, 0) + own
    if not scores:
        return None
    return max(scores, key=lambda element: scores[element])


def _container(
    element: lxml.html.HtmlElement, small_cells: dict[lxml.html.HtmlElement, bool]
) -> lxml.html.HtmlElement:
    while element.getparent() is not None:
        if element.tag in ("td", "th"):
            if element not in small_cells:
                small_cells[element] = len(element.text_content()) <= 100
            if not small_cells[element]:
                break
        elif element.tag not in _PASS_THROUGH and element.tag not in _TABLE_PARTS:
            break
        element = element.getparent()
    return element


def _weight(text: str | None) -> int:
    """Chinese characters count 4, other visible characters 1."""
    if not text:
        return 0
    chinese = sum("\u4e00" <= char <= "\u9fff" for char in text)
    visible = len(text) - text.count(" ") - text.count("\n")
    return 3 * chinese + visible


def _render(element: lxml.html.HtmlElement) -> str:
    """Text of an element: block elements and <br> start new lines; blank lines go."""
    pieces: list[str] = []
    _collect(element, pieces)
    lines = (line.strip(" \t") for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _collect(element: lxml.html.HtmlElement, pieces: list[str]) -> None:
    block = element.tag in _BLOCKS or element.tag == "br"
    if block:
        pieces.append("\n")
    if element.tag == "td" or element.tag == "th":
        pieces.append("\t")
    pieces.append(_HTML_SPACE.sub(" ", element.text or ""))
    for child in element:
        if isinstance(child.tag, str):
            _collect(child, pieces)
        pieces.append(_HTML_SPACE.sub(" ", child.tail or ""))
    if block:
        pieces.append("\n")


# DOCX and PDF ----------------------------------------------------------------------------


def _read_docx(path: Path, data: bytes) -> tuple[str, str | None]:
    """Paragraphs and tables in document order; a table row is one line, cells split by tabs."""
    import docx
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [
            block.text if isinstance(block, Paragraph) else _rows(block)
            for block in document.iter_inner_content()
        ]
    except Exception:  # a broken package fails in zipfile, lxml or python-docx alike
        raise ReadError(path, "DOCX 文件损坏或无法打开", "corrupt .docx") from None
    text = "\n".join(blocks)
    if not text.strip():
        raise ReadError(path, "DOCX 中没有文字", "no text in .docx")
    return text, None


def _rows(table: Table) -> str:
    lines = []
    for row in table.rows:
        cells: list[_Cell] = []
        for cell in row.cells:  # a merged cell is repeated: keep it once
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        lines.append("\t".join(" ".join(cell.text.split("\n")) for cell in cells))
    return "\n".join(lines)


def _read_pdf(path: Path, data: bytes) -> tuple[str, str | None]:
    """The text layer of every page; a scanned PDF (images only) has none."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(path, "PDF 已加密", "encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception:  # pypdf raises many kinds of errors on damaged files
        raise ReadError(path, "PDF 文件损坏或无法解析", "corrupt PDF") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ReadError(path, "PDF 没有文字层（可能是扫描件）", "no text layer; scanned PDF?")
    return text, None


_READERS = {"txt": _read_text, "html": _read_html, "docx": _read_docx, "pdf": _read_pdf}
