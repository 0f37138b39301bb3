"""jieba's word cut (no HMM) over short windows, without loading jieba's whole dictionary: the fast
implementation behind `lawgraph.lexicon.boundaries` (`IndexCuts`).

It gives the answers of `jieba.lcut(window, HMM=False)` from the same dictionary file (jieba's
`dict.txt`), loaded lazily: an index of the dictionary split by first character is built once per
machine (cached beside the extraction cache, keyed by the dictionary file's size and mtime), and a
window only parses the entries that begin with its own characters.

The cut itself is jieba 0.42's `Tokenizer.cut(text, HMM=False)`, step for step: blocks of
`re_han_default`, a DAG of dictionary words and prefixes, the maximum-probability route computed right
to left with the same floating-point expression (so ties break the same way), single ASCII letters and
digits merged, and every other character or whitespace run on its own. tests/test_segment.py checks
the cut against jieba itself, and tests/test_boundaries.py runs the boundary tables through both.
"""

from __future__ import annotations

import importlib.util
import marshal
import re
from functools import lru_cache
from math import log
from pathlib import Path

from lawgraph.files import atomic_write_bytes

FORMAT = "lawgraph-jieba-index-1"

# jieba/__init__.py: re_han_default, re_skip_default, re_eng
_RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_RE_SKIP = re.compile("(\r\n|\\s)", re.U)
_RE_ENG = re.compile("[a-zA-Z0-9]", re.U)


def dictionary_path() -> Path:
    """jieba's main dictionary, found without importing jieba (the point is not to load it)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed; pip install jieba")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def build_index(dict_path: Path) -> tuple[int, dict[str, str]]:
    """(jieba's `total`, {first character: that character's dictionary lines "word freq", in file order})."""
    total = 0
    shards: dict[str, list[str]] = {}
    with open(dict_path, "rb") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.strip().decode("utf-8")
            try:
                word, freq = line.split(" ")[:2]
                n = int(freq)
            except ValueError:
                raise ValueError(f"invalid dictionary entry in {dict_path} at line {lineno}: {line}") from None
            total += n
            if word:
                shards.setdefault(word[0], []).append(f"{word} {n}")
    return total, {ch: "\n".join(lines) for ch, lines in shards.items()}


def _index_file(dict_path: Path) -> Path:
    from lawgraph._accel.cache import default_root

    st = dict_path.stat()
    return default_root() / "jieba" / f"{FORMAT}-{st.st_size}-{st.st_mtime_ns}.marshal"


@lru_cache(maxsize=1)
def _index() -> tuple[float, dict[str, str]]:
    """(log of jieba's total, shards), from the per-machine index file, built and saved on first use
    (when the cache folder cannot be written, built in memory every time: slower, same answers)."""
    src = dictionary_path()
    path = _index_file(src)
    try:
        fmt, total, shards = marshal.loads(path.read_bytes())
        if fmt == FORMAT and isinstance(total, int) and isinstance(shards, dict):
            return log(total), shards
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing, damaged or foreign: rebuild it
    total, shards = build_index(src)
    try:
        atomic_write_bytes(path, marshal.dumps((FORMAT, total, shards)))
    except OSError:
        pass
    return log(total), shards


class _Freq:
    """jieba's FREQ (word → frequency, every prefix of a word → 0), one first character at a time."""

    def __init__(self, shards: dict[str, str]) -> None:
        self._raw = shards
        self._parsed: dict[str, dict[str, int]] = {}

    def shard(self, ch: str) -> dict[str, int]:
        d = self._parsed.get(ch)
        if d is None:
            d = {}
            raw = self._raw.get(ch)
            for line in raw.split("\n") if raw else ():
                word, _, freq = line.partition(" ")
                d[word] = int(freq)  # a repeated word: the last line wins, as in jieba
                for i in range(1, len(word)):
                    d.setdefault(word[:i], 0)
            self._parsed[ch] = d
        return d


@lru_cache(maxsize=1)
def _freq() -> tuple[float, _Freq]:
    logtotal, shards = _index()
    return logtotal, _Freq(shards)


def load() -> None:
    """Read the index now (a parent process does this before forking workers, so they share it)."""
    _freq()


def _cut_block(sentence: str, freq: _Freq, logtotal: float) -> list[str]:
    """jieba's __cut_DAG_NO_HMM on one block."""
    n = len(sentence)
    dag: list[list[int]] = []
    for k in range(n):
        d = freq.shard(sentence[k])
        ends = []
        i = k
        frag = sentence[k]
        while i < n and frag in d:
            if d[frag]:
                ends.append(i)
            i += 1
            frag = sentence[k : i + 1]
        dag.append(ends or [k])
    route: list[tuple[float, int]] = [(0, 0)] * (n + 1)  # route[n] = (0, 0), as in jieba
    for idx in range(n - 1, -1, -1):
        d = freq.shard(sentence[idx])
        route[idx] = max((log(d.get(sentence[idx : x + 1]) or 1) - logtotal + route[x + 1][0], x) for x in dag[idx])
    words: list[str] = []
    x = 0
    buf = ""
    while x < n:
        y = route[x][1] + 1
        w = sentence[x:y]
        if _RE_ENG.match(w) and len(w) == 1:
            buf += w
        else:
            if buf:
                words.append(buf)
                buf = ""
            words.append(w)
        x = y
    if buf:
        words.append(buf)
    return words


def cut(sentence: str) -> list[str]:
    """The words of `jieba.lcut(sentence, HMM=False)`."""
    logtotal, freq = _freq()
    out: list[str] = []
    for blk in _RE_HAN.split(sentence):
        if not blk:
            continue
        if _RE_HAN.match(blk):
            out.extend(_cut_block(blk, freq, logtotal))
        else:
            for x in _RE_SKIP.split(blk):
                if _RE_SKIP.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return out
