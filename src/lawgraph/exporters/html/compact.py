"""The data of an agency page in one compact JSON block (``lg-data``), and its decoding.

Thousands of agency pages share everything fixed (pyvis' drawing script, the vis options, the type
and relation names and colours: ``agencies/lib/page.js``); a page carries only its own data, as
arrays rather than objects with repeated keys, each node id and file name once (edges, sources and
evidence rows point at them by index), the years of a node or edge as a bit mask over the page's
first year, and no colour, title or short label that the script derives from the rest.
``lib/page.js`` decodes the block into exactly what ``decode`` returns here: the vis nodes and edges
and the evidence object a page without this block carries (``page._page_chunks``), so ``graph.js``
reads both kinds of page alike. A test compares the two decoders in a browser.

Block (``v`` = ``VERSION``)::

    {"v":1, "y0": first year, "files": [file name…], "places": [place keys…],
     "n": [[id, type#, x, y, size, years, place#, label, documents, has page, level, aliases,
            [file#…], excerpt]…],
     "e": [[from#, to#, years, relation, weight, main relation#, [mentions per CITE_RELATIONS],
            [file#…], excerpt]…],
     "focus": node#, "m": [[law#, total, [[relation#, text before the name, the name, text after
            it, file#, year, line]…]]…] | null,
     "pages": {type: folder}, "big": 0/1, "font": label size, "note": [shown, left out] when some are}

What differs from page to page (position, size, years, place) comes first in a row, so the rest of
a node's or edge's row is written once per build and reused. A row ends early where the rest are
defaults (documents 0, no page, level, aliases and excerpt "", no files; weight 1, main relation
-1, counts 0). An id is written without its type's prefix (``schema.ID_PREFIX``: ``law_``…), or as
``[id]`` when it has another form. ``years`` is a number (bit ``k`` = year ``y0 + k``) or, for
anything but sorted four-digit years, the text itself. Aliases leave out the label (the search and
the panel add it back). The page carries the block deflated (``pack``): the evidence windows of
one line of a report overlap, and DEFLATE keeps their shared text once (a pool of text segments
referenced by offset saved 1% more and cost a quarter of the time).
"""

from __future__ import annotations

import base64
import json
import math
import zlib
from collections.abc import Sequence
from functools import lru_cache
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

import networkx as nx

from lawgraph.exporters.html import evidence, memo
from lawgraph.exporters.html.display import display_aliases
from lawgraph.exporters.html.fragments import (
    _file_name,
    edge_title_color,
    edge_width,
    ego_weights,
    float_json,
    js,
    js_text,
    script_safe,
    short_label,
    to_json,
)
from lawgraph.exporters.style import CITE_RELATIONS, NODE_BASE_SIZE
from lawgraph.graph.schema import ALIAS_SEP, ID_PREFIX, LIST_SEP, NODE_TYPES

VERSION = 1
_TYPE_INDEX = {t: i for i, t in enumerate(NODE_TYPES)}
_REL_INDEX = {r: i for i, r in enumerate(CITE_RELATIONS)}


@lru_cache(maxsize=1 << 14)
def _num(x: float) -> str:
    """A number as short as JSON allows (20.0 → 20): the same value once parsed (positions and
    sizes recur from page to page: remembered)."""
    x = float(x) + 0.0
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else float_json(x)


_ORIGIN = (0.0, 0.0)


@lru_cache(maxsize=1 << 14)
def _xy(point: tuple[float, float]) -> str:
    """"x,y" of a position (the ring points recur on every page: remembered)."""
    return f"{_num(point[0])},{_num(point[1])}"


@lru_cache(maxsize=1 << 12)
def _year_list(text: str) -> tuple[int, ...] | None:
    """The years of a ;-joined list, when they are sorted distinct four-digit years (a few hundred
    distinct lists recur on every page: remembered)."""
    items = text.split(LIST_SEP)
    if not all(len(y) == 4 and y.isdigit() for y in items):
        return None
    ys = tuple(int(y) for y in items)
    return ys if list(ys) == sorted(set(ys)) else None


@lru_cache(maxsize=1 << 14)
def _years_of(text: str, y0: int) -> str:
    ys = _year_list(text)
    if ys is None or ys[0] < y0 or ys[-1] - y0 > 52:  # exact in a JavaScript number
        return js(text)
    return str(sum(1 << (y - y0) for y in ys))


