"""GraphML for Gephi, networkx and igraph: XML declaration, one typed key per attribute name.

What Gephi sees is the HTML page's picture: node ``y`` is mirrored (``y' = ymax - y``, rounded to
0.1) because Gephi's y axis points up while the page's points down, so positions stay non-negative;
every edge gets a ``color`` (``#RRGGBB``, the page's colour of its relation — the first one of a
``cites+mentions`` edge), which Gephi's GraphML importer maps onto the edge colour. nodes.csv and
graph.json keep the graph's own coordinates.

The attributes are the lean ones of ``exporters.common`` (no path but a document node's own, no
edge excerpt: Gephi gets counts, the evidence is in lawgraph.sqlite and mentions.csv). The bytes are those
of ``networkx.write_graphml_lxml(to_graphml_graph(G), prettyprint=False)``: list values joined, no
graph-level attributes. Key ids ``d0``, ``d1`` … are given in order of
first use (nodes, then edges); values are ``str(value)``; ints are ``long``, floats ``double``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

import networkx as nx

from lawgraph.exporters.common import lean_edge, lean_node
from lawgraph.exporters.style import EDGE_COLOR_OTHER, EDGE_COLORS
from lawgraph.files import atomic_path
from lawgraph.graph.schema import RELATION_SEP, flat_attrs

_RGBA = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)")


def css_hex(color: str) -> str:
    """'rgba(225,87,89,0.45)' or '#e15759' → '#E15759' (Gephi decodes ``#RRGGBB``; alpha dropped)."""
    m = _RGBA.match(color)
    if m:
        return "#" + "".join(f"{int(c):02X}" for c in m.groups())
    return "#" + color.lstrip("#")[:6].upper()


def edge_color(relation: object) -> str:
    """The ``#RRGGBB`` colour of an edge's relation, the same one the HTML page draws it in."""
    first = str(relation).split(RELATION_SEP)[0] if relation else ""
    return css_hex(EDGE_COLORS.get(first, EDGE_COLOR_OTHER))


def y_max(datas: Iterable[dict[str, Any]]) -> float:
    """The largest node ``y`` (0.0 when no node has one): the mirror line for Gephi's y axis."""
    return max((float(d["y"]) for d in datas if "y" in d), default=0.0)


def mirrored(y: object, top: float) -> float:
    """``top - y`` rounded to 0.1 like the layout (no ``-0.0``)."""
    return round(top - float(y), 1) + 0.0  # type: ignore[arg-type]


def to_graphml_graph(G: nx.DiGraph) -> nx.DiGraph:
    """A copy of ``G`` as the GraphML holds it (scalars, y mirrored, edge colours): the reference
    the streaming writer is tested against."""
    top = y_max(d for _, d in G.nodes(data=True))
    H = nx.DiGraph()
    for n, d in G.nodes(data=True):
        data = flat_attrs(lean_node(d))
        if "y" in data:
            data["y"] = mirrored(data["y"], top)
        H.add_node(n, **data)
    for u, v, d in G.edges(data=True):
        data = flat_attrs(lean_edge(d))
        if "color" not in data:
            data["color"] = edge_color(d.get("relation"))
        H.add_edge(u, v, **data)
    return H


def write(G: nx.DiGraph, path: str | os.PathLike[str], *, streamed: bool = True) -> None:
    """Write ``G`` as GraphML; attribute names map onto Gephi's label/weight/color/size/x/y.

    ``streamed`` writes text chunks straight to the file (``lawgraph._accel.streamwriters``);
    ``False`` runs networkx' own writer. Both give the same bytes."""
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        if streamed:
            from lawgraph._accel.streamwriters import write_graphml

            write_graphml(G, f)
        else:
            nx.write_graphml_lxml(to_graphml_graph(G), f, encoding="utf-8", prettyprint=False)
