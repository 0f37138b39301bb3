"""GraphML for Gephi, networkx and igraph: XML declaration, one typed key per attribute name.

The bytes are those of ``networkx.write_graphml_lxml(G, prettyprint=True)`` on a copy of ``G`` with
list values joined (``sources``) and no graph-level attributes. Key ids ``d0``, ``d1`` … are given in
order of first use (nodes, then edges); values are ``str(value)``; ints are ``long``, floats ``double``.
"""

from __future__ import annotations

import os

import networkx as nx

from lawgraph.exporters.common import flat_copy
from lawgraph.files import atomic_path


def write(G: nx.DiGraph, path: str | os.PathLike[str], *, streamed: bool = True) -> None:
    """Write ``G`` as GraphML; attribute names map onto Gephi's label/weight/color/size/x/y.

    ``streamed`` writes text chunks straight to the file (``lawgraph._accel.streamwriters``);
    ``False`` runs networkx' own writer. Both give the same bytes."""
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        if streamed:
            from lawgraph._accel.streamwriters import write_graphml

            write_graphml(G, f)
        else:
            nx.write_graphml_lxml(flat_copy(G), f, encoding="utf-8", prettyprint=True)
