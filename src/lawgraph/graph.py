"""Build the knowledge graph from extraction results; the node/edge schema lives here.

Input: the document dicts of ``lawgraph extract`` (see CONTRACT.md). Output: a simple
``networkx.DiGraph`` whose node and edge attributes are scalars only (str, int, float), with one
Python type per attribute name, no empty strings, no None/NaN, and nodes and edges inserted in
sorted order so that every exporter writes byte-identical files for the same input.

Nodes (id = ``<prefix>_`` + 12 hex digits of sha1 of the folded canonical name, an ASCII NMTOKEN):

============  =========  ===========================================================
type          prefix     key
============  =========  ===========================================================
agency        agency     fold(expanded official name), 科技局 → 科学技术局
law           law        fold(canonical title; registry alias → full name if known)
program       program    fold(name)
document      doc        source path as given
jurisdiction  place      fold(name)
============  =========  ===========================================================

Node attributes: ``label`` (str), ``type`` (str), ``level`` (str, laws only), ``aliases`` (str,
"|"-joined sorted surface forms), ``documents`` (int), ``years`` (str, ";"-joined, absent when
unknown), ``sources`` (str, ";"-joined), ``excerpt`` (str, absent when none), ``color`` (#RRGGBB),
``size`` (float), ``x``/``y`` (float, a deterministic layout Gephi and the HTML page reuse).

Edges: ``cites`` agency→law (or document→law when the reporting agency is unknown), ``runs``
agency→program, ``mentions`` agency→agency, ``authored`` agency→document, ``in``
agency→jurisdiction, ``cites`` law→law where one title contains another (〈…〉). Edge attributes:
``relation`` and ``label`` (str), ``weight`` (int, number of documents), ``years``, ``sources``,
``excerpt`` (str, absent when empty).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from lawgraph.names import agency_variants, fold

NODE_TYPES: tuple[str, ...] = ("agency", "law", "program", "document", "jurisdiction")
RELATIONS: tuple[str, ...] = ("cites", "runs", "mentions", "authored", "in")
LAW_LEVELS: tuple[str, ...] = (
    "宪法", "法律", "行政法规", "监察法规", "司法解释", "部门规章", "地方性法规",
    "地方政府规章", "党内法规", "规范性文件", "其他",
)  # fmt: skip
ID_PREFIX: dict[str, str] = {
    "agency": "agency",
    "law": "law",
    "program": "program",
    "document": "doc",
    "jurisdiction": "place",
}
COLORS: dict[str, str] = {
    "agency": "#4E79A7",
    "law": "#E15759",
    "program": "#59A14F",
    "document": "#9D8F86",
    "jurisdiction": "#B07AA1",
}
TYPE_NAMES_ZH: dict[str, str] = {
    "agency": "机关",
    "law": "法律法规",
    "program": "工作项目",
    "document": "报告",
    "jurisdiction": "行政区",
}
BASE_SIZE: dict[str, float] = {
    "agency": 16.0,
    "law": 10.0,
    "program": 9.0,
    "document": 7.0,
    "jurisdiction": 12.0,
}
LIST_SEP = ";"
ALIAS_SEP = "|"
EXCERPT_CHARS = 120

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_QUOTES = re.compile(r"[《》“”‘’「」『』]")


def clean(text: object) -> str:
    """Text safe for every export: control characters dropped, whitespace runs collapsed."""
    if text is None:
        return ""
    return _SPACE.sub(" ", _CONTROL.sub("", str(text))).strip()


def node_id(node_type: str, key: str) -> str:
    """Stable ASCII id (a valid XML NMTOKEN): ``law_`` + first 12 hex digits of sha1(key)."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return f"{ID_PREFIX[node_type]}_{digest}"


def _surface(text: str) -> str:
    """A mention as an alias: book-title marks and CJK quotes removed (〈〉 kept), no '|'."""
    return _QUOTES.sub("", clean(text)).replace(ALIAS_SEP, "").strip()


