"""Character classes shared by every stage (one definition each)."""

from __future__ import annotations

import re

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
