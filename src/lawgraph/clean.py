"""Cleaning with an exact offset map back into the original text.

Every step either replaces one character by one character (traditional → simplified, width folding)
or deletes characters (web chrome, converter debris, pinyin after characters, stray whitespace,
line breaks that Word left inside words). The cleaned text is therefore a sequence of runs of the
original, and `Cleaned.span` maps any [start, end) of the cleaned text back to the original exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate

from lawgraph._accel.snapshot import kept
from lawgraph.text import CJK, plain

# ---- one-to-one character folding -------------------------------------------------------------

_FOLD: dict[int, str] = {}
for _cp in range(0xFF01, 0xFF5F):  # full-width ASCII → ASCII (digits, letters, symbols)
    _FOLD[_cp] = chr(_cp - 0xFEE0)
_FOLD.update({
    ord("("): "（", ord(")"): "）", 0xFF08: "（", 0xFF09: "）",  # one kind of parentheses: full width
    ord(","): "，", 0xFF0C: "，", ord(";"): "；", 0xFF1B: "；", ord(":"): "：", 0xFF1A: "：",
    ord("!"): "！", 0xFF01: "！", 0xFF1F: "？",
    0xFF3B: "[", 0xFF3D: "]", 0x3000: " ", 0x00A0: " ",
    ord("・"): "·", ord("•"): "·",
    ord("﹝"): "〔", ord("﹞"): "〕",
})
_FOLD_CHARS = {chr(k): v for k, v in _FOLD.items() if chr(k) != v}
# str.translate looks every character up. The frequent ones (ASCII punctuation in crawled pages) are
# replaced by str.replace, the rest found by one character class: several times faster.
_FOLD_FREQUENT = tuple((ch, _FOLD_CHARS[ch]) for ch in ",()：:;!\u3000\u00a0" if ch in _FOLD_CHARS)
_FOLD_RE = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_FOLD_CHARS)
                                    if ch not in dict(_FOLD_FREQUENT)) + "]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # loaded lazily: heavy dictionaries

    return opencc.OpenCC("t2s")


@kept("traditional_chars")
def _traditional_chars() -> str:
    """The characters that t2s changes on their own (from OpenCC's own tables), in order."""
    conv = _t2s()
    cjk = "".join(chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)))
    out = conv.convert(cjk)
    return "".join(sorted(a for a, b in zip(cjk, out) if a != b) if len(out) == len(cjk) else cjk)


@lru_cache(maxsize=1)
def _traditional_re() -> re.Pattern[str]:
    """A character class of `_traditional_chars` (OpenCC itself is loaded only for text that has one)."""
    return re.compile("[" + _traditional_chars() + "]")


def to_simplified(text: str) -> str:
    """Traditional → simplified, one character for one (line by line; per character where a phrase
    rule would change the length). Text without a traditional character is returned as it is."""
    if not _traditional_re().search(text):  # hot path: most reports are simplified already
        return text
    conv = _t2s()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    parts = []
    for line in text.split("\n"):  # pragma: no cover - OpenCC t2s keeps lengths in practice
        c = conv.convert(line)
        parts.append(c if len(c) == len(line) else "".join(conv.convert(ch) or ch for ch in line))
    return "\n".join(parts)


@lru_cache(maxsize=1)
def _rare_re() -> re.Pattern[str]:
    """One class of the traditional characters and the rarely folded ones (`_FOLD_RE`): a text
    without any (most reports) needs only the frequent replacements, whose results are in neither."""
    return re.compile(_traditional_re().pattern[:-1] + _FOLD_RE.pattern[1:])


def fold(text: str) -> str:
    """The one-to-one steps: simplified characters and folded widths/punctuation."""
    rare = plain() or _rare_re().search(text) is not None  # hot path: one scan instead of two
    if rare:
        text = to_simplified(text)
    for a, b in _FOLD_FREQUENT:
        if a in text:
            text = text.replace(a, b)
    get = _FOLD_CHARS.__getitem__
    return _FOLD_RE.sub(lambda m: get(m.group()), text) if rare and _FOLD_RE.search(text) else text


