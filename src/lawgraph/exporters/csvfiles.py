"""nodes.csv and edges.csv: UTF-8 with BOM (Excel on Chinese Windows reads it without garbling)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import networkx as nx

from lawgraph.exporters import atomic_write_bytes

NODE_COLUMNS: tuple[str, ...] = (
    "id", "label", "type", "level", "aliases", "documents", "years", "sources", "excerpt",
    "color", "size", "x", "y",
)  # fmt: skip
EDGE_COLUMNS: tuple[str, ...] = ("source", "target", "relation", "weight", "years", "sources", "excerpt")
ENCODING = "utf-8-sig"


def _csv_bytes(header: tuple[str, ...], rows: list[dict[str, object]]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(header), lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode(ENCODING)


def write_nodes(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    rows = [{"id": n, **d} for n, d in sorted(G.nodes(data=True))]
    atomic_write_bytes(path, _csv_bytes(NODE_COLUMNS, rows))


def write_edges(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    rows = [{"source": u, "target": v, **d} for u, v, d in sorted(G.edges(data=True))]
    atomic_write_bytes(path, _csv_bytes(EDGE_COLUMNS, rows))


def write(G: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """``path`` is the folder that receives nodes.csv and edges.csv."""
    write_pair(G, path)


def write_pair(G: nx.DiGraph, out_dir: str | os.PathLike[str]) -> list[Path]:
    out = Path(out_dir)
    write_nodes(G, out / "nodes.csv")
    write_edges(G, out / "edges.csv")
    return [out / "nodes.csv", out / "edges.csv"]
