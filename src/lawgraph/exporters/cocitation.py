"""cocitation.graphml: the law–law co-citation projection (``lawgraph.compare.cocitation``) for Gephi.

One node per cited law, one undirected ``co_cited`` edge per pair of laws that some report cites
together, ``weight`` = the number of reports that cite both. Written by the GraphML writer, so the
file is deterministic and passes the same checks as graph.graphml.
"""

from __future__ import annotations

import os

import networkx as nx

from lawgraph.compare import cocitation
from lawgraph.exporters import graphml


def write(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write the co-citation projection of ``G`` to ``path`` as GraphML."""
    graphml.write(cocitation(G), path)
