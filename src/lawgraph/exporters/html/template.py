"""The page shell: pyvis' own page, rendered once per build, cut where each page puts its content.

pyvis (``Network.generate_html`` with ``cdn_resources="in_line"``) renders its template once for an
empty graph with an options marker; the two bootstrap tags it always links from a CDN are removed
(the pages must open offline), and the page is split around the places where each page puts its
data, options, script and heading. Every page is that shell with its own data filled in, so no
jinja2 template is rendered per page (pyvis' per-page render costs seconds at corpus scale).
``page_frame`` adds our script and style inline for graph.html; the agency pages take the shell without
pyvis' script and style (``agency_shell``), which ``agencies/lib/`` holds with the libraries
(``agency_lib_script``, ``agency_lib_style``) instead of each page carrying them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from lawgraph.errors import ExportError
from lawgraph.exporters.html.fragments import to_json
from lawgraph.exporters.style import (
    CITE_RELATION_COLORS,
    CITE_RELATION_NAMES_ZH,
    CITE_RELATIONS,
    FONT_FACE,
    NODE_COLORS,
    RELATION_NAMES_ZH,
    TEXT_COLOR,
    TYPE_NAMES_ZH,
)
from lawgraph.graph.schema import ID_PREFIX, LAW_LEVELS, NODE_TYPES

MAX_SOURCES_IN_TOOLTIP = 5  # agency pages list at most this many source files per node or edge
BIG_GRAPH = 1000  # above this many nodes: no hover highlight, edges hidden while dragging/zooming
LIB_DIR = "lib"  # agencies/lib/: the files the agency pages share
# an agency page's links and, when it leaves neighbours out, its note (header.js fills in the numbers)
AGENCY_NAV = (("../index.html", "机关目录"), ("../index.html#laws", "法规目录"), ("../graph.html", "全图"))
AGENCY_NOTE = (
    "本页显示与该机关关系最多的 {shown} 个节点，另有 {left} 个（各仅一两份报告）未画出："
    '见 <a href="../index.html#laws">法规目录</a>、lawgraph.sqlite 或 <code>lawgraph laws --agency</code>。'
)

_BOOTSTRAP = re.compile(
    r"\s*<link[^>]*cdn\.jsdelivr\.net[^>]*/?>|\s*<script[^>]*cdn\.jsdelivr\.net[^>]*>\s*</script>", re.S
)
_EMPTY_HEADING = re.compile(r"\s*<center>\s*<h1>\s*</h1>\s*</center>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLANK = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_NODES_JS = 'JSON.parse(document.getElementById("lg-nodes").textContent)'
_EDGES_JS = 'JSON.parse(document.getElementById("lg-edges").textContent)'
_OPTIONS_MARK = '{"__lawgraph_options__": 1}'


class HtmlExportError(ExportError):
    """The pyvis page did not have the shape this exporter expects (another pyvis version)."""


@cache
def asset(name: str) -> str:
    """A file of ``lawgraph/assets`` (our page script and style)."""
    return resources.files("lawgraph").joinpath("assets", name).read_text(encoding="utf-8")


def pyvis_lib_bytes(name: str) -> bytes:
    """A file of pyvis' ``templates/lib`` (vis-network and pyvis' utils.js), as shipped."""
    return resources.files("pyvis").joinpath("templates", "lib", name).read_bytes()


@cache
def _pyvis_lib(name: str) -> str:
    """A file of pyvis' lib/ as jinja2 includes it (newlines normalised)."""
    return pyvis_lib_bytes(name).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


# the files shared by the agency pages: (name in agencies/lib/, source, tag that loads it)
SHARED_LIBS = (
    ("utils.js", "bindings/utils.js", '<script src="lib/utils.js"></script>'),
    ("vis-network.css", "vis-9.1.2/vis-network.css", '<link rel="stylesheet" href="lib/vis-network.css">'),
    ("vis-network.min.js", "vis-9.1.2/vis-network.min.js", '<script src="lib/vis-network.min.js"></script>'),
)


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
        for _, source, tag in SHARED_LIBS:
            text = _pyvis_lib(source).rstrip("\n")
            at = page.find(text)
            if at < 0:
                raise HtmlExportError("pyvis did not inline its library as expected")
            start = max(page.rfind("<script>", 0, at), page.rfind("<style>", 0, at))
            close = "</script>" if page.startswith("<script>", start) else "</style>"
            end = page.index(close, at) + len(close)
            page = page[:start] + tag + page[end:]
    if shared:  # no library inline: blank lines and pyvis' commented-out tags can go (bytes × pages)
        page = _COMMENT.sub("", page)
        page = _BLANK.sub("\n", page)
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


