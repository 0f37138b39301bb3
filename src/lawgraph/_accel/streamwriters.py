"""Streamed writers for GraphML and GEXF: the same bytes as networkx' writers that
``lawgraph.exporters.graphml``/``gexf`` use as the reference (tests compare them byte for byte),
written as text chunks straight to the file, with no element tree in memory.

The exporters use these by default (``streamed=True``); ``streamed=False`` runs the reference
writers. Most of an edge's text is made once per distinct attribute values (``EdgeTexts``, also
used by graph.json and edges.csv) and each node id is escaped once. List values (``sources``) are joined with ``LIST_SEP`` here exactly as the reference
writers' flattened copy of the graph has them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from operator import itemgetter
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


class EdgeTexts:
    """An edge's text made once per distinct attribute values: an edge's values (relation, label,
    weight, years, counts) recur on many edges, while those the files leave out (``excerpt``,
    ``sources``) are its own. ``make(d)`` gives the text of an edge's attributes ``d`` and must
    depend only on the attributes whose name ``uses`` accepts (``lean`` by default: all but those
    the files leave out).

    Values are only looked up when each is text, an integer or None (``_SAME_TEXT_TYPES``)."""

    __slots__ = ("_make", "_uses", "_by_names")

    def __init__(self, make: Callable[[dict[str, Any]], Any], uses: Callable[[str], bool] | None = None) -> None:
        self._make = make
        self._uses = uses or lean
        # attribute names in order → (the getter of the used values, their texts by values)
        self._by_names: dict[tuple[str, ...], tuple[Callable[[dict[str, Any]], tuple[Any, ...]], dict]] = {}

    def __call__(self, d: dict[str, Any]) -> Any:
        names = tuple(d)
        seen = self._by_names.get(names)
        if seen is None:
            seen = self._by_names[names] = (_getter(tuple(filter(self._uses, names))), {})
        getter, texts = seen
        values = getter(d)
        if not _SAME_TEXT_TYPES.issuperset(map(type, values)):
            return self._make(d)
        text = texts.get(values)
        if text is None:
            text = texts[values] = self._make(d)
        return text


# equal values of these types have the same text (a str never equals an int or None); a bool equals
# 1 or 0 and a float may equal an int (or be -0.0): edges with those are written without looking up
_SAME_TEXT_TYPES = frozenset((str, int, type(None)))


def lean(name: str) -> bool:
    """Whether the files write an edge attribute (``exporters.common.lean_edge``)."""
    return name not in EDGE_DROP_GEPHI


def _getter(names: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A function giving the values of ``names`` of a dict as a tuple (``itemgetter`` gives a bare
    value for one name)."""
    if len(names) > 1:
        return itemgetter(*names)
    if names:
        name = names[0]
        return lambda d: (d[name],)
    return lambda d: ()


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


def _data_line(prefix: str, v: Any, t: type) -> str:
    """One <data> line: ``prefix`` (its opening tag) and the value as text."""
    if t is str:
        return prefix + text_lxml(v) + "</data>"
    if t is tuple:
        return prefix + text_lxml(LIST_SEP.join(v)) + "</data>"
    return prefix + text_lxml(str(v)) + "</data>"


def _openings(keys: dict[tuple[str, type], str]) -> dict[tuple[str, type], str]:
    """(name, python type) → the opening tag of its <data> lines, made once per key."""
    return {kt: f'<data key="{kid}">' for kt, kid in keys.items()}


_NO_DROP: frozenset[str] = frozenset()


def _node_drop(d: dict[str, Any]) -> frozenset[str]:
    """What a node leaves out in the Gephi formats (``exporters.common.lean_node``)."""
    return _NO_DROP if d.get("type") == "document" else NODE_DROP


def _graphml_nodes(G: nx.DiGraph, keys: dict[tuple[str, type], str], out: ChunkWriter) -> None:
    """The <node> elements: every value is its own (labels, excerpts, positions), so none is kept."""
    from lawgraph.exporters.graphml import mirrored, y_max

    opening = _openings(keys)
    text = text_lxml
    nodes = G.nodes(data=True)
    top = y_max(d for _, d in nodes)
    add = out.parts.append
    for n, d in nodes:
        drop = _NO_DROP if d.get("type") == "document" else NODE_DROP
        if not any(k not in drop for k in d):
            add(f'<node id="{attr_lxml(str(n))}"/>')
            continue
        add(f'<node id="{attr_lxml(str(n))}">')
        for k, v in d.items():
            if k in drop:
                continue
            if k == "y":
                v = mirrored(v, top)
            t = type(v)
            if t is str:
                add(f"{opening[(k, str)]}{text(v)}</data>")
            elif t is float:
                add(f"{opening[(k, float)]}{text(repr(v))}</data>")
            else:
                add(_data_line(opening[(k, str if t is tuple else t)], v, t))
        add("</node>")
        out.flush_if_full()


