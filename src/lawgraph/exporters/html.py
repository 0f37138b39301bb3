"""Self-contained HTML pages made with pyvis: whole graph, one ego graph per reporting agency, index.

pyvis 0.3.2 with ``cdn_resources="in_line"`` embeds vis-network; the two bootstrap tags it always
links from a CDN are removed, so the page makes no network request at all. The page is produced
with ``generate_html()`` and written here as UTF-8 (pyvis' own writer uses the locale encoding
and may write ``lib/`` into the current folder). Document text only reaches the page as JSON data
(pyvis' ``tojson`` escapes ``<``/``>``) or through ``html.escape``; tooltips are plain text and
never contain ``href`` (which would switch pyvis to raw-innerHTML popups).
"""

from __future__ import annotations

import html
import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from lawgraph.exporters import atomic_write_text
from lawgraph.graph import COLORS, LAW_LEVELS, LIST_SEP, NODE_TYPES, TYPE_NAMES_ZH, layout, reporting_agencies

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
BIG_GRAPH = 1000  # above this many nodes: no labels on edges, edges hidden while dragging

_HREF = re.compile(r"(?i)(h)(ref)")
_BOOTSTRAP = re.compile(
    r"\s*<link[^>]*cdn\.jsdelivr\.net[^>]*/?>|\s*<script[^>]*cdn\.jsdelivr\.net[^>]*>\s*</script>", re.S
)
_EMPTY_HEADING = re.compile(r"\s*<center>\s*<h1>\s*</h1>\s*</center>")


class HtmlExportError(Exception):
    """The pyvis page did not have the shape this exporter expects."""


@cache
def _asset(name: str) -> str:
    return resources.files("lawgraph").joinpath("assets", name).read_text(encoding="utf-8")


def plain(text: str) -> str:
    """Tooltip text: never the substring 'href' (pyvis would render every title as HTML)."""
    return _HREF.sub("\\1\u200b\\2", text)


