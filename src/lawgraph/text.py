"""Character classes shared by every stage (one definition each), and the switch of the extractors'
speed shortcuts.

The shortcuts (gated scans, memoised per-phrase checks, fast paths of the offset map) give the same
answers as the plain code beside them: `LAWGRAPH_PLAIN=1` in the environment (or `use_plain(True)`)
runs the plain code, which tests/test_core_speed.py compares with the shortcuts on real text.
"""

from __future__ import annotations

import os
import re

_plain = os.environ.get("LAWGRAPH_PLAIN", "").strip() not in ("", "0")


def plain() -> bool:
    """Whether the plain code runs instead of the speed shortcuts."""
    return _plain


def use_plain(flag: bool) -> None:
    """Run the plain code (True) or the speed shortcuts (False) from now on."""
    global _plain
    _plain = flag

#: One CJK ideograph (the basic and extension-A blocks and the supplementary planes' ideographs).
CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_DIRTY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]|\s\s|[^\S ]")


def tidy(text: object) -> str:
    """Text of a name or excerpt safe for every export: control characters dropped, whitespace
    runs collapsed (report text wraps names across lines). The graph's rule for names, which the
    resolver applies to the names it returns too."""
    if text is None:
        return ""
    s = str(text)
    if _DIRTY.search(s) is None:  # the common case: one scan, nothing to replace
        return s.strip()
    return _SPACE.sub(" ", _CONTROL.sub("", s)).strip()
