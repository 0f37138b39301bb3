"""Streamed writers for GraphML and GEXF: the same bytes as networkx' writers that
``lawgraph.exporters.graphml``/``gexf`` use as the reference (tests compare them byte for byte),
written as text chunks straight to the file, with no element tree in memory.

The exporters use these by default (``streamed=True``); ``streamed=False`` runs the reference
writers. List values (``sources``) are joined with ``LIST_SEP`` here exactly as the reference
writers' flattened copy of the graph has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import IO, Any

import networkx as nx

from lawgraph.exporters.common import EDGE_DROP_GEPHI, NODE_DROP
from lawgraph.exporters.gexf import (
    CREATOR,
    VIZ_KEYS,
    WEIGHT_BY_YEAR,
    rgb,
    source_years,
    weight_by_year,
    year_spells,
    years_in_time,
)
from lawgraph.graph.schema import LIST_SEP

# --- XML text -------------------------------------------------------------------------------------

# characters that need work in XML text/attributes, plus those XML 1.0 cannot carry at all
_SPECIAL = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _check(text: str) -> None:
    bad = _INVALID.search(text)
    if bad is not None:
        raise ValueError(f"All strings must be XML compatible: {bad.group()!r} in {text[:80]!r}")


def text_lxml(text: str) -> str:
    """Element text as libxml2 writes it (``&``, ``<``, ``>`` and CR escaped)."""
    if _SPECIAL.search(text) is None:
        return text
    _check(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def attr_lxml(text: str) -> str:
    """An attribute value (in double quotes) as libxml2 writes it."""
    if _SPECIAL.search(text) is None:
        return text
    _check(text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    )  # fmt: skip


def attr_etree(text: str) -> str:
    """An attribute value (in double quotes) as Python's ElementTree writes it."""
    if _SPECIAL.search(text) is None:
        return text
    _check(text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        .replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")
    )  # fmt: skip


class ChunkWriter:
    """Collects text parts and writes them to a binary file as UTF-8 every ``chunk`` parts."""

    __slots__ = ("_f", "_parts", "_chunk")

    def __init__(self, f: IO[bytes], chunk: int = 2_000) -> None:
        self._f = f
        self._parts: list[str] = []
        self._chunk = chunk

    @property
    def parts(self) -> list[str]:
        return self._parts

    def flush_if_full(self) -> None:
        if len(self._parts) >= self._chunk:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self._f.write("".join(self._parts).encode("utf-8"))
            self._parts.clear()


# --- GraphML ---------------------------------------------------------------------------------------

_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)


def _xml_types() -> dict[type, str]:
    from networkx.readwrite.graphml import GraphML

    g = GraphML()
    g.construct_types()  # int -> long, float -> double, str -> string, bool -> boolean, numpy types
    return g.xml_type


def _keys(
    scopes: Iterable[tuple[str, Iterable[tuple[dict[str, Any], frozenset[str], bool]]]], xml_type: dict[type, str]
) -> tuple[dict[tuple[str, type], str], dict[tuple[str, type], str], list[str]]:
    """Key ids per (name, python type) for nodes and for edges, and the <key> lines in file order.
    Each element comes as (its attributes, the names left out, whether a ``color`` is appended)."""
    ids: dict[tuple[str, str, str], str] = {}
    lines: list[str] = []
    out: list[dict[tuple[str, type], str]] = []
    for scope, datas in scopes:
        found: dict[tuple[str, type], str] = {}
        seen_sig: set[tuple[Any, ...]] = set()
        for d, drop, colour in datas:
            sig = (drop, colour, *d, *map(type, d.values()))
            if sig in seen_sig:  # same attribute names and types as an element before
                continue
            seen_sig.add(sig)
            items = [(k, v) for k, v in d.items() if k not in drop]
            if colour:
                items.append(("color", ""))
            for k, v in items:
                t = str if type(v) is tuple else type(v)
                if (k, t) in found:
                    continue
                try:
                    xt = xml_type[t]
                except KeyError:
                    raise TypeError(f"GraphML does not support type {t} as data values.") from None
                key = (str(k), xt, scope)
                kid = ids.get(key)
                if kid is None:
                    kid = ids[key] = f"d{len(ids)}"
                    lines.append(
                        f'<key id="{kid}" for="{scope}" attr.name="{attr_lxml(str(k))}" attr.type="{xt}"/>'
                    )
                found[(k, t)] = kid
        out.append(found)
    lines.reverse()
    return out[0], out[1], lines


