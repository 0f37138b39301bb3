"""GEXF 1.2 for Gephi: the GraphML content plus viz colours/sizes/positions, year spells and
edge weights per year.

- Each year a node or edge is seen in becomes a spell covering that calendar year (consecutive years
  merged), so Gephi's timeline replays the graph year by year. One spell (most elements) is written
  as the element's own ``start``/``end`` attributes, several as a ``<spells>`` block (GEXF 1.2 reads
  both the same). Elements without a known year have no spell and stay visible throughout.
- The attributes are the lean ones of ``exporters.common``: no path but a document node's own, no
  edge excerpt (the per-year weights are still counted from the edge's sources). An element whose
  spells say its ``years`` exactly (``years_in_time``: always, for the graph's sorted years) has no
  ``years`` attribute: Gephi shows and filters the element's time instead.
- Edge weights per year: an edge's weight is the number of documents supporting it; its weight in
  year Y is the number of those documents dated Y (the year of each source's document node). They
  are written as a dynamic edge attribute with id ``weight`` (title ``weight_by_year``) whose
  ``<attvalue>``s carry ``start``/``end`` of the year: Gephi's GEXF importer takes a dynamic ``weight``
  column as the edge's weight over time, so the timeline shows links growing. The static ``weight``
  XML attribute stays the total (other readers; networkx reads it). A document without a known
  year counts in no year. When the graph has no document nodes, an edge seen in a single year has
  its whole weight in that year, and one seen in several years gets no per-year values.
- Node ``y`` is mirrored like the GraphML's (``y' = ymax - y``): Gephi's y axis points up, the HTML
  page's down. Edges carry the page's colour of their relation (``viz:color``).

The bytes are those of ``networkx.write_gexf(to_gexf_graph(G), prettyprint=False,
version="1.2draft")`` with three text edits (``reference_bytes``): no ``lastmodifieddate`` stamp (a
build is byte-deterministic), ``<creator>lawgraph</creator>``, and the per-year weight attribute's id
``weight`` instead of networkx' number. Node ``label`` becomes the label attribute,
``color``/``size``/``x``/``y`` the viz elements; edge ``label``/``weight`` become attributes; every other
scalar attribute is a static ``<attvalue>`` with ids in order of first use (nodes first).
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from functools import lru_cache
from typing import Any

import networkx as nx

from lawgraph.exporters.common import lean_edge, lean_node
from lawgraph.exporters.graphml import edge_color, mirrored, y_max
from lawgraph.files import atomic_path
from lawgraph.graph.schema import LIST_SEP, flat_attrs

VIZ_KEYS = ("color", "size", "x", "y")
WEIGHT_BY_YEAR = "weight_by_year"  # the title of the dynamic weight; its attribute id is "weight"
CREATOR = "lawgraph"


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


@lru_cache(maxsize=4096)  # a few year sets recur on every element
def years_in_time(years: object) -> bool:
    """Whether ``years`` ('2022;2023;2025') is exactly what the element's spells say (its years
    sorted, each once): then the GEXF leaves the ``years`` attribute out, the time says it."""
    if type(years) is not str:
        return False
    spells = year_spells(years)
    told = [str(y) for a, b in spells for y in range(int(a[:4]), int(b[:4]) + 1)]
    return bool(told) and years == LIST_SEP.join(told)


def source_years(G: nx.DiGraph) -> dict[str, int]:
    """Source path → year, from the document nodes (each holds one source and its year)."""
    out: dict[str, int] = {}
    for _, d in G.nodes(data=True):
        if d.get("type") != "document":
            continue
        years = [y for y in str(d.get("years", "")).split(LIST_SEP) if y.strip().isdigit()]
        if len(years) != 1:
            continue
        sources = d.get("sources", ())
        for s in sources.split(LIST_SEP) if isinstance(sources, str) else sources:
            out[s] = int(years[0])
    return out


def weight_by_year(d: dict[str, Any], year_of: dict[str, int]) -> list[tuple[float, str, str]]:
    """An edge's documents per year as GEXF dynamic values: [(2.0, '2023-01-01', '2023-12-31'), …]."""
    sources = d.get("sources", ())
    if isinstance(sources, str):
        sources = sources.split(LIST_SEP) if sources else ()
    if len(sources) == 1:  # most edges: one document, one year (no Counter)
        y = year_of.get(sources[0])
        if y is not None:
            return [_year_value(y, 1)]
    counts: Counter[int] = Counter(year_of[s] for s in sources if s in year_of)
    if not counts:  # no document nodes to date the sources: only a single-year edge is certain
        years = [int(y) for y in str(d.get("years", "")).split(LIST_SEP) if y.strip().isdigit()]
        weight = d.get("weight")
        if len(set(years)) == 1 and type(weight) is int:
            counts[years[0]] = weight
    return [_year_value(y, c) for y, c in sorted(counts.items())]