# ---- deletions --------------------------------------------------------------------------------


_PINYIN = re.compile(r"（[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]{1,6}）")


@dataclass(frozen=True)
class _Noise:
    """The rules of data/noise.txt: inline debris, whole chrome lines, and chrome spans."""

    # (pattern, its gate or None, the pattern led by one blank then more: scanned for by the class)
    inline: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str]], ...]
    line: re.Pattern[str]
    span: re.Pattern[str]


@lru_cache(maxsize=1)
def _noise() -> _Noise:
    """The rules of data/noise.txt. Inline patterns are kept apart so each runs with the regex
    engine's fast scan for its first character."""
    text = resources.files("lawgraph.data").joinpath("noise.txt").read_text(encoding="utf-8")
    inline, lines, spans = [], [], []
    for ln in text.splitlines():
        if ln.startswith("line:"):
            lines.append("(?:" + ln[5:] + ")")
        elif ln.startswith("span:"):
            spans.append("(?:" + ln[5:] + ")")
        elif ln.startswith("inline:"):
            inline.append((re.compile(ln[7:], re.M), _gate(ln[7:]), re.compile(_class_led(ln[7:]), re.M)))
    return _Noise(tuple(inline), re.compile(r"[ \t]*(?:" + "|".join(lines) + r")[ \t]*"),
                  re.compile(r"[ \t]*(?:" + "|".join(spans) + r")[ \t]*"))


_LEADING_BLANKS = ("[ \\t]+", "[ \\t]*")


def _gate(pattern: str) -> re.Pattern[str] | None:
    """A pattern that every text matching `pattern` matches too, and that the regex engine scans fast:
    `pattern` without its leading blanks class (`[ \\t]+大…` tries every blank of a text; `大…` jumps
    from 大 to 大). None when `pattern` does not start with one."""
    for lead in _LEADING_BLANKS:
        if pattern.startswith(lead) and len(pattern) > len(lead):
            return re.compile(pattern[len(lead):], re.M)
    return None


def _class_led(pattern: str) -> str:
    """`pattern` with a leading blanks class `[ \\t]+` written as the class then `[ \\t]*`: the same
    matches, but a pattern that starts with a class, not with a repeat, lets the regex engine skip to
    the characters of the class."""
    lead = _LEADING_BLANKS[0]
    blank = lead[:-1]
    return blank + blank + "*" + pattern[len(lead):] if pattern.startswith(lead) else pattern


def _debris_spans(text: str) -> list[tuple[int, int]]:
    fast = not plain()  # a text the gate does not match holds no match of the pattern
    out = [m.span() for pat, gate, led in _noise().inline if not (fast and gate and gate.search(text) is None)
           for m in (led if fast else pat).finditer(text) if m.end() > m.start()]
    # pinyin that converters put in brackets after a character: 區(qū), 發(fā)布 (brackets already folded)
    if "（" in text:
        out += [m.span() for m in _PINYIN.finditer(text) if m.start() and CJK.match(text, m.start() - 1)]
    return out


# a line that holds one of these carries report text, not only chrome
_BODY = re.compile(r"[。；！？《]")


def carries_body(line: str) -> bool:
    """Whether a line holds report text: a sentence mark or a 《…》 title."""
    return _BODY.search(line) is not None


def _chrome_spans(text: str) -> list[tuple[int, int]]:
    """Web-page chrome: whole lines of it (breadcrumbs, share bars, footer link groups), or, in a line
    that also carries the report (a scraped page's article on the breadcrumb's line), only the chrome
    spans in it — never the report text beside them."""
    noise = _noise()
    out = []
    pos = 0
    for line in text.split("\n"):  # reports have few lines: a fullmatch per line is cheap
        if line and noise.line.fullmatch(line):
            if not carries_body(line):
                out.append((pos, pos + len(line)))
            else:
                out += [(pos + a, pos + b) for a, b in (m.span() for m in noise.span.finditer(line)) if b > a]
        pos += len(line) + 1
    return out


