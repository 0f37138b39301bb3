"""PDF reports: the text layer, page after page, one line per printed line, without page numbers.

Bounded per file: at most MAX_PAGES pages, each stream inflated to at most MAX_STREAM bytes (a flate
bomb stops there), at most MAX_TEXT characters. An encrypted PDF that opens without a password is
read; one that needs a password, or a cipher this installation cannot run, is refused with the fix.
"""

from __future__ import annotations

import contextlib
import io
import re

from lawgraph.errors import InputError
from lawgraph.io.limits import MAX_PAGES, MAX_STREAM, MAX_TEXT

# a line that is only a page number: "- 3 -", "— 3 —", "第3页 共10页", "3/10", "3"
_PAGE_NUMBER = re.compile(r"^[ \t\u3000]*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|"
                          r"\d+\s*/\s*\d+|\d{1,4})[ \t\u3000]*$")


def _limited(pypdf, limits: dict[str, int]) -> contextlib.AbstractContextManager:
    """pypdf's own limits lowered for this read (pypdf >= 6 has a configuration; older keeps its defaults)."""
    apply = getattr(pypdf, "apply_configuration", None)
    return apply(**limits) if apply is not None else contextlib.nullcontext()


def _pages(data: bytes, name: str) -> tuple[list[str], int]:
    """(text of each page, images on pages without text), within the limits."""
    import pypdf
    from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

    limits = {"zlib_maximum_output_length": MAX_STREAM, "maximum_declared_stream_length": MAX_STREAM,
              "array_based_stream_maximum_output_length": MAX_STREAM}
    try:
        with _limited(pypdf, limits):
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(f"{name} is a password-protected PDF; save an unprotected copy and pass that")
            if len(reader.pages) > MAX_PAGES:
                raise InputError(f"{name} has {len(reader.pages)} pages, over the {MAX_PAGES} a report can "
                                 "hold; split it or pass the report's own pages")
            pages: list[str] = []
            images = chars = 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                chars += len(pages[-1])
                if chars > MAX_TEXT:
                    raise InputError(f"{name} holds over {MAX_TEXT // 2**20} M characters of text, more than "
                                     "a report; check the file or pass the report's own pages")
                if not pages[-1].strip():
                    contents = page.get_contents()  # pypdf's text extraction hides a limit it hit: ask again
                    if contents is not None:
                        contents.get_data()
                    try:
                        images += len(page.images)
                    except Exception:  # noqa: BLE001 - an unreadable image still means "no text here"
                        images += 1
    except InputError:
        raise  # a refusal made above (a password, a limit): already one line naming the fix
    except DependencyError as exc:
        raise InputError(f"{name} is an encrypted PDF this installation cannot decrypt ({exc}); "
                         "pip install cryptography, or save an unprotected copy and pass that") from None
    except LimitReachedError as exc:
        raise InputError(f"{name} inflates past the {MAX_STREAM // 2**20} MB a PDF stream may hold ({exc}); "
                         "it may be a decompression bomb: check the file or export it again") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise InputError(f"cannot read {name} as PDF ({type(exc).__name__}: {exc}); the file is damaged "
                         "or truncated, download or export it again") from None
    return pages, images


def read(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, "pdf") of a PDF's text layer; a scanned PDF (no text layer) is refused with the fix."""
    pages, images = _pages(data, name)
    lines = []
    for page in pages:
        for line in page.splitlines():
            line = line.rstrip()
            if line.strip() and not _PAGE_NUMBER.match(line):
                lines.append(line)
    if not lines:
        raise InputError(f"{name} is a scanned PDF with no text layer ({len(pages)} pages, {images} images); "
                         "run OCR on it first (e.g. ocrmypdf -l chi_sim) and pass the result")
    return "\n".join(lines), "pdf"
