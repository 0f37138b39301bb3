"""Each sentence of a page once: the texts of an agency page (evidence windows, excerpts) kept as a
few segments, every text a (segment, start, length) reference into them.

The windows around the laws one line of a report cites overlap (a list of five titles gives five
windows over the same words); a text already inside a segment is referenced there, one that
overlaps a segment's start or end extends it. Found by an anchor of ``ANCHOR`` characters and
``str.find`` (no offsets needed, so any two texts can share). Deterministic: texts are added in
the page's order. Offsets and lengths count UTF-16 code units, as JavaScript's strings do.
"""

from __future__ import annotations

from lawgraph.exporters.html.fragments import js

ANCHOR = 8  # characters an overlap must share at least


class Ref:
    """A text's place in the pool, final once ``TextPool.finish`` has run."""

    __slots__ = ("pool", "seg", "start", "length")

    def __init__(self, pool: TextPool, seg: int, start: int, length: int) -> None:
        self.pool, self.seg, self.start, self.length = pool, seg, start - pool.base[seg], length

    def span(self) -> tuple[int, int, int]:
        """(segment, start, length) in UTF-16 units (asked once every text is in the pool)."""
        pool = self.pool
        start = self.start + pool.base[self.seg]
        if pool.bmp(self.seg):
            return self.seg, start, self.length
        text = pool.segments[self.seg]
        return self.seg, _u16(text, start), _u16(text, start + self.length) - _u16(text, start)

    def json(self) -> str:
        seg, start, length = self.span()
        return f"[{seg},{start},{length}]"


def _u16(text: str, i: int) -> int:
    """The UTF-16 offset of code point ``i`` of ``text``."""
    if text.isascii() or max(text) < "\U00010000":
        return i
    return len(text[:i].encode("utf-16-le")) // 2


def u16_slice(text: str, start: int, length: int) -> str:
    """``text.substr(start, length)`` as JavaScript reads it (UTF-16 units)."""
    data = text.encode("utf-16-le")
    return data[2 * start : 2 * (start + length)].decode("utf-16-le")


class TextPool:
    def __init__(self) -> None:
        self.segments: list[str] = []
        self.groups: list[str] = []
        self.base: list[int] = []  # characters put before each segment's first text since it began
        self._bmp: dict[int, bool] = {}
        self._by_group: dict[str, list[int]] = {}

    def add(self, text: str, group: str = "") -> Ref:
        """The reference of ``text``; only the segments of the same ``group`` (a report's file name,
        or "" for texts of no one report) are searched."""
        segs = self.segments
        candidates = self._by_group.get(group, ())
        for i in candidates:
            at = segs[i].find(text)
            if at >= 0:
                return Ref(self, i, at, len(text))
        if len(text) >= ANCHOR:
            head, tail = text[:ANCHOR], text[-ANCHOR:]
            for i in candidates:
                seg = segs[i]
                at = seg.find(head)
                while at >= 0:  # the text goes on after the segment's end
                    if text.startswith(seg[at:]):
                        segs[i] = seg[:at] + text
                        return Ref(self, i, at, len(text))
                    at = seg.find(head, at + 1)
                at = seg.find(tail)
                while at >= 0:  # the text starts before the segment's start
                    if text.endswith(seg[: at + ANCHOR]):
                        grow = len(text) - at - ANCHOR
                        segs[i] = text[:grow] + seg
                        self.base[i] += grow
                        return Ref(self, i, 0, len(text))
                    at = seg.find(tail, at + 1)
        segs.append(text)
        self.groups.append(group)
        self._by_group.setdefault(group, []).append(len(segs) - 1)
        self.base.append(0)
        return Ref(self, len(segs) - 1, 0, len(text))

    def bmp(self, seg: int) -> bool:
        """Whether a segment has no character outside the BMP (UTF-16 units = characters)."""
        found = self._bmp.get(seg)
        if found is None:
            text = self.segments[seg]
            found = self._bmp[seg] = not text or text.isascii() or max(text) < "\U00010000"
        return found

    def json(self) -> str:
        return "[" + ",".join(js(s) for s in self.segments) + "]"
