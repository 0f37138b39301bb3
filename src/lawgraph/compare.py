"""Comparing bureaus over a built folder: similar agencies, two agencies side by side, year-by-year
changes, and the law–law co-citation projection. Read-only; every answer is plain rows (dicts, lists).

``similar``, ``compare`` and ``changes`` take what every query takes (a built folder, an open
``lawgraph.store.Store`` or a networkx graph; see ``lawgraph.query``) and node ids
(``lawgraph.query.resolve_agency`` turns a name into one); they read the store's ``cites`` edges from
agencies to laws with SQL: ``weight`` (number of reports) and ``years``. ``cocitation`` projects a
networkx graph for the cocitation.graphml exporter.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from typing import TYPE_CHECKING, Any

from lawgraph.errors import NoResult
from lawgraph.query import opened
from lawgraph.store.read import Store

if TYPE_CHECKING:
    import networkx as nx
else:

    class _Networkx:
        """networkx, imported when ``cocitation`` first needs it: the questions here never do."""

        def __getattr__(self, name: str) -> Any:
            import networkx

            return getattr(networkx, name)

    nx = _Networkx()

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


# the agency → law citations (an edge into a law node is only ever ``cites``: node types never share an id)
_CITED = ("SELECT l.key, l.label, COALESCE(l.level, '其他'), e.years FROM edges e JOIN entities l ON l.id = e.target"
          " WHERE e.source = ? AND e.relation = 'cites' AND l.type = 'law'")
_CITED_IDS = ("SELECT l.id, l.key FROM edges e JOIN entities l ON l.id = e.target"
              " WHERE e.source = ? AND e.relation = 'cites' AND l.type = 'law'")
_ALL_CITED = ("SELECT e.source, e.target FROM edges e JOIN entities a ON a.id = e.source JOIN entities l ON l.id = e.target"
              " WHERE e.relation = 'cites' AND a.type = 'agency' AND l.type = 'law'")


def _agency(s: Store, node: str) -> tuple[int, str]:
    """(row id, label) of the agency with node id ``node``; NoResult when it is none."""
    found = s.one("SELECT id, label FROM entities WHERE key = ? AND type = 'agency'", (node,))
    if found is None:
        raise NoResult(f"{node!r} is no agency of this graph; resolve the name with lawgraph.query first")
    return found


def _citations(s: Store, agency: int) -> dict[str, tuple[Row, str | None]]:
    """law id → (law row, years text) of the laws ``agency`` cites."""
    return {key: ({"id": key, "name": label, "level": level}, years)
            for key, label, level, years in s.rows(_CITED, (agency,))}


def _laws(rows: Iterable[Row]) -> list[Row]:
    """Law rows sorted by name, then id (two laws may share a label)."""
    return sorted(rows, key=lambda r: (r["name"], r["id"]))


def similar(G: Any, agency_node: str, top: int = 10) -> list[Row]:
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
    no law are left out. Order: score descending, then name, then id. The weights need every
    agency's citations: this reads all agency → law edges (one relation of the store, not the graph).
    """
    with opened(G) as s:
        aid, label = _agency(s, agency_node)
        cited: dict[int, set[int]] = {}  # by row ids: the covering index (target, relation, source) is enough
        for a, law in s.rows(_ALL_CITED):
            cited.setdefault(a, set()).add(law)
        if aid not in cited:
            raise NoResult(f"{label} cites no law in this graph")
        df: Counter[int] = Counter(law for laws in cited.values() for law in laws)
        n = len(cited)
        idf = {law: math.log((1 + n) / (1 + k)) + 1.0 for law, k in df.items()}

        def norm(laws: set[int]) -> float:
            return math.sqrt(math.fsum(idf[x] ** 2 for x in laws))  # fsum is exact: order does not matter

        mine = cited[aid]
        mine_norm = norm(mine)
        scored: list[tuple[int, float, set[int]]] = []
        for other, theirs in cited.items():
            shared = mine & theirs
            if other == aid or not shared:
                continue
            dot = math.fsum(idf[x] ** 2 for x in shared)
            scored.append((other, round(dot / (mine_norm * norm(theirs)), SCORE_DIGITS), shared))
        names = {i: (k, lab) for i, k, lab in s.rows("SELECT id, key, label FROM entities WHERE type = 'agency'")}
        rows_of = {k: r for k, (r, _) in _citations(s, aid).items()}
        laws = {i: rows_of[k] for i, k in s.rows(_CITED_IDS, (aid,))}
    rows = [{"id": names[other][0], "name": names[other][1], "score": score, "shared_count": len(shared),
             "shared": _laws(laws[x] for x in shared)} for other, score, shared in scored]
    rows.sort(key=lambda r: (-r["score"], r["name"], r["id"]))
    return rows[: max(0, top)]


