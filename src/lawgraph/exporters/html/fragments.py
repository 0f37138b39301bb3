"""The JSON of a page's data: one vis node/edge object and one evidence entry per node and edge.

Node and edge data go into ``<script type="application/json">`` blocks as raw UTF-8 JSON (no
``\\uXXXX`` for CJK), read with ``JSON.parse``. ``<``, ``>``, ``&`` and the JavaScript line
separators are escaped as ``\\u003c`` … in every block, so no text from a report can close the
script element or open a comment. The vis objects are pyvis ``Node``/``Edge`` option dicts written
out as text (a test compares them with ``to_json`` of the dicts pyvis' classes make).
"""

from __future__ import annotations

import json
import math
import re
from functools import cache, lru_cache
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

import networkx as nx

from lawgraph.exporters.html import evidence, memo
from lawgraph.exporters.html.display import display_aliases, node_places
from lawgraph.exporters.style import (
    CITE_RELATION_COLORS,
    CITE_RELATION_NAMES_ZH,
    EDGE_COLOR_OTHER,
    EDGE_COLORS,
    LABEL_CHARS,
    RELATION_NAMES_ZH,
)
from lawgraph.graph.schema import ALIAS_SEP, LIST_SEP, RELATION_SEP

_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def to_json(value: Any) -> str:
    """Compact UTF-8 JSON that is safe inside a <script> element (no '<', '>', '&' as such)."""
    text = _ENCODE(value)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def short_label(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def js(value: Any) -> str:
    """``to_json`` of one value; strings take the C string encoder and are escaped only if needed.
    Short strings (ids, years, relations, names) recur on every page: their text is remembered."""
    if type(value) is not str:
        return to_json(value)
    if len(value) <= 80:
        return _js_short(value)
    return _js_str(value)


def _js_str(value: str) -> str:
    return script_safe(encode_basestring(value))


def script_safe(text: str) -> str:
    """JSON text with ``<``, ``>``, ``&`` and the line separators escaped (``to_json``): the same
    on a whole row as on each string in it, since only strings hold them."""
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


_js_short = lru_cache(maxsize=1 << 16)(_js_str)


def js_text(value: Any) -> str:
    """``js`` of a text met once (an excerpt, the pieces of a snippet): not remembered, which only
    cost time and pushed the recurring names out of the cache."""
    return _js_str(value) if type(value) is str else to_json(value)


def edge_title_color(rel: str, main: str = "") -> tuple[str, str]:
    """(title, colour) of an edge of relation ``rel``; a typed citation (``main``: its main relation)
    is coloured by that relation and says it in the title."""
    title = "、".join(RELATION_NAMES_ZH.get(r, r) for r in rel.split(RELATION_SEP))
    if main:
        return title + "：" + CITE_RELATION_NAMES_ZH[main], CITE_RELATION_COLORS[main]
    return title, EDGE_COLORS.get(rel.split(RELATION_SEP)[0], EDGE_COLOR_OTHER)


def edge_width(weight: int) -> float:
    """The drawn width of an edge of ``weight`` > 1 (a weight-1 edge has vis' default)."""
    return min(1.0 + 0.8 * (weight - 1), 6.0)


@cache
def _edge_style(rel: str, main: str = "") -> str:
    """'"title":…,"color":{"color":…}' of a relation (the start of its vis edge options)."""
    title, color = edge_title_color(rel, main)
    return f'"title":{js(title)},"color":{{"color":{js(color)}}}'


def _node_fragment(n: str, d: dict[str, Any], size: float | None = None, place: str | None = None) -> str:
    """The vis node (pyvis ``Node(n, "dot", label=…, **opts).options`` without ``shape``) as JSON
    without its position: '{"x":..,"y":..,' + this. Written out by hand (same bytes as ``to_json``).
    ``size`` replaces the node's (an agency page sizes by the agency's own counts); ``place`` is its
    province/city keys (``display.node_places``; None: a node without a place)."""
    size = float(d.get("size", 10.0)) if size is None else size
    parts = [f'"group":{js(d["type"])},"size":{float_json(size)},"title":{js(d["label"])}']
    if d.get("level"):
        parts.append(f'"kg_level":{js(d["level"])}')
    if d.get("years"):
        parts.append(f'"kg_years":{js(d["years"])}')
    if place is not None:
        parts.append(f'"kg_place":{js(place)}')
    parts.append(f'"id":{js(n)},"label":{js(short_label(d["label"]))}}}')
    return ",".join(parts)


def _edge_fragment(u: str, v: str, d: dict[str, Any]) -> str:
    """The vis edge (pyvis ``Edge(u, v, True, **opts).options`` without ``arrows``) as JSON without
    its id: '{"id":N,' + this. A typed citation adds ``kg_rel`` (main relation) and ``kg_rels`` (its
    relations, ";"-joined), which the relation filter reads."""
    weight = int(d.get("weight", 1))
    main = evidence.relation_main(d)
    parts = [_edge_style(d.get("relation", ""), main)]
    if weight > 1:
        parts.append(f'"width":{float_json(edge_width(weight))}')
    if d.get("years"):
        parts.append(f'"kg_years":{js(d["years"])}')
    if main:
        rels = ";".join(evidence.relation_counts(d)) or main
        parts.append(f'"kg_rel":{js(main)},"kg_rels":{js(rels)}')
    parts.append(f'"from":{js(u)},"to":{js(v)}}}')
    return ",".join(parts)


def _sources_json(d: dict[str, Any], limit: int | None) -> str:
    """The ``sources`` as a JSON list of file names (at most ``limit`` items): a page names a report
    by its file, and the full path (the same folder on every item) is in nodes.csv and graph.json."""
    src = d.get("sources", ())
    if type(src) is str:  # a graph read back from graph.json
        src = tuple(s for s in src.split(LIST_SEP) if s)
    if limit is not None:
        src = src[:limit]
    return "[" + ",".join(js(_file_name(s)) for s in src) + "]"


@lru_cache(maxsize=1 << 16)
def _file_name(source: str) -> str:
    return evidence.file_name(source)


@lru_cache(maxsize=1 << 16)
def _aliases(aliases: str) -> str:
    """The readable aliases (``display.display_aliases``), ALIAS_SEP-joined, as JSON."""
    return js(ALIAS_SEP.join(display_aliases(aliases)))


def _node_evidence(d: dict[str, Any], limit: int | None, excerpt: str | None = None, page: bool = False) -> str:
    """[documents, [sources], aliases, excerpt] as JSON, and a 1 after them when the node has a page
    of its own; ``excerpt`` replaces the node's (an agency page shows its own report's text)."""
    docs = int(d.get("documents", 0))
    text = d.get("excerpt", "") if excerpt is None else excerpt
    tail = ",1]" if page else "]"
    aliases = d.get("aliases", "")
    if type(aliases) is not str:
        aliases = ALIAS_SEP.join(aliases)
    return f"[{docs},{_sources_json(d, limit)},{_aliases(aliases)},{js(text)}{tail}"


def _edge_evidence(d: dict[str, Any], limit: int | None, excerpt: str | None = None) -> str:
    """[weight, relation, [sources], excerpt] as JSON, and {relation: mentions} after them for a
    typed citation; ``excerpt`` replaces the edge's."""
    weight = int(d.get("weight", 1))
    counts = evidence.relation_counts(d)
    # relation names are ASCII words: the same bytes as to_json(counts), without the encoder
    tail = ",{" + ",".join(f'"{r}":{n}' for r, n in counts.items()) + "}]" if counts else "]"
    text = d.get("excerpt", "") if excerpt is None else excerpt
    return f"[{weight},{js(d.get('relation', ''))},{_sources_json(d, limit)},{js(text)}{tail}"


class Fragments:
    """The JSON pieces of one graph's nodes and edges, as a page asks for them (graph.html; agency
    pages: ``compact``); a page lists at most ``source_limit`` source files per node or edge (``None``: all). ``pages``: the nodes that
    have a page of their own in the site (None: a page outside a site, no links)."""

    def __init__(
        self,
        G: nx.DiGraph,
        source_limit: int | None,
        pages: frozenset[str] | None = None,
        places: dict[str, str] | None = None,
    ) -> None:
        self.G = G
        self._attrs = G.nodes
        self._adj = G.adj
        self.limit = source_limit
        self.pages = pages or frozenset()
        self.places = places if places is not None else node_places(G)

    def node(self, n: str) -> str:
        return _node_fragment(n, self._attrs[n], None, self.places.get(n))

    def node_ev(self, n: str) -> str:
        return _node_evidence(self._attrs[n], self.limit, None, n in self.pages)

    def edge(self, u: str, v: str) -> str:
        return _edge_fragment(u, v, self._adj[u][v])

    def edge_ev(self, u: str, v: str) -> str:
        return _edge_evidence(self._adj[u][v], self.limit, None)


def ego_weights(G: nx.DiGraph, node: str) -> dict[str, int]:
    """Everything the agency links to or from, with the summed weight of its edges with it (both
    directions; read from the adjacency, no copy). An agency page draws the neighbours it links
    most and sizes each by this count with the whole graph's formula (base + 4·sqrt(count)): 宪法,
    cited by every agency, is as big as this agency's citing of it, not the corpus's."""
    near: dict[str, int] = {}
    if memo.ENABLED:  # the adjacency's own dicts: no edge view and tuple per edge
        for v, d in G._succ[node].items():
            near[v] = near.get(v, 0) + int(d.get("weight", 1))
        for u, d in G._pred[node].items():
            near[u] = near.get(u, 0) + int(d.get("weight", 1))
        near.pop(node, None)
        return near
    for _, v, w in G.out_edges(node, data="weight", default=1):
        near[v] = near.get(v, 0) + int(w)
    for u, _, w in G.in_edges(node, data="weight", default=1):
        near[u] = near.get(u, 0) + int(w)
    near.pop(node, None)
    return near


def float_json(x: float) -> str:
    """``to_json`` of a float."""
    return float.__repr__(x) if math.isfinite(x) else to_json(x)