_WS = re.compile(r"[ \t\r\f\v?\u3000\u00a0\u2002-\u200b\ufeff\n]+")
# the same runs, written as one character then more: a pattern that starts with a class (not with a
# repeat) lets the regex engine skip to the characters of the class (hot path: 2.5 times faster)
_WS_FAST = re.compile(r"[ \t\r\f\v?\u3000\u00a0\u2002-\u200b\ufeff\n][ \t\r\f\v?\u3000\u00a0\u2002-\u200b\ufeff\n]*")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
# a line break between two such characters is a break Word left inside a sentence, title or number
_JOIN_BEFORE = re.compile(r"[\u3400-\u9fffA-Za-z0-9《〈（“、—\-〔〕]")
_JOIN_AFTER = re.compile(r"[\u3400-\u9fffA-Za-z0-9》〉）”、“〔〕]")


def _inside_title(text: str, pos: int) -> bool:
    """Whether pos lies inside a 《 opened earlier on its line and not yet closed: a title never spans
    two paragraphs, so a line break there is Word's (《莆田市科学技术局印发\n<关于…>的通知》)."""
    start = text.rfind("\n", 0, pos) + 1
    opened = text.rfind("《", start, pos)
    return opened >= 0 and text.rfind("》", opened, pos) < 0 and "》" in text[pos : pos + 200]


def _ws_spans(text: str) -> list[tuple[int, int]]:
    """Whitespace runs (with ? placeholders): drop them, keep one line break between paragraphs, and
    join lines where Word broke a sentence, a title or a number."""
    out = []
    n = len(text)
    for m in (_WS if plain() else _WS_FAST).finditer(text):  # hot path: one pass over the text
        a, b = m.span()
        if a == b:
            continue
        run = text[a:b]
        nl = run.count("\n")
        prev = text[a - 1] if a else ""
        nxt = text[b] if b < n else ""
        if nl == 0:
            if prev and nxt and _ASCII_WORD.match(prev) and _ASCII_WORD.match(nxt) and run[0] == " ":
                if b - a > 1:
                    out.append((a + 1, b))
            else:
                out.append((a, b))
        elif nl == 1 and prev and nxt and ((_JOIN_BEFORE.match(prev) and _JOIN_AFTER.match(nxt))
                                           or _inside_title(text, a)):
            out.append((a, b))
        else:
            k = a + run.index("\n")
            if k > a:
                out.append((a, k))
            if k + 1 < b:
                out.append((k + 1, b))
    return out


# ---- the offset map ---------------------------------------------------------------------------


