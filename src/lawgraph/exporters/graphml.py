"""GraphML for Gephi, networkx and igraph (networkx' lxml writer: XML declaration, typed keys)."""

from __future__ import annotations

import os

import networkx as nx

from lawgraph.exporters import atomic_path


def write(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write ``G`` as GraphML; attribute names map onto Gephi's label/weight/color/size/x/y."""
    with atomic_path(path) as tmp:
        # write_graphml_lxml: same bytes on every machine with lxml; no graph-level attributes
        H = nx.DiGraph()
        H.add_nodes_from(G.nodes(data=True))
        H.add_edges_from(G.edges(data=True))
        nx.write_graphml_lxml(H, tmp, encoding="utf-8", prettyprint=True)