def compare(G: Any, a: str, b: str) -> Row:
    """Laws both agencies cite, only ``a`` cites, only ``b`` cites: ``{"a", "b", "both", "only_a",
    "only_b"}``; ``a``/``b`` are ``{"id", "name"}``, the others law rows (``id``, ``name``, ``level``)
    sorted by name. Citations of every year count."""
    with opened(G) as s:
        ida, name_a = _agency(s, a)
        idb, name_b = _agency(s, b)
        ca, cb = _citations(s, ida), _citations(s, idb)
    rows = {k: r for k, (r, _) in (*ca.items(), *cb.items())}
    la, lb = set(ca), set(cb)
    return {
        "a": {"id": a, "name": name_a},
        "b": {"id": b, "name": name_b},
        "both": _laws(rows[k] for k in la & lb),
        "only_a": _laws(rows[k] for k in la - lb),
        "only_b": _laws(rows[k] for k in lb - la),
    }


def changes(G: Any, agency: str) -> list[Row]:
    """Year by year, the laws the agency newly cites and no longer cites, relative to its previous
    report year: rows ``year``, ``previous`` (None for the first), ``cited`` (number of laws cited
    that year), ``new`` and ``dropped`` (law rows by name). The first year's ``new`` is everything it
    cites. Years are the agency's report years (a year with a report that cites nothing counts);
    citations without a year are left out."""
    with opened(G) as s:
        aid, label = _agency(s, agency)
        cited = _citations(s, aid)
        authored = s.rows("SELECT d.years, e.years FROM edges e JOIN entities d ON d.id = e.target"
                          " WHERE e.source = ? AND e.relation = 'authored'", (aid,))
    by_year: dict[int, set[str]] = {}
    for law, (_, years) in cited.items():
        for y in _years(years):
            by_year.setdefault(y, set()).add(law)
    report_years: set[int] = set()
    for doc_years, edge_years in authored:
        report_years |= _years(doc_years) or _years(edge_years)
    years = sorted(report_years | set(by_year))
    if not years:
        raise NoResult(f"{label} has no dated report in this graph")
    rows: list[Row] = []
    prev: int | None = None
    for y in years:
        now = by_year.get(y, set())
        before = by_year.get(prev, set()) if prev is not None else set()
        rows.append({
            "year": y,
            "previous": prev,
            "cited": len(now),
            "new": _laws(cited[k][0] for k in now - before),
            "dropped": _laws(cited[k][0] for k in before - now),
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
    for laws in per_report.values():
        docs.update(laws)
    cited = sorted(docs)
    index = {law: i for i, law in enumerate(cited)}
    n = len(cited)
    pairs: Counter[int] = Counter()  # the pair (i, j), i < j in law order, as i * n + j: one small int a pair
    for laws in per_report.values():
        ordered = sorted(index[law] for law in laws)
        pairs.update(i * n + j for i, j in combinations(ordered, 2))
    per_report.clear()
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
    for law in cited:
        d = nodes[law]
        P.add_node(law, label=d["label"], type="law", level=d.get("level", "其他"), documents=docs[law])
    kept_pairs = sorted(k for k, w in pairs.items() if w >= least)  # (i, j) order is the laws' order
    for k in kept_pairs:
        i, j = divmod(k, n)
        P.add_edge(cited[i], cited[j], relation="co_cited", label="co_cited", weight=pairs[k])
    return P


# --- by name, as flat rows: what the `similar`, `compare` and `changes` commands print ---------------


def _names(laws: Iterable[Row]) -> list[str]:
    return [r["name"] for r in laws]


def similar_to(G: Any, name: str, top: int = 10) -> list[Row]:
    """``similar`` for an agency given by name (``query.resolve_agency``; ``G`` a built folder, a
    store or a graph): rows ``agency``, ``score``, ``shared_count``, ``shared`` (law names)."""
    from lawgraph.query import resolve_agency

    with opened(G) as s:
        node = resolve_agency(s, name)
        rows = similar(s, node, top)
        if not rows:
            label = _agency(s, node)[1]
            raise NoResult(f"no agency shares a cited law with {label} in this graph")
    return [{"agency": r["name"], "score": r["score"], "shared_count": r["shared_count"],
             "shared": _names(r["shared"])} for r in rows]


def compare_by_name(G: Any, a: str, b: str) -> list[Row]:
    """``compare`` for two agencies given by name, as one row per law: ``side`` (``both``, ``only_a``,
    ``only_b``), ``law``, ``level``, ``agency`` (who cites it: both names joined by " & " for both);
    the laws both cite first, then only A's, then only B's, each by name."""
    from lawgraph.query import resolve_agency

    with opened(G) as s:
        res = compare(s, resolve_agency(s, a), resolve_agency(s, b))
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
    from lawgraph.query import resolve_agency

    with opened(G) as s:
        return [{**r, "new": _names(r["new"]), "dropped": _names(r["dropped"])}
                for r in changes(s, resolve_agency(s, name))]
