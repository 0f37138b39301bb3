"""Name folding shared by extraction, resolution and queries.

`fold` gives the comparison key of a name: width, whitespace, book-title and quote marks, bracket
and dash variants do not matter. `agency_variants` expands the conventional short forms of agency
suffixes (科技局 → 科学技术局) from the data table ``data/agency_abbrev.tsv``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lawgraph.data import read_tsv

_DROP = re.compile(r"[\s《》〈〉<>“”‘’\"'「」『』·•]")
_DASH = re.compile(r"[—–－―‐‑-]+")
_PAREN = str.maketrans({"(": "（", ")": "）"})


def fold(name: str) -> str:
    """Comparison key: NFKC, no spaces/marks/quotes, one dash, full-width parentheses."""
    s = unicodedata.normalize("NFKC", name or "")
    s = _DROP.sub("", s)
    s = _DASH.sub("-", s)
    return s.translate(_PAREN)


@lru_cache(maxsize=1)
def _agency_abbrev() -> tuple[tuple[str, str], ...]:
    rows = read_tsv("agency_abbrev.tsv")
    # longest short form first so 市场监管局 wins over 监管局
    return tuple(sorted(((r["short"], r["full"]) for r in rows), key=lambda p: -len(p[0])))


def agency_abbrev() -> list[list[str]]:
    """The [short, full] suffix pairs of ``agency_variants``, longest short form first (the pages'
    search expands a typed name with them the same way)."""
    return [list(p) for p in _agency_abbrev()]


def agency_variants(name: str) -> list[str]:
    """The name and its expansions: 泰州市科技局 → [泰州市科技局, 泰州市科学技术局]."""
    out = [name]
    for short, full in _agency_abbrev():
        if name.endswith(short) and not name.endswith(full):
            out.append(name[: len(name) - len(short)] + full)
            break
    return out
