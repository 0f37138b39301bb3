"""One graph page: the heading, legend and filters, the data blocks, pyvis' drawing script, and
the evidence block after it (the browser draws before it reaches the evidence, which ``graph.js``
parses only when a tooltip, the details panel or the search needs it).

Tooltips stay plain text: vis' popup shows the node's ``title`` and ``graph.js`` replaces the popup
text through ``innerText``; document text never reaches ``innerHTML``, and every text in markup
goes through ``html.escape``. Positions are precomputed (node x/y, else ``graph.layout``); physics
is off, so the page is still as soon as it is drawn. A big page is written in pieces, never held as
one string.
"""

from __future__ import annotations

import contextlib
import html
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from lawgraph.exporters.common import sorted_edges, sorted_nodes
from lawgraph.exporters.html import memo
from lawgraph.exporters.html.display import place_options
from lawgraph.exporters.html.evidence import relation_main
from lawgraph.exporters.html.fragments import Fragments, js, to_json
from lawgraph.exporters.html.template import BIG_GRAPH, label_size, options_json, page_frame
from lawgraph.exporters.style import (
    CITE_RELATION_COLORS,
    CITE_RELATION_NAMES_ZH,
    CITE_RELATIONS,
    EDGE_COLORS,
    GRAPH_HEADING,
    NODE_COLORS,
    RELATION_NAMES_ZH,
    TYPE_NAMES_ZH,
)
from lawgraph.files import atomic_path, atomic_write_bytes
from lawgraph.graph.layout import layout
from lawgraph.graph.schema import LAW_LEVELS, LIST_SEP, NODE_TYPES, RELATION_SEP
from lawgraph.lexicon.names import agency_abbrev

# --- one page -------------------------------------------------------------------------------------


def page_controls(
    node_data: Iterable[dict[str, Any]],
    edge_data: Iterable[dict[str, Any]],
    heading: str,
    subtitle: str,
    nav: list[tuple[str, str]],
    places: Iterable[str] = (),
    note: str = "",
    abbrev: bool = True,
) -> str:
    """The header: heading, links, search, filters, legend; ``places`` the nodes' place keys (the
    province/city filter, shown when there are any); ``note`` an HTML paragraph under the legend;
    ``abbrev`` whether the page carries the short forms its search expands (graph.html; the agency
    pages' header, built by ``header.js`` to these same elements, does without)."""
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
    cite_counts: dict[str, int] = {}
    for d in edge_data:
        main = relation_main(d)
        if main:  # a typed citation: counted in its relation's row, not in the plain cites row
            cite_counts[main] = cite_counts.get(main, 0) + 1
            continue
        rel = d.get("relation", "").split(RELATION_SEP)[0]
        rel_counts[rel] = rel_counts.get(rel, 0) + 1
    years.discard("")
    legend = []
    for t in NODE_TYPES:
        if not type_counts.get(t):
            continue
        legend.append(
            f'<label><input type="checkbox" checked data-type="{e(t)}" data-name="{e(TYPE_NAMES_ZH[t])}"'
            f' data-color="{e(NODE_COLORS[t])}">'
            f'<span class="lg-dot" style="background:{e(NODE_COLORS[t])}"></span>{e(TYPE_NAMES_ZH[t])}'
            f' <span class="lg-count">{type_counts[t]}</span></label>'
        )
    if rel_counts:
        legend.append('<span class="lg-sep"></span>')
    for rel in sorted(rel_counts, key=lambda r: list(EDGE_COLORS).index(r) if r in EDGE_COLORS else 99):
        legend.append(
            f'<span title="{e(rel)}"><span class="lg-line" style="background:{e(EDGE_COLORS.get(rel, "#999"))}">'
            f'</span> {e(RELATION_NAMES_ZH.get(rel, rel))} <span class="lg-count">{rel_counts[rel]}</span></span>'
        )
    legend.extend(_relation_legend(cite_counts))
    level_opts = "".join(
        f'<option value="{e(lv)}">{e(lv)}</option>'
        for lv in sorted(levels, key=lambda s: (LAW_LEVELS.index(s) if s in LAW_LEVELS else 99, s))
    )
    year_opts = "".join(f'<option value="{e(y)}">{e(y)}年</option>' for y in sorted(years))
    place_opts = "".join(f'<option value="{e(v)}">{e(t)}</option>' for v, t in place_options(places))
    place_select = (
        f'<select id="lg-place" title="省份/城市"><option value="">全部地区</option>{place_opts}</select>'
        if place_opts
        else ""
    )
    nav_html = "".join(f'<a href="{e(href)}">{e(text)}</a>' for href, text in nav)
    return (
        '<header id="lg-bar">\n'
        f"<h1>{e(heading)}</h1>"
        f'<span class="lg-sub">{e(subtitle)}</span>'
        + (f'<span class="lg-nav">{nav_html}</span>' if nav_html else "")
        + '\n<div class="lg-controls">'
        '<span class="lg-find"><input type="search" id="lg-search" placeholder="搜索机关、法规或简称"'
        ' autocomplete="off" role="combobox" aria-controls="lg-suggest" aria-expanded="false">'
        '<ul id="lg-suggest" role="listbox" hidden></ul></span>'
        '<button type="button" id="lg-go">定位</button>'
        f'<select id="lg-level" title="法规层级"><option value="">全部层级</option>{level_opts}</select>'
        f'<select id="lg-year" title="年份"><option value="">全部年份</option>{year_opts}</select>'
        + place_select
        + '<button type="button" id="lg-reset" class="lg-plain">重置</button>'
        '<span id="lg-msg"></span></div>\n'
        f'<div id="lg-legend">{"".join(legend)}</div>\n'
        + (f'<p id="lg-note">{note}</p>\n' if note else "")
        + "</header>\n"
        + (f'<script type="application/json" id="lg-abbrev">{to_json(agency_abbrev())}</script>\n' if abbrev else "")
    )