@dataclass
class Cleaned:
    """Cleaned text and its map: run i starts at cleaned offset cstarts[i] and original ostarts[i]."""

    original: str
    text: str
    cstarts: list[int]
    ostarts: list[int]

    def pos(self, i: int) -> int:
        """Original offset of cleaned character i."""
        k = bisect_right(self.cstarts, i) - 1
        return self.ostarts[k] + (i - self.cstarts[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering cleaned [start, end) (end > start): `pos` of both ends,
        written out (hot path: once per mention)."""
        cst, ost = self.cstarts, self.ostarts
        k = bisect_right(cst, start) - 1
        j = bisect_right(cst, end - 1) - 1
        return ost[k] + (start - cst[k]), ost[j] + (end - cst[j])

    def source(self, start: int, end: int) -> tuple[int, int, str]:
        a, b = self.span(start, end)
        return a, b, self.original[a:b]

    def delete(self, spans: list[tuple[int, int]]) -> Cleaned:
        """A new Cleaned with the given (sorted, non-overlapping) spans of self.text removed."""
        if not spans:
            return self
        if not plain():
            starts, ends = _kept(spans, len(self.text))
            if self.cstarts == [0] and self.ostarts == [0]:
                return self._delete_from_whole(starts, ends)
            return self._delete_across_runs(starts, ends)
        keep: list[tuple[int, int]] = []
        pos = 0
        for a, b in spans:
            if a > pos:
                keep.append((pos, a))
            pos = max(pos, b)
        if pos < len(self.text):
            keep.append((pos, len(self.text)))
        text = "".join(self.text[a:b] for a, b in keep)
        cst: list[int] = []
        ost: list[int] = []
        c = 0
        k = 0
        nruns = len(self.cstarts)
        for a, b in keep:
            # split [a, b) at the boundaries of the existing runs
            while k + 1 < nruns and self.cstarts[k + 1] <= a:
                k += 1
            i = a
            while i < b:
                run_end = self.cstarts[k + 1] if k + 1 < nruns else len(self.text)
                j = min(b, run_end)
                o = self.ostarts[k] + (i - self.cstarts[k])
                if cst and ost[-1] + (c - cst[-1]) == o:
                    pass  # contiguous with the previous run in the original
                else:
                    cst.append(c)
                    ost.append(o)
                c += j - i
                i = j
                if i < b:
                    k += 1
        if not cst:
            cst, ost = [0], [0]
        return Cleaned(self.original, text, cst, ost)

    def _delete_from_whole(self, starts: list[int], ends: list[int]) -> Cleaned:
        """`delete` when self is one run from offset 0 (nothing deleted yet): each kept stretch
        [starts[i], ends[i]) is a run of its own, at its own offset (two kept stretches always have a
        deleted one between)."""
        if not starts:
            return Cleaned(self.original, "", [0], [0])
        src = self.text
        cst = [0, *accumulate(b - a for a, b in zip(starts, ends[:-1]))]
        return Cleaned(self.original, "".join([src[a:b] for a, b in zip(starts, ends)]), cst, starts)

    def _delete_across_runs(self, starts: list[int], ends: list[int]) -> Cleaned:
        """`delete` of a text with runs already (the later cleaning steps): each kept stretch, split
        where one of self's runs ends inside it, is a run of its own. No piece is contiguous in the
        original with the one before, which the plain walk would join to it: a deleted stretch lies
        between two kept ones, and two runs of self are never contiguous (every `delete` joins or
        separates them). Hot path: thousands of whitespace spans per report, a handful of runs."""
        if not starts:
            return Cleaned(self.original, "", [0], [0])
        runs, origin = self.cstarts, self.ostarts
        last = len(runs) - 1
        k = 0
        nxt = runs[1] if last else len(self.text)  # where run k ends
        cst: list[int] = []
        ost: list[int] = []
        c = 0
        for a, b in zip(starts, ends):
            while nxt <= a:
                k += 1
                nxt = runs[k + 1] if k < last else len(self.text)
            piece = a
            while True:
                cst.append(c)
                ost.append(origin[k] + (piece - runs[k]))
                if nxt >= b:
                    break
                c += nxt - piece  # the stretch goes on into the next run
                piece = nxt
                k += 1
                nxt = runs[k + 1] if k < last else len(self.text)
            c += b - piece
        src = self.text
        return Cleaned(self.original, "".join([src[a:b] for a, b in zip(starts, ends)]), cst, ost)


def _kept(spans: list[tuple[int, int]], n: int) -> tuple[list[int], list[int]]:
    """The stretches of a text of length n that deleting the (sorted, non-overlapping) spans keeps,
    as their starts and ends; an empty span deletes nothing and separates nothing."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for a, b in spans:
        if b <= a:
            continue
        if a > pos:
            starts.append(pos)
            ends.append(a)
        if b > pos:
            pos = b
    if pos < n:
        starts.append(pos)
        ends.append(n)
    return starts, ends


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def clean(original: str) -> Cleaned:
    """Original text → Cleaned (simplified, folded, without chrome and debris, lines re-joined)."""
    base = Cleaned(original, fold(original), [0], [0])
    step = base.delete(_merge(_debris_spans(base.text)))
    step = step.delete(_merge(_chrome_spans(step.text)))
    return step.delete(_merge(_ws_spans(step.text)))
