"""What a bureau does with a law it mentions: `implements`, `studies`, `drafts`, `reviews` or `cites`.

The relation is read from the mention's own clause, by rules over the cue words of
``data/relation_cues.tsv`` (each with the position it governs from and its basis):

* **The clause.** A sentence ends at 。；！？ or a line break (not at a break that Word left between
  two items of a list: ``《A》\n、\n《B》``). For the cues, the clause is narrowed
  further to the stretch between the nearest ，/： on either side, except where that punctuation is a
  list separator (``《A》，《B》``) or a colon introducing titles (``学习以下法规：《A》、《B》``). A cue in
  another clause of a long sentence never decides.
* **Words.** The clause is cut into cue words, longest first (``实施情况评估`` before ``实施``,
  ``新修订的`` before ``修订``), and every bracketed title 《…》 is one opaque word: a cue inside another
  title (《…实施办法》) says nothing about this mention. A mention inside a title (〈A〉 in 《贯彻落实〈A〉的
  实施方案》) takes the relation of the enclosing title, the instrument the bureau acts on.
* **The verb before governs.** Chinese puts the verb before its object, so the nearest cue before the
  title (within the clause) decides. In ``学习贯彻《A》`` the nearest verb is 贯彻, so A is
  `implements`: 学习贯彻 is "study in order to carry out", and the phrase ends in what is done with the
  law; ``宣传贯彻`` likewise gives `implements`, ``贯彻学习`` gives `studies`. Always the nearest, so
  the rule is the same for every pair of cues.
* **Weak verbs only right before.** A cue of position ``next`` (完善) governs a title only when
  nothing but other titles of the list stands between them: ``完善《A办法》`` is drafting, but in
  ``完善工作机制一是加强《A》`` 完善 governs 工作机制.
* **The cue after counts only without one before.** When no cue stands before the title, the title is
  a modifier or topic, and the first cue after it heads the phrase (``开展《A》宣传活动`` → studies,
  ``做好《A》的修订工作`` → drafts, ``开展《A》实施情况评估`` → reviews). A cue right before another
  title is that title's verb (``依照《A》修订《B》``: 修订 is B's, A is `implements` by 依照).
* **Lists share the verb.** Titles and list words (、和及等) carry no cue, so every item of
  ``学习贯彻《A》《B》和《C》`` or ``《A》、《B》等…宣传`` finds the same cue.
* **Negation.** A cue right after a negation word of the table (``未按照《A》``, ``不执行《A》``) is
  still the nearest cue, and the search stops there, but it gives `cites`: the report says the bureau
  did NOT do it, so none of the four activities holds.
* **Adjectives are passed over.** ``贯彻执行新修订的《A》``: 新修订的 (and 印发的, 制定的 … after
  another body's name) says who made the law, not what the bureau does; the search goes on to 贯彻执行.
* **cites.** No cue in the clause, or a `cites` row of the table nearest (nouns that contain a cue such
  as ``实施细则``, and time expressions such as ``《A》颁布实施以来``).

``relation`` reads one sentence; ``relations`` reads a whole document once for many spans and gives
the same answer for every span (cue words never cross a sentence end). Spans index the CLEANED text;
``cleaned_span`` maps a span of the original (as ``lawgraph extract`` reports it) there, and
``relations_in`` does both for a document. ``sentence`` gives the sentence a relation was read from
(the evidence snippet).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from lawgraph.data import read_tsv
from lawgraph.text import plain

if TYPE_CHECKING:
    from lawgraph.clean import Cleaned

RELATIONS: tuple[str, ...] = ("implements", "studies", "drafts", "reviews", "cites")
#: ties between relations of equal count go to the more specific activity: writing or reviewing a law
#: is rarer and says more about a bureau than applying or studying it; `cites` (no cue) comes last
MAIN_ORDER: tuple[str, ...] = ("drafts", "reviews", "implements", "studies", "cites")
POSITIONS: tuple[str, ...] = ("before", "next", "after")
SENTENCE_END = "。；！？\n"
CLAUSE_EDGE = "，："
_EDGE_1, _EDGE_2 = CLAUSE_EDGE[0], CLAUSE_EDGE[1]  # hot path: two finds instead of a loop over the edge characters
# a sentence end; a line break between list items (》 or 、 before it, 《、等和及 after it) is one that
# Word left inside a list, not a paragraph end
_SENTENCE_END_RE = re.compile(r"[。；！？]|(?<![》、])\n|\n(?![《、等和及])")
_SENTENCE_MARK_RE = re.compile(f"[{SENTENCE_END}]")  # hot path: a plain class scans fastest
# the same ends found in two fast scans: the marks that always end a sentence (split at), and the
# line breaks that do (the lookbehind reads the character before the \n)
_END_MARKS = SENTENCE_END.replace("\n", "")
_END_BREAK_RE = re.compile(r"\n(?:(?<![》、]\n)|(?![《、等和及]))")
_TITLE = "《[^《》。；！？\n]*》"  # a bracketed title, never across a sentence end
_LIST_GAP = re.compile(f"(?:{_TITLE}|[了、，和及与\\s])*")  # between a `next` cue and its title


@dataclass(frozen=True)
class Cues:
    """The cue table compiled: one regex of every word (titles first, then longest words first) and
    the relation of each (word, position)."""

    pattern: re.Pattern[str]
    # the same matches, faster: every alternative starts with a literal (the engine then skips to the
    # characters that begin one) and the words are grouped by their first character, longest first
    # within each group (at most one group can match at a position); a title ends in an empty group
    grouped: re.Pattern[str]
    relation: dict[tuple[str | None, str], str]  # (cue, position) → relation; None (a title) is in none
    negations: tuple[str, ...]
    negation_len: int


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The table of ``data/relation_cues.tsv``, checked: known relations and positions, one row per
    (cue, position), no cue word that could cross a sentence end."""
    relation: dict[tuple[str | None, str], str] = {}
    negations: list[str] = []
    for r in read_tsv("relation_cues.tsv"):
        rel, cue, pos = r["relation"], r["cue"], r["position"]
        if rel not in RELATIONS + ("negation", "skip") or pos not in POSITIONS or not cue:
            raise ValueError(f"relation_cues.tsv: bad row {r}; fix the relation or position column")
        if any(ch in SENTENCE_END + CLAUSE_EDGE + "《》" for ch in cue):
            raise ValueError(f"relation_cues.tsv: cue {cue!r} holds punctuation; remove it")
        if rel == "negation":
            negations.append(cue)
            continue
        if (cue, pos) in relation:
            raise ValueError(f"relation_cues.tsv: cue {cue!r} ({pos}) listed twice; keep one row")
        relation[(cue, pos)] = rel
    words = sorted({cue for cue, _ in relation if cue}, key=lambda w: (-len(w), w))
    # hot path: the lookahead on the first characters lets the scan skip most positions at once
    first = "".join(sorted({w[0] for w in words} | {"《"}))
    alternatives = f"(?P<title>{_TITLE})|" + "|".join(re.escape(w) for w in words)
    pattern = re.compile(f"(?=[{re.escape(first)}])(?:{alternatives})")
    rests: dict[str, list[str]] = {}
    for w in words:  # longest first
        rests.setdefault(w[0], []).append(re.escape(w[1:]))
    grouped = re.compile(f"{_TITLE}(?P<title>)|" + "|".join(f"{re.escape(c)}(?:{'|'.join(r)})" for c, r in rests.items()))
    return Cues(pattern, grouped, relation, tuple(sorted(negations, key=len, reverse=True)),
                max(map(len, negations), default=0))


