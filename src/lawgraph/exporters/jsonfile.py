"""node-link JSON (``networkx.node_link_data``), the file ``lawgraph`` queries read back."""

from __future__ import annotations

import json
import os
from typing import Any

import networkx as nx

from lawgraph.exporters import atomic_write_text


def to_data(G: nx.DiGraph) -> dict[str, Any]:
    H = nx.DiGraph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(G.edges(data=True))
    return nx.node_link_data(H, edges="edges")


def write(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    text = json.dumps(to_data(G), ensure_ascii=False, indent=1, sort_keys=True)
    atomic_write_text(path, text + "\n")


def read(path: str | os.PathLike[str]) -> nx.DiGraph:
    """Read a file written by ``write`` back into a DiGraph."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return nx.node_link_graph(data, directed=True, multigraph=False, edges="edges")
