"""HTML pages made with pyvis: the whole graph, one ego graph per reporting agency, an index.

How a page is made
- pyvis 0.3.2 (``cdn_resources="in_line"``) renders its template **once per build** (``_shell``)
  with empty data; the two bootstrap tags it always links from a CDN are removed. Every page is that
  shell with its own data filled in, so no jinja2 environment is built and no template is parsed
  per page. The vis data are pyvis ``Node``/``Edge`` option dicts; the options are ours.
- Node and edge data go into ``<script type="application/json">`` blocks as raw UTF-8 JSON (no
  ``\\uXXXX`` for CJK), read with ``JSON.parse`` (much faster than a JavaScript literal). ``<``, ``>``
  and ``&`` are escaped as ``\\u003c`` … inside every JSON block, so no text can close the script
  element or open a comment; the heading and every other text in markup goes through
  ``html.escape``.
- Colours come from vis ``groups`` (one per node type) instead of a colour object on every node.
- The evidence (aliases, sources, excerpts, counts) is in a separate JSON block placed *after* the
  drawing script: the browser draws the graph before it even reaches it, and ``graph.js`` parses it
  only when a tooltip, the details panel or the search needs it. Tooltips stay plain text: vis'
  popup shows the node's ``title`` (its full name) and ``graph.js`` replaces the popup text with the
  evidence through ``innerText`` (vis' own ``Popup.setText``); document text never reaches
  ``innerHTML``.
- Positions are precomputed (``graph.layout`` for the whole graph, a radial layout for ego pages);
  physics is off, so the page is still as soon as it is drawn.

Files
- ``graph.html`` is fully self-contained (vis-network, its CSS, our script and CSS inline).
- ``agencies/<id>.html`` (one per reporting agency) share ``agencies/lib/`` — vis-network.min.js,
  vis-network.css, pyvis' utils.js, lawgraph.js and lawgraph.css — written once per build and
  referenced by relative paths, so they still open offline (``file://``) and make no network
  request. Inlining ~0.7 MB of library into each of thousands of agency pages made the output
  gigabytes; shared, an agency page is its data only (tens of kB). Evidence on agency pages lists
  at most ``MAX_SOURCES_IN_TOOLTIP`` source files per node or edge (with the total), the whole-graph
  page lists them all.
- ``index.html`` links every agency page and the data files.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

import networkx as nx

from lawgraph.files import atomic_path, atomic_write_bytes
from lawgraph.graph import (
    COLORS,
    LAW_LEVELS,
    LIST_SEP,
    NODE_TYPES,
    TYPE_NAMES_ZH,
    layout,
    reporting_agencies,
)

EDGE_COLORS: dict[str, str] = {
    "cites": "rgba(225,87,89,0.45)",
    "runs": "rgba(89,161,79,0.5)",
    "mentions": "rgba(78,121,167,0.5)",
    "authored": "rgba(157,143,134,0.45)",
    "in": "rgba(176,122,161,0.45)",
}
RELATION_NAMES_ZH: dict[str, str] = {
    "cites": "引用",
    "runs": "开展",
    "mentions": "提及",
    "authored": "发布",
    "in": "属于",
}
LABEL_CHARS = 16
MAX_SOURCES_IN_TOOLTIP = 5
BIG_GRAPH = 1000  # above this many nodes: no hover highlight, edges hidden while dragging/zooming
LIB_DIR = "lib"  # agencies/lib/: the files the agency pages share
GRAPH_HEADING = "法治政府建设报告知识图谱"

_BOOTSTRAP = re.compile(
    r"\s*<link[^>]*cdn\.jsdelivr\.net[^>]*/?>|\s*<script[^>]*cdn\.jsdelivr\.net[^>]*>\s*</script>", re.S
)
_EMPTY_HEADING = re.compile(r"\s*<center>\s*<h1>\s*</h1>\s*</center>")
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_NODES_JS = 'JSON.parse(document.getElementById("lg-nodes").textContent)'
_EDGES_JS = 'JSON.parse(document.getElementById("lg-edges").textContent)'
_OPTIONS_MARK = '{"__lawgraph_options__": 1}'
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_encode_str = encode_basestring  # what _ENCODE does with a str


class HtmlExportError(Exception):
    """The pyvis page did not have the shape this exporter expects."""


@cache
def _asset(name: str) -> str:
    return resources.files("lawgraph").joinpath("assets", name).read_text(encoding="utf-8")


def _pyvis_lib_bytes(name: str) -> bytes:
    return resources.files("pyvis").joinpath("templates", "lib", name).read_bytes()


@cache
def _pyvis_lib(name: str) -> str:
    """A file of pyvis' lib/ as jinja2 includes it (newlines normalised)."""
    return _pyvis_lib_bytes(name).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


