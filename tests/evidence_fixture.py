"""Test helper: give a graph the evidence attributes of the data contract (issue 12) computed from
the extraction results, until the data side's graph carries them itself.

Contract: every agency→law ``cites`` edge has integer counts per relation (``implements``,
``studies``, ``drafts``, ``reviews``, ``cites``) and ``relation_main``; ``G.graph["mentions"]`` lists
one dict per law mention (agency, law, document, source, year, start, end, line, relation, text,
snippet, mark), sorted by (agency, law, source, start).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from lawgraph.exporters.style import CITE_RELATIONS
from lawgraph.graph.schema import COUNT_PREFIX, clean, node_id
from lawgraph.lexicon.names import fold
from lawgraph.resolve import canonical_agency_name, canonical_law_name


def _line(source: str, start: int, cache: dict[str, str]) -> int:
    if source not in cache:
        try:
            cache[source] = Path(source).read_text(encoding="utf-8", errors="replace")
        except OSError:
            cache[source] = ""
    return cache[source].count("\n", 0, start) + 1


def _snippet(context: str, text: str) -> tuple[str, list[int]]:
    at = context.find(text)
    if at < 0:
        return context or text, [0, 0] if context else [0, len(text)]
    return context, [at, at + len(text)]


def add_evidence(G: nx.DiGraph, docs: Iterable[Mapping[str, Any]]) -> nx.DiGraph:
    """Set the contract's edge counts and ``G.graph["mentions"]`` of ``G`` (built from ``docs``) from
    the extract results, with snippets taken from each mention's context: tests then control the
    evidence text (hostile snippets, many mentions) independently of the builder's own."""
    mentions: list[dict[str, Any]] = []
    counts: dict[tuple[str, str], Counter[str]] = {}
    texts: dict[str, str] = {}
    for doc in docs:
        source = doc["source"]
        doc_id = node_id("document", source)
        citer = doc_id
        agency = doc.get("agency") or {}
        if clean(agency.get("name")):
            citer = node_id("agency", fold(canonical_agency_name(clean(agency["name"]))))
        year = doc.get("year") if isinstance(doc.get("year"), int) else None
        for law in doc.get("laws") or []:
            name = canonical_law_name(clean(law.get("name")))
            if not name:
                continue
            lid = node_id("law", fold(name))
            for m in law.get("mentions") or []:
                rel = m.get("relation") or "cites"
                snippet, mark = _snippet(clean(m.get("context")), m["text"])
                mentions.append({
                    "agency": citer, "law": lid, "document": doc_id, "source": source, "year": year,
                    "start": m["start"], "end": m["end"], "line": _line(source, m["start"], texts),
                    "relation": rel, "text": m["text"], "snippet": snippet, "mark": mark,
                })  # fmt: skip
                counts.setdefault((citer, lid), Counter())[rel] += 1
    mentions.sort(key=lambda m: (m["agency"], m["law"], m["source"], m["start"]))
    G.graph["mentions"] = mentions
    order = {r: i for i, r in enumerate(CITE_RELATIONS)}
    for (u, v), c in counts.items():
        if not G.has_edge(u, v):
            continue
        d = G.edges[u, v]
        for r in CITE_RELATIONS:
            d[COUNT_PREFIX + r] = c.get(r, 0)
        d["relation_main"] = min(c, key=lambda r: (-c[r], order.get(r, 99)))
    return G