def _excerpt(text: str) -> str:
    s = clean(text)
    return s if len(s) <= EXCERPT_CHARS else s[: EXCERPT_CHARS - 1] + "…"


def canonical_law_name(name: str) -> str:
    """The registry's full name for a law alias (科技进步法 → 中华人民共和国科学技术进步法), else the name."""
    try:
        from lawgraph.registry import resolve_law_name  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return name
    try:
        return clean(resolve_law_name(name)) or name
    except Exception:  # the registry is a convenience here; a failure must not stop the build
        return name


def canonical_agency_name(name: str) -> str:
    """The expanded official form: 泰州市科技局 → 泰州市科学技术局."""
    return agency_variants(name)[-1]


@dataclass
class _NodeAcc:
    type: str
    names: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    levels: Counter[str] = field(default_factory=Counter)
    excerpt: str = ""


@dataclass
class _EdgeAcc:
    relations: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    excerpt: str = ""


class _Builder:
    def __init__(self) -> None:
        self.nodes: dict[str, _NodeAcc] = {}
        self.edges: dict[tuple[str, str], _EdgeAcc] = defaultdict(_EdgeAcc)

    def node(
        self,
        node_type: str,
        key: str,
        label: str,
        source: str,
        year: int | None,
        aliases: Iterable[str] = (),
        excerpt: str = "",
    ) -> str:
        nid = node_id(node_type, key)
        acc = self.nodes.get(nid)
        if acc is None:
            acc = self.nodes[nid] = _NodeAcc(node_type)
        acc.names[label] += 1
        acc.aliases.add(label)
        acc.aliases.update(a for a in (_surface(x) for x in aliases) if a)
        acc.sources.add(source)
        if year is not None:
            acc.years.add(year)
        if excerpt and not acc.excerpt:
            acc.excerpt = _excerpt(excerpt)
        return nid

    def edge(self, u: str, v: str, relation: str, source: str, year: int | None, excerpt: str = "") -> None:
        if u == v:
            return
        acc = self.edges[(u, v)]
        acc.relations.add(relation)
        acc.sources.add(source)
        if year is not None:
            acc.years.add(year)
        if excerpt and not acc.excerpt:
            acc.excerpt = _excerpt(excerpt)


