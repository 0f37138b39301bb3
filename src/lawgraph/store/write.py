"""Write the store (DIR/lawgraph.sqlite) from the built graph: the exporter ``write(G, path)``.

Written into a temporary file beside the target with the rollback journal in memory (the file is
renamed into place only once whole), in three transactions: the tables, the rows, the indexes
(made after the rows). The file stays in rollback-journal mode, so readers open it read-only
without writing anything. Rows go in sorted order (nodes and edges by id, mentions as the graph
lists them), so the same graph gives the same bytes.

``fill`` writes the rows into any open connection: the queries use it to answer over a graph held
in memory (``lawgraph.store.read.open_store``) with the very SQL they run on a built folder.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from lawgraph.files import atomic_path
from lawgraph.lexicon.names import fold
from lawgraph.store.schema import (
    ALIAS_SEP,
    COUNT_COLUMNS,
    DDL,
    INDEXES,
    LIST_SEP,
    MENTION_FIELDS,
    SCHEMA_VERSION,
)


def _sources(value: Any) -> tuple[str, ...]:
    """A ``sources`` attribute (a tuple in the graph; ";"-joined text or a list after a round trip)."""
    if type(value) is tuple and all(type(v) is str for v in value):  # the graph's own: as it is
        return value
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return tuple(s for s in str(value or "").split(LIST_SEP) if s)


def _years(value: Any) -> str | None:
    """``years`` as the graph's ";"-joined text (a list after a round trip), None when unknown."""
    if type(value) is str:  # the graph's own
        return value or None
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
    insert_rows(conn, G)
    _script(conn, INDEXES)


def insert_rows(conn: sqlite3.Connection, G: Any) -> None:
    """Write the rows of ``G`` into the (empty) tables of ``DDL``."""
    nodes = sorted(G.nodes(data=True), key=_first)  # (id, attributes), by id
    ids = {n: i for i, (n, _) in enumerate(nodes, 1)}
    conn.executemany(
        "INSERT INTO entities (id, key, type, label, level, documents, years) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((ids[n], n, d["type"], d["label"], d.get("level"), int(d.get("documents", 0)), _years(d.get("years")))
         for n, d in nodes))
    conn.executemany("INSERT INTO aliases (entity, name, fold, is_label) VALUES (?, ?, ?, ?)", _aliases(nodes, ids))
    edges = sorted(G.edges(data=True), key=_pair)  # (u, v, attributes), by (u, v)
    sources = _edge_sources(edges)
    mentions = _mention_tuples(G)
    conn.executemany(
        f"INSERT INTO edges (id, source, target, relation, weight, years, {', '.join(COUNT_COLUMNS)}, relation_main)"
        f" VALUES ({', '.join('?' * (7 + len(COUNT_COLUMNS)))})", _edge_rows(edges, ids))
    by_path = _documents(conn, nodes, ids, edges, sources, mentions)
    conn.executemany("INSERT INTO edge_documents (edge, document) VALUES (?, ?)", _edge_documents(sources, by_path))
    snippets = _snippet_ids(mentions)
    conn.executemany("INSERT INTO snippets (id, text) VALUES (?, ?)", ((i, text) for text, i in snippets.items()))
    conn.executemany(
        'INSERT INTO mentions (document, agency, law, start, "end", line, relation, text, snippet_id, mark_start,'
        " mark_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((by_path[source], None if agency is None else ids[agency], ids[law], start, end, line, relation, text,
          snippets[snippet], mark[0], mark[1])
         for agency, law, _, source, _, start, end, line, relation, text, snippet, mark in mentions))
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                     [("schema_version", str(SCHEMA_VERSION)), ("nodes", str(len(nodes))), ("edges", str(len(edges)))])


_CITING = itemgetter("relation", "weight", "years", *COUNT_COLUMNS, "relation_main")  # a citing edge's columns
_OTHER = itemgetter("relation", "weight", "years")  # any other edge's, its counts and relation_main NULL
_NO_COUNTS = (None,) * (len(COUNT_COLUMNS) + 1)
_COUNTS = frozenset(COUNT_COLUMNS)


def _edge_rows(edges: list[tuple[str, str, dict]], ids: dict[str, int]) -> Iterator[tuple[Any, ...]]:
    """(id, source, target, relation, weight, years, the counts, relation_main) of every edge. The
    graph's edges have all of a citing edge's columns, or none of its counts: read in one call;
    any other edge column by column."""
    for i, (u, v, d) in enumerate(edges, 1):
        try:
            if "relation_main" in d:
                row = _CITING(d)
            elif _COUNTS.isdisjoint(d):
                row = _OTHER(d) + _NO_COUNTS
            else:
                row = _edge_columns(d)
        except KeyError:  # a column missing: read as it is
            row = _edge_columns(d)
        if type(row[2]) is not str or not row[2]:  # years not the graph's own text
            row = _edge_columns(d)
        yield (i, ids[u], ids[v], *row)