def _years(text: Any, y0: int) -> str:
    return _years_of(str(text), y0) if text else "0"


def _first_year(values: Sequence[Any]) -> int:
    found = [ys[0] for v in values if v for ys in (_year_list(str(v)),) if ys]
    return min(found, default=2000)


class Table:
    """Strings numbered in the order first seen."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        return self.index.setdefault(value, len(self.index))

    def json(self) -> str:
        return "[" + ",".join(js(v) for v in self.index) + "]"


def _sources(d: dict[str, Any], limit: int, files: Table) -> str:
    if limit <= 0:
        return "[]"
    src = d.get("sources", ())
    if type(src) is str:
        src = tuple(s for s in src.split(LIST_SEP) if s)
    return "[" + ",".join(str(files(_file_name(s))) for s in src[:limit]) + "]"


class SourceNumbers:
    """``_sources`` of a page, each source path's file number and each list of sources written once:
    an agency's edges name the same few reports of its own again and again (at 10,000 reports,
    ~330,000 edges of agencies and 12,000 distinct lists of their first sources per agency)."""

    def __init__(self, limit: int, files: Table) -> None:
        self.limit, self.files, self.seen = limit, files, {}
        self.lists: dict[tuple[Any, ...], str] = {}

    def __call__(self, d: dict[str, Any]) -> str:
        if self.limit <= 0:
            return "[]"
        src = d.get("sources", ())
        if type(src) is str:
            src = tuple(s for s in src.split(LIST_SEP) if s)
        if type(src) is not tuple:
            return self._list(src)
        found = self.lists.get(src)
        if found is None:  # numbered in the order first seen, so a list seen again adds no number
            found = self.lists[src] = self._list(src)
        return found

    def _list(self, src: Sequence[Any]) -> str:
        return "[" + ",".join(map(self.number, src[: self.limit])) + "]"

    def number(self, source: Any) -> str:
        """The file number of a source path, as text."""
        found = self.seen.get(source)
        if found is None:
            found = self.seen[source] = str(self.files(_file_name(source)))
        return found


_NODE_DEFAULTS = ("0", "0", '""', '""', "[]", '""')  # documents … excerpt
_EDGE_DEFAULTS = ("1", "-1", "0", "[]", '""')  # weight … excerpt


def _node_items(d: dict[str, Any], pages: frozenset[str], n: str) -> list[Any]:
    """label, documents, has page, level, aliases: a node's row items after its place."""
    return [js(d["label"]), str(int(d.get("documents", 0))), "1" if n in pages else "0", js(d.get("level") or ""), js(_aliases(d))]


def _edge_items(d: dict[str, Any]) -> list[Any]:
    """relation, weight, main relation#, counts: an edge's row items after its years."""
    counts = evidence.relation_counts(d)
    return [
        js(d.get("relation", "")), str(int(d.get("weight", 1))), str(_REL_INDEX.get(evidence.relation_main(d), -1)),
        "[" + ",".join(str(counts.get(r, 0)) for r in CITE_RELATIONS) + "]" if counts else "0",
    ]  # fmt: skip


_COUNT_ATTRS = tuple(key for _, key in evidence._COUNT_KEYS)


def _own_edge_tail(d: dict[str, Any], sources: str, text: Any) -> str:
    """``_row_tail`` of an edge of the page's agency (``_edge_items``, its sources and text): such an
    edge is on one page or two, so its row is written in one go rather than kept (same text)."""
    get = d.get
    counts = [c if type(c) is int and c > 0 else 0 for c in map(get, _COUNT_ATTRS)]
    main = get("relation_main")
    items = [
        js(get("relation", "")), str(int(get("weight", 1))),
        str(_REL_INDEX.get(main, -1)) if isinstance(main, str) else "-1",
        "[" + ",".join(map(str, counts)) + "]" if any(counts) else "0",
    ]  # fmt: skip
    if text:
        return ",".join(items) + f",{sources},{js_text(text)}"
    if sources != "[]":
        return ",".join(items) + "," + sources
    return _strip(items, _EDGE_DEFAULTS, 1)


def _row_tail(items: list[Any], defaults: Sequence[str]) -> str:
    """The items joined without the trailing ones that equal their default (``defaults`` line up
    with the items after the first, which is always written)."""
    return _strip(items, defaults, 1)


