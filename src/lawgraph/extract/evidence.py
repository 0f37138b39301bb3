"""The evidence of a law mention: its line in the original file and the cleaned sentence that holds it.

A reader who follows a citation wants two things: where it is (``line``, 1-based, of the ORIGINAL
text, beside the exact ``start``/``end`` offsets) and what the report says there, readably. The
``snippet`` is the sentence the relation was read from (``relations.sentence``) in the CLEANED text
(simplified characters, no pinyin debris or web chrome), whitespace runs folded to one space, cut to
at most ``SNIPPET_CHARS`` characters around the mention (an ``…`` marks each cut); ``mark`` is the
mention's [a, b) inside the snippet, so a page can highlight it without searching for it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lawgraph.extract.relations import cleaned_span, sentence, sentence_bounds
from lawgraph.text import plain

if TYPE_CHECKING:
    from lawgraph.clean import Cleaned

SNIPPET_CHARS = 160
ELLIPSIS = "…"
_SPACE = re.compile(r"\s+")
_SPACE_FAST = re.compile(r"\s\s*")  # the same runs; led by a class, not a repeat: the engine skips to them
_NEWLINE = re.compile("\n")


def snippet(text: str, start: int, end: int, limit: int = SNIPPET_CHARS,
            bounds: tuple[int, int] | None = None) -> tuple[str, int, int]:
    """(snippet, a, b): the sentence of the cleaned ``text`` around [start, end) (``bounds`` when the
    caller knows it), cut to ``limit`` characters with the mention kept whole and as central as the
    sentence allows; [a, b) is the mention inside the snippet."""
    lo, hi = bounds if bounds is not None else sentence(text, start, end)
    lo, hi = min(lo, start), max(hi, end)
    # hot path: a sentence may be a whole file with no end mark; only a window of it is read
    window = 4 * limit
    a0, b0 = max(lo, start - window), min(hi, end + window)
    fold = (_SPACE if plain() else _SPACE_FAST).sub  # whitespace runs → one space (hot path: no wrapper call)
    before, name = fold(" ", text[a0:start]).lstrip(), fold(" ", text[start:end])
    after = fold(" ", text[end:b0]).rstrip()
    if a0 > lo:
        before = ELLIPSIS + before  # cut off in any case: the length test below sees it
    if b0 < hi:
        after += ELLIPSIS
    room = max(0, limit - len(name))
    if len(before) + len(after) > room:
        left = min(len(before), max(room // 2, room - len(after)))
        right = min(len(after), room - left)
        if left < len(before):
            before = ELLIPSIS + before[len(before) - left + 1 :] if left else ""
        if right < len(after):
            after = after[: right - 1] + ELLIPSIS if right else ""
    return before + name + after, len(before), len(before) + len(name)


def line_starts(original: str) -> list[int]:
    """Offsets where each line of ``original`` starts (a line ends at ``\\n``)."""
    return [0, *(m.end() for m in _NEWLINE.finditer(original))]


def evidence(cleaned: Cleaned, original: str, spans: Sequence[tuple[int, int]],
             cleaned_spans: Sequence[tuple[int, int]] | None = None,
             sentences: Sequence[tuple[int, int]] | None = None) -> list[dict]:
    """``{"line", "snippet", "mark"}`` for every span of the ORIGINAL text (as ``lawgraph extract``
    reports mentions), in the order given. The text is read once (hot path: a report can hold
    thousands of mentions on one line); ``cleaned_spans`` (``cleaned_span`` of each span) and
    ``sentences`` (their ``relations.sentence_bounds``) are reused when the caller has them."""
    if not spans:
        return []
    starts = line_starts(original)
    text = cleaned.text
    if cleaned_spans is None:
        cleaned_spans = [cleaned_span(cleaned, s, e) for s, e in spans]
    if sentences is None:
        sentences = sentence_bounds(text, cleaned_spans)
    out = []
    for (s, _e), (cs, ce), bounds in zip(spans, cleaned_spans, sentences):
        snip, a, b = snippet(text, cs, ce, bounds=bounds)
        out.append({"line": bisect_right(starts, s), "snippet": snip, "mark": [a, b]})
    return out
