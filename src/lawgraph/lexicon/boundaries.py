"""Word boundaries: where jieba (its dictionary, HMM off) cuts a stretch of text.

The one rule that needs them: **a law name in running text counts only where jieba cuts the text at
both edges of the name** (民法典 in 学习民法典 counts; 公司法 in 公司法人 does not: 法人 is a word), read
in a window of `WINDOW` characters on each side of the name. A place name of two characters is
likewise no place where jieba cuts inside it (完成|县人大: 成县 is not named).

Two interchangeable implementations answer "where does jieba cut this window" — the same answers,
checked by tests/test_boundaries.py, which runs its tables through both:

* `JiebaCuts`: `jieba.lcut(window, HMM=False)` — jieba's public API (loads its 350,000-word dictionary);
* `IndexCuts` (the default): `lawgraph._accel.jieba_index` — jieba's own cut over an index of the
  same dictionary that loads only the entries a window needs, plus a table of the dictionary words that
  can straddle a law name's edge (data/law_boundary_words.tsv, made by scripts/build_boundary_words.py):
  where no such word crosses an edge, jieba necessarily cuts there and no cut is computed.

`LAWGRAPH_BOUNDARIES=jieba` in the environment (or `use(JiebaCuts())`) switches to jieba itself.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Protocol

from lawgraph._accel.snapshot import kept
from lawgraph.data import read_tsv
from lawgraph.text import plain

WINDOW = 6  # characters of context on each side of a name: enough for any word that straddles an edge


class Cuts(Protocol):
    """Where jieba cuts: one implementation of the seam."""

    def cuts(self, window: str) -> frozenset[int]:
        """Offsets in `window` at which `jieba.lcut(window, HMM=False)` puts a word boundary (0 and
        len(window) included)."""
        ...

    def may_split(self, text: str, start: int, end: int) -> bool:
        """False only when jieba certainly cuts text at both start and end (no dictionary word crosses
        either edge); True when the cut must be computed."""
        ...


def _offsets(words: list[str]) -> frozenset[int]:
    out, pos = {0}, 0
    for w in words:
        pos += len(w)
        out.add(pos)
    return frozenset(out)


class JiebaCuts:
    """jieba itself (public API): every question is a cut of the window."""

    def __init__(self) -> None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._lcut = jieba.lcut

    @lru_cache(maxsize=65536)  # noqa: B019 - one instance per process; windows recur across reports
    def cuts(self, window: str) -> frozenset[int]:
        return _offsets(self._lcut(window, HMM=False))

    def may_split(self, text: str, start: int, end: int) -> bool:
        return True


class IndexCuts:
    """The same cut from `lawgraph._accel.jieba_index`, asked only where a straddling word is present."""

    def __init__(self) -> None:
        from lawgraph._accel import jieba_index

        self._cut = jieba_index.cut
        self._starts, self._ends, self._longest = straddlers()
        self._start_prefixes, self._end_prefixes = straddler_prefixes()

    @lru_cache(maxsize=65536)  # noqa: B019 - one instance per process; windows recur across reports
    def cuts(self, window: str) -> frozenset[int]:
        return _offsets(self._cut(window))

    def may_split(self, text: str, start: int, end: int) -> bool:
        n = len(text)
        if plain():
            return (_crossed(text, start, 0, end, self._starts, self._start_prefixes, self._longest)
                    or _crossed(text, end, start + 1, n, self._ends, self._end_prefixes, self._longest))
        # the same question on the few characters a crossing word can span (every piece `_crossed`
        # reads lies in them), memoised: a law name's edges recur in every report
        span = self._longest - 1
        a, b = max(0, start - span), max(start + 1, end - span)
        return (self._crossed_start(text[a : min(end, start + span)], start - a)
                or self._crossed_end(text[b : min(n, end + span)], end - b))

    @lru_cache(maxsize=65536)  # noqa: B019 - one instance per process; windows recur across reports
    def _crossed_start(self, window: str, edge: int) -> bool:
        return _crossed(window, edge, 0, len(window), self._starts, self._start_prefixes, self._longest)

    @lru_cache(maxsize=65536)  # noqa: B019 - one instance per process; windows recur across reports
    def _crossed_end(self, window: str, edge: int) -> bool:
        return _crossed(window, edge, 0, len(window), self._ends, self._end_prefixes, self._longest)


def _crossed(text: str, edge: int, lo: int, hi: int, words: frozenset[str], prefixes: frozenset[str],
             longest: int) -> bool:
    """Does a word of `words` occur in text across `edge` (starting in [lo, edge), ending in (edge, hi])?
    `prefixes` holds every prefix of every word: from each start, the piece grows only while it is one
    (most starts stop after a character or two)."""
    for a in range(max(lo, edge - longest + 1), edge):
        top = min(hi, a + longest)
        b = a + 1
        while b <= top:
            piece = text[a:b]
            if piece not in prefixes:
                break
            if b > edge and piece in words:
                return True
            b += 1
    return False


def _crossed_plain(text: str, edge: int, lo: int, hi: int, words: frozenset[str], longest: int) -> bool:
    """`_crossed` by trying every (start, end) pair around the edge: the reference the tests compare
    it with."""
    for a in range(max(lo, edge - longest + 1), edge):
        for b in range(edge + 1, min(hi, a + longest) + 1):
            if text[a:b] in words:
                return True
    return False


@kept("law_straddlers")
def straddlers() -> tuple[frozenset[str], frozenset[str], int]:
    """(words that may cross a law name's start, words that may cross its end, longest word length),
    from data/law_boundary_words.tsv."""
    start: set[str] = set()
    end: set[str] = set()
    for r in read_tsv("law_boundary_words.tsv"):
        (start if r["side"] == "start" else end).add(r["word"])
    return frozenset(start), frozenset(end), max(map(len, start | end), default=2)


@kept("law_straddler_prefixes")
def straddler_prefixes() -> tuple[frozenset[str], frozenset[str]]:
    """Every prefix (one character or more) of the start-side and of the end-side straddling words."""
    start, end, _ = straddlers()
    return (frozenset(w[:i] for w in start for i in range(1, len(w) + 1)),
            frozenset(w[:i] for w in end for i in range(1, len(w) + 1)))


_current: Cuts | None = None


def current() -> Cuts:
    """The implementation in use: `LAWGRAPH_BOUNDARIES=jieba` picks jieba itself, else the index."""
    global _current
    if _current is None:
        _current = JiebaCuts() if os.environ.get("LAWGRAPH_BOUNDARIES", "").lower() == "jieba" else IndexCuts()
    return _current


def use(impl: Cuts | None) -> None:
    """Answer with `impl` from now on (None: choose again from the environment)."""
    global _current
    _current = impl


def load() -> None:
    """Load the implementation's tables now (a parent process does this before forking workers)."""
    impl = current()
    if isinstance(impl, IndexCuts):
        from lawgraph._accel import jieba_index

        jieba_index.load()


def word_at(text: str, start: int, end: int, impl: Cuts | None = None) -> bool:
    """THE rule: is text[start:end] a word of its own here — does jieba cut at both of its edges?"""
    b = impl or current()
    if not b.may_split(text, start, end):
        return True
    a, z = max(0, start - WINDOW), min(len(text), end + WINDOW)
    cuts = b.cuts(text[a:z])
    return start - a in cuts and end - a in cuts


def cut_at(text: str, pos: int, before: int = WINDOW, after: int = WINDOW, impl: Cuts | None = None) -> bool:
    """Does jieba cut text at pos, reading `before` characters before it and `after` after it?"""
    a = max(0, pos - before)
    return pos - a in (impl or current()).cuts(text[a : pos + after])
