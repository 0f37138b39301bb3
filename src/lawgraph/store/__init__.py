"""The store: DIR/lawgraph.sqlite, the graph of one build as SQLite tables that every query reads.

``schema`` holds the SQL and its version, ``write`` the exporter (``write(G, path)``), ``read`` the
checked read-only opener (``open_store``). ``graphjson`` reads graph.json back into a networkx graph
for scripts (``lawgraph.load_graph``); the queries never read it.
"""

from __future__ import annotations

from lawgraph.store.read import Store, open_store
from lawgraph.store.schema import FILE_NAME, SCHEMA_VERSION
from lawgraph.store.write import write

__all__ = ["FILE_NAME", "SCHEMA_VERSION", "Store", "open_store", "write"]
