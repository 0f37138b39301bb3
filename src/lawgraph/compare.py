"""Comparing bureaus over a built graph: similar agencies, two agencies side by side, year-by-year
changes, and the law–law co-citation projection. Read-only; every answer is plain rows (dicts, lists).

Functions take node ids (``lawgraph.query.resolve_agency`` turns a name into one). What an agency
cites is read from its ``cites`` edges to law nodes: ``weight`` (number of reports), ``years`` and
``sources`` (";"-joined in the graph, lists accepted too).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import networkx as nx

from lawgraph.errors import NoResult

Row = dict[str, Any]
LIST_SEP = ";"
SCORE_DIGITS = 4


def _items(value: object) -> list[str]:
    """A list attribute as written in the graph (";"-joined string) or read from JSON (a list)."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [s for s in str(value).split(LIST_SEP) if s]


def _years(value: object) -> set[int]:
    return {int(y) for y in _items(value) if y.strip().isdigit()}


def _is_cites(d: dict[str, Any]) -> bool:
    return "cites" in str(d.get("relation", "")).split("+")


def _citations(G: nx.DiGraph, citer: str) -> dict[str, dict[str, Any]]:
    """law id → edge data of the laws ``citer`` cites."""
    nodes = G.nodes
    return {v: d for v, d in G[citer].items() if _is_cites(d) and nodes[v].get("type") == "law"}


def _agency(G: nx.DiGraph, node: str) -> str:
    if node not in G or G.nodes[node].get("type") != "agency":
        raise NoResult(f"{node!r} is no agency of this graph; resolve the name with lawgraph.query first")
    return node


def _law(G: nx.DiGraph, law: str) -> Row:
    d = G.nodes[law]
    return {"id": law, "name": d["label"], "level": d.get("level", "其他")}


def _laws(G: nx.DiGraph, ids: Iterable[str]) -> list[Row]:
    """Law rows sorted by name, then id (two laws may share a label)."""
    return sorted((_law(G, i) for i in ids), key=lambda r: (r["name"], r["id"]))


def _agency_laws(G: nx.DiGraph) -> dict[str, set[str]]:
    """agency id → the set of laws it cites (agencies citing none left out)."""
    out: dict[str, set[str]] = {}
    for n, d in G.nodes(data=True):
        if d.get("type") == "agency":
            laws = set(_citations(G, n))
            if laws:
                out[n] = laws
    return out


def similar(G: nx.DiGraph, agency_node: str, top: int = 10) -> list[Row]:
    """The agencies whose cited laws are most like ``agency_node``'s, best first.

    Score: cosine similarity of the two agencies' sets of cited laws, each law weighted by its
    smoothed inverse agency frequency ``idf = ln((1 + N) / (1 + df)) + 1`` (N agencies that cite
    any law, df of them citing this one). Why:

    * sets, not counts: citing a law in five reports, or five times in one, says how long or how
      frequent the reports are, not WHAT the bureau cites;
    * idf: sharing 宪法 or 民法典, which nearly every bureau cites, is weak evidence that two
      bureaus work alike; sharing a niche regulation is strong. The smoothing keeps a law cited by
      every agency at weight 1 rather than 0, so two bureaus that share only common laws still score
      above two that share nothing;
    * cosine rather than Jaccard: reports differ in length tenfold, and Jaccard punishes a short
      report whose laws are a subset of a long one's by the whole size of the union; cosine divides
      by the geometric mean of the two sizes.

    Each row: ``id``, ``name``, ``score`` (0–1, rounded to 4 digits), ``shared_count`` and ``shared``
    (the laws both cite, as law rows, by name), so the score can be checked by hand. Agencies sharing
    no law are left out. Order: score descending, then name, then id.
    """
    a = _agency(G, agency_node)
    cited = _agency_laws(G)
    if a not in cited:
        raise NoResult(f"{G.nodes[a]['label']} cites no law in this graph")
    df: Counter[str] = Counter(law for laws in cited.values() for law in laws)
    n = len(cited)
    idf = {law: math.log((1 + n) / (1 + k)) + 1.0 for law, k in df.items()}

    def norm(laws: set[str]) -> float:
        return math.sqrt(math.fsum(idf[x] ** 2 for x in sorted(laws)))

    mine = cited[a]
    mine_norm = norm(mine)
    rows: list[Row] = []
    for other in sorted(cited):
        if other == a:
            continue
        shared = mine & cited[other]
        if not shared:
            continue
        dot = math.fsum(idf[x] ** 2 for x in sorted(shared))
        score = round(dot / (mine_norm * norm(cited[other])), SCORE_DIGITS)
        rows.append({
            "id": other,
            "name": G.nodes[other]["label"],
            "score": score,
            "shared_count": len(shared),
            "shared": _laws(G, shared),
        })  # fmt: skip
    rows.sort(key=lambda r: (-r["score"], r["name"], r["id"]))
    return rows[: max(0, top)]


def compare(G: nx.DiGraph, a: str, b: str) -> Row:
    """Laws both agencies cite, only ``a`` cites, only ``b`` cites: ``{"a", "b", "both", "only_a",
    "only_b"}``; ``a``/``b`` are ``{"id", "name"}``, the others law rows (``id``, ``name``, ``level``)
    sorted by name. Citations of every year count."""
    _agency(G, a)
    _agency(G, b)
    la, lb = set(_citations(G, a)), set(_citations(G, b))
    return {
        "a": {"id": a, "name": G.nodes[a]["label"]},
        "b": {"id": b, "name": G.nodes[b]["label"]},
        "both": _laws(G, la & lb),
        "only_a": _laws(G, la - lb),
        "only_b": _laws(G, lb - la),
    }