def _relation_legend(counts: dict[str, int]) -> list[str]:
    """The typed-citation rows of the legend: one checkbox per relation (the relation filter), its
    colour and how many citation edges have it as their main relation."""
    if not counts:
        return []
    e = html.escape
    items = ['<span class="lg-sep"></span><span class="lg-head">引用方式</span>']
    for rel in CITE_RELATIONS:
        if not counts.get(rel):
            continue
        items.append(
            f'<label title="{e(rel)}"><input type="checkbox" checked data-rel="{e(rel)}">'
            f'<span class="lg-line" style="background:{e(CITE_RELATION_COLORS[rel])}"></span>'
            f'{e(CITE_RELATION_NAMES_ZH[rel])} <span class="lg-count">{counts[rel]}</span></label>'
        )
    return items


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
    frags: Fragments,
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    positions: dict[str, tuple[float, float]],
    heading: str,
    nav: list[tuple[str, str]],
    extra: str = "",
    note: str = "",
) -> Iterator[str]:
    """The page as a sequence of texts (a big page is written without ever being one string);
    ``extra`` is added to the evidence block (',"key":value…': links, the index for names it
    leaves out); ``note`` (HTML) is shown under the legend."""
    G = frags.G
    attrs = G.nodes
    adj = G.adj
    subtitle = f"{len(nodes)} 个节点 · {len(edges)} 条关系"
    places = (frags.places.get(n, "") for n in nodes)
    controls = page_controls(
        (attrs[n] for n in nodes), (adj[u][v] for u, v in edges), heading, subtitle, nav, places, note
    )
    (head_end, body_open, body_rest, script_part, after_tail) = page_frame()
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
        + options_json(len(nodes) > BIG_GRAPH, label_size(nodes, positions))
        + script_part
    )
    node_ev = frags.node_ev
    yield from _joined(
        [f"{js(n)}:{node_ev(n)}" for n in nodes[i : i + _CHUNK]] for i in range(0, len(nodes), _CHUNK)
    )
    yield '},\n"edges":[\n'
    edge_ev = frags.edge_ev
    yield from _joined(
        [edge_ev(u, v) for u, v in edges[i : i + _CHUNK]] for i in range(0, len(edges), _CHUNK)
    )
    yield "]" + extra + "}</script>\n" + after_tail


