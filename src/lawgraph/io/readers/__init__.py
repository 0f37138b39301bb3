"""One reader per input format, one signature: ``read(data, name, encoding) -> (text, how)``.

`text` IS the document's original text (mention offsets index it; `lawgraph text FILE` prints it);
`how` says how it was read (the encoding, or the format). The format of a file is told by its
content first (magic bytes, markup), then by its suffix (`sniff`). Parsing libraries (lxml,
python-docx, pypdf) are imported by the reader that needs them, when it is first used.

Every refusal is an InputError whose one-line message names the file and the fix; each reader also
bounds what one file may cost (`lawgraph.io.limits`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from importlib import import_module
from pathlib import PurePath

from lawgraph.errors import InputError

TEXT, HTML, DOCX, PDF = "text", "html", "docx", "pdf"
FORMATS = (TEXT, HTML, DOCX, PDF)

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

    Returns TEXT, HTML, DOCX or PDF; raises InputError for content we cannot read (legacy .doc,
    images, archives, spreadsheets).
    """
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return DOCX  # confirmed (word/document.xml) when the whole file is read
    for magic, what, fix in _NOT_READABLE:
        if head.startswith(magic):
            raise InputError(f"{name} is {what}, not a report lawgraph can read; {fix}")
    probe = head
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            probe = head[len(bom):].decode(enc, "ignore").encode("ascii", "ignore")
            break
    if _HTML_START.match(probe):
        return HTML
    return SUFFIX_FORMATS.get(PurePath(name).suffix.lower(), TEXT)


Reader = Callable[[bytes, str, "str | None"], tuple[str, str]]


def reader(fmt: str) -> Reader:
    """The `read` function of format `fmt` (its module is imported on first use)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return import_module(f"lawgraph.io.readers.{fmt}").read


def to_text(data: bytes, fmt: str, name: str, encoding: str | None = None) -> tuple[str, str]:
    """(plain text, how it was read) of a whole file in format `fmt`."""
    return reader(fmt)(data, name, encoding)
