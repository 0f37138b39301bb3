"""Read-only questions over a built graph; every answer is a list of row dicts. Never prints.

The graph is read back from ``DIR/graph.json`` (written by ``lawgraph build``). Names are matched
on ``fold`` keys of each node's label and aliases; agency short forms are expanded
(泰州市科技局 → 泰州市科学技术局) and law aliases go through the registry when it knows them.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from lawgraph.graph import ALIAS_SEP, NODE_TYPES, RELATIONS, canonical_law_name
from lawgraph.names import agency_variants, fold

Row = dict[str, Any]
DEFAULT_DIR = "graph_exports"


class QueryError(Exception):
    """A query failed; ``exit_code`` follows CONTRACT.md (1 no result, 2 bad usage/input)."""

    exit_code = 2


class GraphNotFound(QueryError):
    """The --in folder holds no readable graph."""

    exit_code = 2


class NoResult(QueryError):
    """A well-formed query with nothing to report (unknown name, nothing cited)."""

    exit_code = 1


def load(in_dir: str | os.PathLike[str] = DEFAULT_DIR) -> nx.DiGraph:
    """The graph stored in ``in_dir/graph.json``."""
    from lawgraph.exporters import jsonfile

    path = Path(in_dir) / "graph.json"
    if not Path(in_dir).is_dir():
        raise GraphNotFound(f"no graph folder {in_dir}: run lawgraph build first (or pass --in DIR)")
    if not path.is_file():
        raise GraphNotFound(f"no graph.json in {in_dir}: run lawgraph build first (or pass --in DIR)")
    try:
        G = jsonfile.read(path)
    except (OSError, ValueError, KeyError, TypeError, nx.NetworkXError) as exc:
        raise GraphNotFound(f"cannot read {path}: {exc}; run lawgraph build again") from exc
    if any("type" not in d or "label" not in d for _, d in G.nodes(data=True)):
        raise GraphNotFound(f"{path} is not a lawgraph graph; run lawgraph build again")
    return G


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


def resolve_agency(G: nx.DiGraph, name: str) -> str:
    """Node id of an agency given its full name, a short form (泰州市科技局) or an alias."""
    name = name.strip()
    return _resolve(G, "agency", [*reversed(agency_variants(name)), name], name)


def resolve_law(G: nx.DiGraph, name: str) -> str:
    """Node id of a law given its title, an alias (科技进步法) or a bracketed form (《宪法》)."""
    name = name.strip()
    bare = fold(name)
    candidates = [name, canonical_law_name(bare)]
    if not bare.startswith("中华人民共和国"):
        candidates.append("中华人民共和国" + bare)
    return _resolve(G, "law", candidates, name)


def laws_of_agency(G: nx.DiGraph, name: str) -> list[Row]:
    """The laws an agency cites: law, level, documents (count), years, sources; most cited first."""
    a = resolve_agency(G, name)
    rows = [
        {
            "law": G.nodes[t]["label"],
            "level": G.nodes[t].get("level", ""),
            "documents": int(d["weight"]),
            "years": d.get("years", ""),
            "sources": d.get("sources", ""),
        }
        for t, d in G[a].items()
        if d.get("relation") == "cites" and G.nodes[t]["type"] == "law"
    ]
    if not rows:
        raise NoResult(f"{G.nodes[a]['label']} cites no law in this graph")
    return sorted(rows, key=lambda r: (-r["documents"], r["law"]))


def agencies_citing(G: nx.DiGraph, name: str) -> list[Row]:
    """Who cites a law: agency (or the report, when its agency is unknown), type, documents, years."""
    law = resolve_law(G, name)
    rows = [
        {
            "agency": G.nodes[s]["label"],
            "type": G.nodes[s]["type"],
            "documents": int(d["weight"]),
            "years": d.get("years", ""),
            "sources": d.get("sources", ""),
        }
        for s, d in G.pred[law].items()
        if d.get("relation") == "cites" and G.nodes[s]["type"] in ("agency", "document")
    ]
    if not rows:
        raise NoResult(f"no agency cites {G.nodes[law]['label']} in this graph")
    return sorted(rows, key=lambda r: (r["type"] != "agency", -r["documents"], r["agency"]))


def matrix(G: nx.DiGraph) -> tuple[list[str], list[Row]]:
    """Agency × law citation counts. Returns (columns, rows).

    Rows: every agency that cites a law, by label. Columns: ``agency`` then the cited laws, the
    most widely cited first (number of citing agencies, then documents, then title).
    """
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


def stats(G: nx.DiGraph) -> list[Row]:
    """Counts: documents, nodes by type, edges by relation (every known type listed, zeros too)."""
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
