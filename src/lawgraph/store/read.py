"""Open the store of a built folder read-only, checked: a missing, damaged or other-version store is
a GraphError naming the file and the fix, never a wrong answer or an internal error.

``open_store`` takes what every question takes: a built folder, a path to the store file, an open
``Store``, or a networkx graph (written into an in-memory store by ``write.fill``, so a graph in
memory is asked with the same SQL). Light on purpose: no networkx is imported here.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from lawgraph.errors import GraphError
from lawgraph.store.schema import FILE_NAME, SCHEMA_VERSION, TABLES

REBUILD = "rebuild with lawgraph build"


class Store:
    """A read-only connection to a store; ``rows``/``one`` run SQL and turn any SQLite failure into
    a GraphError naming the file."""

    def __init__(self, conn: sqlite3.Connection, name: str) -> None:
        self.conn = conn
        self.name = name  # the file, as messages name it

    def rows(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self.damaged(str(exc)) from None

    def one(self, sql: str, params: tuple | list = ()) -> tuple | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def damaged(self, why: str) -> GraphError:
        return GraphError(f"{self.name} is damaged: {why}; {REBUILD}")

    def close(self) -> None:
        self.conn.close()


def _is_graph(obj: Any) -> bool:
    nx = sys.modules.get("networkx")  # a networkx graph can only exist once networkx is imported
    return nx is not None and isinstance(obj, nx.Graph)


def open_store(where: Any) -> Store:
    """The Store of ``where`` (see the module's docstring)."""
    if isinstance(where, Store):
        return where
    if _is_graph(where):
        from lawgraph.store.write import fill

        conn = sqlite3.connect(":memory:")
        fill(conn, where)
        return Store(conn, "<graph>")
    return _open_file(Path(where))


def _open_file(given: Path) -> Store:
    path = given if given.suffix == ".sqlite" else given / FILE_NAME
    folder = path.parent
    if not folder.is_dir():
        raise GraphError(f"no graph folder {folder}: run lawgraph build first (or pass --in DIR)")
    if not path.is_file():
        if (folder / "graph.json").is_file():
            raise GraphError(f"no {FILE_NAME} in {folder} (built by an older lawgraph); {REBUILD}")
        raise GraphError(f"no {FILE_NAME} in {folder}: run lawgraph build first (or pass --in DIR)")
    if not os.access(path, os.R_OK):
        raise GraphError(f"cannot read {path}: permission denied; make it readable or rebuild it")
    try:  # read-only: a query never writes into a built folder
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise GraphError(f"cannot open {path}: {exc}; make it readable or {REBUILD}") from None
    store = Store(conn, str(path))
    try:
        _check(store)
    except BaseException:
        conn.close()
        raise
    return store


def _check(store: Store) -> None:
    """The tables are there and the version is the one this code reads (cheap: no full scan)."""
    if os.path.getsize(store.name) == 0:
        raise store.damaged("an empty file")
    try:
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise store.damaged(str(exc)) from None
    missing = [t for t in TABLES if t not in names]
    if missing:
        raise store.damaged(f"no table {missing[0]}")
    found = store.one("SELECT value FROM meta WHERE key = 'schema_version'")
    version = found[0] if found else None
    if version != str(SCHEMA_VERSION):
        raise GraphError(f"{store.name} has schema version {version or 'none'}, this lawgraph reads version "
                         f"{SCHEMA_VERSION}; {REBUILD}")
