"""GEXF 1.2 for Gephi: the GraphML content plus viz colours/sizes/positions and year spells.

Each year a node or edge is seen in becomes a spell covering that calendar year (consecutive years
merged), so Gephi's timeline replays the graph year by year. Elements without a known year have
no spell and stay visible throughout.
"""

from __future__ import annotations

import io
import os
import re
from typing import Any

import networkx as nx

from lawgraph.exporters import atomic_write_bytes
from lawgraph.graph import LIST_SEP

_VIZ_KEYS = ("color", "size", "x", "y")
# networkx stamps today's date into <meta>; drop it so the same input gives the same bytes
_LASTMODIFIED = re.compile(rb' lastmodifieddate="[^"]*"')


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


def _rgb(color: str) -> dict[str, Any]:
    c = color.lstrip("#")
    return {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16), "a": 1.0}


def to_gexf_graph(G: nx.DiGraph) -> nx.DiGraph:
    """A copy of ``G`` shaped for ``networkx.write_gexf`` (viz dicts, spells)."""
    H = nx.DiGraph()
    for n, d in G.nodes(data=True):
        data = {k: v for k, v in d.items() if k not in _VIZ_KEYS}
        viz: dict[str, Any] = {}
        if "color" in d:
            viz["color"] = _rgb(d["color"])
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
        data = dict(d)
        spells = year_spells(d.get("years", ""))
        if spells:
            data["spells"] = spells
        H.add_edge(u, v, **data)
    return H


def write(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    buf = io.BytesIO()
    nx.write_gexf(to_gexf_graph(G), buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    atomic_write_bytes(path, _LASTMODIFIED.sub(b"", buf.getvalue(), count=1))
