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
import re
from codecs import BOM_UTF8
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from operator import itemgetter
from pathlib import Path
from types import SimpleNamespace
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
BOM = BOM_UTF8.decode("utf-8")  # what "utf-8-sig" writes first


_RISKY = frozenset(FORMULA_STARTS)
_BATCH = 4_000  # rows per write of the fast path


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


# --- the fast path: the same bytes, with less work per row -----------------------------------------
# csv's C writer formats each row (its ``write`` returns the text, or collects it); the text goes to
# the file as UTF-8 after a BOM in batches (what the "utf-8-sig" text wrapper writes, without a call
# per row). Cells that recur (ids, names, paths, an edge's values) are made safe and formatted once.


def _line_of() -> Callable[[Iterable[Any]], str]:
    """A function giving one row's text, line end included (csv.writer returns what ``write`` does)."""
    return csv.writer(SimpleNamespace(write=str), lineterminator="\n").writerow


def _write_lines(path: str | os.PathLike[str], header: tuple[str, ...], lines: Iterable[str]) -> None:
    """Write the header and ``lines`` (texts, line ends included) as UTF-8 with a BOM."""
    lines = iter(lines)
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        f.write((BOM + _line_of()(header)).encode("utf-8"))
        while batch := list(islice(lines, _BATCH)):
            f.write("".join(batch).encode("utf-8"))


def _write_safe_rows(path: str | os.PathLike[str], header: tuple[str, ...], rows: Iterable[list[Any]]) -> None:
    """Rows whose cells are already safe (``_safe``), formatted by csv's writer in batches."""
    parts: list[str] = []
    w = csv.writer(SimpleNamespace(write=parts.append), lineterminator="\n")
    rows = iter(rows)

    def lines() -> Iterator[str]:
        while batch := list(islice(rows, _BATCH)):
            w.writerows(batch)
            yield "".join(parts)
            parts.clear()

    _write_lines(path, header, lines())


def _cell_text() -> Callable[[Any], str]:
    """A function giving one cell's text as its row holds it (made safe, quoted when needed)."""
    line = _line_of()

    def text(x: Any) -> str:
        return line(_safe([x, ""]))[:-2]  # in a row of two: a row of one empty cell is written '""'

    return text


def write_nodes(G: nx.DiGraph, path: str | os.PathLike[str], *, fast: bool = True) -> None:
    """nodes.csv: one row per node, columns ``NODE_COLUMNS``. ``fast=False`` runs the plain
    writer (the reference the fast path is tested against)."""
    cols = NODE_COLUMNS[1:]
    blank = ("",) * len(cols)
    at = NODE_COLUMNS.index("sources")
    nodes = sorted(G.nodes(data=True), key=itemgetter(0))  # already sorted: one pass

    def row(n: str, d: dict[str, Any]) -> list[Any]:
        out = [n, *map(d.get, cols, blank)]
        if d.get("type") != "document":  # the lean attributes (``exporters.common.lean_node``)
            out[at] = ""
        return out

    if fast:
        _write_safe_rows(path, NODE_COLUMNS, map(_safe, (row(n, d) for n, d in nodes)))
    else:
        _write_rows(path, NODE_COLUMNS, (row(n, d) for n, d in nodes))


def write_edges(G: nx.DiGraph, path: str | os.PathLike[str], *, fast: bool = True) -> None:
    """edges.csv: one row per edge, columns ``EDGE_COLUMNS``. ``fast=False`` runs the plain writer."""
    cols = EDGE_COLUMNS[2:]
    edges = sorted(G.edges(data=True), key=itemgetter(0, 1))  # already sorted: one pass
    blank = ("",) * len(cols)
    at = EDGE_COLUMNS.index("sources")

    def row(u: str, v: str, d: dict[str, Any]) -> list[Any]:
        out = [u, v, *map(d.get, cols, blank)]
        out[at] = ""  # the lean attributes (``exporters.common.lean_edge``): the column stays, empty
        return out

    if not fast:
        _write_rows(path, EDGE_COLUMNS, (row(u, v, d) for u, v, d in edges))
        return
    from lawgraph._accel.streamwriters import EdgeTexts

    line = _line_of()
    at_tail = at - 2

    def tail(d: dict[str, Any]) -> str:  # the cells after source and target, the line end included
        cells = list(map(d.get, cols, blank))
        cells[at_tail] = ""
        return line(_safe(cells))

    tail_of = EdgeTexts(tail, frozenset(cols).difference(("sources",)).__contains__)  # what ``tail`` reads
    text = _cell_text()
    end = {n: text(n) for n in G}  # each node id's cell, made once
    _write_lines(path, EDGE_COLUMNS, (f"{end[u]},{end[v]},{tail_of(d)}" for u, v, d in edges))