def _data(d: dict[str, Any], keys: dict[tuple[str, type], str], drop: frozenset[str] = frozenset(),
          y: float | None = None, colour: str | None = None) -> Iterator[str]:
    """The <data> lines of an element: its attributes but ``drop``, ``y`` replaced when given, and
    a ``color`` line last when given (what ``graphml.to_graphml_graph`` makes of the element)."""
    for k, v in d.items():
        if k in drop:
            continue
        if y is not None and k == "y":
            v = y
        t = type(v)
        if t is str:
            text = text_lxml(v)
        elif t is tuple:
            t, text = str, text_lxml(LIST_SEP.join(v))
        else:
            text = text_lxml(str(v))
        yield f'<data key="{keys[(k, t)]}">{text}</data>'
    if colour is not None:
        yield f'<data key="{keys[("color", str)]}">{text_lxml(colour)}</data>'


_NO_DROP: frozenset[str] = frozenset()


def _node_drop(d: dict[str, Any]) -> frozenset[str]:
    """What a node leaves out in the Gephi formats (``exporters.common.lean_node``)."""
    return _NO_DROP if d.get("type") == "document" else NODE_DROP


def write_graphml(G: nx.DiGraph, f: IO[bytes]) -> None:
    """``networkx.write_graphml_lxml(graphml.to_graphml_graph(G), prettyprint=False)`` as a stream
    into ``f``. The lean attributes (``exporters.common``) are chosen while writing, never copied."""
    from lawgraph.exporters.graphml import edge_color, mirrored, y_max

    colour_of = lru_cache(maxsize=64)(edge_color)
    nodes = G.nodes(data=True)
    edges = G.edges(data=True)
    node_keys, edge_keys, key_lines = _keys(
        (("node", ((d, _node_drop(d), False) for _, d in nodes)),
         ("edge", ((d, EDGE_DROP_GEPHI, "color" not in d) for _, _, d in edges))),
        _xml_types(),
    )
    top = y_max(d for _, d in nodes)
    edge_default = "directed" if G.is_directed() else "undirected"
    out = ChunkWriter(f)
    parts = out.parts
    add = parts.append
    add(_HEADER)
    parts.extend(key_lines)
    add(f'<graph edgedefault="{edge_default}">')
    for n, d in nodes:
        drop = _node_drop(d)
        if any(k not in drop for k in d):
            add(f'<node id="{attr_lxml(str(n))}">')
            parts.extend(_data(d, node_keys, drop, mirrored(d["y"], top) if "y" in d else None))
            add("</node>")
        else:
            add(f'<node id="{attr_lxml(str(n))}"/>')
        out.flush_if_full()
    for u, v, d in edges:
        add(f'<edge source="{attr_lxml(str(u))}" target="{attr_lxml(str(v))}">')
        parts.extend(_data(d, edge_keys, EDGE_DROP_GEPHI, None,
                           None if "color" in d else colour_of(d.get("relation"))))
        add("</edge>")
        out.flush_if_full()
    add("</graph></graphml>")
    out.flush()


# --- GEXF -------------------------------------------------------------------------------------------

_NODE_SKIP = frozenset(("label", *VIZ_KEYS))
_NODE_SKIP_OTHER = _NODE_SKIP | NODE_DROP
_EDGE_SKIP = frozenset(("label", "weight"))
_EDGE_SKIP_GEPHI = _EDGE_SKIP | EDGE_DROP_GEPHI
_YEARS = frozenset(("years",))
_EDGE_SKIP_GEPHI_YEARS = _EDGE_SKIP_GEPHI | _YEARS
_NODE_SKIP_YEARS = _NODE_SKIP | _YEARS
_NODE_SKIP_OTHER_YEARS = _NODE_SKIP_OTHER | _YEARS
_ROOT_REST = (
    ' xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">'
)
_VIZ_NS = ' xmlns:viz="http://www.gexf.net/1.2draft/viz"'
_XML_TYPE = {bool: "boolean", int: "long", float: "double", str: "string", tuple: "string"}