def _graphml_edges(G: nx.DiGraph, keys: dict[tuple[str, type], str], out: ChunkWriter) -> None:
    """The <edge> elements, each edge's <data> lines made once per distinct values (``EdgeTexts``)."""
    from lawgraph.exporters.graphml import edge_color

    opening = _openings(keys)
    colour_of = lru_cache(maxsize=64)(edge_color)
    drop = EDGE_DROP_GEPHI

    def body(d: dict[str, Any]) -> str:
        lines = []
        for k, x in d.items():
            if k not in drop:
                t = type(x)
                lines.append(_data_line(opening[(k, str if t is tuple else t)], x, t))
        if "color" not in d:
            lines.append(_data_line(opening[("color", str)], colour_of(d.get("relation")), str))
        return ">" + "".join(lines) + "</edge>"

    body_of = EdgeTexts(body)
    node_id = {n: attr_lxml(str(n)) for n in G}
    add = out.parts.append
    for u, v, d in G.edges(data=True):
        add(f'<edge source="{node_id[u]}" target="{node_id[v]}"{body_of(d)}')
        out.flush_if_full()


def write_graphml(G: nx.DiGraph, f: IO[bytes]) -> None:
    """``networkx.write_graphml_lxml(graphml.to_graphml_graph(G), prettyprint=False)`` as a stream
    into ``f``. The lean attributes (``exporters.common``) are chosen while writing, never copied."""
    node_keys, edge_keys, key_lines = _keys(
        (("node", ((d, _node_drop(d), False) for _, d in G.nodes(data=True))),
         ("edge", ((d, EDGE_DROP_GEPHI, "color" not in d) for _, _, d in G.edges(data=True)))),
        _xml_types(),
    )
    edge_default = "directed" if G.is_directed() else "undirected"
    out = ChunkWriter(f)
    out.parts.append(_HEADER)
    out.parts.extend(key_lines)
    out.parts.append(f'<graph edgedefault="{edge_default}">')
    _graphml_nodes(G, node_keys, out)
    _graphml_edges(G, edge_keys, out)
    out.parts.append("</graph></graphml>")
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


def _attr_ids(G: nx.DiGraph, per_year: list[str]) -> tuple[dict[str, str], dict[str, str], list[str], bool]:
    """Attribute ids for node and edge attributes, the <attributes> blocks (networkx inserts each
    new block first), whether the graph is dynamic (any spell or per-year weight). ``per_year``:
    each edge's per-year weight values as text ("" when it has none)."""
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
        ("node", _node_skip, ((d, "") for _, d in G.nodes(data=True))),
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
            if py and WEIGHT_BY_YEAR not in ids:  # the values are doubles (``gexf._year_value``)
                ids[WEIGHT_BY_YEAR] = new_attr(cls, "dynamic", WEIGHT_BY_YEAR, _XML_TYPE[float], "weight")
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


def _viz_xml(d: dict[str, Any], top: float, colours: dict[str, str]) -> str:
    """The viz elements of a node; ``colours`` keeps each colour's element (a few recur on every node)."""
    from lawgraph.exporters.graphml import mirrored

    parts = []
    if "color" in d:
        colour = d["color"]
        element = colours.get(colour) if type(colour) is str else None
        if element is None:
            c = rgb(colour)
            element = f'<viz:color r="{c["r"]}" g="{c["g"]}" b="{c["b"]}" a="1.0" />'
            if type(colour) is str:
                colours[colour] = element
        parts.append(element)
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


