"""GEXF 1.2 for Gephi: the GraphML content plus viz colours/sizes/positions and year spells.

Each year a node or edge is seen in becomes a spell covering that calendar year (consecutive years
merged), so Gephi's timeline replays the graph year by year. Elements without a known year have
no spell and stay visible throughout.

The bytes are those of ``networkx.write_gexf(to_gexf_graph(G), prettyprint=True,
version="1.2draft")`` without the ``lastmodifieddate`` stamp (so a build is byte-deterministic).
Node ``label`` becomes the label attribute, ``color``/``size``/``x``/``y`` the viz elements (y flipped: Gephi's axis points up); edge ``label``/``weight`` become attributes;
every other scalar attribute is a static ``<attvalue>`` with ids in order of first use (nodes first).
"""

from __future__ import annotations

import io
import os
import re
from typing import Any

import networkx as nx

from lawgraph.files import atomic_path
from lawgraph.graph.schema import LIST_SEP, flat_attrs

VIZ_KEYS = ("color", "size", "x", "y")


def year_spells(years: str) -> list[tuple[str, str]]:
    """'2022;2023;2025' → [('2022-01-01', '2023-12-31'), ('2025-01-01', '2025-12-31')]."""
    ys = sorted({int(y) for y in years.split(LIST_SEP) if y.strip().isdigit()})
    runs: list[list[int]] = []
    for y in ys:
        if runs and runs[-1][1] + 1 == y:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return [(f"{a:04d}-01-01", f"{b:04d}-12-31") for a, b in runs]


def rgb(color: str) -> dict[str, Any]:
    """'#E15759' → GEXF's viz colour {r, g, b, a}."""
    c = color.lstrip("#")
    return {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16), "a": 1.0}


def to_gexf_graph(G: nx.DiGraph) -> nx.DiGraph:
    """A copy of ``G`` shaped for ``networkx.write_gexf`` (viz dicts, spells): the reference the
    streaming writer is tested against."""
    H = nx.DiGraph()
    for n, d in G.nodes(data=True):
        data = {k: v for k, v in flat_attrs(d).items() if k not in VIZ_KEYS}
        viz: dict[str, Any] = {}
        if "color" in d:
            viz["color"] = rgb(d["color"])
        if "size" in d:
            viz["size"] = float(d["size"])
        if "x" in d and "y" in d:
            # Gephi's y axis points up, vis' down: flip so both show the same picture
            viz["position"] = {"x": float(d["x"]), "y": -float(d["y"]) + 0.0, "z": 0.0}
        data["viz"] = viz
        spells = year_spells(d.get("years", ""))
        if spells:
            data["spells"] = spells
        H.add_node(n, **data)
    for u, v, d in G.edges(data=True):
        data = flat_attrs(d)
        spells = year_spells(d.get("years", ""))
        if spells:
            data["spells"] = spells
        H.add_edge(u, v, **data)
    return H


_STAMP = re.compile(rb' lastmodifieddate="[^"]*"')


def write(G: nx.DiGraph, path: str | os.PathLike[str], *, streamed: bool = True) -> None:
    """Write ``G`` as GEXF 1.2. ``streamed`` writes text chunks straight to the file
    (``lawgraph._accel.streamwriters``); ``False`` runs networkx' writer. Both give the same bytes."""
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        if streamed:
            from lawgraph._accel.streamwriters import write_gexf

            write_gexf(G, f)
        else:
            buf = io.BytesIO()
            nx.write_gexf(to_gexf_graph(G), buf, encoding="utf-8", prettyprint=True, version="1.2draft")
            f.write(_STAMP.sub(b"", buf.getvalue(), count=1))
