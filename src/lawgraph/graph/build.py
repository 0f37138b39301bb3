"""Extraction results → the knowledge graph (a ``networkx.DiGraph``; the schema is in ``schema``).

Input: the document dicts of ``lawgraph extract`` (see CONTRACT.md). Nodes and edges are inserted
in sorted order and merged by id, so the graph, and every export of it, is the same for the same
documents in any order. ``GraphAssembler`` takes the documents one at a time (a build assembles the
graph while its workers are still extracting); ``build_graph`` is the one-call form.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from sys import intern
from typing import Any

import networkx as nx

from lawgraph.exporters.style import NODE_BASE_SIZE, NODE_COLORS
from lawgraph.extract.relations import RELATIONS as MENTION_RELATIONS
from lawgraph.extract.relations import main_relation
from lawgraph.graph.layout import layout
from lawgraph.graph.mention import Mention
from lawgraph.graph.schema import (
    ALIAS_SEP,
    COUNT_PREFIX,
    EXCERPT_CHARS,
    LAW_LEVELS,
    LIST_SEP,
    RELATION_SEP,
    clean,
    node_id,
    path_text,
)
from lawgraph.lexicon.names import fold
from lawgraph.resolve import canonical_agency_name, canonical_law_name

_QUOTES = re.compile(r"[《》“”‘’「」『』]")
_RELATION_INDEX = {r: i for i, r in enumerate(MENTION_RELATIONS)}


def _surface(text: object) -> str:
    """A mention as an alias: book-title marks and CJK quotes removed (〈〉 kept), no '|'."""
    return _QUOTES.sub("", clean(text)).replace(ALIAS_SEP, "").strip()


def _cut(s: str) -> str:
    """The excerpt of text that is already clean: at most ``EXCERPT_CHARS`` characters."""
    return s if len(s) <= EXCERPT_CHARS else s[: EXCERPT_CHARS - 1] + "…"


class _NodeAcc:
    __slots__ = ("type", "names", "aliases", "sources", "years", "levels", "excerpt", "excerpt_src")

    def __init__(self, node_type: str) -> None:
        self.type = node_type
        self.names: Counter[str] = Counter()
        self.aliases: set[str] = set()
        self.sources: list[str] = []  # in order of addition, a document's run never repeated (_add_source)
        self.years: set[int] = set()
        self.levels: Counter[str] = Counter()
        self.excerpt = ""
        self.excerpt_src = ""  # the document the excerpt is from: the first in source order wins


class _EdgeAcc:
    """One edge's evidence while the graph is assembled. Hot and numerous (hundreds of thousands at
    10,000 reports), so compact: the relation as text (a second one makes a tuple), sources and years
    as lists (most edges have one), the per-relation counts as a list in ``MENTION_RELATIONS`` order."""

    __slots__ = ("relations", "sources", "years", "excerpt", "excerpt_src", "kinds")

    def __init__(self, relation: str) -> None:
        self.relations: str | tuple[str, ...] = relation
        self.kinds: list[int] | None = None  # law mentions per relation (citations of a law only)
        self.sources: list[str] = []
        self.years: list[int] = []
        self.excerpt = ""
        self.excerpt_src = ""


def _add_source(sources: list[str], source: str) -> None:
    """Append ``source`` unless it is the last one (a document's additions come together; ``_finish``
    removes any other repeat)."""
    if not sources or sources[-1] != source:
        sources.append(source)


class _Builder:
    """Accumulates nodes and edges by id. Every text step (cleaning, folding, canonical names, ids)
    is remembered per build: the same names recur in every report, so a corpus costs a few dict
    look-ups per mention instead of regexes, registry look-ups and sha1s (and far fewer objects)."""

    def __init__(self) -> None:
        self.nodes: dict[str, _NodeAcc] = {}
        self.edges: dict[tuple[str, str], _EdgeAcc] = {}
        self._clean: dict[object, str] = {}
        self._surface: dict[object, str] = {}
        self._fold: dict[str, str] = {}
        self._law: dict[str, str] = {}
        self._agency: dict[str, str] = {}
        self._ids: dict[tuple[str, str], str] = {}
        self.mentions: list[Mention] = []  # the evidence, sorted when the graph is made
        self._excerpts: dict[str, str] = {}  # one string per distinct excerpt (a sentence names several)

    def excerpt(self, text: str) -> str:
        """``_cut(text)``, one shared string per distinct excerpt."""
        out = self._excerpts.get(text)
        if out is None:
            out = self._excerpts[text] = _cut(text)
        return out

    def clean(self, text: object) -> str:
        """``schema.clean``, remembered."""
        try:
            out = self._clean.get(text)
        except TypeError:  # unhashable: not a name
            return clean(text)
        if out is None:
            out = self._clean[text] = clean(text)
        return out

    def surface(self, text: object) -> str:
        """``_surface``, remembered."""
        try:
            out = self._surface.get(text)
        except TypeError:
            return _surface(text)
        if out is None:
            out = self._surface[text] = _surface(text)
        return out

    def fold(self, text: str) -> str:
        """``names.fold``, remembered."""
        out = self._fold.get(text)
        if out is None:
            out = self._fold[text] = fold(text)
        return out

    def law_name(self, raw: str) -> str:
        out = self._law.get(raw)
        if out is None:
            out = self._law[raw] = canonical_law_name(raw)
        return out

    def agency_name(self, raw: str) -> str:
        out = self._agency.get(raw)
        if out is None:
            out = self._agency[raw] = canonical_agency_name(raw)
        return out

    def node(
        self,
        node_type: str,
        key: str,
        label: str,
        source: str,
        year: int | None,
        aliases: Iterable[Any] = (),
        excerpt: str = "",
    ) -> str:
        nid = self._ids.get((node_type, key))
        if nid is None:
            nid = self._ids[(node_type, key)] = node_id(node_type, key)
        acc = self.nodes.get(nid)
        if acc is None:
            acc = self.nodes[nid] = _NodeAcc(node_type)
        acc.names[label] += 1
        acc.aliases.add(label)
        for raw in aliases:
            a = self.surface(raw)
            if a:
                acc.aliases.add(a)
        _add_source(acc.sources, source)
        if year is not None:
            acc.years.add(year)
        if excerpt and (not acc.excerpt or source < acc.excerpt_src):
            acc.excerpt, acc.excerpt_src = self.excerpt(excerpt), source
        return nid

    def edge(self, u: str, v: str, relation: str, source: str, year: int | None, excerpt: str = "") -> None:
        if u == v:
            return
        acc = self.edges.get((u, v))
        if acc is None:
            acc = self.edges[(u, v)] = _EdgeAcc(relation)
        elif relation != acc.relations and (type(acc.relations) is str or relation not in acc.relations):
            acc.relations = (acc.relations, relation) if type(acc.relations) is str else (*acc.relations, relation)
        _add_source(acc.sources, source)
        if year is not None and year not in acc.years:
            acc.years.append(year)
        if excerpt and (not acc.excerpt or source < acc.excerpt_src):
            acc.excerpt, acc.excerpt_src = self.excerpt(excerpt), source


def _year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _first_context(entity: Mapping[str, Any]) -> str:
    for m in entity.get("mentions") or ():
        if isinstance(m, Mapping):
            ctx = clean(m.get("context"))
            if ctx:
                return ctx
    return ""


def _mention_texts(entity: Mapping[str, Any]) -> list[Any]:
    return [m.get("text") for m in entity.get("mentions") or () if isinstance(m, Mapping)]


def _add_document(b: _Builder, doc: Mapping[str, Any]) -> None:
    raw_source = doc.get("source")
    if not isinstance(raw_source, str) or not raw_source.strip():
        return
    # identity is the exact path (the node key); the text every export shows escapes only what
    # XML cannot carry, so no two files merge and no path is split or folded
    source = path_text(raw_source)
    year = _year(doc.get("year"))
    doc_label = path_text(raw_source.replace("\\", "/").rsplit("/", 1)[-1]) or source
    doc_id = b.node("document", raw_source, doc_label, source, year)
    b.nodes[doc_id].aliases.add(source.replace(ALIAS_SEP, ""))

    citer = doc_id
    agency_id = None
    agency = doc.get("agency")
    if isinstance(agency, Mapping) and b.clean(agency.get("name")):
        raw = b.clean(agency.get("name"))
        name = b.agency_name(raw)
        citer = agency_id = b.node("agency", b.fold(name), name, source, year, aliases=[raw])
        b.edge(citer, doc_id, "authored", source, year)
        place = b.clean(agency.get("jurisdiction"))
        if place:
            place_id = b.node("jurisdiction", b.fold(place), place, source, year)
            b.edge(citer, place_id, "in", source, year)

    laws = doc.get("laws") or []
    law_ids: dict[str, str] = {}
    for law in laws:
        raw = b.clean(law.get("name"))
        if not raw:
            continue
        name = b.law_name(raw)
        key = b.fold(name)
        ctx = _first_context(law)
        lid = b.node("law", key, name, source, year, aliases=[raw, *_mention_texts(law)], excerpt=ctx)
        level = b.clean(law.get("level"))
        if level:
            b.nodes[lid].levels[level] += 1
        law_ids[key] = lid
        b.edge(citer, lid, "cites", source, year, ctx)
        _add_mentions(b, law, agency_id, lid, doc_id, source, year, b.edges[(citer, lid)])
    for law in laws:  # a title that contains another (〈…〉) cites it
        raw = b.clean(law.get("name"))
        if not raw or not law.get("contains"):
            continue
        outer = law_ids[b.fold(b.law_name(raw))]
        for inner_raw in law["contains"]:
            inner_clean = b.clean(inner_raw)
            inner_name = b.law_name(inner_clean)
            if not inner_name:
                continue
            inner_key = b.fold(inner_name)
            inner = law_ids.get(inner_key)
            if inner is None:
                inner = b.node("law", inner_key, inner_name, source, year, aliases=[inner_clean])
            b.edge(outer, inner, "cites", source, year, raw)

    for kind, node_type, relation in (("agencies", "agency", "mentions"), ("programs", "program", "runs")):
        for ent in doc.get(kind) or []:
            raw = b.clean(ent.get("name"))
            if not raw:
                continue
            name = b.agency_name(raw) if node_type == "agency" else raw
            ctx = _first_context(ent)
            nid = b.node(
                node_type, b.fold(name), name, source, year, aliases=[raw, *_mention_texts(ent)], excerpt=ctx,
            )  # fmt: skip
            b.edge(citer, nid, relation, source, year, ctx)


def _add_mentions(b: _Builder, law: Mapping[str, Any], agency: str | None, lid: str, doc_id: str, source: str,
                  year: int | None, edge: _EdgeAcc) -> None:
    """Count the law's mentions per relation on the citing edge and keep each one's evidence (a
    mention without offsets, as in a hand-made result, counts but is no evidence)."""
    kinds = edge.kinds
    if kinds is None:
        kinds = edge.kinds = [0] * len(MENTION_RELATIONS)
    for m in law.get("mentions") or ():
        if not isinstance(m, Mapping):
            continue
        rel = m.get("relation")
        rel = rel if rel in _RELATION_INDEX else "cites"
        kinds[_RELATION_INDEX[rel]] += 1
        start, end = m.get("start"), m.get("end")
        if type(start) is not int or type(end) is not int:
            continue
        mark = m.get("mark")
        a, b_ = (mark[0], mark[1]) if isinstance(mark, (list, tuple)) and len(mark) == 2 else (0, 0)
        line = m.get("line")
        b.mentions.append(Mention(agency, lid, doc_id, source, year, start, end, line if type(line) is int else None,
                                  rel, intern(path_text(str(m.get("text") or ""))),
                                  intern(path_text(str(m.get("snippet") or ""))), [a, b_]))
        # interned: the same law text recurs in every report, the same sentence for each law it names


def _pick_label(names: Counter[str]) -> str:
    """The most frequent surface name, then the longest, then the first in code-point order."""
    return min(names, key=lambda s: (-names[s], -len(s), s))


def _pick_level(levels: Counter[str]) -> str:
    if not levels:
        return "其他"
    return min(levels, key=lambda s: (-levels[s], LAW_LEVELS.index(s) if s in LAW_LEVELS else 99, s))


def _join_years(years: Iterable[int]) -> str:
    return LIST_SEP.join(str(y) for y in sorted(set(years)))


def build_graph(documents: Iterable[Mapping[str, Any]], *, positions: bool = True) -> nx.DiGraph:
    """The knowledge graph of the given extraction results (schema: ``lawgraph.graph.schema``)."""
    g = GraphAssembler()
    for doc in documents:
        g.add(doc)
    return g.finish(positions=positions)


class GraphAssembler:
    """Builds the graph one extraction result at a time, in any order (the result is the same), so a
    build can assemble the graph while workers are still extracting and keep no document in memory.

    ``quiet_gc`` (default on) keeps the cycle collector off the growing graph
    (``lawgraph._accel.gcpause``); the graph is the same either way (tested)."""

    def __init__(self, *, quiet_gc: bool = True) -> None:
        self._b = _Builder()
        self._quiet = None
        if quiet_gc:
            from lawgraph._accel.gcpause import Quiet

            self._quiet = Quiet()
        self.documents = 0

    def add(self, doc: Mapping[str, Any]) -> None:
        with self._quiet.step() if self._quiet else contextlib.nullcontext():
            _add_document(self._b, doc)
        self.documents += 1

    def finish(self, positions: bool = True) -> nx.DiGraph:
        """The graph of every document added so far, with sizes and (``positions``) x/y."""
        if self._quiet is None:
            return _finish(self._b, positions)
        from lawgraph._accel.gcpause import paused

        with paused():
            return _finish(self._b, positions)


def _finish(b: _Builder, positions: bool) -> nx.DiGraph:
    year_texts: dict[frozenset[int], str] = {}  # a few year sets recur on every node and edge

    def years_text(years: Iterable[int]) -> str:
        key = frozenset(years)
        text = year_texts.get(key)
        if text is None:
            text = year_texts[key] = _join_years(key)
        return text

    # each accumulator is dropped as soon as its node or edge is made: the evidence sits in memory
    # once (the accumulators or the graph), not twice
    for memo in (b._excerpts, b._clean, b._surface, b._fold, b._law, b._agency, b._ids):
        memo.clear()  # remembered text steps (pure: a later document recomputes them): room for the graph
    single: dict[str, tuple[str]] = {}  # one ("path",) per path: most nodes and edges have one source

    def one(source: str) -> tuple[str]:
        t = single.get(source)
        if t is None:
            t = single[source] = (source,)
        return t

    G = nx.DiGraph()
    nodes = b.nodes
    for nid in sorted(nodes):
        acc = nodes.pop(nid)
        attrs: dict[str, Any] = {"label": _pick_label(acc.names), "type": acc.type}
        if acc.type == "law":
            attrs["level"] = _pick_level(acc.levels)
        attrs["aliases"] = ALIAS_SEP.join(sorted(acc.aliases))
        sources = tuple(sorted(set(acc.sources))) if len(acc.sources) > 1 else one(acc.sources[0])
        attrs["documents"] = len(sources)
        if acc.years:
            attrs["years"] = years_text(acc.years)
        attrs["sources"] = sources
        if acc.excerpt:
            attrs["excerpt"] = acc.excerpt
        attrs["color"] = NODE_COLORS[acc.type]
        G.add_node(nid, **attrs)
    b.nodes = nodes = {}  # emptied: its table (one slot per node) goes too
    degree: dict[str, int] = dict.fromkeys(G, 0)
    edges = b.edges
    for u, v in sorted(edges):
        acc = edges.pop((u, v))
        relation = acc.relations if type(acc.relations) is str else RELATION_SEP.join(sorted(acc.relations))
        sources = tuple(sorted(set(acc.sources))) if len(acc.sources) > 1 else one(acc.sources[0])
        weight = len(sources)
        attrs = {"relation": relation, "label": relation, "weight": weight}
        if acc.kinds is not None:
            kinds = dict(zip(MENTION_RELATIONS, acc.kinds))
            for rel in MENTION_RELATIONS:
                attrs[COUNT_PREFIX + rel] = kinds[rel]
            attrs["relation_main"] = main_relation(kinds)
        if acc.years:
            attrs["years"] = years_text(acc.years)
        attrs["sources"] = sources
        if acc.excerpt:
            attrs["excerpt"] = acc.excerpt
        G.add_edge(u, v, **attrs)
        degree[u] += weight
        degree[v] += weight
    b.edges = edges = {}  # emptied: its table (one slot per edge) goes too
    mentions = b.mentions
    b.mentions = []
    item = tuple.__getitem__
    mentions.sort(key=lambda m: (item(m, 0) or "", item(m, 1), item(m, 3), item(m, 5), item(m, 6)))
    G.graph["mentions"] = mentions
    place_nodes(G, positions, degree)
    return G


def place_nodes(G: nx.DiGraph, positions: bool = True, degree: Mapping[str, int] | None = None) -> None:
    """Set every node's ``size`` (from its weighted degree) and, with ``positions``, its ``x``/``y``
    (``layout``): the last step of a build, and of a subset (``graph.subset.focus``)."""
    if degree is None:
        degree = dict(G.degree(weight="weight"))
    for nid, data in G.nodes(data=True):
        data["size"] = round(NODE_BASE_SIZE[data["type"]] + 4.0 * math.sqrt(degree[nid]), 2)
    if positions:
        for nid, (x, y) in layout(G).items():
            data = G.nodes[nid]
            data["x"] = x
            data["y"] = y


def reporting_agencies(G: nx.DiGraph) -> list[str]:
    """Agency nodes that authored at least one document, in id order."""
    nodes = G.nodes
    found = {u for u, _, rel in G.edges(data="relation") if rel == "authored" and nodes[u]["type"] == "agency"}
    return sorted(found)