def _node_skip(d: dict[str, Any]) -> frozenset[str]:
    """What a GEXF node's <attvalues> leave out: the viz keys and label, ``sources`` unless a
    document, ``years`` when its spells say them (``gexf.years_in_time``)."""
    if years_in_time(d.get("years")):
        return _NODE_SKIP_YEARS if d.get("type") == "document" else _NODE_SKIP_OTHER_YEARS
    return _NODE_SKIP if d.get("type") == "document" else _NODE_SKIP_OTHER


def _edge_skip(d: dict[str, Any]) -> frozenset[str]:
    """What a GEXF edge's <attvalues> leave out: label, weight, excerpt, sources, and ``years``
    when its spells say them."""
    return _EDGE_SKIP_GEPHI_YEARS if years_in_time(d.get("years")) else _EDGE_SKIP_GEPHI


def _value(v: Any) -> str:
    t = type(v)
    if t is str:
        return attr_etree(v)
    if t is tuple:
        return attr_etree(LIST_SEP.join(v))
    if t is bool:
        return "true" if v else "false"
    if t is float:
        s = repr(v)
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(s, s)
    return attr_etree(str(v))


def _attr_ids(
    G: nx.DiGraph, per_year: Iterable[list[tuple[float, str, str]]]
) -> tuple[dict[str, str], dict[str, str], list[str], bool]:
    """Attribute ids for node and edge attributes, the <attributes> blocks (networkx inserts each
    new block first), whether the graph is dynamic (any spell or per-year weight)."""
    counter = 0
    created: list[tuple[str, str, list[str]]] = []  # (class, mode, <attribute> lines) as created
    lines_of: dict[tuple[str, str], list[str]] = {}

    def new_attr(cls: str, mode: str, title: str, xt: str, fixed: str | None = None) -> str:
        nonlocal counter
        aid = fixed or str(counter)
        counter += 1  # networkx numbers every attribute; the per-year weight's number is renamed
        lines = lines_of.get((cls, mode))
        if lines is None:
            lines = lines_of[(cls, mode)] = []
            created.append((cls, mode, lines))
        lines.append(f'<attribute id="{aid}" title="{attr_etree(title)}" type="{xt}" />')
        return aid

    any_dynamic = False
    result: list[dict[str, str]] = []
    for cls, skip, rows in (
        ("node", _node_skip, ((d, None) for _, d in G.nodes(data=True))),
        ("edge", _edge_skip, ((d, py) for (_, _, d), py in zip(G.edges(data=True), per_year))),
    ):
        ids: dict[str, str] = {}
        seen: set[tuple[Any, ...]] = set()
        for d, py in rows:
            if not any_dynamic and (py or (d.get("years") and year_spells(d["years"]))):
                any_dynamic = True
            drop = skip(d)
            sig = (drop, *d, bool(py))
            if sig in seen:
                continue
            seen.add(sig)
            for k, v in d.items():
                if k in drop or k in ids:
                    continue
                xt = _XML_TYPE.get(type(v))
                if xt is None:
                    raise TypeError(f"attribute value type is not allowed: {type(v)}")
                ids[k] = new_attr(cls, "static", str(k), xt)
            if py and WEIGHT_BY_YEAR not in ids:
                ids[WEIGHT_BY_YEAR] = new_attr(
                    cls, "dynamic", WEIGHT_BY_YEAR, _XML_TYPE[type(py[0][0])], "weight"
                )
        result.append(ids)
    blocks: list[str] = []
    for cls, mode, lines in reversed(created):
        blocks += [f'<attributes mode="{mode}" class="{cls}">', *lines, "</attributes>"]
    return result[0], result[1], blocks, any_dynamic


@lru_cache(maxsize=4096)  # a few distinct year sets recur on every element
def _time_xml(years: str) -> tuple[str, str]:
    """(the element's start/end attributes, the <spells> block) of a ";"-joined years text: one
    spell as attributes, several as a block (``gexf._set_time``)."""
    spells = year_spells(years)
    if len(spells) == 1:
        return f' start="{spells[0][0]}" end="{spells[0][1]}"', ""
    if not spells:
        return "", ""
    rows = "".join(f'<spell start="{a}" end="{b}" />' for a, b in spells)
    return "", f"<spells>{rows}</spells>"


