"""Inputs: which files a run reads (`discover`), and one file → Document (`load`).

`load` never changes the text beyond decoding it: what a reader returns IS the document's original
text. Readers live in `lawgraph.io.readers` (one module per format), decoding in `lawgraph.io.decode`,
the per-file limits in `lawgraph.io.limits`. Every refusal is an `InputError` (`LoadError` is its
old name) whose one-line message names the file and the fix.
"""

from __future__ import annotations

import os

from lawgraph.errors import InputError
from lawgraph.io.decode import DAMAGED, decode
from lawgraph.io.limits import DEFAULT_MAX_SIZE
from lawgraph.io.paths import STDIN, discover, fingerprint, iter_paths, parse_size, read_input, shown
from lawgraph.io.readers import DOCX, HTML, PDF, SUFFIXES, TEXT, sniff, to_text
from lawgraph.models import Document
from lawgraph.text import CJK

LoadError = InputError

__all__ = ["load", "load_bytes", "read_document", "not_a_report", "discover", "iter_paths", "fingerprint",
           "read_input", "parse_size", "shown", "decode", "sniff", "InputError", "LoadError", "DAMAGED",
           "DEFAULT_MAX_SIZE", "STDIN", "SUFFIXES", "TEXT", "HTML", "DOCX", "PDF"]

_HEAD = 8192


def read_document(data: bytes, source: str, encoding: str | None = None) -> tuple[Document, str]:
    """The bytes of a file named `source` → (Document, format), the format told by content and suffix."""
    name = shown(source)
    fmt = sniff(data[:_HEAD], name)
    text, how = to_text(data, fmt, name, encoding)
    return Document(source=name, original=text, encoding=how), fmt


def load_bytes(data: bytes, source: str, encoding: str | None = None) -> Document:
    """The bytes of a file named `source` → Document."""
    return read_document(data, source, encoding)[0]


def load(path: str | os.PathLike, encoding: str | None = None,
         max_size: int | None = DEFAULT_MAX_SIZE) -> Document:
    """Read one report (text, HTML, DOCX, PDF; `-` is standard input) as a Document; InputError names the fix."""
    return load_bytes(read_input(path, max_size), os.fspath(path), encoding)


load_file = load


def not_a_report(doc: Document) -> str | None:
    """Why a readable document is not a report (and is skipped), or None. The rule: a report has
    at least one Chinese character; anything else (a README, an English CSV) is not one."""
    name = shown(doc.source)
    if not doc.original.strip():
        return f"{name} has no text; remove it or pass the full report"
    if not CJK.search(doc.original):
        return (f"{name} has no Chinese text, so it is not a report; remove it from the input "
                "(or pass --encoding if it is Chinese in another encoding)")
    return None
