"""What several exporters share: the lean attribute sets of the file exports, the graph in the shape
of the scalar-only formats, sorted order.

The in-memory graph keeps every node's and edge's ``sources`` (exact paths) and ``excerpt``; the files
are leaner (CONTRACT.md, "Graph exports"):

- GraphML and GEXF (Gephi) write each path once, on its document node; every other node and edge
  carries counts instead (``documents``, ``weight``).
- graph.json and the CSV files keep ``sources`` (the paths queries list and focused subsets narrow by).
- No file writes an edge ``excerpt``: a citing edge's evidence is its mentions (graph.json
  ``mentions``, mentions.csv), with offsets and the whole sentence; nodes keep their short excerpt.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from lawgraph.graph.schema import flat_attrs

EDGE_DROP = ("excerpt",)  # what every file leaves out of an edge (``lean_edge``)
EDGE_DROP_GEPHI = frozenset(("excerpt", "sources"))  # what GraphML and GEXF leave out of an edge
NODE_DROP = frozenset(("sources",))  # what GraphML and GEXF leave out of a node other than a document


def lean_node(d: dict[str, Any], paths: bool = False) -> dict[str, Any]:
    """A node's attributes as the files write them: ``sources`` with ``paths`` (graph.json, CSV) or
    on a document node."""
    if not paths and "sources" in d and d.get("type") != "document":
        return {k: v for k, v in d.items() if k != "sources"}
    return d


def lean_edge(d: dict[str, Any], paths: bool = False) -> dict[str, Any]:
    """An edge's attributes as the files write them: no ``excerpt``; ``sources`` only with ``paths``."""
    if "excerpt" in d or (not paths and "sources" in d):
        return {k: v for k, v in d.items() if k != "excerpt" and (paths or k != "sources")}
    return d


def flat_copy(G: nx.DiGraph) -> nx.DiGraph:
    """A copy of ``G`` with list values joined (``schema.scalar``) and no graph attributes: what the
    reference writers of the scalar formats (GraphML, GEXF, JSON) are given."""
    H = nx.DiGraph()
    H.add_nodes_from((n, flat_attrs(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, flat_attrs(d)) for u, v, d in G.edges(data=True))
    return H


def sorted_nodes(G: nx.DiGraph) -> list[str]:
    """The node ids in sorted order (``build_graph`` already inserts them sorted)."""
    nodes = list(G)
    if any(a >= b for a, b in zip(nodes, nodes[1:])):
        nodes.sort()
    return nodes


def sorted_edges(G: nx.DiGraph) -> list[tuple[str, str]]:
    """The edges as (u, v) in sorted order."""
    edges = list(G.edges())
    if any(a >= b for a, b in zip(edges, edges[1:])):
        edges.sort()
    return edges
