"""graph.html of a large corpus: an overview a person can read, with the rest one click away.

Up to ``OVERVIEW_NODES`` nodes the page draws the whole graph. Above, it draws the reporting
agencies with the most reports (``OVERVIEW_AGENCIES``) and the laws cited by the most of them (at
most ``OVERVIEW_LAWS``, fewer once ``OVERVIEW_EDGES`` agency→law edges are reached), one edge per
agency citing a law; every other node is left out and a note under the legend says so, linking the
index (every agency and law, with search) whose pages hold the rest. The overview gets its own sizes
and layout (``graph.build.place_nodes``), so it fills the canvas; at 10,000 reports the page is a
few MB instead of ~180 MB and draws in a second. Deterministic: ties are broken by node id.
"""

from __future__ import annotations

import html
import math

import networkx as nx

from lawgraph.exporters.html import memo
from lawgraph.exporters.style import (
    OVERVIEW_AGENCIES,
    OVERVIEW_EDGES,
    OVERVIEW_LAWS,
    OVERVIEW_NODES,
    OVERVIEW_SIZE,
)
from lawgraph.graph.build import place_nodes
from lawgraph.graph.schema import RELATION_SEP


def needs_overview(G: nx.DiGraph) -> bool:
    return G.number_of_nodes() > OVERVIEW_NODES


def _cites(relation: str) -> bool:
    return "cites" in str(relation).split(RELATION_SEP)


def overview_graph(
    G: nx.DiGraph,
    agencies: int = OVERVIEW_AGENCIES,
    laws: int = OVERVIEW_LAWS,
    max_edges: int = OVERVIEW_EDGES,
) -> nx.DiGraph:
    """The overview of ``G``: top agencies × top laws with their ``cites`` edges (attributes copied,
    positions and sizes new). ``G`` is not changed."""
    attrs = G.nodes
    ranked = sorted(memo.reporting(G), key=lambda a: (-int(attrs[a].get("documents", 0)), a))[:agencies]
    citing: dict[str, list[str]] = {}
    for a in ranked:
        for v, e in G.succ[a].items():
            if attrs[v]["type"] == "law" and _cites(e.get("relation", "")):
                citing.setdefault(v, []).append(a)
    chosen: list[str] = []
    edges = 0
    for law in sorted(citing, key=lambda v: (-len(citing[v]), v)):
        if len(chosen) >= laws or (chosen and edges + len(citing[law]) > max_edges):
            break
        chosen.append(law)
        edges += len(citing[law])
    H = nx.DiGraph()
    for law in chosen:
        for a in citing[law]:
            for n in (a, law):
                if n not in H:
                    H.add_node(n, **{k: v for k, v in attrs[n].items() if k not in ("x", "y")})
            H.add_edge(a, law, **G.edges[a, law])
    place_nodes(H)
    # sizes by the overview's own edges, on a gentler scale than the whole graph's: a law cited by
    # every agency shown must not cover its neighbours (a law: citing agencies, an agency: laws)
    for n, deg in H.degree():
        H.nodes[n]["size"] = round(OVERVIEW_SIZE[H.nodes[n]["type"]] * (1.0 + 0.25 * math.sqrt(deg)), 2)
    return H


def overview_note(G: nx.DiGraph, H: nx.DiGraph, index: str = "index.html") -> str:
    """The HTML note of an overview page: what it shows, what it leaves out and where that is."""
    agencies = sum(1 for _, t in H.nodes(data="type") if t == "agency")
    laws = H.number_of_nodes() - agencies
    all_agencies = len(memo.reporting(G))
    all_laws = sum(1 for _, t in G.nodes(data="type") if t == "law")
    left = G.number_of_nodes() - H.number_of_nodes()
    e = html.escape
    return (
        f"概览：报告最多的 {agencies} 个机关（共 {all_agencies} 个报告机关）× 被最多机关引用的 {laws} 部法规"
        f"（共 {all_laws} 部），{H.number_of_edges()} 条引用关系。全图 {G.number_of_nodes()} 个节点、"
        f"{G.number_of_edges()} 条关系，另有 {left} 个节点未画出："
        f'<a href="{e(index)}">机关目录</a>、<a href="{e(index)}#laws">法规目录</a>列出全部机关和法规，'
        "点击节点可打开其机关或法规页面；搜索概览中没有的名称时，可到目录中查找。"
        "整体查看一部分可用 <code>lawgraph build --province 省 --year 年 --top-laws N</code>。"
    )
