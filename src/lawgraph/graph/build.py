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
from collections.abc import Callable, Iterable, Mapping
from sys import intern
from typing import Any

import networkx as nx

from lawgraph._accel.beside import Beside
from lawgraph.exporters.style import NODE_BASE_SIZE, NODE_COLORS
from lawgraph.extract.relations import RELATIONS as MENTION_RELATIONS
from lawgraph.extract.relations import main_relation
from lawgraph.graph.layout import layout, layout_of
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
_COUNT_KEY = {r: COUNT_PREFIX + r for r in MENTION_RELATIONS}  # a law mention's relation → its edge count
_UNSEEN = object()

# An edge's attribute dict while the graph is assembled: the schema's keys already in their order,
# so that ``_finish`` only turns each value into the schema's (and drops an absent ``years`` or
# ``excerpt``) and the dict becomes the graph's, not copied. Meanwhile ``relation`` is the relation
# or a tuple of them, ``sources`` a path or a list of them (most edges have one), ``years`` None,
# a year or a list, ``excerpt`` None, the excerpt (from the edge's first source: the common case,
# no tuple per edge) or (its document, the excerpt); ``weight`` and ``relation_main`` are set at the
# end. Copied from these templates (a copy is made at its final size).
_PLAIN_EDGE: dict[str, Any] = {"relation": "", "label": "", "weight": 0, "years": None, "sources": None,
                               "excerpt": None}
_COUNTED_EDGE: dict[str, Any] = {"relation": "", "label": "", "weight": 0, **dict.fromkeys(_COUNT_KEY.values(), 0),
                                 "relation_main": "", "years": None, "sources": None, "excerpt": None}
_NAMES: dict[str, Callable[[str], str]] = {"law": canonical_law_name, "agency": canonical_agency_name}


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
        self.sources: list[str] = []  # in order of addition, a document's run never repeated (_Builder.node)
        self.years: set[int] = set()
        self.levels: Counter[str] = Counter()
        self.excerpt = ""
        self.excerpt_src = ""  # the document the excerpt is from: the first in source order wins