def _is_end(text: str, k: int) -> bool:
    """Whether text[k] (one of SENTENCE_END) ends a sentence (see ``_SENTENCE_END_RE``)."""
    return _SENTENCE_END_RE.match(text, k) is not None


class _Words:
    """The cue words and titles of some sentences: parallel lists of starts, ends and words
    (``None`` for a title), in text order. ``ranges`` are sorted, disjoint [lo, hi) sentences."""

    def __init__(self, text: str, ranges: Iterable[tuple[int, int]]) -> None:
        finditer = cues().pattern.finditer if plain() else cues().grouped.finditer
        found = [m for lo, hi in ranges for m in finditer(text, lo, hi)]
        self.starts: list[int] = [m.start() for m in found]
        self.ends: list[int] = [m.end() for m in found]
        self.words: list[str | None] = [None if m.lastgroup == "title" else m.group() for m in found]


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """[lo, hi) of the sentence around [start, end) of ``text``: hi is its end mark (or the end of
    the text). A line break between two items of a list does not end it."""
    pos = start
    while True:
        k = max(text.rfind(ch, 0, pos) for ch in SENTENCE_END)
        if k < 0 or _is_end(text, k):
            break
        pos = k
    lo = k + 1
    pos = end
    while True:
        k = min((i for i in (text.find(ch, pos) for ch in SENTENCE_END) if i >= 0), default=len(text))
        if k == len(text) or _is_end(text, k):
            break
        pos = k + 1
    return lo, k


