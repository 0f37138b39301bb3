"""What several exporters share: the graph in the shape of the scalar-only formats, sorted order."""

from __future__ import annotations

import networkx as nx

from lawgraph.graph.schema import flat_attrs


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