class _Builder:
    """Accumulates nodes and edges by id. Every text step (cleaning, folding, canonical names, ids)
    is remembered per build: the same names recur in every report, so a corpus costs a few dict
    look-ups per mention instead of regexes, registry look-ups and sha1s (and far fewer objects)."""

    def __init__(self) -> None:
        self.nodes: dict[str, _NodeAcc] = {}
        self.edges: dict[tuple[str, str], dict[str, Any]] = {}  # see _PLAIN_EDGE
        self._clean: dict[object, str] = {}
        self._surface: dict[object, str] = {}
        self._fold: dict[str, str] = {}
        self._names: dict[tuple[str, str], str] = {}
        self._ids: dict[tuple[str, str], str] = {}
        self._entities: dict[str, dict[str, tuple[str, str, str, str, str] | None]] = {}
        self._texts: dict[str, str] = {}
        self.offsets: dict[int, int] = {}  # one int object per distinct mention offset (a few thousand)
        self.mentions: list[Mention] = []  # the evidence, sorted when the graph is made
        self._excerpts: dict[str, str] = {}  # one string per distinct excerpt (a sentence names several)

    def memos(self) -> tuple[dict, ...]:
        """Every remembered text step (pure: a later document would compute them again)."""
        return (self._excerpts, self._clean, self._surface, self._fold, self._names, self._ids, self._entities,
                self._texts, self.offsets)

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

    def alias(self, acc: _NodeAcc, text: object) -> None:
        """Add ``_surface(text)`` to the node's aliases, unless it is empty."""
        out = self.surface(text)
        if out:
            acc.aliases.add(out)

    def text(self, raw: object) -> str:
        """A mention's text or snippet as the evidence keeps it: escaped as a path is, and interned
        (the same law text recurs in every report, the same sentence for each law it names)."""
        if type(raw) is not str:
            return intern(path_text(str(raw or "")))
        out = self._texts.get(raw)
        if out is None:
            out = self._texts[raw] = intern(path_text(raw))
        return out

    def node_id(self, node_type: str, key: str) -> str:
        """``schema.node_id``, remembered."""
        nid = self._ids.get((node_type, key))
        if nid is None:
            nid = self._ids[(node_type, key)] = node_id(node_type, key)
        return nid

    def entity(self, node_type: str, raw_name: object) -> tuple[str, str, str, str, str] | None:
        """(node id, label, cleaned name, key, the cleaned name as an alias) of the entity a result
        names ``raw_name`` (canonical law and agency names), or None when the name is empty.
        Remembered per name as given."""
        memo = self._entities.get(node_type)
        if memo is None:
            memo = self._entities[node_type] = {}
        if type(raw_name) is str:
            hit = memo.get(raw_name, _UNSEEN)
            if hit is not _UNSEEN:
                return hit  # type: ignore[return-value]
        raw = self.clean(raw_name)
        out = None
        if raw:
            name = self._name(node_type, raw)
            key = self._fold_of(name)
            out = (self.node_id(node_type, key), name, raw, key, self.surface(raw))
        if type(raw_name) is str:
            memo[raw_name] = out
        return out

    def _name(self, node_type: str, raw: str) -> str:
        canonical = _NAMES.get(node_type)
        if canonical is None:
            return raw
        out = self._names.get((node_type, raw))
        if out is None:
            out = self._names[(node_type, raw)] = canonical(raw)
        return out

    def _fold_of(self, text: str) -> str:
        out = self._fold.get(text)
        if out is None:
            out = self._fold[text] = fold(text)
        return out

    def node(self, node_type: str, nid: str, label: str, source: str, year: int | None) -> _NodeAcc:
        acc = self.nodes.get(nid)
        if acc is None:
            acc = self.nodes[nid] = _NodeAcc(node_type)
        acc.names[label] += 1
        acc.aliases.add(label)
        sources = acc.sources
        if not sources or sources[-1] != source:  # a document's additions come together
            sources.append(source)
        if year is not None:
            acc.years.add(year)
        return acc

    def edge(self, u: str, v: str, relation: str, source: str, year: int | None,
             counted: bool = False) -> dict[str, Any] | None:
        """The edge u→v (its attribute dict, see ``_PLAIN_EDGE``) with this relation, source and
        year added; ``counted``: it carries the per-relation law mention counts. None when u is v."""
        if u == v:
            return None
        d = self.edges.get((u, v))
        if d is None:
            d = self.edges[(u, v)] = (_COUNTED_EDGE if counted else _PLAIN_EDGE).copy()
            d["relation"] = d["label"] = relation
            d["sources"] = source
            d["years"] = year
            return d
        rel = d["relation"]
        if relation != rel and (type(rel) is str or relation not in rel):
            d["relation"] = (rel, relation) if type(rel) is str else (*rel, relation)
        sources = d["sources"]
        if type(sources) is not list:
            if sources != source:
                d["sources"] = [sources, source]
        elif sources[-1] != source:  # a document's additions come together; _finish removes other repeats
            sources.append(source)
        if year is not None:
            years = d["years"]
            if years is None:
                d["years"] = year
            elif type(years) is not list:
                if years != year:
                    d["years"] = [years, year]
            elif year not in years:
                years.append(year)
        return d


def _year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _add_alias(acc: _NodeAcc, alias: str) -> None:
    if alias:
        acc.aliases.add(alias)


def _first_context(entity: Mapping[str, Any]) -> str:
    for m in entity.get("mentions") or ():
        if type(m) is dict or isinstance(m, Mapping):
            ctx = clean(m.get("context"))
            if ctx:
                return ctx
    return ""


def _add_excerpts(b: _Builder, acc: _NodeAcc, edge: dict[str, Any] | None, entity: Mapping[str, Any],
                  source: str) -> None:
    """The entity's first context becomes the excerpt of its node and of the edge to it where this
    document is the first (in source order) to give one; it is only read then (most entities recur
    in reports seen before)."""
    ctx = None
    if not acc.excerpt or source < acc.excerpt_src:
        ctx = _first_context(entity)
        if ctx:
            acc.excerpt, acc.excerpt_src = b.excerpt(ctx), source
    if edge is not None and _takes_excerpt(edge, source):
        if ctx is None:
            ctx = _first_context(entity)
        if ctx:
            _set_excerpt(edge, source, b.excerpt(ctx))


def _first_source(edge: dict[str, Any]) -> str:
    sources = edge["sources"]
    return sources[0] if type(sources) is list else sources


def _takes_excerpt(edge: dict[str, Any], source: str) -> bool:
    """Does an excerpt from ``source`` replace the edge's (it has none, or one from a later source)?"""
    held = edge["excerpt"]
    if held is None:
        return True
    return source < (held[0] if type(held) is tuple else _first_source(edge))


def _set_excerpt(edge: dict[str, Any], source: str, excerpt: str) -> None:
    edge["excerpt"] = excerpt if source == _first_source(edge) else (source, excerpt)


