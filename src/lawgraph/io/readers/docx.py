"""Word (.docx) reports: body paragraphs and table cells in document order, one line per paragraph.

python-docx parses every XML part of the package (styles, numbering, headers …), so the sizes the zip
declares for all of them together are checked first: a styles.xml that unpacks to a gigabyte is a
bomb, not a report. (zipfile stops at the declared size, so the check cannot be lied around.)
"""

from __future__ import annotations

import io
import zipfile

from lawgraph.errors import InputError
from lawgraph.io.limits import MAX_UNPACKED


def _package(data: bytes, name: str) -> zipfile.ZipFile:
    """The zip of a .docx, checked: a Word document, not a bomb."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"cannot read {name} as .docx ({exc}); the file is damaged or truncated, "
                         "download or save it again") from None
    names = {m.filename for m in members}
    if "word/document.xml" not in names:
        what = ("a spreadsheet (.xlsx)" if "xl/workbook.xml" in names
                else "a presentation (.pptx)" if "ppt/presentation.xml" in names
                else "a zip archive")
        raise InputError(f"{name} is {what}, not a Word report; export the report as .docx, .pdf or .txt")
    unpacked = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
    if unpacked > MAX_UNPACKED:
        biggest = max(members, key=lambda m: m.file_size)
        raise InputError(f"{name} unpacks to {unpacked // 2**20} MB of XML ({biggest.filename}: "
                         f"{biggest.file_size // 2**20} MB), over the {MAX_UNPACKED // 2**20} MB a report "
                         "can hold; check the file (it may be a zip bomb) or save it again in Word or WPS")
    return zf


def read(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, "docx") of a Word document; `encoding` does not apply (the XML says its own)."""
    _package(data, name)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for damaged parts
        raise InputError(f"cannot read {name} as .docx ({type(exc).__name__}: {exc}); "
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
    return "\n".join(line.rstrip() for line in lines), "docx"
