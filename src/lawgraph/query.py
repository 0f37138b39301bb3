"""Read-only questions over a built graph; every answer is a list of row dicts. Never prints.

The graph is read back from ``DIR/graph.json`` (written by ``lawgraph build``) and checked: a damaged file
is a GraphError naming it, never a wrong answer. Names are matched
on ``fold`` keys of each node's label and aliases; agency short forms are expanded
(泰州市科技局 → 泰州市科学技术局) and law aliases go through the registry when it knows them.
"""

from __future__ import annotations

import difflib
import json
import math
import os
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from lawgraph.errors import GraphError, NoResult
from lawgraph.graph import ALIAS_SEP, COUNT_PREFIX, LIST_SEP, NODE_TYPES, RELATIONS
from lawgraph.lexicon.names import fold
from lawgraph.resolve import agency_candidates, law_candidates

Row = dict[str, Any]
DEFAULT_DIR = "graph_exports"


def load(in_dir: str | os.PathLike[str] = DEFAULT_DIR) -> nx.DiGraph:
    """The graph stored in ``in_dir/graph.json``; GraphError when it is missing or damaged in any way
    (every check below is one way a file can be cut short, edited by hand or written by other code)."""
    folder = Path(in_dir)
    path = folder / "graph.json"
    if not folder.is_dir():
        raise GraphError(f"no graph folder {in_dir}: run lawgraph build first (or pass --in DIR)")
    if not path.is_file():
        raise GraphError(f"no graph.json in {in_dir}: run lawgraph build first (or pass --in DIR)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GraphError(f"cannot read {path}: {exc.strerror or exc}; make it readable or rebuild it") from exc
    try:
        return graph_from_json(raw)
    except _Damaged as exc:
        raise GraphError(f"{path} is damaged: {exc}; rebuild with lawgraph build") from None


class _Damaged(Exception):
    """What is wrong with a graph.json, in a few words."""


_SCALARS = (str, int, float, bool)


_LIST_FIELDS = {"years": int, "aliases": str, "sources": str}  # arrays in graph.json (text in older files)


def _from_list(k: str, v: list[Any], what: str) -> str | tuple[str, ...]:
    """A list field of graph.json in the graph's own form: years and aliases joined, sources a tuple."""
    kind = _LIST_FIELDS[k]
    if not all(isinstance(x, kind) and not isinstance(x, bool) for x in v):
        raise _Damaged(f"{what} has a list of other things than {kind.__name__} as its {k!r}")
    if k == "sources":
        return tuple(v)
    return (ALIAS_SEP if k == "aliases" else LIST_SEP).join(str(x) for x in v)


def _scalar_attrs(d: dict[str, Any], what: str, drop: tuple[str, ...]) -> dict[str, Any]:
    attrs = {}
    for k, v in d.items():
        if k in drop:
            continue
        if isinstance(v, list) and k in _LIST_FIELDS:
            v = _from_list(k, v, what)
        elif not isinstance(v, _SCALARS):
            raise _Damaged(f"{what} has a {type(v).__name__} as its {k!r}")
        attrs[k] = v
    for k in ("label", "type", "relation", "level", "aliases", "years"):
        if k in attrs and not isinstance(attrs[k], str):
            raise _Damaged(f"{what} has a {type(attrs[k]).__name__} as its {k!r}, not text")
    return attrs


def graph_from_json(raw: bytes) -> nx.DiGraph:
    """The DiGraph in the bytes of a graph.json (node-link JSON as `lawgraph build` writes it); raises
    _Damaged naming the first thing that does not hold: valid UTF-8 JSON, a simple directed graph,
    nodes with unique text ids, a text type and label, edges between listed nodes with a text
    relation and a finite numeric weight, scalar attribute values only."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _Damaged("not UTF-8 text") from None
    except RecursionError:
        raise _Damaged("nested too deeply") from None
    except ValueError as exc:
        raise _Damaged(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise _Damaged(f"a JSON {type(data).__name__}, not an object")
    if data.get("multigraph") is not False or data.get("directed") is not True:
        raise _Damaged("not a simple directed graph ('directed' must be true and 'multigraph' false)")
    nodes, edges = data.get("nodes"), data.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise _Damaged("no list of 'nodes' and 'edges'")
    G = nx.DiGraph()
    for i, d in enumerate(nodes):
        if not isinstance(d, dict) or not isinstance(d.get("id"), str) or not d["id"]:
            raise _Damaged(f"node {i + 1} has no id")
        if d["id"] in G:
            raise _Damaged(f"node {d['id']!r} is listed twice")
        attrs = _scalar_attrs(d, f"node {d['id']!r}", ("id",))
        if "type" not in attrs or "label" not in attrs:
            raise _Damaged(f"node {d['id']!r} has no type or label")
        G.add_node(d["id"], **attrs)
    for i, d in enumerate(edges):
        if not isinstance(d, dict) or not isinstance(d.get("source"), str) or not isinstance(d.get("target"), str):
            raise _Damaged(f"edge {i + 1} has no source or target")
        u, v = d["source"], d["target"]
        if u not in G or v not in G:
            raise _Damaged(f"edge {u!r} -> {v!r} leads to a node that is not listed")
        if G.has_edge(u, v):
            raise _Damaged(f"edge {u!r} -> {v!r} is listed twice")
        attrs = _scalar_attrs(d, f"edge {u!r} -> {v!r}", ("source", "target"))
        w = attrs.get("weight")
        if "relation" not in attrs or isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w):
            raise _Damaged(f"edge {u!r} -> {v!r} has no relation or no finite numeric weight")
        G.add_edge(u, v, **attrs)
    G.graph["mentions"] = _mentions(data.get("mentions", []), G)
    return G


_MENTION_KEYS: dict[str, tuple[type, ...]] = {
    "agency": (str, type(None)), "law": (str,), "document": (str,), "source": (str,), "year": (int, type(None)),
    "start": (int,), "end": (int,), "line": (int, type(None)), "relation": (str,), "text": (str,),
    "snippet": (str,), "mark": (list,),
}  # fmt: skip


def _mentions(raw: Any, G: nx.DiGraph) -> list[dict[str, Any]]:
    """The evidence array of graph.json, checked: every mention has each key of the right type, names
    nodes of the graph, and a mark of two ints inside its snippet."""
    if not isinstance(raw, list):
        raise _Damaged("'mentions' is not a list")
    for i, m in enumerate(raw):
        where = f"mention {i + 1}"
        if not isinstance(m, dict):
            raise _Damaged(f"{where} is not an object")
        for k, types in _MENTION_KEYS.items():
            if not isinstance(m.get(k), types) or isinstance(m.get(k), bool):
                raise _Damaged(f"{where} has no valid {k!r}")
        for k in ("agency", "law", "document"):
            if m[k] is not None and m[k] not in G:
                raise _Damaged(f"{where} names a node that is not listed ({m[k]!r})")
        a_b = m["mark"]
        if not (len(a_b) == 2 and all(type(x) is int for x in a_b) and 0 <= a_b[0] <= a_b[1] <= len(m["snippet"])):
            raise _Damaged(f"{where} has a mark outside its snippet")
    return raw


def _names(d: dict[str, Any]) -> list[str]:
    return [d["label"], *(a for a in d.get("aliases", "").split(ALIAS_SEP) if a)]


def _index(G: nx.DiGraph, node_type: str) -> dict[str, list[str]]:
    """fold(name or alias) → node ids (label matches listed first)."""
    idx: dict[str, list[str]] = {}
    for n, d in G.nodes(data=True):
        if d["type"] != node_type:
            continue
        for name in _names(d):
            ids = idx.setdefault(fold(name), [])
            if n not in ids:
                ids.append(n)
    return idx


def _closest(G: nx.DiGraph, node_type: str, name: str, n: int = 3) -> list[str]:
    labels = sorted({d["label"] for _, d in G.nodes(data=True) if d["type"] == node_type})
    by_key: dict[str, str] = {}
    for label in labels:
        by_key.setdefault(fold(label), label)
    keys = difflib.get_close_matches(fold(name), list(by_key), n=n, cutoff=0.15)
    if not keys:  # a short query against long titles: fall back to containment
        q = fold(name)
        keys = [k for k in by_key if q and (q in k or k in q)][:n]
    return [by_key[k] for k in keys]


def _unknown(G: nx.DiGraph, node_type: str, name: str) -> NoResult:
    what = {"agency": "agency", "law": "law"}[node_type]
    close = _closest(G, node_type, name)
    hint = f"; closest: {', '.join(close)}" if close else ""
    return NoResult(f"unknown {what} {name!r}{hint}")


def _resolve(G: nx.DiGraph, node_type: str, candidates: list[str], name: str) -> str:
    idx = _index(G, node_type)
    labels = {fold(d["label"]): n for n, d in G.nodes(data=True) if d["type"] == node_type}
    for c in candidates:  # a label match wins over an alias match
        if fold(c) in labels:
            return labels[fold(c)]
    for c in candidates:
        ids = sorted(set(idx.get(fold(c), [])))
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            names = ", ".join(sorted(G.nodes[i]["label"] for i in ids))
            raise NoResult(f"{name!r} is ambiguous: {names}; give the full name")
    raise _unknown(G, node_type, name)


Graph = nx.DiGraph | str | os.PathLike[str]


def graph(G: Graph) -> nx.DiGraph:
    """`G` itself, or the graph in the folder `G` names (see `load`): every question takes either."""
    return G if isinstance(G, nx.DiGraph) else load(G)


def resolve_agency(G: Graph, name: str) -> str:
    """Node id of an agency given its full name, a short form (泰州市科技局) or an alias."""
    G = graph(G)
    name = name.strip()
    return _resolve(G, "agency", agency_candidates(name), name)


def resolve_law(G: Graph, name: str) -> str:
    """Node id of a law given its title, an alias (科技进步法) or a bracketed form (《宪法》)."""
    G = graph(G)
    name = name.strip()
    return _resolve(G, "law", law_candidates(name), name)


MENTION_RELATIONS: tuple[str, ...] = ("implements", "studies", "drafts", "reviews", "cites")
COUNT_COLUMNS: tuple[str, ...] = tuple(COUNT_PREFIX + r for r in MENTION_RELATIONS)


def _list(value: Any, sep: str = LIST_SEP) -> list[str]:
    """A list field of the graph (";"-joined text or a tuple) as a list: what JSON rows carry."""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [v for v in str(value or "").split(sep) if v]


def _years(value: Any) -> list[int]:
    return [int(y) for y in _list(value) if y.strip().isdigit()]


def _relation(relation: str | None) -> str | None:
    if relation is not None and relation not in MENTION_RELATIONS:
        raise NoResult(f"unknown relation {relation!r}; use one of {', '.join(MENTION_RELATIONS)}")
    return relation


def laws_of_agency(G: Graph, name: str, relation: str | None = None) -> list[Row]:
    """The laws an agency cites: law, level, documents (count), years (ints), sources (paths),
    ``relation_main`` and the mentions per relation (``n_implements`` … ``n_cites``); most cited
    first. With ``relation``, only the laws with at least one mention of that relation."""
    G = graph(G)
    a = resolve_agency(G, name)
    relation = _relation(relation)
    rows = [
        {
            "law": G.nodes[t]["label"],
            "level": G.nodes[t].get("level", ""),
            "documents": int(d["weight"]),
            "years": _years(d.get("years")),
            "sources": _list(d.get("sources")),
            "relation_main": d.get("relation_main", "cites"),
            **{c: int(d.get(c, 0)) for c in COUNT_COLUMNS},
        }
        for t, d in G[a].items()
        if d.get("relation") == "cites" and G.nodes[t]["type"] == "law"
    ]
    if not rows:
        raise NoResult(f"{G.nodes[a]['label']} cites no law in this graph")
    if relation is not None:
        rows = [r for r in rows if r[COUNT_PREFIX + relation] > 0]
        if not rows:
            raise NoResult(f"{G.nodes[a]['label']} has no law mention of relation {relation} in this graph")
    return sorted(rows, key=lambda r: (-r["documents"], r["law"]))


def mentions(G: Graph, agency: str, law: str | None = None, relation: str | None = None) -> list[Row]:
    """Every law mention in the reports of an agency (the evidence): source, year, start, end (offsets
    into the original file, as ``lawgraph extract`` gives them), line, relation, law, text, snippet
    (the cleaned sentence) and mark (the mention's [a, b] in the snippet); in report order. ``law``
    and ``relation`` narrow it down."""
    G = graph(G)
    a = resolve_agency(G, agency)
    lid = resolve_law(G, law) if law else None
    relation = _relation(relation)
    label = G.nodes[a]["label"]
    rows = [
        {"source": m["source"], "year": m["year"], "start": m["start"], "end": m["end"], "line": m["line"],
         "relation": m["relation"], "law": G.nodes[m["law"]]["label"], "text": m["text"], "snippet": m["snippet"],
         "mark": list(m["mark"])}
        for m in G.graph.get("mentions") or ()
        if m["agency"] == a and (lid is None or m["law"] == lid) and (relation is None or m["relation"] == relation)
    ]
    if not rows:
        what = f" of {G.nodes[lid]['label']}" if lid else ""
        how = f" with relation {relation}" if relation else ""
        raise NoResult(f"{label} has no law mention{what}{how} in this graph")
    return sorted(rows, key=lambda r: (r["source"], r["start"], r["end"]))


def agencies_citing(G: Graph, name: str) -> list[Row]:
    """Who cites a law: agency (or the report, when its agency is unknown), type, documents, years."""
    G = graph(G)
    law = resolve_law(G, name)
    rows = [
        {
            "agency": G.nodes[s]["label"],
            "type": G.nodes[s]["type"],
            "documents": int(d["weight"]),
            "years": _years(d.get("years")),
            "sources": _list(d.get("sources")),
        }
        for s, d in G.pred[law].items()
        if d.get("relation") == "cites" and G.nodes[s]["type"] in ("agency", "document")
    ]
    if not rows:
        raise NoResult(f"no agency cites {G.nodes[law]['label']} in this graph")
    return sorted(rows, key=lambda r: (r["type"] != "agency", -r["documents"], r["agency"]))


def matrix(G: Graph, province: str | None = None, year: str | int | None = None,
           top_laws: int | None = None) -> tuple[list[str], list[Row]]:
    """Agency × law citation counts. Returns (columns, rows).

    Rows: every agency that cites a law, by label. Columns: ``agency`` then the cited laws, the
    most widely cited first (number of citing agencies, then documents, then title). ``province``,
    ``year`` and ``top_laws`` count over a focused subset (``lawgraph.graph.subset.focus``).
    """
    G = graph(G)
    if province is not None or year is not None or top_laws is not None:
        from lawgraph.graph.subset import focus

        G = focus(G, province, year, top_laws, positions=False)
    counts: dict[str, Counter[str]] = {}
    for u, v, d in G.edges(data=True):
        if d.get("relation") == "cites" and G.nodes[u]["type"] == "agency" and G.nodes[v]["type"] == "law":
            counts.setdefault(G.nodes[u]["label"], Counter())[G.nodes[v]["label"]] += int(d["weight"])
    if not counts:
        raise NoResult("no agency cites a law in this graph")
    agencies_per_law: Counter[str] = Counter()
    docs_per_law: Counter[str] = Counter()
    for c in counts.values():
        for law, n in c.items():
            agencies_per_law[law] += 1
            docs_per_law[law] += n
    laws = sorted(agencies_per_law, key=lambda law: (-agencies_per_law[law], -docs_per_law[law], law))
    rows = [{"agency": a, **{law: counts[a].get(law, 0) for law in laws}} for a in sorted(counts)]
    return ["agency", *laws], rows


def stats(G: Graph) -> list[Row]:
    """Counts: documents, nodes by type, edges by relation (every known type listed, zeros too)."""
    G = graph(G)
    node_types = Counter(d["type"] for _, d in G.nodes(data=True))
    relations = Counter(d.get("relation", "") for _, _, d in G.edges(data=True))
    rows: list[Row] = [{"what": "documents", "type": "", "count": node_types.get("document", 0)}]
    rows.append({"what": "nodes", "type": "all", "count": G.number_of_nodes()})
    for t in [*NODE_TYPES, *sorted(set(node_types) - set(NODE_TYPES))]:
        rows.append({"what": "nodes", "type": t, "count": node_types.get(t, 0)})
    rows.append({"what": "edges", "type": "all", "count": G.number_of_edges()})
    for r in [*RELATIONS, *sorted(set(relations) - set(RELATIONS))]:
        rows.append({"what": "edges", "type": r, "count": relations.get(r, 0)})
    return rows
