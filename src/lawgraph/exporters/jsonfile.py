"""graph.json: node-link JSON of the graph, for scripts (``lawgraph.load_graph`` reads it back).

The bytes are those of ``json.dumps(to_data(G), ensure_ascii=False, separators=(",", ":"),
sort_keys=True)`` plus a newline: compact, one line, no whitespace. ``to_data`` is ``networkx.node_link_data(G, edges="edges")`` with ``"graph": {}`` and list
fields as JSON arrays (``years`` ints, ``aliases`` and ``sources`` text; ``schema.json_attrs``). Nodes
and edges hold the lean attributes of ``exporters.common.lean_node``/``lean_edge``, as in GraphML:
each path once, as ``sources`` of its document node; no edge excerpt. The evidence (one row per law
mention) is not repeated here: it is in lawgraph.sqlite and mentions.csv.
"""

from __future__ import annotations

import json
import os
from typing import Any

import networkx as nx

from lawgraph.exporters.common import lean_edge, lean_node
from lawgraph.files import atomic_path
from lawgraph.graph.schema import json_attrs


def to_data(G: nx.DiGraph) -> dict[str, Any]:
    """The document of ``G`` (the reference the streamed writer is compared with)."""
    return {
        "directed": True,
        "multigraph": False,
        "graph": {},
        "nodes": [{**json_attrs(lean_node(d)), "id": n} for n, d in G.nodes(data=True)],
        "edges": [{**json_attrs(lean_edge(d)), "source": u, "target": v} for u, v, d in G.edges(data=True)],
    }


def write(G: nx.DiGraph, path: str | os.PathLike[str], *, streamed: bool = True) -> None:
    """Write graph.json. ``streamed`` writes it object by object (``lawgraph._accel.jsonstream``)
    without holding the document or its text in memory; ``False`` uses ``json.dumps``. Same bytes."""
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        if streamed:
            from lawgraph._accel.jsonstream import write_json

            write_json(G, f)
        else:
            text = json.dumps(to_data(G), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
            f.write(text.encode("utf-8"))


def read(path: str | os.PathLike[str]) -> nx.DiGraph:
    """Read a file written by ``write`` back into a DiGraph (the checked reader: ``lawgraph.query``)."""
    from lawgraph.query import graph_from_json

    with open(path, "rb") as f:
        return graph_from_json(f.read())
