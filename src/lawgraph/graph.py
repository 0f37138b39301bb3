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

import contextlib
import gc
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
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


_DIRTY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]|\s\s|[^\S ]")


def clean(text: object) -> str:
    """Text safe for every export: control characters dropped, whitespace runs collapsed."""
    if text is None:
        return ""
    s = str(text)
    if _DIRTY.search(s) is None:  # the common case: one scan, nothing to replace
        return s.strip()
    return _SPACE.sub(" ", _CONTROL.sub("", s)).strip()


def node_id(node_type: str, key: str) -> str:
    """Stable ASCII id (a valid XML NMTOKEN): ``law_`` + first 12 hex digits of sha1(key)."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return f"{ID_PREFIX[node_type]}_{digest}"


def _surface(text: str) -> str:
    """A mention as an alias: book-title marks and CJK quotes removed (〈〉 kept), no '|'."""
    return _QUOTES.sub("", clean(text)).replace(ALIAS_SEP, "").strip()


def _excerpt(text: str) -> str:
    return _cut(clean(text))


def _cut(s: str) -> str:
    """The excerpt of text that is already clean."""
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


class _NodeAcc:
    __slots__ = ("type", "names", "aliases", "sources", "years", "levels", "excerpt", "excerpt_src")

    def __init__(self, node_type: str) -> None:
        self.type = node_type
        self.names: Counter[str] = Counter()
        self.aliases: set[str] = set()
        self.sources: set[str] = set()
        self.years: set[int] = set()
        self.levels: Counter[str] = Counter()
        self.excerpt = ""
        self.excerpt_src = ""  # the document the excerpt is from: the first in source order wins


class _EdgeAcc:
    __slots__ = ("relations", "sources", "years", "excerpt", "excerpt_src")

    def __init__(self) -> None:
        self.relations: set[str] = set()
        self.sources: set[str] = set()
        self.years: set[int] = set()
        self.excerpt = ""
        self.excerpt_src = ""


class _Builder:
    """Accumulates nodes and edges; every text transformation is memoised per build (names, aliases
    and ids repeat in every report, so a corpus costs a few dict look-ups per mention)."""

    def __init__(self) -> None:
        self.nodes: dict[str, _NodeAcc] = {}
        self.edges: dict[tuple[str, str], _EdgeAcc] = {}
        self._clean: dict[Any, str] = {}
        self._surface: dict[Any, str] = {}
        self._fold: dict[str, str] = {}
        self._law: dict[str, str] = {}
        self._agency: dict[str, str] = {}
        self._ids: dict[tuple[str, str], str] = {}

    # memoised text helpers (same results as the module functions)
    def clean(self, text: object) -> str:
        try:
            return self._clean[text]
        except KeyError:
            pass
        except TypeError:  # unhashable
            return clean(text)
        out = self._clean[text] = clean(text)
        return out

    def surface(self, text: object) -> str:
        try:
            return self._surface[text]
        except KeyError:
            pass
        except TypeError:
            return _surface(clean(text))
        out = self._surface[text] = _surface(self.clean(text))
        return out

    def fold(self, text: str) -> str:
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
        add = acc.aliases.add
        add(label)
        for raw in aliases:
            a = self.surface(raw)
            if a:
                add(a)
        acc.sources.add(source)
        if year is not None:
            acc.years.add(year)
        if excerpt and (not acc.excerpt or source < acc.excerpt_src):
            acc.excerpt, acc.excerpt_src = _cut(excerpt), source
        return nid

    def edge(self, u: str, v: str, relation: str, source: str, year: int | None, excerpt: str = "") -> None:
        if u == v:
            return
        acc = self.edges.get((u, v))
        if acc is None:
            acc = self.edges[(u, v)] = _EdgeAcc()
        acc.relations.add(relation)
        acc.sources.add(source)
        if year is not None:
            acc.years.add(year)
        if excerpt and (not acc.excerpt or source < acc.excerpt_src):
            acc.excerpt, acc.excerpt_src = _cut(excerpt), source


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
    source = clean(doc.get("source"))
    if not source:
        return
    year = _year(doc.get("year"))
    doc_label = source.replace("\\", "/").rsplit("/", 1)[-1] or source
    doc_id = b.node("document", source, doc_label, source, year)
    b.nodes[doc_id].aliases.add(source)

    citer = doc_id
    agency = doc.get("agency")
    if isinstance(agency, Mapping) and b.clean(agency.get("name")):
        raw = b.clean(agency.get("name"))
        name = b.agency_name(raw)
        citer = b.node("agency", b.fold(name), name, source, year, aliases=[raw])
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
    for law in laws:
        raw = b.clean(law.get("name"))
        if not raw:
            continue
        contains = law.get("contains")
        if not contains:
            continue
        outer = law_ids[b.fold(b.law_name(raw))]
        for inner_raw in contains:
            inner_clean = b.clean(inner_raw)
            inner_name = b.law_name(inner_clean)
            if not inner_name:
                continue
            inner_key = b.fold(inner_name)
            inner = law_ids.get(inner_key)
            if inner is None:
                inner = b.node("law", inner_key, inner_name, source, year, aliases=[inner_clean])
            b.edge(outer, inner, "cites", source, year, raw)

    for kind, relation in (("agencies", "mentions"), ("programs", "runs")):
        node_type = "agency" if kind == "agencies" else "program"
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


def _pick_label(names: Counter[str]) -> str:
    # most frequent, then longest, then first in code-point order: deterministic
    if len(names) == 1:
        return next(iter(names))
    return min(names, key=lambda s: (-names[s], -len(s), s))


def _pick_level(levels: Counter[str]) -> str:
    if not levels:
        return "其他"
    return min(levels, key=lambda s: (-levels[s], LAW_LEVELS.index(s) if s in LAW_LEVELS else 99, s))


def _join_years(years: Iterable[int]) -> str:
    return LIST_SEP.join(str(y) for y in sorted(set(years)))


def build_graph(documents: Iterable[Mapping[str, Any]], *, positions: bool = True) -> nx.DiGraph:
    """The knowledge graph of the given extraction results (see the module docstring)."""
    g = GraphAssembler()
    for doc in documents:
        g.add(doc)
    return g.finish(positions=positions)


class GraphAssembler:
    """Builds the graph one extraction result at a time, in any order (the result is the same), so a
    build can assemble the graph while workers are still extracting and keep no document in memory."""

    def __init__(self) -> None:
        self._b = _Builder()
        self.documents = 0

    def add(self, doc: Mapping[str, Any]) -> None:
        with _gc_paused():
            _add_document(self._b, doc)
            self.documents += 1
            if self.documents % _FREEZE_EVERY == 0:
                # the accumulators hold no cycles: move them (and whatever else is alive) out of the
                # collector's generations, or every later collection rescans the growing graph
                gc.freeze()

    def finish(self, positions: bool = True) -> nx.DiGraph:
        with _gc_paused():
            return _finish(self._b, positions)


_FREEZE_EVERY = 64  # documents


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Millions of small containers and no cycles: the collector would only rescan them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _finish(b: _Builder, positions: bool) -> nx.DiGraph:
    years_cache: dict[frozenset[int], str] = {}

    def years_text(ys: set[int]) -> str:
        key = frozenset(ys)
        out = years_cache.get(key)
        if out is None:
            out = years_cache[key] = _join_years(ys)
        return out

    G = nx.DiGraph()
    for nid in sorted(b.nodes):
        acc = b.nodes.pop(nid)
        attrs: dict[str, Any] = {
            "label": _pick_label(acc.names),
            "type": acc.type,
        }
        if acc.type == "law":
            attrs["level"] = _pick_level(acc.levels)
        attrs["aliases"] = ALIAS_SEP.join(sorted(acc.aliases))
        attrs["documents"] = len(acc.sources)
        if acc.years:
            attrs["years"] = years_text(acc.years)
        attrs["sources"] = LIST_SEP.join(sorted(acc.sources))
        if acc.excerpt:
            attrs["excerpt"] = acc.excerpt
        attrs["color"] = COLORS[acc.type]
        G.add_node(nid, **attrs)
    degree: dict[str, int] = dict.fromkeys(G, 0)
    succ = G._succ  # adding edges through the adjacency directly: same structure as add_edge
    pred = G._pred
    relation_names: dict[frozenset[str], str] = {}
    for u, v in sorted(b.edges):
        acc = b.edges.pop((u, v))
        rels = frozenset(acc.relations)
        relation = relation_names.get(rels)
        if relation is None:
            relation = relation_names[rels] = "+".join(sorted(rels))
        weight = len(acc.sources)
        attrs = {"relation": relation, "label": relation, "weight": weight}
        if acc.years:
            attrs["years"] = years_text(acc.years)
        attrs["sources"] = LIST_SEP.join(sorted(acc.sources))
        if acc.excerpt:
            attrs["excerpt"] = acc.excerpt
        succ[u][v] = attrs
        pred[v][u] = attrs
        degree[u] += weight
        degree[v] += weight

    for nid, data in G.nodes(data=True):
        data["size"] = round(BASE_SIZE[data["type"]] + 4.0 * math.sqrt(degree[nid]), 2)
    if positions:
        for nid, (x, y) in layout(G).items():
            data = G.nodes[nid]
            data["x"] = x
            data["y"] = y
    return G


# --- layout -------------------------------------------------------------------------------------
# Vectorised with numpy, deterministic (no random numbers: jitter comes from sha1 of the node id,
# every reduction runs in a fixed order), coordinates rounded to 0.1 px so that the same graph gives
# the same bytes. Cost is O(nodes + edges) per iteration plus one FFT of a fixed-size grid: the
# HTML page and Gephi get a finished picture and the browser never runs physics.


def _unit_hash(key: str) -> tuple[float, float]:
    h = hashlib.sha1(key.encode("utf-8")).digest()
    return int.from_bytes(h[:4], "big") / 2**32, int.from_bytes(h[4:8], "big") / 2**32


def _kernel_fft(size: int) -> tuple[Any, Any]:
    """FFTs of the Fruchterman-Reingold repulsion r/|r|^2 on a (2*size)^2 grid, in cell units."""
    import numpy as np

    m = 2 * size
    d = np.arange(m, dtype=np.float64)
    d = np.where(d < size, d, d - m)  # wrapped offsets: -size .. size-1
    dx, dy = np.meshgrid(d, d, indexing="ij")
    r2 = dx * dx + dy * dy
    r2[0, 0] = 1.0
    kx = dx / r2
    ky = dy / r2
    kx[0, 0] = ky[0, 0] = 0.0
    return np.fft.rfft2(kx), np.fft.rfft2(ky)


def layout(
    G: nx.DiGraph, *, edge_length: float = 110.0, budget: int = 12_000_000
) -> dict[str, tuple[float, float]]:
    """Deterministic force-directed positions in pixels (x, y rounded to 0.1).

    Hubs are placed first and every other node starts at the mean of its placed neighbours (in
    rounds, breadth first), then Fruchterman-Reingold iterations refine it: attraction along the
    edges, repulsion from a density grid convolved with the 1/r kernel by FFT (particle-mesh), and
    a gentle gravity. The number of iterations shrinks as the graph grows.
    """
    import numpy as np

    nodes = sorted(G)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    m_dir = G.number_of_edges()
    src = np.fromiter((index[u] for u, _ in G.edges()), dtype=np.int64, count=m_dir)
    dst = np.fromiter((index[v] for _, v in G.edges()), dtype=np.int64, count=m_dir)
    lo = np.minimum(src, dst)
    hi = np.maximum(src, dst)
    pair = np.unique(lo * n + hi)
    ea = pair // n
    eb = pair % n
    deg = np.bincount(ea, minlength=n) + np.bincount(eb, minlength=n)

    hashes = np.array([_unit_hash(v) for v in nodes], dtype=np.float64) - 0.5  # (n, 2) in [-0.5, 0.5)
    k = 1.0
    side = math.sqrt(n) * k
    pos = np.zeros((n, 2), dtype=np.float64)
    placed = np.zeros(n, dtype=bool)
    # hubs: the highest-degree nodes, spread over the square
    order = np.lexsort((np.arange(n), -deg))
    hubs = order[: max(1, int(math.sqrt(n) / 4))]
    pos[hubs] = hashes[hubs] * side
    placed[hubs] = True
    while True:
        # every unplaced node with placed neighbours goes to their mean (plus a small jitter)
        a_to_b = placed[ea] & ~placed[eb]
        b_to_a = placed[eb] & ~placed[ea]
        tgt = np.concatenate((eb[a_to_b], ea[b_to_a]))
        if tgt.size == 0:
            break
        frm = np.concatenate((ea[a_to_b], eb[b_to_a]))
        cnt = np.bincount(tgt, minlength=n)
        sx = np.bincount(tgt, weights=pos[frm, 0], minlength=n)
        sy = np.bincount(tgt, weights=pos[frm, 1], minlength=n)
        new = cnt > 0
        pos[new, 0] = sx[new] / cnt[new] + hashes[new, 0] * k
        pos[new, 1] = sy[new] / cnt[new] + hashes[new, 1] * k
        placed |= new
    rest = ~placed  # other components / isolated nodes
    pos[rest] = hashes[rest] * side

    grid = int(min(256, max(16, 2 ** math.ceil(math.log2(max(2.0, 1.5 * math.sqrt(n)))))))
    kfx, kfy = _kernel_fft(grid)
    iterations = max(12, min(150, budget // (40 * n + 4 * len(pair) + 8 * grid * grid)))
    temp = side / 6.0
    cool = temp / (iterations + 1)
    for _ in range(iterations):
        # repulsion: cloud-in-cell deposit, FFT convolution with r/|r|^2, bilinear read-back
        mn = pos.min(axis=0)
        extent = float((pos.max(axis=0) - mn).max()) or 1.0
        h = extent / (grid - 1.001)
        g = (pos - mn) / h
        i0 = np.floor(g).astype(np.int64)
        f = g - i0
        i1 = np.minimum(i0 + 1, grid - 1)
        w00 = (1 - f[:, 0]) * (1 - f[:, 1])
        w10 = f[:, 0] * (1 - f[:, 1])
        w01 = (1 - f[:, 0]) * f[:, 1]
        w11 = f[:, 0] * f[:, 1]
        m = 2 * grid
        c00 = i0[:, 0] * m + i0[:, 1]
        c10 = i1[:, 0] * m + i0[:, 1]
        c01 = i0[:, 0] * m + i1[:, 1]
        c11 = i1[:, 0] * m + i1[:, 1]
        rho = (
            np.bincount(c00, weights=w00, minlength=m * m)
            + np.bincount(c10, weights=w10, minlength=m * m)
            + np.bincount(c01, weights=w01, minlength=m * m)
            + np.bincount(c11, weights=w11, minlength=m * m)
        ).reshape(m, m)
        rf = np.fft.rfft2(rho)
        fx = np.fft.irfft2(rf * kfx, s=(m, m)).ravel()
        fy = np.fft.irfft2(rf * kfy, s=(m, m)).ravel()
        scale = k * k / h
        rep_x = (fx[c00] * w00 + fx[c10] * w10 + fx[c01] * w01 + fx[c11] * w11) * scale
        rep_y = (fy[c00] * w00 + fy[c10] * w10 + fy[c01] * w01 + fy[c11] * w11) * scale
        # attraction along edges: |d|^2 / k
        d = pos[ea] - pos[eb]
        dist = np.sqrt((d * d).sum(axis=1))
        fa = d * (dist / k)[:, None]
        att_x = np.bincount(eb, weights=fa[:, 0], minlength=n) - np.bincount(ea, weights=fa[:, 0], minlength=n)
        att_y = np.bincount(eb, weights=fa[:, 1], minlength=n) - np.bincount(ea, weights=fa[:, 1], minlength=n)
        disp = np.stack((rep_x + att_x, rep_y + att_y), axis=1) - 0.05 * pos
        length = np.sqrt((disp * disp).sum(axis=1))
        step = np.where(length > 0, np.minimum(length, temp) / np.where(length > 0, length, 1.0), 0.0)
        pos += disp * step[:, None]
        temp -= cool
    # nodes that ended in the same spot (rounded): nudge apart by their hash
    pos = pos - pos.mean(axis=0)
    out = np.round(pos * edge_length, 1)
    key = out[:, 0] * 1e7 + out[:, 1]
    _, first = np.unique(key, return_index=True)
    if len(first) < n:
        dup = np.ones(n, dtype=bool)
        dup[first] = False
        out[dup] = np.round(out[dup] + hashes[dup] * edge_length * 0.2, 1)
    xs = out[:, 0].tolist()
    ys = out[:, 1].tolist()
    return {nodes[i]: (xs[i] + 0.0, ys[i] + 0.0) for i in range(n)}


def reporting_agencies(G: nx.DiGraph) -> list[str]:
    """Agency nodes that authored at least one document, in id order."""
    nodes = G.nodes
    found = {
        u for u, _, rel in G.edges(data="relation") if rel == "authored" and nodes[u]["type"] == "agency"
    }
    return sorted(found)
