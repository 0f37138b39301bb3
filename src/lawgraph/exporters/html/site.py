"""The site around graph.html: one ego-graph page per reporting agency (``agencies/<id>.html``),
the libraries they share (``agencies/lib/``), and ``index.html`` linking them and the data files.

Agency pages load vis-network, pyvis' utils.js, pyvis' drawing script with our decoder
(``lib/page.js``: ``template.agency_lib_script``) and our script and style from ``agencies/lib/`` by
relative paths, so they open offline (``file://``) and make no network request; a page is its
heading and one packed data block (``compact``), ~6 KB at corpus scale. A page whose bytes are
already on disk is left untouched, so a rebuild rewrites only what changed.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from lawgraph.exporters.html import compact, indexpage, lawpages, memo, overview
from lawgraph.exporters.html.display import node_places
from lawgraph.exporters.html.fragments import ego_weights
from lawgraph.exporters.html.indexpage import DATA_FILES as INDEX_FILES
from lawgraph.exporters.html.lawpages import (
    LAW_DIR,
    law_nodes,
    law_page_name,
    remove_stale_law_pages,
    write_law_lib,
)
from lawgraph.exporters.html.memo import per_graph
from lawgraph.exporters.html.page import PageFolder, write, write_if_changed
from lawgraph.exporters.html.template import (
    BIG_GRAPH,
    LIB_DIR,
    MAX_SOURCES_IN_TOOLTIP,
    SHARED_LIBS,
    agency_lib_script,
    agency_lib_style,
    agency_shell,
    asset,
    label_size,
    pyvis_lib_bytes,
)
from lawgraph.exporters.style import EGO_NODES, GRAPH_HEADING
from lawgraph.graph.schema import NODE_TYPES, RELATION_SEP


def site_pages(G: nx.DiGraph) -> frozenset[str]:
    """The nodes with a page of their own: every law (laws/) and every reporting agency (agencies/)."""
    return per_graph(G, "site_pages", lambda: frozenset(law_nodes(G)) | frozenset(memo.reporting(G)))


def node_types(G: nx.DiGraph) -> dict[str, str]:
    """{node: type}, read without a view per node."""
    return per_graph(G, "types", lambda: dict(G.nodes(data="type")))


def _places(G: nx.DiGraph) -> dict[str, str]:
    return per_graph(G, "places", lambda: node_places(G))


def write_graph_page(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """graph.html of the site: the whole graph (above ``OVERVIEW_NODES`` nodes its overview,
    ``overview``), with a link to the index; the details panel links the law and agency pages."""
    links = {"law": f"{LAW_DIR}/", "agency": "agencies/"}
    nav = [("index.html", "机关目录"), ("index.html#laws", "法规目录")]
    if not overview.needs_overview(G):
        write(G, path, nav=nav, pages=site_pages(G), links=links)
        return
    H = overview.overview_graph(G)
    places = _places(G)
    write(
        H,
        path,
        heading=GRAPH_HEADING + " · 概览",
        nav=nav,
        pages=site_pages(G) & frozenset(H),
        links=links,
        note=overview.overview_note(G, H),
        places={n: places[n] for n in H if n in places},
        source_limit=MAX_SOURCES_IN_TOOLTIP,
        more="index.html",
    )


def agency_page_name(node: str) -> str:
    """The file name of an agency's page in ``agencies/``."""
    return f"{node}.html"


def ego_nodes(
    G: nx.DiGraph, node: str, limit: int | None = None, weights: dict[str, int] | None = None
) -> list[str]:
    """The agency and everything it links to or from, sorted; with ``limit``, at most that many
    neighbours: the ones it links most (``ego_weights``, given or read), then by id."""
    near = ego_weights(G, node) if weights is None else weights
    keep = list(near) if limit is None or len(near) <= limit else sorted(near, key=lambda n: (-near[n], n))[:limit]
    return sorted({node, *keep})


def _ego_edges(G: nx.DiGraph, nodes: Sequence[str]) -> list[tuple[str, str]]:
    members = set(nodes)
    succ = G._succ if memo.ENABLED else G.succ  # the plain dicts: no view per node
    return [(u, v) for u in nodes for v in sorted(members.intersection(succ[u]))]


RING_SPACING = 85.0  # px between neighbours on a ring of the ego layout
RING_GAP = 200.0  # px between rings
ONE_RING = 48  # up to this many neighbours: a single ring


def _layout_key(G: nx.DiGraph) -> Callable[[str], Any]:
    """The order of the neighbours around an agency: by type, then name, then id; as one rank per
    node, worked out once per graph (``memo``), rather than a key tuple per node and page."""
    order = {t: i for i, t in enumerate(NODE_TYPES)}
    attrs = G.nodes

    def key(n: str) -> tuple[int, str, str]:
        return (order.get(attrs[n]["type"], 99), attrs[n]["label"], n)

    if not memo.ENABLED:
        return key
    return per_graph(G, "layout_rank", lambda: {n: i for i, n in enumerate(sorted(G, key=key))}).__getitem__