def write_mentions(G: nx.DiGraph, path: str | os.PathLike[str], *, fast: bool = True) -> None:
    """mentions.csv: one row per law mention (``G.graph["mentions"]``, in its order), columns
    ``MENTION_COLUMNS``; ``agency_name``/``law_name`` are the node labels, ``mark_start``/``mark_end``
    the mention inside ``snippet``; an unknown agency or year is an empty cell. ``fast=False`` runs
    the plain writer."""
    nodes = G.nodes

    def label(n: str | None) -> str:
        return nodes[n]["label"] if n is not None and n in nodes else ""

    mentions = G.graph.get("mentions") or ()
    if fast and all(isinstance(m, tuple) for m in mentions):
        _write_lines(path, MENTION_COLUMNS, _mention_lines(mentions, label))
        return
    rows = (
        [m["agency"] or "", label(m["agency"]), m["law"], label(m["law"]), m["document"], m["source"],
         "" if m["year"] is None else m["year"], m["start"], m["end"], "" if m["line"] is None else m["line"],
         m["relation"], m["text"], m["snippet"], m["mark"][0], m["mark"][1]]
        for m in mentions
    )
    _write_rows(path, MENTION_COLUMNS, rows)


class _Memo(dict):  # type: ignore[type-arg]
    """key → ``make(key)``, made on first use."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.make(key)
        return value


def _quote_chars() -> re.Pattern[str]:
    """The characters that make csv's writer quote a text cell (asked of the writer itself)."""
    line = _line_of()
    probe = ',"\n\r\t \\\'=;|'
    return re.compile("[" + re.escape("".join(c for c in probe if line([f"a{c}b", ""]) != f"a{c}b,\n")) + "]")


def _mention_lines(mentions: Iterable[tuple[Any, ...]], label: Callable[[Any], str]) -> Iterator[str]:
    """The lines of ``write_mentions`` from the evidence as tuples (``graph.mention.Mention``): fields
    by position, the recurring cells (ids, names, paths, relations) formatted once, integers and
    plain text (no quote needed, no risky start) written as they are, any other cell by csv's writer."""
    text = _cell_text()

    def number(x: Any) -> str:
        return str(x) if type(x) is int else text(x)

    quoted = _quote_chars().search
    agencies = _Memo(lambda n: text(n or "") + "," + text(label(n)))  # → its id and name cells
    laws = _Memo(lambda n: text(n) + "," + text(label(n)))
    cell = _Memo(text)
    for agency, law, document, source, year, start, end, at, relation, said, snippet, mark in mentions:
        if type(said) is not str or said[:1] in _RISKY or quoted(said):
            said = text(said)
        if type(snippet) is not str or snippet[:1] in _RISKY or quoted(snippet):
            snippet = text(snippet)
        yield (f"{agencies[agency]},{laws[law]},{cell[document]},{cell[source]},{'' if year is None else number(year)},"
               f"{number(start)},{number(end)},{'' if at is None else number(at)},{cell[relation]},{said},{snippet},"
               f"{number(mark[0])},{number(mark[1])}\n")


def write_pair(G: nx.DiGraph, out_dir: str | os.PathLike[str]) -> list[Path]:
    """nodes.csv and edges.csv in ``out_dir``."""
    out = Path(out_dir)
    write_nodes(G, out / "nodes.csv")
    write_edges(G, out / "edges.csv")
    return [out / "nodes.csv", out / "edges.csv"]
