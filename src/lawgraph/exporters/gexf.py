"""GEXF 1.2 for Gephi: the GraphML content plus viz colours/sizes/positions and year spells.

Each year a node or edge is seen in becomes a spell covering that calendar year (consecutive years
merged), so Gephi's timeline replays the graph year by year. Elements without a known year have
no spell and stay visible throughout.

The file is streamed as text (no element tree, flat memory): the same bytes as
``networkx.write_gexf(to_gexf_graph(G), prettyprint=True, version="1.2draft")`` without the
``lastmodifieddate`` stamp. Node ``label`` becomes the label attribute, ``color``/``size``/``x``/``y``
the viz elements (y flipped: Gephi's axis points up); edge ``label``/``weight`` become attributes;
every other scalar attribute is a static ``<attvalue>`` with ids in order of first use (nodes first).
"""

from __future__ import annotations

import os
from typing import Any

import networkx as nx

from lawgraph.exporters._xml import ChunkWriter, attr_etree
from lawgraph.files import atomic_path
from lawgraph.graph import LIST_SEP

_VIZ_KEYS = ("color", "size", "x", "y")
_NODE_SKIP = frozenset(("label", *_VIZ_KEYS))
_EDGE_SKIP = frozenset(("label", "weight"))
_ROOT_REST = (
    ' xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
)
_VIZ_NS = ' xmlns:viz="http://www.gexf.net/1.2draft/viz"'


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
    """A copy of ``G`` shaped for ``networkx.write_gexf`` (viz dicts, spells): the reference the
    streaming writer is tested against."""
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


# --- streaming writer -----------------------------------------------------------------------------

_XML_TYPE = {bool: "boolean", int: "long", float: "double", str: "string"}


def _value(v: Any) -> str:
    t = type(v)
    if t is str:
        return attr_etree(v)
    if t is bool:
        return "true" if v else "false"
    if t is float:
        s = repr(v)
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(s, s)
    return attr_etree(str(v))


def _attr_ids(G: nx.DiGraph) -> tuple[dict[str, str], dict[str, str], list[str], bool]:
    """Attribute ids for node and edge attributes, the <attributes> blocks, whether any spell."""
    counter = 0
    blocks: list[str] = []
    result: list[dict[str, str]] = []
    any_years = False
    for cls, skip, datas in (
        ("node", _NODE_SKIP, (d for _, d in G.nodes(data=True))),
        ("edge", _EDGE_SKIP, (d for _, _, d in G.edges(data=True))),
    ):
        ids: dict[str, str] = {}
        lines: list[str] = []
        seen: set[tuple[str, ...]] = set()
        for d in datas:
            sig = tuple(d)
            if sig in seen:
                if not any_years and d.get("years"):
                    any_years = bool(_spells_xml(d["years"], ""))
                continue
            seen.add(sig)
            if not any_years and d.get("years"):
                any_years = bool(_spells_xml(d["years"], ""))
            for k, v in d.items():
                if k in skip or k in ids:
                    continue
                xt = _XML_TYPE.get(type(v))
                if xt is None:
                    raise TypeError(f"attribute value type is not allowed: {type(v)}")
                ids[k] = str(counter)
                counter += 1
                lines.append(f'      <attribute id="{ids[k]}" title="{attr_etree(str(k))}" type="{xt}" />\n')
        if lines:  # networkx inserts each new <attributes> block first
            blocks[:0] = [f'    <attributes mode="static" class="{cls}">\n', *lines, "    </attributes>\n"]
        result.append(ids)
    return result[0], result[1], blocks, any_years


_SPELLS_CACHE: dict[tuple[str, str], str] = {}


def _spells_xml(years: str, indent: str) -> str:
    key = (years, indent)
    out = _SPELLS_CACHE.get(key)
    if out is None:
        spells = year_spells(years)
        if spells:
            out = (
                f"{indent}<spells>\n"
                + "".join(f'{indent}  <spell start="{a}" end="{b}" />\n' for a, b in spells)
                + f"{indent}</spells>\n"
            )
        else:
            out = ""
        if len(_SPELLS_CACHE) < 100_000:
            _SPELLS_CACHE[key] = out
    return out


def _viz_xml(d: dict[str, Any]) -> str:
    parts = []
    if "color" in d:
        c = _rgb(d["color"])
        parts.append(f'        <viz:color r="{c["r"]}" g="{c["g"]}" b="{c["b"]}" a="1.0" />\n')
    if "size" in d:
        parts.append(f'        <viz:size value="{float(d["size"])!r}" />\n')
    if "x" in d and "y" in d:
        parts.append(f'        <viz:position x="{float(d["x"])!r}" y="{-float(d["y"]) + 0.0!r}" z="0.0" />\n')
    return "".join(parts)


def _attvalues(d: dict[str, Any], skip: frozenset[str], ids: dict[str, str], indent: str) -> str:
    rows = [
        f'{indent}  <attvalue for="{ids[k]}" value="{_value(v)}" />\n' for k, v in d.items() if k not in skip
    ]
    if not rows:
        return ""
    return f"{indent}<attvalues>\n" + "".join(rows) + f"{indent}</attvalues>\n"


def write(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    node_ids, edge_ids, attr_blocks, any_years = _attr_ids(G)
    nodes = G.nodes(data=True)
    uses_viz = any(("color" in d or "size" in d or ("x" in d and "y" in d)) for _, d in nodes)
    mode = ' mode="dynamic" name="" timeformat="date"' if any_years else ' mode="static" name=""'
    edge_type = "directed" if G.is_directed() else "undirected"
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        out = ChunkWriter(f)
        parts = out.parts
        add = parts.append
        add("<?xml version='1.0' encoding='utf-8'?>\n<gexf" + (_VIZ_NS if uses_viz else "") + _ROOT_REST)
        add(f"  <meta>\n    <creator>NetworkX {nx.__version__}</creator>\n  </meta>\n")
        add(f'  <graph defaultedgetype="{edge_type}"{mode}>\n')
        parts.extend(attr_blocks)
        if len(G) == 0:
            add("    <nodes />\n")
        else:
            add("    <nodes>\n")
            for n, d in nodes:
                label = d["label"] if "label" in d else n
                head = f'      <node id="{attr_etree(str(n))}" label="{attr_etree(str(label))}"'
                years = d.get("years")
                body = (
                    (_spells_xml(years, "        ") if isinstance(years, str) and years else "")
                    + _viz_xml(d)
                    + _attvalues(d, _NODE_SKIP, node_ids, "        ")
                )
                add(f"{head}>\n{body}      </node>\n" if body else f"{head} />\n")
                out.flush_if_full()
            add("    </nodes>\n")
        if G.number_of_edges() == 0:
            add("    <edges />\n")
        else:
            add("    <edges>\n")
            for i, (u, v, d) in enumerate(G.edges(data=True)):
                head = f'      <edge source="{attr_etree(str(u))}" target="{attr_etree(str(v))}" id="{i}"'
                if "label" in d:
                    head += f' label="{attr_etree(str(d["label"]))}"'
                if "weight" in d:
                    head += f' weight="{attr_etree(str(d["weight"]))}"'
                years = d.get("years")
                body = (
                    _spells_xml(years, "        ") if isinstance(years, str) and years else ""
                ) + _attvalues(d, _EDGE_SKIP, edge_ids, "        ")
                add(f"{head}>\n{body}      </edge>\n" if body else f"{head} />\n")
                out.flush_if_full()
            add("    </edges>\n")
        add("  </graph>\n</gexf>\n")
        out.flush()
