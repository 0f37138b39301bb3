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

from lawgraph.exporters.gexf import VIZ_KEYS, rgb, year_spells
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
    scopes: Iterable[tuple[str, Iterable[dict[str, Any]]]], xml_type: dict[type, str]
) -> tuple[dict[tuple[str, type], str], dict[tuple[str, type], str], list[str]]:
    """Key ids per (name, python type) for nodes and for edges, and the <key> lines in file order."""
    ids: dict[tuple[str, str, str], str] = {}
    lines: list[str] = []
    out: list[dict[tuple[str, type], str]] = []
    for scope, datas in scopes:
        found: dict[tuple[str, type], str] = {}
        seen_sig: set[tuple[Any, ...]] = set()
        for d in datas:
            sig = (*d, *map(type, d.values()))
            if sig in seen_sig:  # same attribute names and types as an element before
                continue
            seen_sig.add(sig)
            for k, v in d.items():
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
                        f'<key id="{kid}" for="{scope}" attr.name="{attr_lxml(str(k))}" attr.type="{xt}"/>\n'
                    )
                found[(k, t)] = kid
        out.append(found)
    lines.reverse()
    return out[0], out[1], lines


def _data(d: dict[str, Any], keys: dict[tuple[str, type], str]) -> Iterator[str]:
    for k, v in d.items():
        t = type(v)
        if t is str:
            text = text_lxml(v)
        elif t is tuple:
            t, text = str, text_lxml(LIST_SEP.join(v))
        else:
            text = text_lxml(str(v))
        yield f'  <data key="{keys[(k, t)]}">{text}</data>\n'


def write_graphml(G: nx.DiGraph, f: IO[bytes]) -> None:
    """``networkx.write_graphml_lxml(flat copy of G, prettyprint=True)`` as a stream into ``f``."""
    nodes = G.nodes(data=True)
    edges = G.edges(data=True)
    node_keys, edge_keys, key_lines = _keys(
        (("node", (d for _, d in nodes)), ("edge", (d for _, _, d in edges))), _xml_types()
    )
    edge_default = "directed" if G.is_directed() else "undirected"
    out = ChunkWriter(f)
    parts = out.parts
    add = parts.append
    add(_HEADER)
    parts.extend(key_lines)
    add(f'<graph edgedefault="{edge_default}">')
    for n, d in nodes:
        if d:
            add(f'<node id="{attr_lxml(str(n))}">\n')
            parts.extend(_data(d, node_keys))
            add("</node>\n")
        else:
            add(f'<node id="{attr_lxml(str(n))}"/>\n')
        out.flush_if_full()
    for u, v, d in edges:
        tag = f'<edge source="{attr_lxml(str(u))}" target="{attr_lxml(str(v))}"'
        if d:
            add(tag + ">\n")
            parts.extend(_data(d, edge_keys))
            add("</edge>\n")
        else:
            add(tag + "/>\n")
        out.flush_if_full()
    add("</graph></graphml>")
    out.flush()


# --- GEXF -------------------------------------------------------------------------------------------

_NODE_SKIP = frozenset(("label", *VIZ_KEYS))
_EDGE_SKIP = frozenset(("label", "weight"))
_ROOT_REST = (
    ' xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
)
_VIZ_NS = ' xmlns:viz="http://www.gexf.net/1.2draft/viz"'
_XML_TYPE = {bool: "boolean", int: "long", float: "double", str: "string", tuple: "string"}


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


@lru_cache(maxsize=4096)  # a few distinct year sets recur on every element
def _spells_xml(years: str, indent: str) -> str:
    """The <spells> block of a ";"-joined years text ('' when it has no year)."""
    spells = year_spells(years)
    if not spells:
        return ""
    rows = "".join(f'{indent}  <spell start="{a}" end="{b}" />\n' for a, b in spells)
    return f"{indent}<spells>\n{rows}{indent}</spells>\n"


def _viz_xml(d: dict[str, Any]) -> str:
    parts = []
    if "color" in d:
        c = rgb(d["color"])
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


def write_gexf(G: nx.DiGraph, f: IO[bytes]) -> None:
    """``networkx.write_gexf(to_gexf_graph(G), prettyprint=True)`` as a stream into ``f``, without
    the ``lastmodifieddate`` stamp."""
    node_ids, edge_ids, attr_blocks, any_years = _attr_ids(G)
    nodes = G.nodes(data=True)
    uses_viz = any(("color" in d or "size" in d or ("x" in d and "y" in d)) for _, d in nodes)
    mode = ' mode="dynamic" name="" timeformat="date"' if any_years else ' mode="static" name=""'
    edge_type = "directed" if G.is_directed() else "undirected"
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
