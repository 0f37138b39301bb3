"""What a bureau does with a law it mentions: `implements`, `studies`, `drafts`, `reviews` or `cites`.

The relation is read from the mention's own clause, by rules over the cue words of
``data/relation_cues.tsv`` (each with the position it governs from and its basis):

* **The clause.** A sentence ends at 。；！？ or a line break. For the cues, the clause is narrowed
  further to the stretch between the nearest ，/： on either side, except where that punctuation is a
  list separator (``《A》，《B》``) or a colon introducing titles (``学习以下法规：《A》、《B》``). A cue in
  another clause of a long sentence never decides.
* **Words.** The clause is cut into cue words, longest first (``实施情况评估`` before ``实施``,
  ``宣传栏`` before ``宣传``), and every bracketed title 《…》 is one opaque word: a cue inside another
  title (《…实施办法》) says nothing about this mention. A mention inside a title (〈A〉 in 《贯彻落实〈A〉的
  实施方案》) takes the relation of the enclosing title, the instrument the bureau acts on.
* **The verb before governs.** Chinese puts the verb before its object, so the nearest cue before the
  title (within the clause) decides. In ``学习贯彻《A》`` the nearest verb is 贯彻, so A is
  `implements`: 学习贯彻 is "study in order to carry out", and the phrase ends in what is done with the
  law; ``宣传贯彻`` likewise gives `implements`, ``贯彻学习`` gives `studies`. Always the nearest, so
  the rule is the same for every pair of cues.
* **The cue after counts only without one before.** When no cue stands before the title, the title is
  a modifier or topic, and the first cue after it heads the phrase (``开展《A》宣传活动`` → studies,
  ``做好《A》的修订工作`` → drafts, ``开展《A》实施情况评估`` → reviews). A cue right before another
  title is that title's verb (``依照《A》修订《B》``: 修订 is B's, A is `implements` by 依照).
* **Lists share the verb.** Titles and list words (、和及等) carry no cue, so every item of
  ``学习贯彻《A》《B》和《C》`` or ``《A》、《B》等…宣传`` finds the same cue.
* **Negation.** A cue right after a negation word of the table (``未按照《A》``, ``不执行《A》``) is
  still the nearest cue, and the search stops there, but it gives `cites`: the report says the bureau
  did NOT do it, so none of the four activities holds.
* **cites.** No cue in the clause, or a `cites` row of the table nearest (nouns that contain a cue such
  as ``实施细则``, and time expressions such as ``《A》颁布实施以来``).

``relation`` reads one sentence; ``relations`` reads a whole document once for many spans and gives
the same answer for every span (cue words never cross a sentence end).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from lawgraph.data import read_tsv

RELATIONS: tuple[str, ...] = ("implements", "studies", "drafts", "reviews", "cites")
POSITIONS: tuple[str, ...] = ("before", "after")
SENTENCE_END = "。；！？\n"
CLAUSE_EDGE = "，："
_SENTENCE_END_RE = re.compile(f"[{SENTENCE_END}]")
_TITLE = "《[^《》。；！？\n]*》"  # a bracketed title, never across a sentence end


@dataclass(frozen=True)
class Cues:
    """The cue table compiled: one regex of every word (titles first, then longest words first) and
    the relation of each (word, position)."""

    pattern: re.Pattern[str]
    relation: dict[tuple[str, str], str]
    negations: tuple[str, ...]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The table of ``data/relation_cues.tsv``, checked: known relations and positions, one row per
    (cue, position), no cue word that could cross a sentence end."""
    relation: dict[tuple[str, str], str] = {}
    negations: list[str] = []
    for r in read_tsv("relation_cues.tsv"):
        rel, cue, pos = r["relation"], r["cue"], r["position"]
        if rel not in (*RELATIONS, "negation") or pos not in POSITIONS or not cue:
            raise ValueError(f"relation_cues.tsv: bad row {r}; fix the relation or position column")
        if any(ch in SENTENCE_END + CLAUSE_EDGE + "《》" for ch in cue):
            raise ValueError(f"relation_cues.tsv: cue {cue!r} holds punctuation; remove it")
        if rel == "negation":
            negations.append(cue)
            continue
        if (cue, pos) in relation:
            raise ValueError(f"relation_cues.tsv: cue {cue!r} ({pos}) listed twice; keep one row")
        relation[(cue, pos)] = rel
    words = sorted({cue for cue, _ in relation}, key=lambda w: (-len(w), w))
    pattern = re.compile(f"(?P<title>{_TITLE})|" + "|".join(re.escape(w) for w in words))
    return Cues(pattern, relation, tuple(sorted(negations, key=len, reverse=True)))


class _Words:
    """The cue words and titles of a stretch of text: parallel lists of starts, ends and words
    (``None`` for a title), in text order."""

    def __init__(self, text: str, lo: int = 0, hi: int | None = None) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.words: list[str | None] = []
        for m in cues().pattern.finditer(text, lo, len(text) if hi is None else hi):
            self.starts.append(m.start())
            self.ends.append(m.end())
            self.words.append(None if m.lastgroup == "title" else m.group())


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(ch, 0, start) for ch in SENTENCE_END) + 1
    his = [i for i in (text.find(ch, end) for ch in SENTENCE_END) if i >= 0]
    return lo, min(his, default=len(text))


def _clause(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """The stretch of [lo, hi) around [start, end) between clause edges (，/：) that are not list
    separators between two titles (》，《) or a colon introducing a list of titles (：《)."""
    a = start
    while True:
        k = max(text.rfind(ch, lo, a) for ch in CLAUSE_EDGE)
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
        his = [i for i in (text.find(ch, b, hi) for ch in CLAUSE_EDGE) if i >= 0]
        if not his:
            b = hi
            break
        k = min(his)
        if text[k - 1 : k] == "》" and text[k + 1 : k + 2] == "《":
            b = k + 1
            continue
        b = k
        break
    return a, b


def _negated(text: str, lo: int, cue_start: int) -> bool:
    return any(text.startswith(n, cue_start - len(n)) and cue_start - len(n) >= lo for n in cues().negations)


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
        word = w.words[j]
        if word is not None and (word, "before") in table:
            return "cites" if _negated(text, a, w.starts[j]) else table[(word, "before")]
        j -= 1
    # else the first cue after, unless it is the verb of the next title
    j = bisect_left(w.starts, end)
    n = len(w.starts)
    while j < n and w.ends[j] <= b:
        word = w.words[j]
        if word is not None and (word, "after") in table:
            nxt = text[w.ends[j] : w.ends[j] + 2]
            if nxt.startswith("《") or nxt == "了《":
                return "cites"
            return "cites" if _negated(text, end, w.starts[j]) else table[(word, "after")]
        j += 1
    return "cites"


def relation(text: str, start: int, end: int) -> str:
    """The relation of the law mention at [start, end) of the cleaned ``text`` (see the module
    docstring for the rules)."""
    lo, hi = _sentence(text, start, end)
    return _decide(text, _Words(text, lo, hi), lo, hi, start, end)


def relations(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """``relation(text, start, end)`` for every span of one document, reading the text once."""
    if not spans:
        return []
    w = _Words(text)
    ends = [m.start() for m in _SENTENCE_END_RE.finditer(text)]
    out = []
    for s, e in spans:
        k = bisect_left(ends, s)  # the first sentence end at or after the start
        lo = ends[k - 1] + 1 if k else 0
        k = bisect_left(ends, e, k)
        hi = ends[k] if k < len(ends) else len(text)
        out.append(_decide(text, w, lo, hi, s, e))
    return out