def label_size(nodes: Sequence[str], positions: dict[str, tuple[float, float]]) -> int:
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
                "background": NODE_COLORS[t],
                "border": "#ffffff",
                "highlight": {"background": NODE_COLORS[t], "border": "#1f2933"},
                "hover": {"background": NODE_COLORS[t], "border": "#1f2933"},
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
                "face": FONT_FACE,
                "color": TEXT_COLOR,
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            # graph.js draws the labels (legible at any zoom, never overlapping): vis draws none
            "scaling": {"label": {"drawThreshold": 1e9}},
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


@cache
def page_frame() -> tuple[tuple[str, str], str, str, str, str]:
    """The fixed texts of graph.html around its data (split once per build from ``_shell``), our
    script and style inline."""
    config = _config()
    head, middle, end = _shell(False)
    style = f"<style>\n{asset('graph.css')}</style>\n"
    script = f"\n{asset('graph.js')}"
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
def options_json(big: bool, label_size: int = 13) -> str:
    return json.dumps(_vis_options(BIG_GRAPH + 1 if big else 0, label_size))


# --- the agency pages: a small shell around their data, the rest in agencies/lib/ ----------------

_PYVIS_STYLE = re.compile(r"<style[^>]*>([^<]*#mynetwork[^<]*)</style>", re.S)
_PYVIS_SCRIPT = re.compile(r'<script type="text/javascript">(.*?drawGraph\(\);)\s*</script>', re.S)


def _config() -> dict[str, Any]:
    """The names and colours a page's script shows (the evidence block's ``config``)."""
    return {
        "types": {t: {"name": TYPE_NAMES_ZH[t], "color": NODE_COLORS[t]} for t in NODE_TYPES},
        "relations": RELATION_NAMES_ZH,
        "citeRelations": {r: {"name": CITE_RELATION_NAMES_ZH[r], "color": CITE_RELATION_COLORS[r]} for r in CITE_RELATIONS},
        "maxSources": MAX_SOURCES_IN_TOOLTIP,
    }


@cache
def agency_shell() -> tuple[str, str, str]:
    """pyvis' page for the agency pages without its script and style (both in ``lib/``), cut
    where a page puts its own content: (before ``<title>``, from ``</head>`` to after ``<body>``,
    from the drawing area to the end, with ``\\x00`` where the page's scripts go)."""
    head, middle, _ = _shell(True)
    head = _PYVIS_STYLE.sub("", head)
    body_at = middle.index("\x00")
    card = middle[body_at + 1 :]
    card = card[: card.index("<script")].strip() if "<script" in card else card.strip()
    body_open = middle[:body_at]
    tail = "\x00\n</main>\n</body>\n</html>\n"
    return head.rstrip() + "\n", body_open, card + "\n" + tail


@cache
def agency_lib_script() -> str:
    """``lib/page.js``: the shared names, colours and vis options, the decoder of a page's data
    (``assets/page.js``) and pyvis' drawing script reading what it decoded."""
    page = _pyvis_page()
    found = _PYVIS_SCRIPT.search(page)
    if not found or page.count("new vis.DataSet([])") != 2:
        raise HtmlExportError("unexpected pyvis page layout; is pyvis 0.3.2 installed?")
    draw = found.group(1).replace("new vis.DataSet([])", "new vis.DataSet(LG.nodes)", 1)
    draw = draw.replace("new vis.DataSet([])", "new vis.DataSet(LG.edges)", 1).replace(_OPTIONS_MARK, "LG.options")
    from lawgraph.exporters.style import EDGE_COLOR_OTHER, EDGE_COLORS, LABEL_CHARS

    config = _config()
    shared = {
        "typeOrder": list(NODE_TYPES),
        "idPrefix": {t: ID_PREFIX.get(t, "") for t in NODE_TYPES},
        "citeOrder": list(CITE_RELATIONS),
        "relations": RELATION_NAMES_ZH,
        "citeRelations": config["citeRelations"],
        "edgeColors": EDGE_COLORS,
        "edgeOther": EDGE_COLOR_OTHER,
        "labelChars": LABEL_CHARS,
        "options": [_vis_options(0), _vis_options(BIG_GRAPH + 1)],
        "evidence": config,
        "nav": AGENCY_NAV,
        "note": AGENCY_NOTE,
        "lawLevels": LAW_LEVELS,
        "edgeOrder": list(EDGE_COLORS),
    }
    draw = _BLANK.sub("\n", draw.strip())
    return f"var LG_CONFIG = {json.dumps(shared, ensure_ascii=False)};\n{asset('inflate.js')}{asset('page.js')}{asset('header.js')}{draw}\n"


@cache
def agency_lib_style() -> str:
    """``lib/lawgraph.css``: pyvis' style of the drawing area, then ours."""
    found = _PYVIS_STYLE.search(_pyvis_page())
    pyvis_style = found.group(1).strip() + "\n" if found else ""
    return pyvis_style + asset("graph.css")