def _strip(items: list[str], defaults: Sequence[str], keep: int) -> str:
    end = len(items)
    while end > keep and items[end - 1] == defaults[end - 1 - keep]:
        end -= 1
    return ",".join(items[:end])


def _text(text: str) -> str:
    return js_text(text) if text else '""'


def _note(note: tuple[int, int] | None) -> str:
    return f'"note":[{note[0]},{note[1]}],' if note else ""


def _int(value: int | None) -> str:
    return "null" if value is None else str(value)


def mention_row(m: evidence.Mention, files: Table) -> str:
    """[relation#, text before the name, the name, text after it, file#, year, line] of one law
    mention (``evidence.bounded_span``; pieces, not offsets: JavaScript counts UTF-16 units)."""
    _, _, rel, source, year, line, text, mark = evidence.parts(m)
    snippet, a, b = evidence.bounded_text(*evidence.text_span(text, mark))
    return (
        f"[{_REL_INDEX.get(rel if isinstance(rel, str) else 'cites', len(CITE_RELATIONS) - 1)},"
        f"{js_text(snippet[:a])},{js(snippet[a:b])},{js_text(snippet[b:])},{files(_file_name(source))},"
        f"{_int(year)},{_int(line)}]"
    )


def mention_rows(items: Sequence[evidence.Mention], numbers: SourceNumbers) -> str:
    """``mention_row`` of each mention, ","-joined: the pieces encoded as they are, and the rows
    made safe for the script element at once (``fragments.script_safe``; the same text)."""
    rows = []
    other = len(CITE_RELATIONS) - 1
    for m in items:
        _, _, rel, source, year, line, text, mark = evidence.parts(m)
        snippet, a, b = evidence.bounded_text(*evidence.text_span(text, mark))
        rows.append(
            f"[{_REL_INDEX.get(rel if isinstance(rel, str) else 'cites', other)},"
            f"{encode_basestring(snippet[:a])},{encode_basestring(snippet[a:b])},{encode_basestring(snippet[b:])},"
            f"{numbers.number(source)},{_int(year)},{_int(line)}]"
        )
    return script_safe(",".join(rows))


def _id(n: str, t: str) -> str:
    prefix = ID_PREFIX.get(t, "") + "_"
    return js(n[len(prefix) :]) if len(prefix) > 1 and n.startswith(prefix) else f"[{js(n)}]"


def _aliases(d: dict[str, Any]) -> str:
    raw = d.get("aliases", "")
    return _shown_aliases(raw if isinstance(raw, str) else ALIAS_SEP.join(raw), d["label"])


@lru_cache(maxsize=1 << 16)
def _shown_aliases(aliases: str, label: str) -> str:
    """The readable aliases but the label, ALIAS_SEP-joined (a node recurs on many pages)."""
    return ALIAS_SEP.join(a for a in display_aliases(aliases) if a != label)


def _node_fixed(n: str, d: dict[str, Any], pages: frozenset[str]) -> tuple[str, str, int | None, str, str]:
    """(id and type#, years, first year, the row's items after its place, type) of a node: alike
    on every page that shows it."""
    years = str(d["years"]) if d.get("years") else ""
    first = _year_list(years) if years else None
    return (
        f"{_id(n, d['type'])},{_TYPE_INDEX.get(d['type'], len(NODE_TYPES))}",
        years,
        first[0] if first else None,
        _row_tail(_node_items(d, pages, n), _NODE_DEFAULTS),
        d["type"],
    )


def _edge_fixed(d: dict[str, Any]) -> tuple[str, int | None, str]:
    """(years, first year, the row's items after its years) of an edge between two neighbours of
    an agency (no sources or text: other agencies' reports)."""
    years = str(d["years"]) if d.get("years") else ""
    first = _year_list(years) if years else None
    return years, first[0] if first else None, _row_tail(_edge_items(d), _EDGE_DEFAULTS)


@lru_cache(maxsize=1 << 12)
def _ego_size(node_type: str, count: int) -> str:
    """The size of a neighbour linked ``count`` times on an agency page (``fragments.ego_weights``)."""
    return _num(round(NODE_BASE_SIZE.get(node_type, 10.0) + 4.0 * math.sqrt(count), 2))