def _clause(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """The stretch of [lo, hi) around [start, end) between clause edges (，/：) that are not list
    separators between two titles (》，《) or a colon introducing a list of titles (：《)."""
    a = start
    while True:
        k = max(text.rfind(_EDGE_1, lo, a), text.rfind(_EDGE_2, lo, a))
        if k < 0:
            a = lo
            break
        before, after = text[k - 1 : k].strip(), text[k + 1 : k + 2]
        if after == "《" and (before == "》" or text[k] == "："):
            a = k
            continue
        a = k + 1
        break
    b = end
    while True:
        k1, k2 = text.find(_EDGE_1, b, hi), text.find(_EDGE_2, b, hi)
        if k1 < 0 and k2 < 0:
            b = hi
            break
        k = k2 if k1 < 0 else k1 if k2 < 0 else min(k1, k2)
        if text[k - 1 : k] == "》" and text[k + 1 : k + 2] == "《":
            b = k + 1
            continue
        b = k
        break
    return a, b


def _negated(text: str, lo: int, cue_start: int) -> bool:
    """Whether a negation word of the table ends right before the cue (and not before ``lo``)."""
    c = cues()
    return text[max(lo, cue_start - c.negation_len) : cue_start].endswith(c.negations)


def _decide(text: str, w: _Words, lo: int, hi: int, start: int, end: int) -> str:
    """The relation of [start, end) from the words ``w`` of its sentence [lo, hi)."""
    table = cues().relation
    # a mention inside a title stands for the enclosing title
    i = bisect_right(w.starts, start) - 1
    if i >= 0 and w.words[i] is None and w.ends[i] >= end and (w.starts[i], w.ends[i]) != (start, end):
        start, end = w.starts[i], w.ends[i]
    a, b = _clause(text, lo, hi, start, end)
    # the nearest cue before, within the clause
    j = bisect_right(w.ends, start) - 1
    while j >= 0 and w.starts[j] >= a:
        rel = table.get((w.words[j], "before"))
        if rel is None and _LIST_GAP.fullmatch(text, w.ends[j], start):
            rel = table.get((w.words[j], "next"))
        if rel is not None and rel != "skip":
            return "cites" if _negated(text, a, w.starts[j]) else rel
        j -= 1
    # else the first cue after, unless it is the verb of the next title
    j = bisect_left(w.starts, end)
    n = len(w.starts)
    while j < n and w.ends[j] <= b:
        rel = table.get((w.words[j], "after"))
        if rel is not None and rel != "skip":
            nxt = text[w.ends[j] : w.ends[j] + 2]
            if nxt.startswith("《") or nxt == "了《":
                return "cites"
            return "cites" if _negated(text, end, w.starts[j]) else rel
        j += 1
    return "cites"


def relation(text: str, start: int, end: int) -> str:
    """The relation of the law mention at [start, end) of the cleaned ``text`` (see the module
    docstring for the rules)."""
    lo, hi = sentence(text, start, end)
    return _decide(text, _Words(text, [(lo, hi)]), lo, hi, start, end)


def sentence_bounds(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``sentence(text, start, end)`` for every span of one document, reading the text once (the
    relation and the evidence snippet of a mention are read from this same sentence)."""
    if plain():
        match = _SENTENCE_END_RE.match
        ends = [k for m in _SENTENCE_MARK_RE.finditer(text) if match(text, k := m.start())]
    else:
        ends = sorted(_mark_offsets(text) + [m.start() for m in _END_BREAK_RE.finditer(text)])
    bounds = []
    for s, e in spans:
        k = bisect_left(ends, s)  # the first sentence end at or after the start
        lo = ends[k - 1] + 1 if k else 0
        k = bisect_left(ends, e, k)
        bounds.append((lo, ends[k] if k < len(ends) else len(text)))
    return bounds


def _mark_offsets(text: str) -> list[int]:
    """The offsets of the marks that always end a sentence (``_END_MARKS``), mark by mark, from the
    lengths of the pieces between them (hot path: str.split makes no match object per mark)."""
    out: list[int] = []
    for mark in _END_MARKS:
        if mark in text:
            pos = -1
            for piece in text.split(mark)[:-1]:
                pos += len(piece) + 1
                out.append(pos)
    return out


def relations(text: str, spans: Sequence[tuple[int, int]],
              sentences: Sequence[tuple[int, int]] | None = None) -> list[str]:
    """``relation(text, start, end)`` for every span of one document, reading the text once;
    ``sentences`` are the spans' ``sentence_bounds`` when the caller has them already."""
    if not spans:
        return []
    if sentences is None:
        sentences = sentence_bounds(text, spans)
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(set(sentences)):  # a span across a sentence end makes ranges overlap
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    w = _Words(text, merged)  # only the sentences that hold a mention, each once
    return [_decide(text, w, lo, hi, s, e) for (lo, hi), (s, e) in zip(sentences, spans)]


def cleaned_span(cleaned: Cleaned, start: int, end: int) -> tuple[int, int]:
    """The span of ``cleaned.text`` that holds what is left of the original [start, end): from the
    first kept character at or after ``start`` to the last kept one before ``end`` (the inverse of
    ``Cleaned.span`` for text that cleaning kept)."""
    cst, ost, n = cleaned.cstarts, cleaned.ostarts, len(cleaned.text)

    def run_len(k: int) -> int:
        return (cst[k + 1] if k + 1 < len(cst) else n) - cst[k]

    k = bisect_right(ost, start) - 1
    if k >= 0 and start < ost[k] + run_len(k):
        a = cst[k] + (start - ost[k])
    else:
        a = cst[k + 1] if k + 1 < len(cst) else n
    k = bisect_right(ost, end - 1) - 1
    if k < 0:
        b = 0
    elif end - 1 < ost[k] + run_len(k):
        b = cst[k] + (end - 1 - ost[k]) + 1
    else:
        b = cst[k] + run_len(k)
    return a, max(a, b)


def relations_in(cleaned: Cleaned, spans: Sequence[tuple[int, int]]) -> list[str]:
    """The relation of every mention of one document, given by its span of the ORIGINAL text."""
    return relations(cleaned.text, [cleaned_span(cleaned, s, e) for s, e in spans])


def main_relation(counts: Mapping[str, int]) -> str:
    """The relation of most mentions (e.g. of one agency→law edge), ties broken by ``MAIN_ORDER``;
    `cites` when there are none. The counts are per relation name, zeros allowed."""
    best = [r for r in MAIN_ORDER if counts.get(r, 0) > 0]
    if not best:
        return "cites"
    return max(best, key=lambda r: (counts[r], -MAIN_ORDER.index(r)))