def assemble(
    frags: Fragments,
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    positions: dict[str, tuple[float, float]],
    heading: str,
    nav: list[tuple[str, str]],
    extra: str = "",
    note: str = "",
) -> str:
    return "".join(_page_chunks(frags, nodes, edges, positions, heading, nav, extra, note))


def _positions(G: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """The nodes' x/y attributes, or a layout when any node has none."""
    nodes = G.nodes(data=True)
    if all("x" in d and "y" in d for _, d in nodes):
        return {n: (d["x"], d["y"]) for n, d in nodes}
    return layout(G)


def render_page(
    G: nx.DiGraph,
    heading: str,
    *,
    nav: list[tuple[str, str]] | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
) -> str:
    """The complete HTML of one self-contained page showing ``G`` (positions: node attrs x/y, else
    computed)."""
    nodes, edges = sorted_nodes(G), sorted_edges(G)
    pos = _positions(G) if positions is None else positions
    return assemble(Fragments(G, None), nodes, edges, pos, heading, nav or [])


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


class PageFolder:
    """The pages one process writes into one folder (a shard of the agency or law pages), with
    ``write_if_changed``'s result: the same files, renamed into place from ``.NAME.PID.tmp`` as
    ``files.atomic_path`` does, and a page already holding its bytes left untouched. The folder is
    created and listed once; a page not in the listing is written without asking the disk whether
    its folder exists and whether it is there (at 10,000 reports those calls for the ~27,000 pages
    cost more than their text). Without ``memo.ENABLED`` every page goes through ``write_if_changed``."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._dir = os.fspath(self.path)
        self._present: set[str] | None = None  # listed at the first page: no pages, no folder
        self._pid = os.getpid()

    def _listing(self) -> set[str]:
        if self._present is None:
            self.path.mkdir(parents=True, exist_ok=True)
            with os.scandir(self._dir) as entries:
                self._present = {e.name for e in entries}
        return self._present

    def write(self, name: str, data: bytes) -> bool:
        """Write the page ``name`` unless it holds ``data`` already; True when it was written."""
        if not memo.ENABLED or name in self._listing():
            return write_if_changed(self.path / name, data)
        tmp = os.path.join(self._dir, f".{name}.{self._pid}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fchmod(fd, 0o644)
            finally:
                os.close(fd)
            os.replace(tmp, os.path.join(self._dir, name))
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        return True


def _write_chunks(path: str | os.PathLike[str], chunks: Iterable[str]) -> None:
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        for text in chunks:
            f.write(text.encode("utf-8"))


def write(
    G: nx.DiGraph,
    path: str | os.PathLike[str],
    heading: str = GRAPH_HEADING,
    nav: Sequence[tuple[str, str]] = (),
    pages: frozenset[str] | None = None,
    links: dict[str, str] | None = None,
    *,
    note: str = "",
    places: dict[str, str] | None = None,
    source_limit: int | None = None,
    more: str = "",
) -> None:
    """Write one self-contained page showing the whole graph, streamed to the file; ``nav`` are
    (href, text) links in its header; ``pages`` the nodes with a page of their own, found at
    ``links[type] + id + ".html"`` (the details panel links them); ``note`` (HTML) says what the
    page shows; ``places`` the nodes' province/city keys (default: found in ``G``);
    ``source_limit`` the most source files listed per node or edge (None: all); ``more`` the page
    (the index) where the search sends a name the page does not show."""
    nodes, edges = sorted_nodes(G), sorted_edges(G)
    frags = Fragments(G, source_limit, pages, places)
    extra = page_links(links) if pages else ""
    if more:
        extra += ',"more":' + js(more)
    chunks = _page_chunks(frags, nodes, edges, _positions(G), heading, list(nav), extra, note)
    _write_chunks(path, chunks)


def page_links(links: dict[str, str] | None) -> str:
    """',"pages":{type: folder}' for a page's evidence block: where the pages of laws and agencies
    are, relative to that page."""
    return ',"pages":' + to_json(links or {})