def _per_year_texts(G: nx.DiGraph) -> list[str]:
    """Each edge's per-year weight values as text ("" when none; ``gexf.weight_by_year``). Most
    edges have one document: their text is one of a few, shared (one string per year)."""
    year_of = source_years(G)
    one: dict[int, str] = {}
    texts = []
    add = texts.append
    for _, _, d in G.edges(data=True):
        sources = d.get("sources", ())
        if type(sources) is tuple and len(sources) == 1:
            y = year_of.get(sources[0])
            if y is not None:
                text = one.get(y)
                if text is None:
                    text = one[y] = _per_year_xml(weight_by_year(d, year_of))
                add(text)
                continue
        values = weight_by_year(d, year_of)
        add(_per_year_xml(values) if values else "")
    return texts


def _gexf_nodes(G: nx.DiGraph, ids: dict[str, str], node_id: dict[Any, str], out: ChunkWriter) -> None:
    """The <node> elements; text that needs no escaping is written as it is (``_SPECIAL``)."""
    from lawgraph.exporters.graphml import y_max

    nodes = G.nodes(data=True)
    top = y_max(d for _, d in nodes)
    opening = {k: f'<attvalue for="{aid}" value="' for k, aid in ids.items()}
    colours: dict[str, str] = {}
    special = _SPECIAL.search
    add = out.parts.append
    for n, d in nodes:
        label = d["label"] if "label" in d else n
        head = f'<node id="{node_id[n]}" label="{attr_etree(str(label))}"'
        years = d.get("years")
        when, spells = _time_xml(years) if isinstance(years, str) and years else ("", "")
        skip = _node_skip(d)
        rows = [f'{opening[k]}{v if type(v) is str and special(v) is None else _value(v)}" />'
                for k, v in d.items() if k not in skip]
        body = spells + _viz_xml(d, top, colours) + ("<attvalues>" + "".join(rows) + "</attvalues>" if rows else "")
        add(f"{head}{when}>{body}</node>" if body else f"{head}{when} />")
        out.flush_if_full()


def _gexf_edges(G: nx.DiGraph, ids: dict[str, str], node_id: dict[Any, str], per_year: list[str],
                out: ChunkWriter) -> None:
    """The <edge> elements: what follows an edge's id is made once per distinct values
    (``EdgeTexts``) but its per-year weights, which come from its sources."""
    viz = lru_cache(maxsize=64)(_edge_viz)

    def text(d: dict[str, Any]) -> tuple[str, str]:
        """(the rest of the start tag, spells and viz; the static <attvalue>s)."""
        head = ""
        if "label" in d:
            head += f' label="{attr_etree(str(d["label"]))}"'
        if "weight" in d:
            head += f' weight="{attr_etree(str(d["weight"]))}"'
        years = d.get("years")
        when, spells = _time_xml(years) if isinstance(years, str) and years else ("", "")
        skip = _edge_skip(d)
        rows = "".join([f'<attvalue for="{ids[k]}" value="{_value(v)}" />' for k, v in d.items() if k not in skip])
        return f"{head}{when}>{spells}{viz(d.get('relation'))}", rows

    text_of = EdgeTexts(text)
    add = out.parts.append
    for i, ((u, v, d), py) in enumerate(zip(G.edges(data=True), per_year)):
        head, rows = text_of(d)
        tail = f"<attvalues>{rows}{py}</attvalues></edge>" if rows or py else "</edge>"
        add(f'<edge source="{node_id[u]}" target="{node_id[v]}" id="{i}"{head}{tail}')
        out.flush_if_full()


def write_gexf(G: nx.DiGraph, f: IO[bytes]) -> None:
    """``gexf.reference_bytes(G)`` (networkx' writer with three text edits) as a stream into ``f``."""
    per_year = _per_year_texts(G)
    node_ids, edge_ids, attr_blocks, dynamic = _attr_ids(G, per_year)
    nodes = G.nodes(data=True)
    uses_viz = G.number_of_edges() > 0 or any(
        ("color" in d or "size" in d or ("x" in d and "y" in d)) for _, d in nodes
    )
    mode = ' mode="dynamic" name="" timeformat="date"' if dynamic else ' mode="static" name=""'
    edge_type = "directed" if G.is_directed() else "undirected"
    node_id = {n: attr_etree(str(n)) for n in G}
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
        _gexf_nodes(G, node_ids, node_id, out)
        add("</nodes>")
    if G.number_of_edges() == 0:
        add("<edges />")
    else:
        add("<edges>")
        _gexf_edges(G, edge_ids, node_id, per_year, out)
        add("</edges>")
    add("</graph></gexf>")
    out.flush()
