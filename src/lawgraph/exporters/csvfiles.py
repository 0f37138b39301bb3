"""nodes.csv, edges.csv and mentions.csv (the evidence, one row per law mention): UTF-8 with BOM (Excel on Chinese Windows reads it without garbling).

Every cell goes through ``lawgraph.csvsafe.safe_cell`` (a name from a report or a file name may start
with = + - @ and would run as a formula in a spreadsheet); lists (``sources``) are ";"-joined. Rows
are streamed to the file, never held as a whole. The attributes are the lean ones of
``exporters.common``: the ``sources`` column holds a path only on a document node's row (each path
once; empty on every other node and on every edge), edges.csv has no excerpt.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from lawgraph.csvsafe import FORMULA_STARTS, safe_cell
from lawgraph.files import atomic_path
from lawgraph.graph.schema import scalar

NODE_COLUMNS: tuple[str, ...] = (
    "id", "label", "type", "level", "aliases", "documents", "years", "sources", "excerpt",
    "color", "size", "x", "y",
)  # fmt: skip
EDGE_COLUMNS: tuple[str, ...] = (
    "source", "target", "relation", "weight", "years", "sources",
    "relation_main", "n_implements", "n_studies", "n_drafts", "n_reviews", "n_cites",
)  # fmt: skip
MENTION_COLUMNS: tuple[str, ...] = (
    "agency", "agency_name", "law", "law_name", "document", "source", "year", "start", "end", "line",
    "relation", "text", "snippet", "mark_start", "mark_end",
)  # fmt: skip
ENCODING = "utf-8-sig"


_RISKY = frozenset(FORMULA_STARTS)


def _safe(row: list[Any]) -> list[Any]:
    """The row with every cell through ``safe_cell`` (asked only of text that starts riskily) and
    lists joined."""
    out = []
    for c in row:
        t = type(c)
        if t is tuple:
            c = scalar(c)
            t = str
        if t is str and c[:1] in _RISKY:
            c = safe_cell(c)
        out.append(c)
    return out


def _write_rows(path: str | os.PathLike[str], header: tuple[str, ...], rows: Iterable[list[Any]]) -> None:
    with atomic_path(path) as tmp, open(tmp, "wb") as raw:
        text = io.TextIOWrapper(raw, encoding=ENCODING, newline="", write_through=False)
        w = csv.writer(text, lineterminator="\n")
        w.writerow(header)
        w.writerows(map(_safe, rows))
        text.flush()
        text.detach()


def write_nodes(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """nodes.csv: one row per node, columns ``NODE_COLUMNS``."""
    cols = NODE_COLUMNS[1:]
    blank = ("",) * len(cols)
    at = NODE_COLUMNS.index("sources")
    nodes = sorted(G.nodes(data=True), key=lambda item: item[0])  # already sorted: one pass

    def row(n: str, d: dict[str, Any]) -> list[Any]:
        out = [n, *map(d.get, cols, blank)]
        if d.get("type") != "document":  # the lean attributes (``exporters.common.lean_node``)
            out[at] = ""
        return out

    _write_rows(path, NODE_COLUMNS, (row(n, d) for n, d in nodes))


def write_edges(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """edges.csv: one row per edge, columns ``EDGE_COLUMNS``."""
    cols = EDGE_COLUMNS[2:]
    edges = sorted(G.edges(data=True), key=lambda e: (e[0], e[1]))  # already sorted: one pass
    blank = ("",) * len(cols)
    at = EDGE_COLUMNS.index("sources")

    def row(u: str, v: str, d: dict[str, Any]) -> list[Any]:
        out = [u, v, *map(d.get, cols, blank)]
        out[at] = ""  # the lean attributes (``exporters.common.lean_edge``): the column stays, empty
        return out

    _write_rows(path, EDGE_COLUMNS, (row(u, v, d) for u, v, d in edges))


def write_mentions(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """mentions.csv: one row per law mention (``G.graph["mentions"]``, in its order), columns
    ``MENTION_COLUMNS``; ``agency_name``/``law_name`` are the node labels, ``mark_start``/``mark_end``
    the mention inside ``snippet``; an unknown agency or year is an empty cell."""
    nodes = G.nodes

    def label(n: str | None) -> str:
        return nodes[n]["label"] if n is not None and n in nodes else ""

    rows = (
        [m["agency"] or "", label(m["agency"]), m["law"], label(m["law"]), m["document"], m["source"],
         "" if m["year"] is None else m["year"], m["start"], m["end"], "" if m["line"] is None else m["line"],
         m["relation"], m["text"], m["snippet"], m["mark"][0], m["mark"][1]]
        for m in G.graph.get("mentions") or ()
    )
    _write_rows(path, MENTION_COLUMNS, rows)


def write_pair(G: nx.DiGraph, out_dir: str | os.PathLike[str]) -> list[Path]:
    """nodes.csv and edges.csv in ``out_dir``."""
    out = Path(out_dir)
    write_nodes(G, out / "nodes.csv")
    write_edges(G, out / "edges.csv")
    return [out / "nodes.csv", out / "edges.csv"]