def _viz_xml(d: dict[str, Any], top: float) -> str:
    from lawgraph.exporters.graphml import mirrored

    parts = []
    if "color" in d:
        c = rgb(d["color"])
        parts.append(f'<viz:color r="{c["r"]}" g="{c["g"]}" b="{c["b"]}" a="1.0" />')
    if "size" in d:
        parts.append(f'<viz:size value="{float(d["size"])!r}" />')
    if "x" in d and "y" in d:
        parts.append(
            f'<viz:position x="{float(d["x"])!r}" y="{mirrored(d["y"], top)!r}" z="0.0" />'
        )
    return "".join(parts)


def _attvalues(d: dict[str, Any], skip: frozenset[str], ids: dict[str, str], extra: str = "") -> str:
    rows = [f'<attvalue for="{ids[k]}" value="{_value(v)}" />' for k, v in d.items() if k not in skip]
    if not rows and not extra:
        return ""
    return "<attvalues>" + "".join(rows) + extra + "</attvalues>"


def _edge_viz(relation: object) -> str:
    from lawgraph.exporters.graphml import edge_color

    c = rgb(edge_color(relation))
    return f'<viz:color r="{c["r"]}" g="{c["g"]}" b="{c["b"]}" a="1.0" />'


def _per_year_xml(values: list[tuple[float, str, str]]) -> str:
    return "".join(
        f'<attvalue for="weight" value="{c!r}" start="{a}" end="{b}" />' for c, a, b in values
    )


def write_gexf(G: nx.DiGraph, f: IO[bytes]) -> None:
    """``gexf.reference_bytes(G)`` (networkx' writer with three text edits) as a stream into ``f``."""
    from lawgraph.exporters.graphml import y_max

    year_of = source_years(G)

    def per_year() -> Iterator[list[tuple[float, str, str]]]:  # made twice, never held for every edge
        return (weight_by_year(d, year_of) for _, _, d in G.edges(data=True))

    node_ids, edge_ids, attr_blocks, dynamic = _attr_ids(G, per_year())
    nodes = G.nodes(data=True)
    top = y_max(d for _, d in nodes)
    uses_viz = G.number_of_edges() > 0 or any(
        ("color" in d or "size" in d or ("x" in d and "y" in d)) for _, d in nodes
    )
    mode = ' mode="dynamic" name="" timeformat="date"' if dynamic else ' mode="static" name=""'
    edge_type = "directed" if G.is_directed() else "undirected"
    out = ChunkWriter(f)
    parts = out.parts
    add = parts.append
    add("<?xml version='1.0' encoding='utf-8'?>\n<gexf" + (_VIZ_NS if uses_viz else "") + _ROOT_REST)
    add(f"<meta><creator>{CREATOR}</creator></meta>")
    add(f'<graph defaultedgetype="{edge_type}"{mode}>')
    parts.extend(attr_blocks)
    if len(G) == 0:
        add("<nodes />")
    else:
        add("<nodes>")
        for n, d in nodes:
            label = d["label"] if "label" in d else n
            head = f'<node id="{attr_etree(str(n))}" label="{attr_etree(str(label))}"'
            years = d.get("years")
            when, spells = _time_xml(years) if isinstance(years, str) and years else ("", "")
            head += when
            body = spells + _viz_xml(d, top) + _attvalues(d, _node_skip(d), node_ids)
            add(f"{head}>{body}</node>" if body else f"{head} />")
            out.flush_if_full()
        add("</nodes>")
    if G.number_of_edges() == 0:
        add("<edges />")
    else:
        add("<edges>")
        viz = lru_cache(maxsize=64)(_edge_viz)
        for i, ((u, v, d), py) in enumerate(zip(G.edges(data=True), per_year())):
            head = f'<edge source="{attr_etree(str(u))}" target="{attr_etree(str(v))}" id="{i}"'
            if "label" in d:
                head += f' label="{attr_etree(str(d["label"]))}"'
            if "weight" in d:
                head += f' weight="{attr_etree(str(d["weight"]))}"'
            years = d.get("years")
            when, spells = _time_xml(years) if isinstance(years, str) and years else ("", "")
            head += when
            values = _attvalues(d, _edge_skip(d), edge_ids, _per_year_xml(py) if py else "")
            body = spells + viz(d.get("relation")) + values
            add(f"{head}>{body}</edge>")
            out.flush_if_full()
        add("</edges>")
    add("</graph></gexf>")
    out.flush()
