"""What one input may cost, so that no single file (a bomb, a giant scan) takes more than a few
hundred MB or minutes: a file over a limit is skipped with a reason naming the limit."""

from __future__ import annotations

DEFAULT_MAX_SIZE = 20 * 2**20  # bytes of one input file; a report is far smaller, even as a PDF
MAX_UNPACKED = 64 * 2**20  # bytes of all XML parts of a .docx together, unpacked (a report's: < 5 MB)
MAX_PAGES = 2000  # pages of a PDF (a yearly report has tens)
MAX_STREAM = 32 * 2**20  # bytes one PDF stream may inflate to (pypdf's own default is 75 MB)
MAX_TEXT = 20 * 2**20  # characters of text one input may yield
MAX_DEPTH = 2000  # element nesting an HTML page is parsed to (libxml2's huge-tree depth is 2048)