def _mention_aliases(b: _Builder, acc: _NodeAcc, entity: Mapping[str, Any]) -> None:
    for m in entity.get("mentions") or ():
        if type(m) is dict or isinstance(m, Mapping):
            b.alias(acc, m.get("text"))


def _add_document(b: _Builder, doc: Mapping[str, Any]) -> None:
    raw_source = doc.get("source")
    if not isinstance(raw_source, str) or not raw_source.strip():
        return
    # identity is the exact path (the node key); the text every export shows escapes only what
    # XML cannot carry, so no two files merge and no path is split or folded
    source = path_text(raw_source)
    year = _year(doc.get("year"))
    doc_label = path_text(raw_source.replace("\\", "/").rsplit("/", 1)[-1]) or source
    doc_id = b.node_id("document", raw_source)
    b.node("document", doc_id, doc_label, source, year).aliases.add(source.replace(ALIAS_SEP, ""))

    citer = doc_id
    agency_id = None
    agency = doc.get("agency")
    found = b.entity("agency", agency.get("name")) if isinstance(agency, Mapping) else None
    if found is not None:
        citer = agency_id = found[0]
        _add_alias(b.node("agency", agency_id, found[1], source, year), found[4])
        b.edge(citer, doc_id, "authored", source, year)
        place = b.entity("jurisdiction", agency.get("jurisdiction"))  # type: ignore[union-attr]
        if place is not None:
            b.node("jurisdiction", place[0], place[1], source, year)
            b.edge(citer, place[0], "in", source, year)

    laws = doc.get("laws") or []
    law_ids: dict[str, str] = {}
    for law in laws:
        found = b.entity("law", law.get("name"))
        if found is None:
            continue
        lid, name, _raw, key, alias = found
        acc = b.node("law", lid, name, source, year)
        _add_alias(acc, alias)
        level = b.clean(law.get("level"))
        if level:
            acc.levels[level] += 1
        law_ids[key] = lid
        edge = b.edge(citer, lid, "cites", source, year, counted=True)  # citer is never a law: u is not v
        _add_excerpts(b, acc, edge, law, source)
        _add_mentions(b, law, acc, agency_id, lid, doc_id, source, year, edge)  # type: ignore[arg-type]
    for law in laws:  # a title that contains another (〈…〉) cites it
        if not law.get("contains"):
            continue
        found = b.entity("law", law.get("name"))
        if found is None:
            continue
        outer = law_ids[found[3]]
        for inner_raw in law["contains"]:
            inner = b.entity("law", inner_raw)
            if inner is None or not inner[1]:
                continue
            if inner[3] not in law_ids:
                _add_alias(b.node("law", inner[0], inner[1], source, year), inner[4])
            edge = b.edge(outer, inner[0], "cites", source, year)
            if edge is not None and _takes_excerpt(edge, source):
                _set_excerpt(edge, source, b.excerpt(found[2]))

    for kind, node_type, relation in (("agencies", "agency", "mentions"), ("programs", "program", "runs")):
        for ent in doc.get(kind) or []:
            found = b.entity(node_type, ent.get("name"))
            if found is None:
                continue
            acc = b.node(node_type, found[0], found[1], source, year)
            _add_alias(acc, found[4])
            _mention_aliases(b, acc, ent)
            _add_excerpts(b, acc, b.edge(citer, found[0], relation, source, year), ent, source)