def agency_data(
    G: nx.DiGraph,
    agency: str,
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    positions: dict[str, tuple[float, float]],
    places: dict[str, str],
    pages: frozenset[str],
    links: dict[str, str],
    source_limit: int,
    big: bool,
    font: int,
    note: tuple[int, int] | None = None,
    cache: dict[Any, Any] | None = None,
    weights: dict[str, int] | None = None,
) -> str:
    """The ``lg-data`` JSON of ``agency``'s page showing ``nodes`` and ``edges``; ``note``: the
    neighbours shown and left out, when some are; ``cache``: the fixed items of a node's or an edge's
    row, kept across the pages of one graph (a node recurs on many pages); ``weights``: the agency's
    links with each neighbour (``site.ego_weights``, read when not given), which size the nodes."""
    attrs = G.nodes
    adj = G._adj if memo.ENABLED else G.adj  # the plain dicts: no view per lookup
    fixed: dict[Any, Any] = {} if cache is None else cache
    weights = ego_weights(G, agency) if weights is None else weights
    number = {n: i for i, n in enumerate(nodes)}
    node_rows = []
    for n in nodes:
        row = fixed.get(n)
        if row is None:
            row = fixed[n] = _node_fixed(n, attrs[n], pages)
        node_rows.append(row)
    edge_rows: list[tuple[str, int | None, str] | dict[str, Any]] = []  # a dict: an edge of the agency's own
    firsts = [r[2] for r in node_rows]
    for u, v in edges:
        if u == agency or v == agency:
            d = adj[u][v]
            edge_rows.append(d)
            years = d.get("years")
            found = _year_list(str(years)) if years else None
            firsts.append(found[0] if found else None)
            continue
        row = fixed.get((u, v))
        if row is None:
            row = fixed[(u, v)] = _edge_fixed(adj[u][v])
        edge_rows.append(row)
        firsts.append(row[1])
    y0 = min((y for y in firsts if y is not None), default=2000)
    files, place_table = Table(), Table()
    shown = frozenset(nodes)
    found = evidence.mentions(G)
    numbers = SourceNumbers(source_limit, files) if memo.ENABLED else None
    rows: list[str] = []
    first: set[str] = set()  # the laws whose mentions the page carries
    if found is not None:
        for law, items in evidence.by_law(evidence.agency_mentions(G, agency)).items():
            if law not in shown:
                continue
            first.add(law)
            shown_items = items[: evidence.MAX_MENTIONS_PER_LAW]
            if numbers is None:
                parts = ",".join(mention_row(m, files) for m in shown_items)
            else:
                parts = mention_rows(shown_items, numbers)
            rows.append(f"[{number[law]},{len(items)},[{parts}]]")
    node_parts = []
    for n, (head, years, _, tail, node_type) in zip(nodes, node_rows):
        place = places.get(n)
        if n == agency:
            d = attrs[n]
            size = _num(round(NODE_BASE_SIZE[node_type] + 4.0 * math.sqrt(int(d.get("documents", 0))), 2))
        else:
            size = _ego_size(node_type, weights[n])
        start = (
            f"[{head},{_xy(positions.get(n, _ORIGIN))},{size},{_years_of(years, y0) if years else '0'},"
            f"{-1 if place is None else place_table(place)},"
        )
        if n == agency:
            items = _node_items(d, pages, n) + [_sources(d, source_limit, files), _text(d.get("excerpt", ""))]
            node_parts.append(start + _row_tail(items, _NODE_DEFAULTS) + "]")
        else:
            node_parts.append(start + tail + "]")
    edge_parts = []
    for (u, v), row in zip(edges, edge_rows):
        if type(row) is tuple:  # two neighbours: other agencies' reports, not this page's text
            years, _, tail = row
            edge_parts.append(f"[{number[u]},{number[v]},{_years_of(years, y0) if years else '0'},{tail}]")
            continue
        d = row
        # the agency's mentions of a law are in "m": the edge does not repeat one
        text = "" if u == agency and v in first else d.get("excerpt", "")
        if numbers is None:
            items = _edge_items(d) + [_sources(d, source_limit, files), _text(text)]
            tail = _row_tail(items, _EDGE_DEFAULTS)
        else:
            tail = _own_edge_tail(d, numbers(d), text)
        edge_parts.append(f"[{number[u]},{number[v]},{_years(d.get('years'), y0)},{tail}]")
    sep = ",\n"
    mentions = "null" if found is None else "[" + sep.join(rows) + "]"
    return (
        f'{{"v":{VERSION},"y0":{y0},"focus":{number[agency]},"big":{int(big)},"font":{font},{_note(note)}'
        f'"pages":{to_json(links)},\n"files":{files.json()},\n"places":{place_table.json()},\n'

        f'"n":[{sep.join(node_parts)}],\n"e":[{sep.join(edge_parts)}],\n"m":{mentions}}}'
    )