def _edge_columns(d: dict[str, Any]) -> tuple[Any, ...]:
    """(relation, weight, years, the counts, relation_main) of an edge, column by column."""
    get = d.get
    return (d["relation"], d["weight"], _years(get("years")), *map(get, COUNT_COLUMNS), get("relation_main"))


def _edge_sources(edges: list[tuple[str, str, dict]]) -> list[tuple[str, ...]]:
    """Each edge's paths (``_sources``), read once: the graph's own tuples of text as they are."""
    given = [d.get("sources") for _, _, d in edges]
    if set(map(type, given)) <= {tuple} and set(map(type, chain.from_iterable(given))) <= {str}:
        return given
    return [_sources(value) for value in given]


def _edge_documents(sources: list[tuple[str, ...]], by_path: dict[str, int]) -> Iterator[tuple[int, int]]:
    """(edge, document) of every edge's reports, by document id."""
    for i, paths in enumerate(sources, 1):
        if len(paths) == 1:  # most edges: one report
            yield i, by_path[paths[0]]
        else:
            for doc in sorted({by_path[s] for s in paths}):
                yield i, doc


def _mention_tuples(G: Any) -> list[tuple[Any, ...]]:
    """The evidence in ``MENTION_FIELDS`` order: a ``Mention`` is already that tuple; a dict (a graph
    read back from an older graph.json) is taken apart by key."""
    return [m if isinstance(m, tuple) else tuple(m[k] for k in MENTION_FIELDS) for m in G.graph.get("mentions") or ()]


def _snippet_ids(mentions: list[tuple[Any, ...]]) -> dict[str, int]:
    """Each distinct snippet → its id, numbered in the order the evidence first gives it (so the same
    graph gives the same ids). No UNIQUE index on the text: it would store every sentence twice."""
    ids: dict[str, int] = {}
    for m in mentions:
        ids.setdefault(m[_SNIPPET], len(ids) + 1)
    return ids


_SNIPPET = MENTION_FIELDS.index("snippet")


def _script(conn: sqlite3.Connection, sql: str) -> None:
    """Run each statement of ``sql`` (executescript would commit the open transaction first)."""
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


_first = itemgetter(0)  # a node (id, attributes) → its id
_pair = itemgetter(0, 1)  # an edge (u, v, attributes) → (u, v)


def _aliases(nodes: list[tuple[str, dict]], ids: dict[str, int]) -> Iterable[tuple[int, str, str, int]]:
    """(entity, name, fold, is_label) of every node's label and aliases, each name once."""
    for n, d in nodes:
        label = d["label"]
        yield ids[n], label, fold(label), 1
        for name in sorted({a for a in str(d.get("aliases") or "").split(ALIAS_SEP) if a and a != label}):
            yield ids[n], name, fold(name), 0


def _documents(conn: sqlite3.Connection, nodes: list[tuple[str, dict]], ids: dict[str, int],
               edges: list[tuple[str, str, dict]], sources: list[tuple[str, ...]],
               mentions: list[tuple[Any, ...]]) -> dict[str, int]:
    """Write the documents table, one row per path, in path order; return path → document id. A
    path the edges or the evidence name without a document node (a hand-made graph) still gets
    its row, with no entity."""
    author: dict[str, str] = {}
    place: dict[tuple[str, str], str] = {}
    for (u, v, d), paths in zip(edges, sources):
        if d["relation"] == "authored":
            author[v] = u
        elif d["relation"] == "in":
            for s in paths:
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
    for _, _, _, source, year, *_ in mentions:  # the first mention of a path gives its year
        docs.setdefault(source, (None, year, None, None))
    for path in set().union(*sources).difference(docs):
        docs[path] = (None, None, None, None)
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
            # a temporary file, renamed only once whole: no journal on disk, no sync
            conn.execute("PRAGMA journal_mode=MEMORY")
            conn.execute("PRAGMA synchronous=OFF")
            # three transactions (tables, rows, indexes): the header's change counter says 3, as in
            # the stores of earlier builds, so the same graph still gives the same bytes
            for step in (partial(_script, conn, DDL), partial(insert_rows, conn, G), partial(_script, conn, INDEXES)):
                conn.execute("BEGIN")
                step()
                conn.execute("COMMIT")
        finally:
            conn.close()
        _clear(tmp, main=False)


def _clear(tmp: Path, main: bool = True) -> None:
    """Remove a temporary store a killed writer of the same PID left (and its -wal/-shm files)."""
    for suffix in ("", "-wal", "-shm", "-journal")[0 if main else 1:]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{tmp}{suffix}")
