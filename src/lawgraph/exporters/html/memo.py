"""What every page of a site asks of the whole graph (the nodes with a page, the nodes' places, the
mentions grouped by law), worked out once per graph and process instead of once per shard of
pages: the site is written in a few shards per worker, each of which asked again (~1 s each at
10,000 reports).

Remembered beside the graph object (weakly: it goes with the graph) with the graph's node and
edge counts and its mentions list; a graph changed in any of those is asked again. The pages are
the same bytes with or without it (a test writes them both ways).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import networkx as nx

from lawgraph.graph.build import reporting_agencies

T = TypeVar("T")
_SEEN: weakref.WeakKeyDictionary[nx.DiGraph, dict[str, tuple[tuple[int, int, int], Any]]] = weakref.WeakKeyDictionary()
ENABLED = True  # False: every call works it out again (the tests compare)


def per_graph(G: nx.DiGraph, name: str, make: Callable[[], T]) -> T:
    """``make()``, remembered for ``G`` under ``name`` while ``G`` keeps its size and mentions."""
    if not ENABLED:
        return make()
    adj = G._adj  # number_of_nodes and number_of_edges without a view per node (~90 ms a call at 10,000 reports)
    key = (len(adj), sum(map(len, adj.values())), id(G.graph.get("mentions")))
    slot = _SEEN.setdefault(G, {})
    found = slot.get(name)
    if found is None or found[0] != key:
        found = slot[name] = (key, make())
    return found[1]


def reporting(G: nx.DiGraph) -> list[str]:
    """``reporting_agencies(G)`` (a scan of every edge), asked once per graph and process; the
    list is shared: read it, never change it."""
    return per_graph(G, "reporting", lambda: reporting_agencies(G))
