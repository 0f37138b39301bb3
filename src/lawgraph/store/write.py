"""Write the store (DIR/lawgraph.sqlite) from the built graph: the exporter ``write(G, path)``.

One transaction in WAL mode into a temporary file beside the target, the indexes made after the
rows, then the journal mode set back to DELETE (so no -wal/-shm file is left and readers open it
read-only without writing anything) and the file renamed into place. Rows go in sorted order (nodes
and edges by id, mentions as the graph lists them), so the same graph gives the same bytes.

``fill`` writes the rows into any open connection: the queries use it to answer over a graph held
in memory (``lawgraph.store.read.open_store``) with the very SQL they run on a built folder.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lawgraph.files import atomic_path
from lawgraph.lexicon.names import fold
from lawgraph.store.schema import ALIAS_SEP, COUNT_COLUMNS, DDL, INDEXES, LIST_SEP, SCHEMA_VERSION


def _sources(value: Any) -> tuple[str, ...]:
    """A ``sources`` attribute (a tuple in the graph; ";"-joined text or a list after a round trip)."""
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return tuple(s for s in str(value or "").split(LIST_SEP) if s)


def _years(value: Any) -> str | None:
    """``years`` as the graph's ";"-joined text (a list after a round trip), None when unknown."""
    if isinstance(value, (list, tuple)):
        value = LIST_SEP.join(str(y) for y in value)
    return str(value) if value not in (None, "") else None


def _first_year(value: Any) -> int | None:
    text = _years(value)
    ys = [int(y) for y in text.split(LIST_SEP) if y.strip().isdigit()] if text else []
    return ys[0] if ys else None


def fill(conn: sqlite3.Connection, G: Any) -> None:
    """Create the tables of an empty database and write ``G`` into them (no transaction handling)."""
    _script(conn, DDL)
    nodes = sorted(G.nodes(data=True), key=_first)  # (id, attributes), by id
    ids = {n: i for i, (n, _) in enumerate(nodes, 1)}
    conn.executemany(
        "INSERT INTO entities (id, key, type, label, level, documents, years) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((ids[n], n, d["type"], d["label"], d.get("level"), int(d.get("documents", 0)), _years(d.get("years")))
         for n, d in nodes))
    conn.executemany("INSERT INTO aliases (entity, name, fold, is_label) VALUES (?, ?, ?, ?)", _aliases(nodes, ids))
    edges = sorted(G.edges(data=True), key=_pair)  # (u, v, attributes), by (u, v)
    conn.executemany(
        f"INSERT INTO edges (id, source, target, relation, weight, years, {', '.join(COUNT_COLUMNS)}, relation_main)"
        f" VALUES ({', '.join('?' * (7 + len(COUNT_COLUMNS)))})",
        ((i, ids[u], ids[v], d["relation"], d["weight"], _years(d.get("years")), *(d.get(c) for c in COUNT_COLUMNS),
          d.get("relation_main")) for i, (u, v, d) in enumerate(edges, 1)))
    by_path = _documents(conn, G, nodes, ids, edges)
    conn.executemany("INSERT INTO edge_documents (edge, document) VALUES (?, ?)",
                     ((i, doc) for i, (_, _, d) in enumerate(edges, 1)
                      for doc in sorted({by_path[s] for s in _sources(d.get("sources"))})))
    conn.executemany(
        'INSERT INTO mentions (document, agency, law, start, "end", line, relation, text, snippet, mark_start,'
        " mark_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((by_path[m["source"]], ids[m["agency"]] if m["agency"] is not None else None, ids[m["law"]], m["start"],
          m["end"], m["line"], m["relation"], m["text"], m["snippet"], m["mark"][0], m["mark"][1])
         for m in G.graph.get("mentions") or ()))
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                     [("schema_version", str(SCHEMA_VERSION)), ("nodes", str(len(nodes))), ("edges", str(len(edges)))])
    _script(conn, INDEXES)


def _script(conn: sqlite3.Connection, sql: str) -> None:
    """Run each statement of ``sql`` (executescript would commit the open transaction first)."""
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


def _first(node: tuple) -> str:
    return node[0]


def _pair(edge: tuple) -> tuple[str, str]:
    return edge[0], edge[1]


def _aliases(nodes: list[tuple[str, dict]], ids: dict[str, int]) -> Iterable[tuple[int, str, str, int]]:
    """(entity, name, fold, is_label) of every node's label and aliases, each name once."""
    for n, d in nodes:
        label = d["label"]
        yield ids[n], label, fold(label), 1
        for name in sorted({a for a in str(d.get("aliases") or "").split(ALIAS_SEP) if a and a != label}):
            yield ids[n], name, fold(name), 0


def _documents(conn: sqlite3.Connection, G: Any, nodes: list[tuple[str, dict]], ids: dict[str, int],
               edges: list[tuple[str, str, dict]]) -> dict[str, int]:
    """Write the documents table, one row per path, in path order; return path → document id. A
    path the edges or the evidence name without a document node (a hand-made graph) still gets
    its row, with no entity."""
    author: dict[str, str] = {}
    place: dict[tuple[str, str], str] = {}
    for u, v, d in edges:
        if d["relation"] == "authored":
            author[v] = u
        elif d["relation"] == "in":
            for s in _sources(d.get("sources")):
                place[u, s] = v
    docs: dict[str, tuple[int | None, int | None, int | None, int | None]] = {}
    for n, d in nodes:
        if d["type"] != "document":
            continue
        paths = _sources(d.get("sources"))
        path = paths[0] if paths else d["label"]
        agency = author.get(n)
        where = place.get((agency, path)) if agency is not None else None
        docs.setdefault(path, (ids[n], _first_year(d.get("years")), ids.get(agency) if agency else None,
                               ids[where] if where else None))
    for m in G.graph.get("mentions") or ():
        docs.setdefault(m["source"], (None, m["year"], None, None))
    for _, _, d in edges:
        for path in _sources(d.get("sources")):
            docs.setdefault(path, (None, None, None, None))
    by_path = {path: i for i, path in enumerate(sorted(docs), 1)}
    conn.executemany("INSERT INTO documents (id, entity, path, year, agency, place) VALUES (?, ?, ?, ?, ?, ?)",
                     ((by_path[path], *docs[path][:1], path, *docs[path][1:]) for path in sorted(docs)))
    return by_path


def write(G: Any, path: str | os.PathLike[str]) -> None:
    """Write ``G`` as the store at ``path`` (replacing what was there, only once it is whole)."""
    with atomic_path(path) as tmp:
        _clear(tmp)
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")  # a temporary file: a crash leaves nothing current
            conn.execute("BEGIN")
            fill(conn, G)
            conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        _clear(tmp, main=False)


def _clear(tmp: Path, main: bool = True) -> None:
    """Remove a temporary store a killed writer of the same PID left (and its -wal/-shm files)."""
    for suffix in ("", "-wal", "-shm", "-journal")[0 if main else 1:]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{tmp}{suffix}")
