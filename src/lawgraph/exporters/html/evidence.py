"""The evidence the pages show: how an agency cites a law (counts per relation on the agency→law
``cites`` edge, its main relation) and the law mentions themselves (``G.graph["mentions"]``).

The graph's data side defines these attributes (issue 12); this module is the one place the pages
read them, so a renamed attribute is a one-line change here (``RELATION_COUNT_ATTR``). A graph
without them (an older ``graph.json``) still renders: no counts, no evidence rows.

``G.graph["mentions"]`` is sorted by (agency, law, source, start): one agency's mentions are found by
bisection, with no index built per page.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from lawgraph.exporters.style import CITE_RELATIONS, EVIDENCE_PER_LAW, SNIPPET_SIDE
from lawgraph.graph.mention import KEYS as MENTION_KEYS
from lawgraph.graph.mention import Mention as MentionTuple
from lawgraph.graph.schema import COUNT_PREFIX, path_text

RELATION_COUNT_ATTR = COUNT_PREFIX + "{}"  # the edge attribute of one relation's mention count (n_implements=2)
MAX_MENTIONS_PER_LAW = EVIDENCE_PER_LAW  # evidence rows embedded per law on an agency page

Mention = Mapping[str, Any]
_item = tuple.__getitem__
_LAW = MENTION_KEYS.index("law")


_COUNT_KEYS = tuple((r, RELATION_COUNT_ATTR.format(r)) for r in CITE_RELATIONS)


def relation_counts(d: Mapping[str, Any]) -> dict[str, int]:
    """{relation: mentions} of an edge, only the relations it has (empty for an untyped edge)."""
    out = {}
    for r, key in _COUNT_KEYS:
        value = d.get(key)
        if type(value) is int and value > 0:
            out[r] = value
    return out


def relation_main(d: Mapping[str, Any]) -> str:
    """The edge's main relation ("" when the graph has none)."""
    main = d.get("relation_main")
    return main if isinstance(main, str) and main in CITE_RELATIONS else ""


def mentions(G: nx.DiGraph) -> Sequence[Mention] | None:
    """The graph's law mentions, or None when the graph records none (an older graph)."""
    found = G.graph.get("mentions")
    return found if isinstance(found, list) else None


def _agency_key(m: Mention) -> str:
    return m.get("agency") or ""


def agency_mentions(G: nx.DiGraph, agency: str) -> Sequence[Mention]:
    """The mentions of one agency's reports, in (law, source, start) order."""
    found = mentions(G)
    if not found:
        return ()
    lo = bisect_left(found, agency, key=_agency_key)
    hi = bisect_right(found, agency, lo=lo, key=_agency_key)
    return found[lo:hi]


def by_law(items: Iterable[Mention]) -> dict[str, list[Mention]]:
    """The mentions grouped by law, each group in the order given."""
    out: dict[str, list[Mention]] = {}
    for m in items:  # a graph's own mention: its law read from the tuple, not through ``get``
        law = _item(m, _LAW) if type(m) is MentionTuple else m.get("law")
        out.setdefault(law or "", []).append(m)
    return out


def file_name(source: str) -> str:
    """The file name of a source path, as text every page can show."""
    return path_text(str(source).replace("\\", "/").rsplit("/", 1)[-1]) or path_text(str(source))


def parts(m: Mention) -> tuple[Any, Any, Any, Any, int | None, int | None, Any, Any]:
    """(agency, document, relation, source, year, line, snippet or text, mark) of a mention
    (``source`` "" when it has none; ``year``, ``line`` None unless numbers): read in one step from
    a graph's own mention (a tuple, ``graph.mention``), key by key from an older graph's dict; the
    pages read these."""
    if type(m) is MentionTuple:
        agency, _, document, source, year, _, _, line, relation, text, snippet, mark = m
    else:
        agency, document, relation, source = m.get("agency"), m.get("document"), m.get("relation"), m.get("source", "")
        year, line, text, snippet, mark = m.get("year"), m.get("line"), m.get("text"), m.get("snippet"), m.get("mark")
    return (
        agency, document, relation, source, year if type(year) is int else None,
        line if type(line) is int else None, snippet or text, mark,
    )  # fmt: skip


def mark_span(m: Mention) -> tuple[str, int, int]:
    """(snippet, a, b): the snippet and where the name is in it (0, 0 when unknown)."""
    return text_span(m.get("snippet") or m.get("text"), m.get("mark"))


def text_span(text: Any, mark: Any) -> tuple[str, int, int]:
    """``mark_span`` of a mention's snippet (or text) and mark (``parts``)."""
    snippet = str(text or "")
    mark = mark or (0, 0)
    try:
        a, b = int(mark[0]), int(mark[1])
    except (TypeError, ValueError, IndexError):
        a = b = 0
    if not 0 <= a <= b <= len(snippet):
        a = b = 0
    return snippet, a, b


def bounded_span(m: Mention, side: int = SNIPPET_SIDE) -> tuple[str, int, int]:
    """``mark_span`` with at most ``side`` characters before and after the name (cut with …); a
    snippet without a mark is cut to ``2 * side`` characters. A page shows this, never more."""
    return bounded_text(*mark_span(m), side)


def bounded_text(text: str, a: int, b: int, side: int = SNIPPET_SIDE) -> tuple[str, int, int]:
    """``bounded_span`` of a snippet ``text`` with the name at ``a:b`` (``mark_span``)."""
    if a == b:
        return (text if len(text) <= 2 * side else text[: 2 * side] + "…"), 0, 0
    head = text[:a] if a <= side else "…" + text[a - side : a]
    tail = text[b:] if len(text) - b <= side else text[b : b + side] + "…"
    return head + text[a:b] + tail, len(head), len(head) + b - a