def radial_layout(
    G: nx.DiGraph, center: str, nodes: Sequence[str], key: Callable[[str], Any] | None = None
) -> dict[str, tuple[float, float]]:
    """The agency in the middle, its neighbours on rings around it grouped by type then name
    (``key``: ``_layout_key(G)``, given when many pages are laid out)."""
    others = sorted((n for n in nodes if n != center), key=key or _layout_key(G))
    pos: dict[str, tuple[float, float]] = {center: (0.0, 0.0)}
    pos.update(zip(others, ring_points(len(others)) if memo.ENABLED else _ring_points(len(others))))
    return pos


def _ring_points(count: int) -> tuple[tuple[float, float], ...]:
    """The places of ``count`` neighbours around the agency: one ring, or rings of growing radius."""
    points = []
    ring = 0
    while len(points) < count:
        left = count - len(points)
        if ring == 0 and left <= ONE_RING:
            radius = max(RING_GAP, left * RING_SPACING / (2 * math.pi))
        else:
            radius = 1.5 * RING_GAP + RING_GAP * ring
        on_ring = min(max(6, int(2 * math.pi * radius / RING_SPACING)), left)
        offset = 0.5 if ring % 2 else 0.0
        for j in range(on_ring):
            angle = -math.pi / 2 + 2 * math.pi * (j + offset) / on_ring
            points.append((round(radius * math.cos(angle), 1) + 0.0, round(radius * math.sin(angle), 1) + 0.0))
        ring += 1
    return tuple(points)


ring_points = cache(_ring_points)  # the same few counts on every page


def agency_rows(G: nx.DiGraph) -> list[tuple[str, str, int, str, int]]:
    """(label, page name, documents, years, laws cited) per reporting agency, in id order."""
    rows = []
    succ = G.succ
    for a in memo.reporting(G):
        d = G.nodes[a]
        cites = sum(1 for e in succ[a].values() if e["relation"] == "cites")
        rows.append((d["label"], agency_page_name(a), int(d.get("documents", 0)), d.get("years", ""), cites))
    return rows


def write_agency_pages(
    G: nx.DiGraph, out_dir: str | os.PathLike[str], agencies: Iterable[str]
) -> tuple[int, int]:
    """agencies/<id>.html for the given agencies: a small shell, the header and the page's data
    (``compact``); the script, style and options are in ``agencies/lib/``. A page whose bytes are
    already on disk is left untouched. Returns (pages, pages rewritten)."""
    folder = PageFolder(Path(out_dir) / "agencies")
    pages_of = site_pages(G)
    places = _places(G)
    links = {"law": f"../{LAW_DIR}/", "agency": ""}
    head, body_open, tail = agency_shell()
    scripts = f'<script src="{LIB_DIR}/page.js"></script>\n<script src="{LIB_DIR}/lawgraph.js"></script>'
    tail = tail.replace("\x00", scripts)
    head_end = (
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="stylesheet" href="{LIB_DIR}/lawgraph.css">\n</head>'
    )
    pages = changed = 0
    # the items of a node's or edge's row alike on every page, kept for the other shards of this process
    fixed = per_graph(G, "agency_rows", dict)
    order = _layout_key(G)
    for a in agencies:
        weights = ego_weights(G, a)
        nodes = ego_nodes(G, a, EGO_NODES, weights)
        edges = _ego_edges(G, nodes)
        left = len(weights) + (a in G.succ[a]) - (len(nodes) - 1)  # a self-loop counted as before
        heading = f"{G.nodes[a]['label']} · 关系图"
        positions = radial_layout(G, a, nodes, order)
        data = compact.agency_data(
            G, a, nodes, edges, positions, places, pages_of, links, MAX_SOURCES_IN_TOOLTIP,
            len(nodes) > BIG_GRAPH, _font(nodes, positions), (len(nodes) - 1, left) if left else None, fixed, weights,
        )  # fmt: skip
        # the header's controls and legend are built by lib/page.js from the data (header.js)
        controls = f'<header id="lg-bar">\n<h1>{html.escape(heading)}</h1></header>\n'
        page = (
            f"{head}<title>{html.escape(heading)}</title>\n{head_end}{body_open}\n{controls}"
            f'<script type="{compact.BLOCK_TYPE}" id="lg-data">{compact.pack(data)}</script>\n'
            f'<main id="lg-stage"><div id="lg-status"></div><aside id="lg-info"></aside>{tail}'
        )
        pages += 1
        changed += folder.write(agency_page_name(a), page.encode("utf-8"))
    return pages, changed


def _font(nodes: Sequence[str], positions: dict[str, tuple[float, float]]) -> int:
    """``label_size`` of an agency page, whose positions are the ring points of its node count."""
    if not memo.ENABLED:
        return label_size(nodes, positions)
    return _ring_font(len(nodes))