def _add_mentions(b: _Builder, law: Mapping[str, Any], acc: _NodeAcc, agency: str | None, lid: str, doc_id: str,
                  source: str, year: int | None, edge: dict[str, Any]) -> None:
    """Add the law's mention texts to its aliases, count its mentions per relation on the citing
    edge and keep each one's evidence (a mention without offsets, as in a hand-made result, counts
    but is no evidence)."""
    mentions, offset = b.mentions, b.offsets.setdefault
    for m in law.get("mentions") or ():
        if type(m) is not dict and not isinstance(m, Mapping):  # a dict, as results are, skips the ABC check
            continue
        b.alias(acc, m.get("text"))
        rel = m.get("relation")
        rel = rel if rel in _COUNT_KEY else "cites"
        edge[_COUNT_KEY[rel]] += 1
        start, end = m.get("start"), m.get("end")
        if type(start) is not int or type(end) is not int:
            continue
        mark = m.get("mark")
        a, b_ = (mark[0], mark[1]) if isinstance(mark, (list, tuple)) and len(mark) == 2 else (0, 0)
        line = m.get("line")
        mentions.append(Mention(agency, lid, doc_id, source, year, offset(start, start), offset(end, end),
                                line if type(line) is int else None, rel, b.text(m.get("text")),
                                b.text(m.get("snippet")), [a, b_]))


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

    Two seams, both on by default, neither changing the graph (tested): ``quiet_gc`` keeps the cycle
    collector off the growing graph (``lawgraph._accel.gcpause``); ``direct`` puts the attribute
    dicts assembled for the nodes and edges into the graph as they are (networkx's own tables),
    where ``add_node``/``add_edge`` would copy each one: hundreds of thousands of edges made twice,
    and a peak of memory with both copies alive."""

    def __init__(self, *, quiet_gc: bool = True, direct: bool = True) -> None:
        self._b = _Builder()
        self._quiet = None
        self._direct = direct
        if quiet_gc:
            from lawgraph._accel.gcpause import Quiet

            self._quiet = Quiet()
        self.documents = 0

    def add(self, doc: Mapping[str, Any]) -> None:
        if self._quiet is None:
            _add_document(self._b, doc)
        else:
            self._quiet.run(_add_document, self._b, doc)
        self.documents += 1

    def finish(self, positions: bool = True) -> nx.DiGraph:
        """The graph of every document added so far, with sizes and (``positions``) x/y."""
        if self._quiet is None:
            return _finish(self._b, positions, self._direct)
        from lawgraph._accel.gcpause import paused

        with paused():
            return _finish(self._b, positions, self._direct)


class _Years:
    """The ``years`` text of a set of years, one string per distinct set (a few recur everywhere)."""

    def __init__(self) -> None:
        self._texts: dict[frozenset[int], str] = {}
        self._single: dict[int, str] = {}  # most edges have one year

    def __call__(self, years: Iterable[int]) -> str:
        key = frozenset(years)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = _join_years(key)
        return text

    def one(self, year: int) -> str:
        text = self._single.get(year)
        if text is None:
            text = self._single[year] = self((year,))
        return text


class _MainRelation:
    """``relations.main_relation`` of an edge's counts, one answer per distinct counts."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, ...], str] = {}

    def __call__(self, d: dict[str, Any]) -> str:
        counts = tuple([d[key] for key in _COUNT_KEY.values()])
        main = self._known.get(counts)
        if main is None:
            main = self._known[counts] = main_relation(dict(zip(_COUNT_KEY, counts)))
        return main


class _Sources:
    """The ``sources`` tuple of a node or edge: sorted, each path once; one shared ("path",) per path
    (most nodes and edges have one source)."""

    def __init__(self) -> None:
        self._single: dict[str, tuple[str]] = {}

    def one(self, source: str) -> tuple[str]:
        t = self._single.get(source)
        if t is None:
            t = self._single[source] = (source,)
        return t

    def __call__(self, sources: list[str]) -> tuple[str, ...]:
        return tuple(sorted(set(sources))) if len(sources) > 1 else self.one(sources[0])


def _node_attrs(acc: _NodeAcc, years_text: _Years, sources_of: _Sources) -> dict[str, Any]:
    attrs: dict[str, Any] = {"label": _pick_label(acc.names), "type": acc.type}
    if acc.type == "law":
        attrs["level"] = _pick_level(acc.levels)
    attrs["aliases"] = ALIAS_SEP.join(sorted(acc.aliases))
    sources = sources_of(acc.sources)
    attrs["documents"] = len(sources)
    if acc.years:
        attrs["years"] = years_text(acc.years)
    attrs["sources"] = sources
    if acc.excerpt:
        attrs["excerpt"] = acc.excerpt
    attrs["color"] = NODE_COLORS[acc.type]
    return attrs


def _finish_edge(d: dict[str, Any], years_text: _Years, sources_of: _Sources, main: _MainRelation) -> None:
    """An assembled edge's dict (``_PLAIN_EDGE``) turned, in place, into the schema's attributes."""
    relation = d["relation"]
    if type(relation) is tuple:
        relation = RELATION_SEP.join(sorted(relation))
    d["relation"] = d["label"] = relation
    sources = d["sources"]
    sources = sources_of(sources) if type(sources) is list else sources_of.one(sources)
    d["weight"] = len(sources)
    if "relation_main" in d:
        d["relation_main"] = main(d)
    years = d["years"]
    if years is None:
        del d["years"]
    else:
        d["years"] = years_text(years) if type(years) is list else years_text.one(years)
    d["sources"] = sources
    held = d["excerpt"]
    if held is None:
        del d["excerpt"]
    else:
        d["excerpt"] = held[1] if type(held) is tuple else held


def _inserters(G: nx.DiGraph, direct: bool) -> tuple[Callable[[str, dict], None], Callable[[str, str, dict], None]]:
    """(add a node with its attribute dict, add an edge with its attribute dict) to the new graph G:
    ``direct`` stores the dicts in G's tables as ``add_node``/``add_edge`` lay them out (a node's
    successor and predecessor dicts, one dict per edge shared by both), without their copies."""
    if not direct:
        return (lambda n, attrs: G.add_node(n, **attrs)), (lambda u, v, attrs: G.add_edge(u, v, **attrs))
    node, succ, pred = G._node, G._succ, G._pred

    def add_node(n: str, attrs: dict) -> None:
        succ[n] = {}
        pred[n] = {}
        node[n] = attrs

    def add_edge(u: str, v: str, attrs: dict) -> None:
        succ[u][v] = attrs
        pred[v][u] = attrs

    return add_node, add_edge


def _finish(b: _Builder, positions: bool, direct: bool = True) -> nx.DiGraph:
    # each accumulator is dropped as soon as its node or edge is made: the evidence sits in memory
    # once (the accumulators or the graph), not twice
    for memo in b.memos():
        memo.clear()  # remembered text steps (pure: a later document recomputes them): room for the graph
    years_text, sources_of, main = _Years(), _Sources(), _MainRelation()
    G = nx.DiGraph()
    add_node, add_edge = _inserters(G, direct)
    nodes, edges = b.nodes, b.edges
    order = sorted(nodes)
    with _layout_beside(order, edges, positions) as placed:
        for nid in order:
            add_node(nid, _node_attrs(nodes.pop(nid), years_text, sources_of))
        del order
        b.nodes = nodes = {}  # emptied: its table (one slot per node) goes too
        degree: dict[str, int] = dict.fromkeys(G, 0)
        for u, v in sorted(edges):
            d = edges.pop((u, v))
            _finish_edge(d, years_text, sources_of, main)
            add_edge(u, v, d)
            degree[u] += d["weight"]
            degree[v] += d["weight"]
        b.edges = edges = {}  # emptied: its table (one slot per edge) goes too
        mentions = b.mentions
        b.mentions = []
        item = tuple.__getitem__
        mentions.sort(key=lambda m: (item(m, 0) or "", item(m, 1), item(m, 3), item(m, 5), item(m, 6)))
        G.graph["mentions"] = mentions
        place_nodes(G, positions, degree, placed.result() if placed is not None else None)
    return G


LAYOUT_BESIDE = True  # False: the layout is worked out after the graph, in this process (the tests compare)
BESIDE_MIN = 5_000  # nodes; a smaller graph is laid out in well under 0.1 s: not worth a fork


def _layout_beside(order: list[str], edges: dict[tuple[str, str], Any],
                   positions: bool) -> Beside | contextlib.nullcontext[None]:
    """The layout of the graph being finished (it reads only the node ids and the edges), worked
    out in a forked child while this process finishes the attributes (``Beside``; at 10,000 reports
    0.7 s off the build), for a graph large enough to pay for the fork; else None: ``place_nodes``
    lays the graph out itself, later, here."""
    if positions and LAYOUT_BESIDE and len(order) >= BESIDE_MIN:
        return Beside(layout_of, order, edges.keys(), len(edges))
    return contextlib.nullcontext()


def place_nodes(G: nx.DiGraph, positions: bool = True, degree: Mapping[str, int] | None = None,
                placed: Mapping[str, tuple[float, float]] | None = None) -> None:
    """Set every node's ``size`` (from its weighted degree) and, with ``positions``, its ``x``/``y``
    (``placed``, the layout worked out already, or ``layout``): the last step of a build, and of a
    subset (``graph.subset.focus``)."""
    if degree is None:
        degree = dict(G.degree(weight="weight"))
    for nid, data in G.nodes(data=True):
        data["size"] = round(NODE_BASE_SIZE[data["type"]] + 4.0 * math.sqrt(degree[nid]), 2)
    if positions:
        for nid, (x, y) in (layout(G) if placed is None else placed).items():
            data = G.nodes[nid]
            data["x"] = x
            data["y"] = y


def reporting_agencies(G: nx.DiGraph) -> list[str]:
    """Agency nodes that authored at least one document, in id order."""
    nodes = G.nodes
    found = {u for u, _, rel in G.edges(data="relation") if rel == "authored" and nodes[u]["type"] == "agency"}
    return sorted(found)
