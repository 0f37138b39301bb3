"""graph.json: node-link JSON (``networkx.node_link_data``), the file ``lawgraph`` queries read back.

The bytes are those of ``json.dumps(node_link_data(G, edges="edges"), ensure_ascii=False, indent=1,
sort_keys=True)`` plus a newline, on a copy of ``G`` with list values joined (``sources`` is a
";"-joined string in this file, as CONTRACT.md has it).
"""

from __future__ import annotations

import json
import os
from typing import Any

import networkx as nx

from lawgraph.exporters.common import flat_copy
from lawgraph.files import atomic_path


def to_data(G: nx.DiGraph) -> dict[str, Any]:
    """The node-link document of ``G`` (the reference the streamed writer is compared with)."""
    return nx.node_link_data(flat_copy(G), edges="edges")


def write(G: nx.DiGraph, path: str | os.PathLike[str], *, streamed: bool = True) -> None:
    """Write graph.json. ``streamed`` writes it object by object (``lawgraph._accel.jsonstream``)
    without holding the document or its text in memory; ``False`` uses ``json.dumps``. Same bytes."""
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        if streamed:
            from lawgraph._accel.jsonstream import write_json

            write_json(G, f)
        else:
            text = json.dumps(to_data(G), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            f.write(text.encode("utf-8"))


def read(path: str | os.PathLike[str]) -> nx.DiGraph:
    """Read a file written by ``write`` back into a DiGraph."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return nx.node_link_graph(data, directed=True, multigraph=False, edges="edges")