def _report_years(G: nx.DiGraph, agency: str) -> set[int]:
    """The years of the reports the agency authored (a year with a report that cites nothing counts)."""
    years: set[int] = set()
    for v, d in G[agency].items():
        if d.get("relation") == "authored":
            years |= _years(G.nodes[v].get("years")) or _years(d.get("years"))
    return years


def changes(G: nx.DiGraph, agency: str) -> list[Row]:
    """Year by year, the laws the agency newly cites and no longer cites, relative to its previous
    report year: rows ``year``, ``previous`` (None for the first), ``cited`` (number of laws cited
    that year), ``new`` and ``dropped`` (law rows by name). The first year's ``new`` is everything it
    cites. Years are the agency's report years; citations without a year are left out."""
    _agency(G, agency)
    by_year: dict[int, set[str]] = {}
    for law, d in _citations(G, agency).items():
        for y in _years(d.get("years")):
            by_year.setdefault(y, set()).add(law)
    years = sorted(_report_years(G, agency) | set(by_year))
    if not years:
        raise NoResult(f"{G.nodes[agency]['label']} has no dated report in this graph")
    rows: list[Row] = []
    prev: int | None = None
    for y in years:
        now = by_year.get(y, set())
        before = by_year.get(prev, set()) if prev is not None else set()
        rows.append({
            "year": y,
            "previous": prev,
            "cited": len(now),
            "new": _laws(G, now - before),
            "dropped": _laws(G, before - now),
        })  # fmt: skip
        prev = y
    return rows


def cocitation(G: nx.DiGraph) -> nx.Graph:
    """The law–law co-citation projection: one node per law that some report cites (``label``,
    ``type`` = law, ``level``, ``documents`` = reports citing it), one edge per pair of laws cited
    together by at least one report, ``relation`` = ``co_cited``, ``weight`` = the number of reports
    (document sources) that cite both. Scalar attributes only and sorted insertion, so exports are
    byte-identical (Gephi reads it as is). Law→law containment edges are not citations by a report
    and do not count.

    Bounded: when more than 50,000 pairs are cited together, only the strongest are kept — those
    cited together by at least k reports, k the smallest count that keeps at most 50,000 pairs (so
    a large archive's file holds the pairs that recur, not the hundreds of thousands seen once).
    Every cited law stays a node."""
    most = 50_000  # pairs in the projection at most (cocitation.graphml, CONTRACT.md)
    nodes = G.nodes
    per_report: dict[str, set[str]] = {}
    for u, v, d in G.edges(data=True):
        if _is_cites(d) and nodes[v].get("type") == "law" and nodes[u].get("type") in ("agency", "document"):
            for src in _items(d.get("sources")):
                per_report.setdefault(src, set()).add(v)
    docs: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for laws in per_report.values():
        ordered = sorted(laws)
        docs.update(ordered)
        pairs.update(combinations(ordered, 2))
    least = 1
    if len(pairs) > most:
        at_least = Counter(pairs.values())  # weight → pairs of that weight, then summed from the top
        kept = 0
        for w in sorted(at_least, reverse=True):
            if kept + at_least[w] > most:
                least = w + 1
                break
            kept += at_least[w]
    P = nx.Graph()
    for law in sorted(docs):
        d = nodes[law]
        P.add_node(law, label=d["label"], type="law", level=d.get("level", "其他"), documents=docs[law])
    for (x, y), w in sorted(pairs.items()):
        if w >= least:
            P.add_edge(x, y, relation="co_cited", label="co_cited", weight=w)
    return P


# --- by name, as flat rows: what the `similar`, `compare` and `changes` commands print ---------------


def _names(laws: Iterable[Row]) -> list[str]:
    return [r["name"] for r in laws]


def similar_to(G: Any, name: str, top: int = 10) -> list[Row]:
    """``similar`` for an agency given by name (``query.resolve_agency``; ``G`` a graph or a built
    folder): rows ``agency``, ``score``, ``shared_count``, ``shared`` (law names)."""
    from lawgraph.query import graph, resolve_agency

    G = graph(G)
    node = resolve_agency(G, name)
    rows = similar(G, node, top)
    if not rows:
        raise NoResult(f"no agency shares a cited law with {G.nodes[node]['label']} in this graph")
    return [{"agency": r["name"], "score": r["score"], "shared_count": r["shared_count"],
             "shared": _names(r["shared"])} for r in rows]


def compare_by_name(G: Any, a: str, b: str) -> list[Row]:
    """``compare`` for two agencies given by name, as one row per law: ``side`` (``both``, ``only_a``,
    ``only_b``), ``law``, ``level``, ``agency`` (who cites it: both names joined by " & " for both);
    the laws both cite first, then only A's, then only B's, each by name."""
    from lawgraph.query import graph, resolve_agency

    G = graph(G)
    res = compare(G, resolve_agency(G, a), resolve_agency(G, b))
    na, nb = res["a"]["name"], res["b"]["name"]
    who = {"both": f"{na} & {nb}", "only_a": na, "only_b": nb}
    rows = [{"side": side, "law": r["name"], "level": r["level"], "agency": who[side]}
            for side in ("both", "only_a", "only_b") for r in res[side]]
    if not rows:
        raise NoResult(f"neither {na} nor {nb} cites a law in this graph")
    return rows


def changes_by_name(G: Any, name: str) -> list[Row]:
    """``changes`` for an agency given by name: rows ``year``, ``previous``, ``cited``, ``new`` and
    ``dropped`` (law names)."""
    from lawgraph.query import graph, resolve_agency

    G = graph(G)
    return [{**r, "new": _names(r["new"]), "dropped": _names(r["dropped"])}
            for r in changes(G, resolve_agency(G, name))]