@lru_cache(maxsize=4096)
def _year_value(year: int, count: int) -> tuple[float, str, str]:
    """(count, start, end) of one year, one shared tuple per (year, count): the same few recur on
    every edge. Doubles: Gephi's edge weight is a double (its graph store takes no other type)."""
    return (float(count), f"{year:04d}-01-01", f"{year:04d}-12-31")


def _set_time(data: dict[str, Any], years: str) -> None:
    """One spell as the element's ``start``/``end``, several as ``spells`` (networkx' two forms)."""
    spells = year_spells(years)
    if len(spells) == 1:
        data["start"], data["end"] = spells[0]
    elif spells:
        data["spells"] = spells


def rgb(color: str) -> dict[str, Any]:
    """'#E15759' → GEXF's viz colour {r, g, b, a}."""
    c = color.lstrip("#")
    return {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16), "a": 1.0}


def to_gexf_graph(G: nx.DiGraph) -> nx.DiGraph:
    """A copy of ``G`` shaped for ``networkx.write_gexf`` (viz dicts, spells, per-year weights): the
    reference the streaming writer is tested against."""
    top = y_max(d for _, d in G.nodes(data=True))
    year_of = source_years(G)
    H = nx.DiGraph()
    for n, d in G.nodes(data=True):
        data = {k: v for k, v in flat_attrs(lean_node(d)).items() if k not in VIZ_KEYS}
        if years_in_time(d.get("years")):
            del data["years"]
        viz: dict[str, Any] = {}
        if "color" in d:
            viz["color"] = rgb(d["color"])
        if "size" in d:
            viz["size"] = float(d["size"])
        if "x" in d and "y" in d:
            viz["position"] = {"x": float(d["x"]), "y": mirrored(d["y"], top), "z": 0.0}
        data["viz"] = viz
        _set_time(data, d.get("years", ""))
        H.add_node(n, **data)
    for u, v, d in G.edges(data=True):
        data = flat_attrs(lean_edge(d))
        if years_in_time(d.get("years")):
            del data["years"]
        _set_time(data, d.get("years", ""))
        data["viz"] = {"color": rgb(edge_color(d.get("relation")))}
        per_year = weight_by_year(d, year_of)
        if per_year:
            data[WEIGHT_BY_YEAR] = per_year
        H.add_edge(u, v, **data)
    return H


_STAMP = re.compile(rb' lastmodifieddate="[^"]*"')
_CREATOR = re.compile(rb"<creator>NetworkX [^<]*</creator>")


def reference_bytes(G: nx.DiGraph) -> bytes:
    """``networkx.write_gexf(to_gexf_graph(G))`` with the stamp removed, lawgraph as creator and the
    per-year weight attribute's id set to ``weight`` (networkx numbers every attribute)."""
    buf = io.BytesIO()
    nx.write_gexf(to_gexf_graph(G), buf, encoding="utf-8", prettyprint=False, version="1.2draft")
    data = _STAMP.sub(b"", buf.getvalue(), count=1)
    data = _CREATOR.sub(f"<creator>{CREATOR}</creator>".encode(), data, count=1)
    m = re.search(rb'<attribute id="(\d+)" title="' + WEIGHT_BY_YEAR.encode() + rb'"', data)
    if m:
        num = m.group(1)
        data = data.replace(m.group(0), m.group(0).replace(b'id="' + num + b'"', b'id="weight"'), 1)
        data = data.replace(b'<attvalue for="' + num + b'" ', b'<attvalue for="weight" ')
    return data


def write(G: nx.DiGraph, path: str | os.PathLike[str], *, streamed: bool = True) -> None:
    """Write ``G`` as GEXF 1.2. ``streamed`` writes text chunks straight to the file
    (``lawgraph._accel.streamwriters``); ``False`` runs networkx' writer (``reference_bytes``).
    Both give the same bytes."""
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        if streamed:
            from lawgraph._accel.streamwriters import write_gexf

            write_gexf(G, f)
        else:
            f.write(reference_bytes(G))
