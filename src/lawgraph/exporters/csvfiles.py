"""nodes.csv and edges.csv: UTF-8 with BOM (Excel on Chinese Windows reads it without garbling).

Rows are streamed to the file (``csv.writer`` over a text wrapper), never held as a whole.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from lawgraph.files import atomic_path

NODE_COLUMNS: tuple[str, ...] = (
    "id", "label", "type", "level", "aliases", "documents", "years", "sources", "excerpt",
    "color", "size", "x", "y",
)  # fmt: skip
EDGE_COLUMNS: tuple[str, ...] = ("source", "target", "relation", "weight", "years", "sources", "excerpt")
ENCODING = "utf-8-sig"


def _write_rows(path: str | os.PathLike[str], header: tuple[str, ...], rows: Iterable[list[Any]]) -> None:
    with atomic_path(path) as tmp, open(tmp, "wb") as raw:
        text = io.TextIOWrapper(raw, encoding=ENCODING, newline="", write_through=False)
        w = csv.writer(text, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        text.flush()
        text.detach()


def write_nodes(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    cols = NODE_COLUMNS[1:]
    nodes = G.nodes(data=True)
    if any(a >= b for a, b in zip(G, list(G)[1:])):
        nodes = sorted(nodes)  # type: ignore[assignment]
    rows = ([n, *(d.get(c, "") for c in cols)] for n, d in nodes)
    _write_rows(path, NODE_COLUMNS, rows)


def write_edges(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    cols = EDGE_COLUMNS[2:]
    edges = list(G.edges())
    data = G._succ
    if any(a >= b for a, b in zip(edges, edges[1:])):
        edges.sort()
    rows = ([u, v, *(data[u][v].get(c, "") for c in cols)] for u, v in edges)
    _write_rows(path, EDGE_COLUMNS, rows)


def write(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """``path`` is the folder that receives nodes.csv and edges.csv."""
    write_pair(G, path)


def write_pair(G: nx.DiGraph, out_dir: str | os.PathLike[str]) -> list[Path]:
    out = Path(out_dir)
    write_nodes(G, out / "nodes.csv")
    write_edges(G, out / "edges.csv")
    return [out / "nodes.csv", out / "edges.csv"]