def short_label(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _sources_line(sources: str) -> str:
    items = [s for s in sources.split(LIST_SEP) if s]
    names = [s.replace("\\", "/").rsplit("/", 1)[-1] for s in items[:MAX_SOURCES_IN_TOOLTIP]]
    more = f" 等 {len(items)} 份" if len(items) > MAX_SOURCES_IN_TOOLTIP else ""
    return "、".join(names) + more


def node_title(d: dict[str, Any]) -> str:
    lines = [d["label"], f"类型：{TYPE_NAMES_ZH.get(d['type'], d['type'])}"]
    if d.get("level"):
        lines.append(f"层级：{d['level']}")
    lines.append(f"报告数：{d.get('documents', 0)}" + (f"　年份：{d['years']}" if d.get("years") else ""))
    if d.get("sources"):
        lines.append(f"来源：{_sources_line(d['sources'])}")
    if d.get("excerpt"):
        lines.append(f"摘录：{d['excerpt']}")
    return plain("\n".join(lines))


def edge_title(G: nx.DiGraph, u: str, v: str, d: dict[str, Any]) -> str:
    rel = d.get("relation", "")
    rel_zh = "、".join(RELATION_NAMES_ZH.get(r, r) for r in rel.split("+"))
    lines = [
        f"{G.nodes[u]['label']} → {G.nodes[v]['label']}",
        f"{rel_zh}（{rel}）：{d.get('weight', 1)} 份报告"
        + (f"　年份：{d['years']}" if d.get("years") else ""),
    ]
    if d.get("sources"):
        lines.append(f"来源：{_sources_line(d['sources'])}")
    if d.get("excerpt"):
        lines.append(f"摘录：{d['excerpt']}")
    return plain("\n".join(lines))


def _vis_options(n_nodes: int) -> dict[str, Any]:
    big = n_nodes > BIG_GRAPH
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
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "font": {
                "size": 13,
                "face": "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
                "color": "#1f2933",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "scaling": {"label": {"drawThreshold": 7}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
    }


def _vis_network(G: nx.DiGraph, positions: dict[str, tuple[float, float]]) -> Any:
    """A pyvis Network holding plain copies of the graph's data (the graph itself is not touched)."""
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    net = Network(
        height="100%", width="100%", directed=True, heading="", cdn_resources="in_line", bgcolor="#ffffff"
    )
    net.options = _vis_options(G.number_of_nodes())
    # Node/Edge directly: Network.add_node/add_edge test membership in lists (quadratic)
    for n, d in sorted(G.nodes(data=True)):
        x, y = positions.get(n, (0.0, 0.0))
        opts = {
            "title": node_title(d),
            "size": float(d.get("size", 10.0)),
            "x": float(x),
            "y": float(y),
            "kg_name": d["label"],
            "kg_type": d["type"],
            "kg_level": d.get("level", ""),
            "kg_years": d.get("years", ""),
            "kg_aliases": d.get("aliases", ""),
            "kg_sources": d.get("sources", ""),
            "kg_documents": int(d.get("documents", 0)),
            "kg_excerpt": d.get("excerpt", ""),
            "kg_color": d.get("color", "#888888"),
        }
        color = d.get("color", "#888888")
        node = Node(
            n, "dot", label=short_label(d["label"]),
            color={"background": color, "border": "#ffffff",
                   "highlight": {"background": color, "border": "#1f2933"},
                   "hover": {"background": color, "border": "#1f2933"}},
            font_color=False, **opts,
        )  # fmt: skip
        net.nodes.append(node.options)
        net.node_ids.append(n)
        net.node_map[n] = node.options
    for u, v, d in sorted(G.edges(data=True)):
        rel = d.get("relation", "")
        weight = int(d.get("weight", 1))
        edge = Edge(
            u, v, True,
            title=edge_title(G, u, v, d),
            width=min(1.0 + 0.8 * (weight - 1), 6.0),
            color={"color": EDGE_COLORS.get(rel.split("+")[0], "rgba(150,150,150,0.4)"),
                   "highlight": "#1f2933", "hover": "#52606d"},
            kg_relation=rel,
            kg_years=d.get("years", ""),
        )  # fmt: skip
        edge.options.pop("arrows", None)  # arrows come from the global options
        net.edges.append(edge.options)
    return net


def _controls(G: nx.DiGraph, heading: str, subtitle: str, nav: list[tuple[str, str]]) -> str:
    e = html.escape
    type_counts = {t: 0 for t in NODE_TYPES}
    rel_counts: dict[str, int] = {}
    levels: set[str] = set()
    years: set[str] = set()
    for _, d in G.nodes(data=True):
        type_counts[d["type"]] = type_counts.get(d["type"], 0) + 1
        if d.get("level"):
            levels.add(d["level"])
        years.update(y for y in d.get("years", "").split(LIST_SEP) if y)
    for _, _, d in G.edges(data=True):
        rel = d.get("relation", "").split("+")[0]
        rel_counts[rel] = rel_counts.get(rel, 0) + 1
    legend = []
    for t in NODE_TYPES:
        if not type_counts.get(t):
            continue
        legend.append(
            f'<label><input type="checkbox" checked data-type="{e(t)}" data-name="{e(TYPE_NAMES_ZH[t])}">'
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


def render_page(
    G: nx.DiGraph,
    heading: str,
    *,
    nav: list[tuple[str, str]] | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
) -> str:
    """The complete HTML of one page showing ``G`` (positions: node attrs x/y, else computed)."""
    if positions is None:
        if all("x" in d and "y" in d for _, d in G.nodes(data=True)):
            positions = {n: (d["x"], d["y"]) for n, d in G.nodes(data=True)}
        else:
            positions = layout(G)
    net = _vis_network(G, positions)
    page = net.generate_html()
    page, n_boot = _BOOTSTRAP.subn("", page)
    page = _EMPTY_HEADING.sub("", page)
    if n_boot != 2 or "<body>" not in page or "</head>" not in page or "drawGraph();" not in page:
        raise HtmlExportError("unexpected pyvis page layout; is pyvis 0.3.2 installed?")
    subtitle = f"{G.number_of_nodes()} 个节点 · {G.number_of_edges()} 条关系"
    head = (
        f"<title>{html.escape(heading)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>\n{_asset('graph.css')}</style>\n</head>"
    )
    page = page.replace("</head>", head, 1)
    page = page.replace("<html>", '<!DOCTYPE html>\n<html lang="zh-CN">', 1)
    page = page.replace(
        "<body>",
        "<body>\n" + _controls(G, heading, subtitle, nav or []) + '<main id="lg-stage">',
        1,
    )
    tail = (
        '<div id="lg-status"></div><aside id="lg-info"></aside></main>\n'
        f"<script>\n{_asset('graph.js')}</script>\n</body>"
    )
    idx = page.rindex("</body>")
    page = page[:idx] + tail + page[idx + len("</body>") :]
    # never split/strip lines here: the minified vis-network code contains \u2028, \x1c ... in strings
    return page if page.endswith("\n") else page + "\n"


def write(G: nx.DiGraph, path: str | os.PathLike[str], heading: str = "法治政府建设报告知识图谱") -> None:
    """Write one page showing the whole graph."""
    atomic_write_text(path, render_page(G, heading))


def agency_page_name(node: str) -> str:
    return f"{node}.html"


def ego(G: nx.DiGraph, node: str) -> nx.DiGraph:
    """The agency, everything it links to or from, and the edges among them (a copy)."""
    return nx.ego_graph(G, node, radius=1, undirected=True).copy()


def write_site(G: nx.DiGraph, out_dir: str | os.PathLike[str]) -> list[Path]:
    """graph.html + agencies/<id>.html (one per reporting agency) + index.html; returns the files."""
    out = Path(out_dir)
    pages = [out / "graph.html"]
    atomic_write_text(pages[0], render_page(G, "法治政府建设报告知识图谱", nav=[("index.html", "机关目录")]))
    agency_dir = out / "agencies"
    wanted: set[str] = set()
    rows = []
    for a in reporting_agencies(G):
        H = ego(G, a)
        label = G.nodes[a]["label"]
        name = agency_page_name(a)
        wanted.add(name)
        atomic_write_text(
            agency_dir / name,
            render_page(
                H,
                f"{label} · 关系图",
                nav=[("../index.html", "机关目录"), ("../graph.html", "全图")],
                positions=layout(H),
            ),
        )
        pages.append(agency_dir / name)
        cites = sum(1 for t in G.successors(a) if G.edges[a, t]["relation"] == "cites")
        rows.append((label, name, int(G.nodes[a].get("documents", 0)), G.nodes[a].get("years", ""), cites))
    if agency_dir.is_dir():
        for stale in sorted(agency_dir.glob("agency_*.html")):
            if stale.name not in wanted:
                stale.unlink()
    atomic_write_text(out / "index.html", render_index(G, rows))
    pages.append(out / "index.html")
    return pages


def render_index(G: nx.DiGraph, rows: list[tuple[str, str, int, str, int]]) -> str:
    e = html.escape
    counts = {t: 0 for t in NODE_TYPES}
    for _, d in G.nodes(data=True):
        counts[d["type"]] = counts.get(d["type"], 0) + 1
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
