"""What several exporters share: the lean attribute sets of the file exports, the graph in the shape
of the scalar-only formats, sorted order.

The in-memory graph keeps every node's and edge's ``sources`` (exact paths) and ``excerpt``; the files
are leaner (CONTRACT.md, "Graph exports"):

- Every file (GraphML, GEXF, graph.json, nodes.csv, edges.csv) writes each path once, on its document
  node; every other node and edge carries counts instead (``documents``, ``weight``). The queries
  read the paths from lawgraph.sqlite; focused builds narrow the graph in memory (``graph.subset``).
- No file writes an edge ``excerpt``: a citing edge's evidence is its mentions (lawgraph.sqlite,
  mentions.csv), with offsets and the whole sentence; nodes keep their short excerpt.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from lawgraph.graph.schema import flat_attrs

EDGE_DROP_GEPHI = frozenset(("excerpt", "sources"))  # what every file leaves out of an edge
NODE_DROP = frozenset(("sources",))  # what every file leaves out of a node other than a document


def lean_node(d: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes as the files write them: ``sources`` only on a document node."""
    if "sources" in d and d.get("type") != "document":
        return {k: v for k, v in d.items() if k != "sources"}
    return d


def lean_edge(d: dict[str, Any]) -> dict[str, Any]:
    """An edge's attributes as the files write them: no ``excerpt``, no ``sources``."""
    if "excerpt" in d or "sources" in d:
        return {k: v for k, v in d.items() if k not in EDGE_DROP_GEPHI}
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