BLOCK_TYPE = "application/x-lawgraph-deflate"  # the type of the page's lg-data script element


def pack(data: str) -> str:
    """The block as the page carries it: the JSON, raw DEFLATE (RFC 1951, level 6), base64."""
    return base64.b64encode(zlib.compress(data.encode("utf-8"), 6, -15)).decode("ascii")


def unpack_text(text: str) -> str:
    """``pack`` undone."""
    return zlib.decompress(base64.b64decode(text), -15).decode("utf-8")


def unpack(text: str) -> dict[str, Any]:
    """The JSON of a page's data block."""
    return json.loads(unpack_text(text))


# --- decoding (what lib/page.js does in the browser; the tests read pages with it) ---------------


def _decode_years(value: Any, y0: int) -> str:
    if isinstance(value, str):
        return value
    return LIST_SEP.join(str(y0 + k) for k in range(int(value).bit_length()) if value >> k & 1)


_NODE_FILL = [0, 0, "", "", [], ""]  # documents … excerpt
_EDGE_FILL = [1, -1, 0, [], ""]  # weight … excerpt


def decode_row(r: list[Any], files: list[str]) -> list[Any]:
    rel, before, name, after, file, year, line = r
    return [CITE_RELATIONS[rel], before, name, after, files[file], year, line]


def _edge_vis(e: list[Any], i: int, ids: list[str], y0: int) -> dict[str, Any]:
    frm, to, years, rel, weight, main_no, counts = e[:7]
    main = CITE_RELATIONS[main_no] if main_no >= 0 else ""
    title, color = edge_title_color(rel, main)
    out: dict[str, Any] = {"id": i, "title": title, "color": {"color": color}}
    if weight > 1:
        out["width"] = edge_width(weight)
    ys = _decode_years(years, y0)
    if ys:
        out["kg_years"] = ys
    if main:
        out["kg_rel"], out["kg_rels"] = main, ";".join(r for r, c in zip(CITE_RELATIONS, counts or ()) if c) or main
    out["from"], out["to"] = ids[frm], ids[to]
    return out


def decode(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """(vis nodes, vis edges, evidence) of an ``lg-data`` block, the shapes of a page's
    ``lg-nodes``, ``lg-edges`` and ``lg-evidence`` blocks (without the shared ``config``)."""
    y0, files, places = data["y0"], data["files"], data["places"]
    ids = []
    nodes, node_ev = [], {}
    for row in data["n"]:
        nid, t, x, y, size, years, place, label, docs, page, level, aliases, src, excerpt = row + _NODE_FILL[len(row) - 8 :]
        nid = nid[0] if isinstance(nid, list) else f"{ID_PREFIX[NODE_TYPES[t]]}_{nid}"
        ids.append(nid)
        vis: dict[str, Any] = {"x": float(x), "y": float(y), "group": NODE_TYPES[t], "size": float(size), "title": label}
        if level:
            vis["kg_level"] = level
        ys = _decode_years(years, y0)
        if ys:
            vis["kg_years"] = ys
        if place >= 0:
            vis["kg_place"] = places[place]
        vis["id"], vis["label"] = nid, short_label(label)
        nodes.append(vis)
        node_ev[nid] = [docs, [files[k] for k in src], aliases, excerpt] + ([1] if page else [])
    edges, edge_ev = [], []
    for i, row in enumerate(data["e"]):
        e = row + _EDGE_FILL[len(row) - 4 :]
        edges.append(_edge_vis(e, i, ids, y0))
        counts = {r: c for r, c in zip(CITE_RELATIONS, e[6] or ()) if c}
        edge_ev.append([e[4], e[3], [files[k] for k in e[7]], e[8]] + ([counts] if counts else []))
    mentions = None
    if data["m"] is not None:
        mentions = {
            ids[law]: [total, [decode_row(r, files) for r in rows]]
            for law, total, rows in data["m"]
        }
    ev = {"nodes": node_ev, "edges": edge_ev, "pages": data["pages"], "focus": ids[data["focus"]], "mentions": mentions}
    return nodes, edges, ev
