"""Bytes → plain text, per file format: text, HTML, DOCX, PDF.

The format is chosen by content first (magic bytes, markup), then by suffix. Parsing is left to
libraries (lxml, python-docx, pypdf), imported lazily. What a converter returns here IS the
document's original text: mention offsets index it, and `lawgraph text FILE` prints it.

Every failure is a `LoadError` whose one-line message names the file and the fix.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import PurePath

TEXT, HTML, DOCX, PDF = "text", "html", "docx", "pdf"


class LoadError(ValueError):
    """A file could not be read as a report; the one-line message names the file and the fix."""

# suffix → format; files under a folder are read only when their suffix is here or their content is
# recognisably HTML, DOCX or PDF
SUFFIX_FORMATS = {
    ".txt": TEXT, ".text": TEXT,
    ".html": HTML, ".htm": HTML, ".shtml": HTML, ".xhtml": HTML,
    ".docx": DOCX,
    ".pdf": PDF,
}
SUFFIXES = tuple(SUFFIX_FORMATS)

# content that is not a report in any format we read: (magic prefix, what it is, the fix)
_NOT_READABLE = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Word/WPS (.doc/.wps, OLE2) file",
     "save it as .docx (e.g. libreoffice --headless --convert-to docx)"),
    (b"{\\rtf", "an RTF file", "save it as .docx or .txt"),
    (b"\x89PNG", "a PNG image", "run OCR on it and pass the text"),
    (b"\xff\xd8\xff", "a JPEG image", "run OCR on it and pass the text"),
    (b"GIF8", "a GIF image", "remove it from the input"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "unpack it first"),
    (b"Rar!", "a RAR archive", "unpack it first"),
)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


def sniff(head: bytes, name: str = "") -> str:
    """The format of a file from its first bytes (and its name when the content does not tell).

    Returns TEXT, HTML, DOCX or PDF; raises LoadError for content we cannot read (legacy .doc,
    images, archives, spreadsheets).
    """
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return DOCX  # confirmed (word/document.xml) when the whole file is read
    for magic, what, fix in _NOT_READABLE:
        if head.startswith(magic):
            raise LoadError(f"{name} is {what}, not a report lawgraph can read; {fix}")
    probe = head
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            probe = head[len(bom):].decode(enc, "ignore").encode("ascii", "ignore")
            break
    if _HTML_START.match(probe):
        return HTML
    return SUFFIX_FORMATS.get(PurePath(name).suffix.lower(), TEXT)


def to_text(data: bytes, fmt: str, name: str, encoding: str | None = None) -> tuple[str, str]:
    """(plain text, how it was decoded) of a whole file in format `fmt`."""
    if fmt == PDF:
        return pdf_text(data, name), "pdf"
    if fmt == DOCX:
        return docx_text(data, name), "docx"
    if fmt == HTML:
        return html_text(data, name, encoding)
    return decode(data, name, encoding)


# ---- plain text -------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plausible(text: str) -> bool:
    """Decoded text looks like prose: few control or private-use characters."""
    if not text:
        return True
    bad = sum(1 for ch in text if (ch < " " and ch not in "\t\r\n\f\v") or "\ue000" <= ch <= "\uf8ff")
    return bad <= max(2, len(text) // 200)


DAMAGED = "U+FFFD"  # in an encoding label: the text holds replacement characters for damaged bytes


def _decode_cut(data: bytes, encoding: str) -> tuple[str, str]:
    """(text, label). A file cut inside its last multi-byte character ends in U+FFFD instead of
    failing (so the rest of the report is still read). Raises UnicodeDecodeError for any other fault."""
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        if exc.end >= len(data) and exc.start >= len(data) - 3 and exc.start > 0:
            return (data[:exc.start].decode(encoding) + "\ufffd",
                    f"{encoding} (its cut-off last character read as {DAMAGED})")
        raise


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Bytes → (text, encoding used). Raises LoadError naming `name` and the fix."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise LoadError(f"cannot decode {name} as {encoding} ({exc.__class__.__name__}); "
                            "pass another --encoding") from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise LoadError(f"cannot decode {name}: it starts with a {enc} byte-order mark but is not "
                                f"valid {enc}; pass --encoding") from None
    if b"\x00" in data[:4096]:
        raise LoadError(f"{name} looks binary (NUL bytes), not a text report; convert it to text or "
                        "pass --encoding utf-16-le if it is UTF-16 without a byte-order mark")
    try:
        return _decode_cut(data, "utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few damaged bytes (a bad sector, a botched copy) is still UTF-8: read the damage as
    # U+FFFD rather than the whole file as GB18030 mojibake (which would decode "fine" into nonsense)
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad <= max(1, len(text) // 1000):
        return text, f"utf-8 ({bad} damaged bytes read as {DAMAGED})"
    try:
        text, label = _decode_cut(data, "gb18030")
        if _plausible(text):
            return text, label
    except UnicodeDecodeError:
        pass
    raise LoadError(f"cannot decode {name} as UTF-8 or GB18030; pass --encoding (e.g. --encoding big5)")


# ---- HTML -------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# page chrome by tag, and by class/id word (English and the pinyin Chinese CMSs use)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "form", "button", "select", "textarea", "input", "nav", "aside", "head", "title", "map")
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|share|bdshare|bshare|social|footer|foot|"
    r"topbar|toolbar|sidebar|side|related|recommend|comments?|copyright|login|search|banner|ads?|advert|"
    r"qrcode|ewm|fenxiang|dibu|daohang|weizhi|location|position|print|dayin|close|guanbi|pager|pagination|"
    r"info|attr|source|laiyuan|fontsize|zihao|font-size)"
    r"(?:$|[\s_\d-])", re.I)
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
          "table", "thead", "tbody", "tfoot", "td", "th", "section", "article", "main", "blockquote", "pre",
          "hr", "header", "footer", "center", "address", "figure", "figcaption", "caption", "body", "html"}
_SPACE = re.compile(r"[ \t\r\n\f]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares (<meta charset>, http-equiv or an XML declaration)."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # pages that say gb2312/gbk are in practice GB18030 (a superset): never fail on a rarer character
    return "gb18030" if name in ("gb2312", "gbk", "euc_cn", "hz") else name


def decode_html(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Page bytes → str: --encoding, else a BOM, else the declared charset, else detection."""
    if encoding or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, name, encoding)
    declared = html_charset(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the declaration lies (common after a site migration): detect instead
    try:
        return decode(data, name)
    except LoadError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise
        return str(best), best.encoding


def _classes(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _text_len(el) -> int:
    return len(_CJK.findall(el.text_content()))


def _drop(el) -> None:
    """Remove an element (its tail text stays in the tree)."""
    if el.getparent() is not None:
        el.drop_tree()


def _content_root(body):
    """The element that holds the article: the one whose direct paragraphs carry the most text
    (a small Readability: each paragraph scores its parent fully and its grandparent half)."""
    scores: dict = {}
    for el in body.iter("p", "div", "td", "section", "article", "span", "font", "li"):
        own = (el.text or "") + "".join(c.tail or "" for c in el)
        n = len(_CJK.findall(own))
        if el.tag == "p":
            n = max(n, _text_len(el))
        if n < (10 if el.tag == "p" else 20):
            continue
        parent = el.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + n
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + n / 2
        if el.tag != "p":  # text directly in a div/td: the element is itself a content block
            scores[el] = scores.get(el, 0.0) + n
    if not scores:
        return body
    total = _text_len(body) or 1
    root = max(scores, key=lambda e: (scores[e], -len(list(e.iterancestors()))))
    # a root that holds only a sliver of the page was a wrong guess: fall back to the whole body
    return root if _text_len(root) * 4 >= total else body


def _title(body, root) -> str:
    """The article title when it sits outside the content block (h1, or a *title* element)."""
    if root is body or any(True for _ in root.iter("h1", "h2")):
        return ""
    for el in body.iter("h1"):
        t = _SPACE.sub(" ", el.text_content()).strip()
        if _CJK.search(t):
            return t
    for el in body.iter():
        if not isinstance(el.tag, str) or el is root:
            continue
        if re.search(r"title|biaoti", _classes(el), re.I):
            t = _SPACE.sub(" ", el.text_content()).strip()
            if 6 <= len(t) <= 120 and _CJK.search(t) and root not in set(el.iterancestors()):
                return t
    return ""


def _lines(root) -> list[str]:
    """The text of an element with one line per block (p, div, br, li, tr, h1…), spaces collapsed."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = _SPACE.sub(" ", "".join(buf)).strip(" ")
        if line:
            lines.append(line)
        buf.clear()

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag in _BLOCK
        if block:
            flush()
        if tag and el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if block:
            flush()

    walk(root)
    flush()
    return lines


def html_text(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The article of a saved web page as plain text, one line per paragraph; (text, charset)."""
    import lxml.etree
    import lxml.html

    text, charset = decode_html(data, name, encoding)
    if not text.strip():
        return "", charset
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        doc = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise LoadError(f"cannot parse {name} as HTML ({exc}); save the page again or pass it as .txt") from None
    body = doc.find("body")
    if body is None:
        body = doc
    for el in list(body.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(body.iter("header", "footer")):
        if not any(a.tag in ("article", "main") for a in el.iterancestors()):
            _drop(el)
    total = _text_len(body)
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        hidden = el.get("hidden") is not None or re.search(r"display\s*:\s*none", el.get("style", ""), re.I)
        chrome = _CHROME.search(_classes(el)) and el.find(".//h1") is None
        # never drop a block that holds most of the page: that is the article, whatever its class says
        if (hidden or chrome) and _text_len(el) * 2 <= total:
            _drop(el)
    root = _content_root(body)
    lines = _lines(root)
    title = _title(body, root)
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n".join(lines), charset


# ---- DOCX -------------------------------------------------------------------------------------

_MAX_XML = 200 * 1024 * 1024  # uncompressed word/document.xml: more is a zip bomb, not a report


def docx_text(data: bytes, name: str) -> str:
    """Body paragraphs and table cells of a .docx in document order, one line per paragraph."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        info = zf.getinfo("word/document.xml")
    except KeyError:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        what = ("a spreadsheet (.xlsx)" if "xl/workbook.xml" in names
                else "a presentation (.pptx)" if "ppt/presentation.xml" in names
                else "a zip archive")
        raise LoadError(f"{name} is {what}, not a Word report; export the report as .docx, .pdf or .txt") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise LoadError(f"cannot read {name} as .docx ({exc}); the file is damaged or truncated, "
                        "download or save it again") from None
    if info.file_size > _MAX_XML:
        raise LoadError(f"{name} unpacks to {info.file_size // 2**20} MB of XML, too large for a report; "
                        "check the file (it may be a zip bomb)")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for damaged parts
        raise LoadError(f"cannot read {name} as .docx ({type(exc).__name__}: {exc}); "
                        "open and save it again in Word or WPS") from None
    lines: list[str] = []

    def add_table(table: Table) -> None:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if cell._tc in seen:  # a merged cell appears once per grid column it spans
                    continue
                seen.add(cell._tc)
                for item in cell.iter_inner_content():
                    if isinstance(item, Paragraph):
                        lines.append(item.text)
                    else:
                        add_table(item)

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        else:
            add_table(item)
    return "\n".join(line.rstrip() for line in lines)


# ---- PDF --------------------------------------------------------------------------------------

# a line that is only a page number: "- 3 -", "— 3 —", "第3页 共10页", "3/10", "3"
_PAGE_NUMBER = re.compile(r"^[ \t\u3000]*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|"
                          r"\d+\s*/\s*\d+|\d{1,4})[ \t\u3000]*$")


def pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, page after page, one line per printed line, without page numbers."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(f"{name} is a password-protected PDF; save an unprotected copy and pass that")
        pages = []
        images = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            if not pages[-1].strip():
                try:
                    images += len(page.images)
                except Exception:  # noqa: BLE001 - an unreadable image still means "no text here"
                    images += 1
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise LoadError(f"cannot read {name} as PDF ({type(exc).__name__}: {exc}); the file is damaged "
                        "or truncated, download or export it again") from None
    lines = []
    for page in pages:
        for line in page.splitlines():
            line = line.rstrip()
            if line.strip() and not _PAGE_NUMBER.match(line):
                lines.append(line)
    if not lines:
        raise LoadError(f"{name} is a scanned PDF with no text layer ({len(pages)} pages, {images} images); "
                        "run OCR on it first (e.g. ocrmypdf -l chi_sim) and pass the result")
    return "\n".join(lines)