@cache
def _ring_font(count: int) -> int:
    points = ((0.0, 0.0), *ring_points(count - 1))
    return label_size(range(count), dict(enumerate(points)))


def write_agency_lib(out_dir: str | os.PathLike[str]) -> list[Path]:
    """agencies/lib/: the libraries, script and style the agency pages share."""
    lib = Path(out_dir) / "agencies" / LIB_DIR
    written = []
    for file_name, source, _ in SHARED_LIBS:
        write_if_changed(lib / file_name, pyvis_lib_bytes(source))
        written.append(lib / file_name)
    own = {
        "page.js": agency_lib_script(),
        "lawgraph.js": asset("graph.js"),
        "lawgraph.css": agency_lib_style(),
    }
    for file_name, text in own.items():
        write_if_changed(lib / file_name, text.encode("utf-8"))
        written.append(lib / file_name)
    return written


def remove_stale_pages(
    out_dir: str | os.PathLike[str], wanted: Iterable[str], wanted_laws: Iterable[str] | None = None
) -> None:
    """Delete agencies/agency_*.html pages of agencies no longer in the graph (and, given the law
    pages wanted, laws/law_*.html pages of laws no longer in it)."""
    agency_dir = Path(out_dir) / "agencies"
    keep = set(wanted)
    if agency_dir.is_dir():
        for stale in sorted(agency_dir.glob("agency_*.html")):
            if stale.name not in keep:
                stale.unlink()
    if wanted_laws is not None:
        remove_stale_law_pages(out_dir, wanted_laws)


def write_site_libs(out_dir: str | os.PathLike[str], agencies: bool, laws: bool) -> None:
    """The files the pages share: agencies/lib/ (given agency pages), laws/lib/ (given law pages)."""
    if agencies:
        write_agency_lib(out_dir)
    if laws:
        write_law_lib(out_dir)


def write_law_pages(G: nx.DiGraph, out_dir: str | os.PathLike[str], laws: Iterable[str]) -> tuple[int, int]:
    """laws/<id>.html for the given laws (``lawpages``), linking the agency pages of the site."""
    return lawpages.write_law_pages(G, out_dir, laws, site_pages(G))


def law_rows(G: nx.DiGraph) -> list[tuple[str, str, str, int, int]]:
    """(label, page name, level, citing agencies, documents) per law, most cited first."""
    attrs = G.nodes
    laws = law_nodes(G)
    types = node_types(G)
    citing = dict.fromkeys(laws, 0)  # agencies citing each law, read in one pass over the laws' edges
    for u, law, rel in G.in_edges(laws, data="relation", default=""):
        if types[u] == "agency" and "cites" in rel.split(RELATION_SEP):
            citing[law] += 1
    rows = []
    for law in laws:
        d = attrs[law]
        rows.append((d["label"], law_page_name(law), d.get("level", ""), citing[law], int(d.get("documents", 0))))
    rows.sort(key=lambda r: (-r[3], -r[4], r[0], r[1]))
    return rows


def write_index(
    G: nx.DiGraph, out_dir: str | os.PathLike[str], rows: list[tuple[str, str, int, str, int]] | None = None,
    files: Iterable[str] = tuple(INDEX_FILES),
) -> Path:
    """index.html (``render_index``) of the given agency rows (by default ``agency_rows(G)``), linking
    the data ``files`` written beside it."""
    path = Path(out_dir) / "index.html"
    write_if_changed(path, render_index(G, agency_rows(G) if rows is None else rows, files).encode("utf-8"))
    return path


def site_files(out_dir: str | os.PathLike[str], agencies: Iterable[str], laws: Iterable[str] = ()) -> list[Path]:
    """The HTML files of a build (graph.html, agency pages, their library, law pages, index.html) with
    pages for ``agencies`` and ``laws`` (node ids)."""
    out = Path(out_dir)
    agency_pages = [out / "agencies" / agency_page_name(a) for a in agencies]
    pages = [out / "graph.html", *agency_pages]
    law_pages = [out / LAW_DIR / law_page_name(law) for law in laws]
    if law_pages:
        law_pages += [out / LAW_DIR / lawpages.LIB_DIR / name for name in (lawpages.STYLE_FILE, lawpages.SCRIPT_FILE)]
    pages += law_pages
    if agency_pages:
        lib = out / "agencies" / LIB_DIR
        pages += [lib / name for name, _, _ in SHARED_LIBS] + [lib / n for n in ("page.js", "lawgraph.js", "lawgraph.css")]
    return pages + [out / "index.html"]


def render_index(G: nx.DiGraph, rows: list[tuple[str, str, int, str, int]],
                 files: Iterable[str] = tuple(INDEX_FILES)) -> str:
    """index.html (``indexpage``): the agencies of ``rows`` and every law, searchable and sortable,
    and links to the data ``files``."""
    return indexpage.render_index(G, rows, law_rows(G), files)