def _year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _mentions(entity: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [m for m in entity.get("mentions") or [] if isinstance(m, Mapping)]


def _first_context(entity: Mapping[str, Any]) -> str:
    for m in _mentions(entity):
        ctx = clean(m.get("context"))
        if ctx:
            return ctx
    return ""


def _add_document(b: _Builder, doc: Mapping[str, Any]) -> None:
    source = clean(doc.get("source"))
    if not source:
        return
    year = _year(doc.get("year"))
    doc_label = source.replace("\\", "/").rsplit("/", 1)[-1] or source
    doc_id = b.node("document", source, doc_label, source, year)
    b.nodes[doc_id].aliases.add(source)

    citer = doc_id
    agency = doc.get("agency")
    if isinstance(agency, Mapping) and clean(agency.get("name")):
        raw = clean(agency.get("name"))
        name = canonical_agency_name(raw)
        citer = b.node("agency", fold(name), name, source, year, aliases=[raw])
        b.edge(citer, doc_id, "authored", source, year)
        place = clean(agency.get("jurisdiction"))
        if place:
            place_id = b.node("jurisdiction", fold(place), place, source, year)
            b.edge(citer, place_id, "in", source, year)

    law_ids: dict[str, str] = {}
    for law in doc.get("laws") or []:
        raw = clean(law.get("name"))
        if not raw:
            continue
        name = canonical_law_name(raw)
        ctx = _first_context(law)
        lid = b.node(
            "law", fold(name), name, source, year,
            aliases=[raw, *(clean(m.get("text")) for m in _mentions(law))], excerpt=ctx,
        )  # fmt: skip
        level = clean(law.get("level"))
        if level:
            b.nodes[lid].levels[level] += 1
        law_ids[fold(name)] = lid
        b.edge(citer, lid, "cites", source, year, ctx)
    for law in doc.get("laws") or []:
        raw = clean(law.get("name"))
        if not raw:
            continue
        outer = law_ids[fold(canonical_law_name(raw))]
        for inner_raw in law.get("contains") or []:
            inner_name = canonical_law_name(clean(inner_raw))
            if not inner_name:
                continue
            inner = law_ids.get(fold(inner_name))
            if inner is None:
                inner = b.node("law", fold(inner_name), inner_name, source, year, aliases=[clean(inner_raw)])
            b.edge(outer, inner, "cites", source, year, clean(law.get("name")))

    for kind, relation in (("agencies", "mentions"), ("programs", "runs")):
        node_type = "agency" if kind == "agencies" else "program"
        for ent in doc.get(kind) or []:
            raw = clean(ent.get("name"))
            if not raw:
                continue
            name = canonical_agency_name(raw) if node_type == "agency" else raw
            ctx = _first_context(ent)
            nid = b.node(
                node_type, fold(name), name, source, year,
                aliases=[raw, *(clean(m.get("text")) for m in _mentions(ent))], excerpt=ctx,
            )  # fmt: skip
            b.edge(citer, nid, relation, source, year, ctx)


def _pick_label(names: Counter[str]) -> str:
    # most frequent, then longest, then first in code-point order: deterministic
    return min(names, key=lambda s: (-names[s], -len(s), s))


def _pick_level(levels: Counter[str]) -> str:
    if not levels:
        return "其他"
    return min(levels, key=lambda s: (-levels[s], LAW_LEVELS.index(s) if s in LAW_LEVELS else 99, s))


def _join_years(years: Iterable[int]) -> str:
    return LIST_SEP.join(str(y) for y in sorted(set(years)))


def build_graph(documents: Iterable[Mapping[str, Any]], *, positions: bool = True) -> nx.DiGraph:
    """The knowledge graph of the given extraction results (see the module docstring)."""
    b = _Builder()
    for doc in sorted(documents, key=lambda d: clean(d.get("source"))):
        _add_document(b, doc)

    G = nx.DiGraph()
    for nid in sorted(b.nodes):
        acc = b.nodes[nid]
        attrs: dict[str, Any] = {
            "label": _pick_label(acc.names),
            "type": acc.type,
        }
        if acc.type == "law":
            attrs["level"] = _pick_level(acc.levels)
        attrs["aliases"] = ALIAS_SEP.join(sorted(acc.aliases))
        attrs["documents"] = len(acc.sources)
        if acc.years:
            attrs["years"] = _join_years(acc.years)
        attrs["sources"] = LIST_SEP.join(sorted(acc.sources))
        if acc.excerpt:
            attrs["excerpt"] = acc.excerpt
        attrs["color"] = COLORS[acc.type]
        G.add_node(nid, **attrs)
    for u, v in sorted(b.edges):
        acc = b.edges[(u, v)]
        relation = "+".join(sorted(acc.relations))
        attrs = {"relation": relation, "label": relation, "weight": len(acc.sources)}
        if acc.years:
            attrs["years"] = _join_years(acc.years)
        attrs["sources"] = LIST_SEP.join(sorted(acc.sources))
        if acc.excerpt:
            attrs["excerpt"] = acc.excerpt
        G.add_edge(u, v, **attrs)

    for nid, data in G.nodes(data=True):
        degree = G.degree(nid, weight="weight")
        data["size"] = round(BASE_SIZE[data["type"]] + 4.0 * math.sqrt(degree), 2)
    if positions:
        for nid, (x, y) in layout(G).items():
            G.nodes[nid]["x"] = x
            G.nodes[nid]["y"] = y
    return G


# --- layout -------------------------------------------------------------------------------------
# Pure Python and only + - * / sqrt, so the coordinates are the same on every platform: the HTML
# page and Gephi get a finished picture and the browser never runs physics.


def _unit_hash(key: str) -> tuple[float, float]:
    h = hashlib.sha1(key.encode("utf-8")).digest()
    return int.from_bytes(h[:4], "big") / 2**32, int.from_bytes(h[4:8], "big") / 2**32


def layout(
    G: nx.DiGraph, *, edge_length: float = 110.0, budget: int = 2_500_000
) -> dict[str, tuple[float, float]]:
    """Deterministic force-directed positions in pixels (x, y rounded to 0.1).

    Hubs are placed first and every other node starts at the mean of its placed neighbours,
    then a grid-accelerated Fruchterman-Reingold pass refines it; the number of iterations
    shrinks with the graph so a few thousand nodes take about a second.
    """
    nodes = sorted(G)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    und: list[set[int]] = [set() for _ in range(n)]
    for u, v in G.edges():
        und[index[u]].add(index[v])
        und[index[v]].add(index[u])
    k = 1.0
    side = math.sqrt(n) * k
    xs = [0.0] * n
    ys = [0.0] * n
    placed = [False] * n
    # hubs first (high degree, then id), each remaining node at the barycentre of placed neighbours
    order = sorted(range(n), key=lambda i: (-len(und[i]), nodes[i]))
    for i in order:
        hx, hy = _unit_hash(nodes[i])
        nbrs = [j for j in und[i] if placed[j]]
        if nbrs:
            xs[i] = sum(xs[j] for j in nbrs) / len(nbrs) + (hx - 0.5) * k
            ys[i] = sum(ys[j] for j in nbrs) / len(nbrs) + (hy - 0.5) * k
        else:
            xs[i] = (hx - 0.5) * side
            ys[i] = (hy - 0.5) * side
        placed[i] = True

    edges = sorted({(min(a, b), max(a, b)) for a in range(n) for b in und[a]})
    cell = 3.0 * k
    per_iter = max(1, 30 * n + len(edges))
    iterations = max(8, min(120, budget // per_iter))
    temp = side / 8.0
    cool = temp / (iterations + 1)
    k2 = k * k
    for _ in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(n):
            grid[(math.floor(xs[i] / cell), math.floor(ys[i] / cell))].append(i)
        for (cx, cy), members in grid.items():
            near: list[int] = []
            for ox in (-1, 0, 1):
                for oy in (-1, 0, 1):
                    near.extend(grid.get((cx + ox, cy + oy), ()))
            for i in members:
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j in near:
                    if j == i:
                        continue
                    ddx = xi - xs[j]
                    ddy = yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 < 1e-9:
                        ddx, ddy, d2 = (0.01 if i < j else -0.01), 0.0, 1e-4
                    if d2 < cell * cell:
                        f = k2 / d2
                        fx += ddx * f
                        fy += ddy * f
                dx[i] += fx
                dy[i] += fy
        for a, b in edges:
            ddx = xs[a] - xs[b]
            ddy = ys[a] - ys[b]
            d = math.sqrt(ddx * ddx + ddy * ddy)
            if d == 0.0:
                continue
            f = d / k
            dx[a] -= ddx * f
            dy[a] -= ddy * f
            dx[b] += ddx * f
            dy[b] += ddy * f
        for i in range(n):
            # gentle gravity keeps separate components together
            gx = dx[i] - 0.05 * xs[i]
            gy = dy[i] - 0.05 * ys[i]
            d = math.sqrt(gx * gx + gy * gy)
            if d > 0.0:
                step = min(d, temp) / d
                xs[i] += gx * step
                ys[i] += gy * step
        temp -= cool
    mx = sum(xs) / n
    my = sum(ys) / n
    return {
        nodes[i]: (round((xs[i] - mx) * edge_length, 1), round((ys[i] - my) * edge_length, 1))
        for i in range(n)
    }


def reporting_agencies(G: nx.DiGraph) -> list[str]:
    """Agency nodes that authored at least one document, in id order."""
    return [
        n
        for n, d in G.nodes(data=True)
        if d["type"] == "agency" and any(G.edges[n, t]["relation"] == "authored" for t in G.successors(n))
    ]