# the files shared by the agency pages: (name in agencies/lib/, source, tag that loads it)
_SHARED = (
    ("utils.js", "bindings/utils.js", '<script src="lib/utils.js"></script>'),
    ("vis-network.css", "vis-9.1.2/vis-network.css", '<link rel="stylesheet" href="lib/vis-network.css">'),
    ("vis-network.min.js", "vis-9.1.2/vis-network.min.js", '<script src="lib/vis-network.min.js"></script>'),
)


def to_json(value: Any) -> str:
    """Compact UTF-8 JSON that is safe inside a <script> element (no '<', '>', '&' as such)."""
    text = _ENCODE(value)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def short_label(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


# --- the page shell: pyvis' template, rendered once ----------------------------------------------


@cache
def _pyvis_page() -> str:
    """pyvis' page for an empty graph with our options marker (rendered once per build)."""
    from pyvis.network import Network

    net = Network(
        height="100%", width="100%", directed=True, heading="", cdn_resources="in_line", bgcolor="#ffffff"
    )
    net.options = json.loads(_OPTIONS_MARK)
    page = net.generate_html()
    page, n_boot = _BOOTSTRAP.subn("", page)
    page = _EMPTY_HEADING.sub("", page)
    ok = n_boot == 2 and page.count("<body>") == 1 and page.count("</head>") == 1
    ok = ok and page.count("new vis.DataSet([])") == 2 and page.count(_OPTIONS_MARK) == 1
    ok = ok and "drawGraph();" in page and page.count("</body>") == 1
    if not ok:
        raise HtmlExportError("unexpected pyvis page layout; is pyvis 0.3.2 installed?")
    return page


@cache
def _shell(shared: bool) -> tuple[str, str, str]:
    """pyvis' page split around the places where each page puts its own content:
    (before ``</head>``, from ``<body>`` to the options, from the options to ``</body>``)."""
    page = _pyvis_page()
    page = page.replace("new vis.DataSet([])", "new vis.DataSet(" + _NODES_JS + ")", 1)
    page = page.replace("new vis.DataSet([])", "new vis.DataSet(" + _EDGES_JS + ")", 1)
    if shared:
        for _, source, tag in _SHARED:
            text = _pyvis_lib(source).rstrip("\n")
            at = page.find(text)
            if at < 0:
                raise HtmlExportError("pyvis did not inline its library as expected")
            start = max(page.rfind("<script>", 0, at), page.rfind("<style>", 0, at))
            close = "</script>" if page.startswith("<script>", start) else "</style>"
            end = page.index(close, at) + len(close)
            page = page[:start] + tag + page[end:]
    page = page.replace("<html>", '<!DOCTYPE html>\n<html lang="zh-CN">', 1)
    head, rest = page.split("</head>", 1)
    body_start = rest.index("<body>") + len("<body>")
    middle, end = rest.split(_OPTIONS_MARK, 1)
    # our script runs in the same task as pyvis' drawGraph(): no frame is drawn in between
    draw_at = end.index("drawGraph();") + len("drawGraph();")
    if not shared:
        end = end[:draw_at] + "\x01" + end[draw_at:]
    else:
        close = end.index("</script>", draw_at) + len("</script>")
        end = end[:close] + "\x01" + end[close:]
    tail_at = end.rindex("</body>")
    return head, middle[:body_start] + "\x00" + middle[body_start:], end[:tail_at] + "\x00" + end[tail_at:]


def _label_size(nodes: Sequence[str], positions: dict[str, tuple[float, float]]) -> int:
    """Label font size (graph units) that reads at about 7 px once a small graph is fitted to a
    typical window; big graphs keep 13 and show labels only when zoomed in."""
    pts = [positions[n] for n in nodes if n in positions]
    if len(nodes) > BIG_GRAPH or len(pts) < 2:
        return 13
    w = max(x for x, _ in pts) - min(x for x, _ in pts) + 100
    h = max(y for _, y in pts) - min(y for _, y in pts) + 100
    scale = min(1300 / w, 700 / h)
    return int(min(40, max(13, round(7 / scale))))


def _vis_options(n_nodes: int, label_size: int = 13) -> dict[str, Any]:
    big = n_nodes > BIG_GRAPH
    groups = {
        t: {
            "color": {
                "background": COLORS[t],
                "border": "#ffffff",
                "highlight": {"background": COLORS[t], "border": "#1f2933"},
                "hover": {"background": COLORS[t], "border": "#1f2933"},
            }
        }
        for t in NODE_TYPES
    }
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {
            "hover": not big,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
            "navigationButtons": False,
        },
        "groups": groups,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "font": {
                "size": label_size,
                "face": "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
                "color": "#1f2933",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "scaling": {"label": {"drawThreshold": 7 if big else 3}},  # small graphs: labels even zoomed out
        },
        "edges": {
            "smooth": False,
            "width": 1,
            "color": {"highlight": "#1f2933", "hover": "#52606d", "inherit": False},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
    }


# --- per-node and per-edge fragments, made once per build -----------------------------------------


_JS_MEMO: dict[str, str] = {}  # short strings (ids, labels, years, relations) recur on every page
_JS_MEMO_MAX_LEN = 80
_JS_MEMO_MAX_ITEMS = 200_000


def _js(value: Any) -> str:
    """``to_json`` of one value, fast for strings (the C string encoder, escaped only if needed)."""
    if type(value) is str:
        text = _JS_MEMO.get(value)
        if text is not None:
            return text
        text = _js_str(value)
        if len(value) <= _JS_MEMO_MAX_LEN and len(_JS_MEMO) < _JS_MEMO_MAX_ITEMS:
            _JS_MEMO[value] = text
        return text
    return to_json(value)


def _js_str(value: str) -> str:
    text = _encode_str(value)
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


@cache
def _edge_style(rel: str) -> str:
    """'"title":…,"color":{"color":…}' of a relation (the start of its vis edge options)."""
    title = "、".join(RELATION_NAMES_ZH.get(r, r) for r in rel.split("+"))
    color = EDGE_COLORS.get(rel.split("+")[0], "rgba(150,150,150,0.4)")
    return f'"title":{_js(title)},"color":{{"color":{_js(color)}}}'


def _node_fragment(n: str, d: dict[str, Any]) -> str:
    """The vis node (pyvis ``Node(n, "dot", label=…, **opts).options`` without ``shape``) as JSON
    without its position: '{"x":..,"y":..,' + this. Written out by hand (same bytes as ``to_json``)."""
    parts = [
        f'"group":{_js(d["type"])},"size":{_float_json(float(d.get("size", 10.0)))},"title":{_js(d["label"])}'
    ]
    if d.get("level"):
        parts.append(f'"kg_level":{_js(d["level"])}')
    if d.get("years"):
        parts.append(f'"kg_years":{_js(d["years"])}')
    parts.append(f'"id":{_js(n)},"label":{_js(short_label(d["label"]))}}}')
    return ",".join(parts)


def _edge_fragment(u: str, v: str, d: dict[str, Any]) -> str:
    """The vis edge (pyvis ``Edge(u, v, True, **opts).options`` without ``arrows``) as JSON without
    its id: '{"id":N,' + this."""
    weight = int(d.get("weight", 1))
    parts = [_edge_style(d.get("relation", ""))]
    if weight > 1:
        parts.append(f'"width":{_float_json(min(1.0 + 0.8 * (weight - 1), 6.0))}')
    if d.get("years"):
        parts.append(f'"kg_years":{_js(d["years"])}')
    parts.append(f'"from":{_js(u)},"to":{_js(v)}}}')
    return ",".join(parts)


def _sources_json(d: dict[str, Any], limit: int | None) -> str:
    """The ";"-joined ``sources`` as a JSON list (at most ``limit`` items)."""
    src = d.get("sources", "")
    if not src:
        return "[]"
    if type(src) is str and not (";;" in src or src[0] == ";" or src[-1] == ";"):
        if limit is not None and src.count(LIST_SEP, 0, 4096 * limit) >= limit:
            src = LIST_SEP.join(src.split(LIST_SEP, limit)[:limit])
        # one encoder call for the whole list: ';' is never escaped in JSON
        return "[" + _js(src).replace(LIST_SEP, '","') + "]"
    items = [s for s in src.split(LIST_SEP) if s]
    if limit is not None:
        items = items[:limit]
    return "[" + ",".join(map(_js, items)) + "]"


def _node_evidence(d: dict[str, Any], limit: int | None) -> str:
    """[documents, [sources], aliases, excerpt] as JSON."""
    docs = int(d.get("documents", 0))
    return f"[{docs},{_sources_json(d, limit)},{_js(d.get('aliases', ''))},{_js(d.get('excerpt', ''))}]"


def _edge_evidence(d: dict[str, Any], limit: int | None) -> str:
    """[weight, relation, [sources], excerpt] as JSON."""
    weight = int(d.get("weight", 1))
    return f"[{weight},{_js(d.get('relation', ''))},{_sources_json(d, limit)},{_js(d.get('excerpt', ''))}]"


class _Fragments:
    """JSON pieces of the graph's nodes and edges. With ``keep`` they are cached (agency pages share
    them: a law is on many pages); the whole-graph page uses each piece once and keeps none."""

    def __init__(self, G: nx.DiGraph, source_limit: int | None, keep: bool = True) -> None:
        self.G = G
        self.limit = source_limit
        self.keep = keep
        self._node: dict[str, str] = {}
        self._edge: dict[tuple[str, str], str] = {}
        self._node_ev: dict[str, str] = {}
        self._edge_ev: dict[tuple[str, str], str] = {}

    def node(self, n: str) -> str:
        out = self._node.get(n)
        if out is None:
            out = _node_fragment(n, self.G._node[n])
            if self.keep:
                self._node[n] = out
        return out

    def node_ev(self, n: str) -> str:
        out = self._node_ev.get(n)
        if out is None:
            out = _node_evidence(self.G._node[n], self.limit)
            if self.keep:
                self._node_ev[n] = out
        return out

    def edge(self, u: str, v: str) -> str:
        out = self._edge.get((u, v))
        if out is None:
            out = _edge_fragment(u, v, self.G._succ[u][v])
            if self.keep:
                self._edge[(u, v)] = out
        return out

    def edge_ev(self, u: str, v: str) -> str:
        out = self._edge_ev.get((u, v))
        if out is None:
            out = _edge_evidence(self.G._succ[u][v], self.limit)
            if self.keep:
                self._edge_ev[(u, v)] = out
        return out


# --- one page -------------------------------------------------------------------------------------


def _controls(
    node_data: Sequence[dict[str, Any]],
    edge_relations: Iterable[str],
    heading: str,
    subtitle: str,
    nav: list[tuple[str, str]],
) -> str:
    e = html.escape
    type_counts = dict.fromkeys(NODE_TYPES, 0)
    rel_counts: dict[str, int] = {}
    levels: set[str] = set()
    years: set[str] = set()
    for d in node_data:
        type_counts[d["type"]] = type_counts.get(d["type"], 0) + 1
        if d.get("level"):
            levels.add(d["level"])
        if d.get("years"):
            years.update(d["years"].split(LIST_SEP))
    for relation in edge_relations:
        rel = relation.split("+")[0]
        rel_counts[rel] = rel_counts.get(rel, 0) + 1
    years.discard("")
    legend = []
    for t in NODE_TYPES:
        if not type_counts.get(t):
            continue
        legend.append(
            f'<label><input type="checkbox" checked data-type="{e(t)}" data-name="{e(TYPE_NAMES_ZH[t])}"'
            f' data-color="{e(COLORS[t])}">'
            f'<span class="lg-dot" style="background:{e(COLORS[t])}"></span>{e(TYPE_NAMES_ZH[t])}'
            f' <span class="lg-count">{type_counts[t]}</span></label>'
        )
    if rel_counts:
        legend.append('<span class="lg-sep"></span>')
    for rel in sorted(rel_counts, key=lambda r: list(EDGE_COLORS).index(r) if r in EDGE_COLORS else 99):
        legend.append(
            f'<span title="{e(rel)}"><span class="lg-line" style="background:{e(EDGE_COLORS.get(rel, "#999"))}">'
            f'</span> {e(RELATION_NAMES_ZH.get(rel, rel))} <span class="lg-count">{rel_counts[rel]}</span></span>'
        )
    level_opts = "".join(
        f'<option value="{e(lv)}">{e(lv)}</option>'
        for lv in sorted(levels, key=lambda s: (LAW_LEVELS.index(s) if s in LAW_LEVELS else 99, s))
    )
    year_opts = "".join(f'<option value="{e(y)}">{e(y)}年</option>' for y in sorted(years))
    nav_html = "".join(f'<a href="{e(href)}">{e(text)}</a>' for href, text in nav)
    return (
        '<header id="lg-bar">\n'
        f"<h1>{e(heading)}</h1>"
        f'<span class="lg-sub">{e(subtitle)}</span>'
        + (f'<span class="lg-nav">{nav_html}</span>' if nav_html else "")
        + '\n<div class="lg-controls">'
        '<input type="search" id="lg-search" list="lg-names" placeholder="搜索机关、法规或简称" autocomplete="off">'
        '<button type="button" id="lg-go">定位</button>'
        f'<select id="lg-level" title="法规层级"><option value="">全部层级</option>{level_opts}</select>'
        f'<select id="lg-year" title="年份"><option value="">全部年份</option>{year_opts}</select>'
        '<button type="button" id="lg-reset" class="lg-plain">重置</button>'
        '<span id="lg-msg"></span></div>\n'
        f'<div id="lg-legend">{"".join(legend)}</div>\n'
        '</header>\n<datalist id="lg-names"></datalist>\n'
    )


def _fmt(x: float) -> str:
    return repr(float(x) + 0.0)


_CHUNK = 2_000  # nodes or edges per text piece of a streamed page


def _joined(pieces: Iterable[list[str]]) -> Iterator[str]:
    """``",\\n".join`` of all the items of all the lists, one text per list."""
    first = True
    for items in pieces:
        if not items:
            continue
        text = ",\n".join(items)
        yield text if first else ",\n" + text
        first = False


def _page_chunks(
    frags: _Fragments,
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    positions: dict[str, tuple[float, float]],
    heading: str,
    nav: list[tuple[str, str]],
    shared: bool,
) -> Iterator[str]:
    """The page as a sequence of texts (a big page is written without ever being one string)."""
    G = frags.G
    attrs = G._node
    succ = G._succ
    subtitle = f"{len(nodes)} 个节点 · {len(edges)} 条关系"
    controls = _controls(
        (attrs[n] for n in nodes), (succ[u][v].get("relation", "") for u, v in edges), heading, subtitle, nav
    )
    (head_end, body_open, body_rest, script_part, after_tail) = _page_frame(shared)
    # never split/strip lines here: the minified vis-network code contains \u2028, \x1c ... in strings
    yield (
        head_end[0]
        + f"<title>{html.escape(heading)}</title>\n"
        + head_end[1]
        + body_open
        + "\n"
        + controls
        + '<script type="application/json" id="lg-nodes">['
    )
    node_vis = frags.node
    no_pos = (0.0, 0.0)
    yield from _joined(
        [
            f'{{"x":{_fmt(x)},"y":{_fmt(y)},{node_vis(n)}'
            for n in nodes[i : i + _CHUNK]
            for x, y in (positions.get(n, no_pos),)
        ]
        for i in range(0, len(nodes), _CHUNK)
    )
    yield ']</script>\n<script type="application/json" id="lg-edges">['
    edge_vis = frags.edge
    yield from _joined(
        [f'{{"id":{i + j},{edge_vis(u, v)}' for j, (u, v) in enumerate(edges[i : i + _CHUNK])]
        for i in range(0, len(edges), _CHUNK)
    )
    yield (
        ']</script>\n<main id="lg-stage"><div id="lg-status"></div><aside id="lg-info"></aside>'
        + body_rest
        + _options_json(len(nodes) > BIG_GRAPH, _label_size(nodes, positions))
        + script_part
    )
    node_ev = frags.node_ev
    yield from _joined(
        [f"{_js(n)}:{node_ev(n)}" for n in nodes[i : i + _CHUNK]] for i in range(0, len(nodes), _CHUNK)
    )
    yield '},\n"edges":[\n'
    edge_ev = frags.edge_ev
    yield from _joined(
        [edge_ev(u, v) for u, v in edges[i : i + _CHUNK]] for i in range(0, len(edges), _CHUNK)
    )
    yield "]}</script>\n" + after_tail


@cache
def _page_frame(shared: bool) -> tuple[tuple[str, str], str, str, str, str]:
    """The fixed texts of a page around its data (split once per build from ``_shell``)."""
    config = {
        "types": {t: {"name": TYPE_NAMES_ZH[t], "color": COLORS[t]} for t in NODE_TYPES},
        "relations": RELATION_NAMES_ZH,
        "maxSources": MAX_SOURCES_IN_TOOLTIP,
    }
    head, middle, end = _shell(shared)
    if shared:
        style = f'<link rel="stylesheet" href="{LIB_DIR}/lawgraph.css">\n'
        script = f'\n<script src="{LIB_DIR}/lawgraph.js"></script>'
    else:
        style = f"<style>\n{_asset('graph.css')}</style>\n"
        script = f"\n{_asset('graph.js')}"
    head_end = '<meta name="viewport" content="width=device-width, initial-scale=1">\n' + style + "</head>"
    body_open, body_rest = middle.split("\x00", 1)
    before_script, after = end.split("\x01", 1)
    before_tail, after_tail = after.split("\x00", 1)
    if not after_tail.endswith("\n"):
        after_tail += "\n"
    script_part = (
        before_script
        + script
        + before_tail
        + '</main>\n<script type="application/json" id="lg-evidence">{"config":'
        + to_json(config)
        + ',\n"nodes":{'
    )
    return (head, head_end), body_open, body_rest, script_part, after_tail


@cache
def _options_json(big: bool, label_size: int = 13) -> str:
    return json.dumps(_vis_options(BIG_GRAPH + 1 if big else 0, label_size))


def _assemble(
    frags: _Fragments,
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    positions: dict[str, tuple[float, float]],
    heading: str,
    nav: list[tuple[str, str]],
    shared: bool,
) -> str:
    return "".join(_page_chunks(frags, nodes, edges, positions, heading, nav, shared))


def _float_json(x: float) -> str:
    """``to_json`` of a float."""
    return float.__repr__(x) if math.isfinite(x) else to_json(x)


def _sorted_graph(G: nx.DiGraph) -> tuple[list[str], list[tuple[str, str]]]:
    edges = [(u, v) for u in G for v in G._succ[u]]  # nodes are stored sorted (graph.build_graph)
    if any(a >= b for a, b in zip(edges, edges[1:])):
        edges.sort()
    nodes = list(G)
    if any(a >= b for a, b in zip(nodes, nodes[1:])):
        nodes.sort()
    return nodes, edges


def _positions(G: nx.DiGraph) -> dict[str, tuple[float, float]]:
    if all("x" in d and "y" in d for d in G._node.values()):
        return {n: (d["x"], d["y"]) for n, d in G._node.items()}
    return layout(G)


def render_page(
    G: nx.DiGraph,
    heading: str,
    *,
    nav: list[tuple[str, str]] | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    shared: bool = False,
) -> str:
    """The complete HTML of one page showing ``G`` (positions: node attrs x/y, else computed).

    ``shared=True`` makes a page that loads the libraries from ``lib/`` beside it (agency pages)."""
    nodes, edges = _sorted_graph(G)
    pos = _positions(G) if positions is None else positions
    return _assemble(_Fragments(G, None, keep=False), nodes, edges, pos, heading, nav or [], shared)


def _write_chunks(path: str | os.PathLike[str], chunks: Iterable[str]) -> None:
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        for text in chunks:
            f.write(text.encode("utf-8"))


def write(G: nx.DiGraph, path: str | os.PathLike[str], heading: str = GRAPH_HEADING) -> None:
    """Write one self-contained page showing the whole graph."""
    nodes, edges = _sorted_graph(G)
    frags = _Fragments(G, None, keep=False)
    _write_chunks(path, _page_chunks(frags, nodes, edges, _positions(G), heading, [], False))


def write_graph_page(G: nx.DiGraph, out_dir: str | os.PathLike[str]) -> Path:
    """graph.html: the whole graph, streamed to the file."""
    path = Path(out_dir) / "graph.html"
    nodes, edges = _sorted_graph(G)
    frags = _Fragments(G, None, keep=False)
    nav = [("index.html", "机关目录")]
    _write_chunks(path, _page_chunks(frags, nodes, edges, _positions(G), GRAPH_HEADING, nav, False))
    return path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` (atomically) unless the file already holds exactly these bytes."""
    try:
        if os.stat(path).st_size == len(data):
            with open(path, "rb") as f:
                if f.read() == data:
                    return False
    except OSError:
        pass
    atomic_write_bytes(path, data)
    return True


def agency_page_name(node: str) -> str:
    return f"{node}.html"


def ego_nodes(G: nx.DiGraph, node: str) -> list[str]:
    """The agency and everything it links to or from, sorted (read from the adjacency, no copy)."""
    return sorted({node, *G._succ[node], *G._pred[node]})


def ego(G: nx.DiGraph, node: str) -> nx.DiGraph:
    """The agency's ego graph (radius 1, either direction) as a read-only subgraph view."""
    return G.subgraph(ego_nodes(G, node))


def _ego_edges(G: nx.DiGraph, nodes: Sequence[str]) -> list[tuple[str, str]]:
    members = set(nodes)
    succ = G._succ
    return [(u, v) for u in nodes for v in sorted(members.intersection(succ[u]))]


RING_SPACING = 85.0  # px between neighbours on a ring of the ego layout
RING_GAP = 200.0  # px between rings
ONE_RING = 48  # up to this many neighbours: a single ring


def radial_layout(G: nx.DiGraph, center: str, nodes: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The agency in the middle, its neighbours on rings around it grouped by type then name."""
    order = {t: i for i, t in enumerate(NODE_TYPES)}
    attrs = G._node
    others = sorted(
        (n for n in nodes if n != center),
        key=lambda n: (order.get(attrs[n]["type"], 99), attrs[n]["label"], n),
    )
    pos: dict[str, tuple[float, float]] = {center: (0.0, 0.0)}
    i = 0
    ring = 0
    while i < len(others):
        left = len(others) - i
        if ring == 0 and left <= ONE_RING:
            radius = max(RING_GAP, left * RING_SPACING / (2 * math.pi))
        else:
            radius = 1.5 * RING_GAP + RING_GAP * ring
        capacity = max(6, int(2 * math.pi * radius / RING_SPACING))
        count = min(capacity, left)
        offset = 0.5 if ring % 2 else 0.0
        for j in range(count):
            angle = -math.pi / 2 + 2 * math.pi * (j + offset) / count
            x = round(radius * math.cos(angle), 1) + 0.0
            y = round(radius * math.sin(angle), 1) + 0.0
            pos[others[i + j]] = (x, y)
        i += count
        ring += 1
    return pos


def agency_rows(G: nx.DiGraph) -> list[tuple[str, str, int, str, int]]:
    """(label, page name, documents, years, laws cited) per reporting agency, in id order."""
    rows = []
    succ = G._succ
    for a in reporting_agencies(G):
        d = G._node[a]
        cites = sum(1 for e in succ[a].values() if e["relation"] == "cites")
        rows.append((d["label"], agency_page_name(a), int(d.get("documents", 0)), d.get("years", ""), cites))
    return rows


_FRAGMENT_PAGES = 1500  # agency pages that share one fragment cache


def write_agency_pages(
    G: nx.DiGraph, out_dir: str | os.PathLike[str], agencies: Iterable[str]
) -> tuple[int, int]:
    """agencies/<id>.html for the given agencies; a page whose bytes are already on disk is left
    untouched. Returns (pages, pages rewritten)."""
    agency_dir = Path(out_dir) / "agencies"
    frags = _Fragments(G, MAX_SOURCES_IN_TOOLTIP)
    nav = [("../index.html", "机关目录"), ("../graph.html", "全图")]
    pages = changed = 0
    for a in agencies:
        if pages and pages % _FRAGMENT_PAGES == 0:
            frags = _Fragments(G, MAX_SOURCES_IN_TOOLTIP)  # bound the memory of the cache
        nodes = ego_nodes(G, a)
        label = G._node[a]["label"]
        page = _assemble(
            frags, nodes, _ego_edges(G, nodes), radial_layout(G, a, nodes), f"{label} · 关系图", nav, True
        )
        pages += 1
        changed += write_if_changed(agency_dir / agency_page_name(a), page.encode("utf-8"))
    return pages, changed


def write_agency_lib(out_dir: str | os.PathLike[str]) -> list[Path]:
    """agencies/lib/: the libraries, script and style the agency pages share."""
    lib = Path(out_dir) / "agencies" / LIB_DIR
    written = []
    for file_name, source, _ in _SHARED:
        write_if_changed(lib / file_name, _pyvis_lib_bytes(source))
        written.append(lib / file_name)
    write_if_changed(lib / "lawgraph.js", _asset("graph.js").encode("utf-8"))
    write_if_changed(lib / "lawgraph.css", _asset("graph.css").encode("utf-8"))
    return written + [lib / "lawgraph.js", lib / "lawgraph.css"]


def remove_stale_pages(out_dir: str | os.PathLike[str], wanted: Iterable[str]) -> None:
    """Delete agencies/agency_*.html pages of agencies no longer in the graph."""
    agency_dir = Path(out_dir) / "agencies"
    keep = set(wanted)
    if agency_dir.is_dir():
        for stale in sorted(agency_dir.glob("agency_*.html")):
            if stale.name not in keep:
                stale.unlink()


def write_index(
    G: nx.DiGraph, out_dir: str | os.PathLike[str], rows: list[tuple[str, str, int, str, int]]
) -> Path:
    path = Path(out_dir) / "index.html"
    write_if_changed(path, render_index(G, rows).encode("utf-8"))
    return path


def site_files(out_dir: str | os.PathLike[str], rows: list[tuple[str, str, int, str, int]]) -> list[Path]:
    """The files ``write_site`` writes, in its order."""
    out = Path(out_dir)
    pages = [out / "graph.html"] + [out / "agencies" / name for _, name, _, _, _ in rows]
    if rows:
        lib = out / "agencies" / LIB_DIR
        pages += [lib / name for name, _, _ in _SHARED] + [lib / "lawgraph.js", lib / "lawgraph.css"]
    return pages + [out / "index.html"]


def write_site(G: nx.DiGraph, out_dir: str | os.PathLike[str]) -> list[Path]:
    """graph.html + agencies/<id>.html (one per reporting agency) + agencies/lib/ + index.html."""
    out = Path(out_dir)
    write_graph_page(G, out)
    rows = agency_rows(G)
    write_agency_pages(G, out, reporting_agencies(G))
    if rows:
        write_agency_lib(out)
    remove_stale_pages(out, (name for _, name, _, _, _ in rows))
    write_index(G, out, rows)
    return site_files(out, rows)


def render_index(G: nx.DiGraph, rows: list[tuple[str, str, int, str, int]]) -> str:
    e = html.escape
    counts = dict.fromkeys(NODE_TYPES, 0)
    for _, t in G.nodes(data="type"):
        counts[t] = counts.get(t, 0) + 1
    summary = " · ".join(f"{TYPE_NAMES_ZH[t]} {counts[t]}" for t in NODE_TYPES if counts.get(t))
    body_rows = "\n".join(
        f'<tr><td><a href="agencies/{e(name)}">{e(label)}</a></td><td>{docs}</td>'
        f"<td>{e(years.replace(LIST_SEP, '、'))}</td><td>{cites}</td></tr>"
        for label, name, docs, years, cites in sorted(rows)
    )
    files = [
        ("graph.graphml", "GraphML（Gephi、igraph）"),
        ("graph.gexf", "GEXF（Gephi，含时间轴）"),
        ("graph.json", "JSON（node-link）"),
        ("nodes.csv", "节点表 CSV"),
        ("edges.csv", "关系表 CSV"),
    ]
    file_links = "".join(f'<li><a href="{e(f)}">{e(f)}</a> {e(t)}</li>' for f, t in files)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>法治政府建设报告知识图谱 · 目录</title>
<style>
body {{ font: 14px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2933;
  max-width: 960px; margin: 24px auto; padding: 0 16px; }}
h1 {{ font-size: 22px; margin-bottom: 4px; }}
.sub {{ color: #616e7c; margin-top: 0; }}
a {{ color: #2f6fb3; text-decoration: none; }} a:hover {{ text-decoration: underline; }}
table {{ border-collapse: collapse; width: 100%; margin-top: 8px; }}
th, td {{ border-bottom: 1px solid #e4e7eb; padding: 6px 8px; text-align: left; }}
th {{ background: #f4f6f8; font-weight: 600; }}
.big {{ display: inline-block; margin: 8px 0 16px; padding: 8px 16px; background: #2f6fb3; color: #fff; border-radius: 4px; }}
.big:hover {{ text-decoration: none; background: #285f99; }}
</style>
</head>
<body>
<h1>法治政府建设报告知识图谱</h1>
<p class="sub">{e(summary)} · 关系 {G.number_of_edges()}</p>
<a class="big" href="graph.html">打开全图</a>
<h2>报告机关（{len(rows)}）</h2>
<table>
<thead><tr><th>机关</th><th>报告数</th><th>年份</th><th>引用法规数</th></tr></thead>
<tbody>
{body_rows}
</tbody>
</table>
<h2>数据文件</h2>
<ul>{file_links}</ul>
</body>
</html>
"""
