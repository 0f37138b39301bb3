"""Lean exports: each source path written once, bounded co-citation, rebuild-friendly files."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations

import networkx as nx

from lawgraph.compare import cocitation


def _star_graph(reports: int, laws_per_report: int) -> nx.DiGraph:
    """Reports citing scattered laws (``laws_per_report`` of 3,000 drawn by ``random.Random(i)``) and
    every report law 0 too, so pairs with law 0 recur and most others are seen once."""
    G = nx.DiGraph()
    for i in range(reports):
        a, doc = f"agency_{i:04d}", f"r{i:04d}.txt"
        G.add_node(a, type="agency", label=a)
        for j in {0, *random.Random(i).sample(range(1, 3001), laws_per_report)}:
            law = f"law_{j:04d}"
            G.add_node(law, type="law", label=law, level="法律")
            G.add_edge(a, law, relation="cites", weight=1, sources=(doc,))
    return G


def test_cocitation_keeps_the_strongest_pairs_when_there_are_too_many() -> None:
    G = _star_graph(reports=1500, laws_per_report=12)
    P = cocitation(G)
    weights = [d["weight"] for *_, d in P.edges(data=True)]
    assert 0 < len(weights) <= 50_000
    least = min(weights)
    assert least >= 2  # the pairs seen once are the ones left out
    # the bound is a weight threshold: every pair at least that strong is kept, none weaker
    per_report: dict[str, set[str]] = {}
    for _, v, d in G.edges(data=True):
        per_report.setdefault(d["sources"][0], set()).add(v)
    all_pairs = Counter(p for laws in per_report.values() for p in combinations(sorted(laws), 2))
    assert sum(1 for w in all_pairs.values() if w >= least) == len(weights)
    assert sum(1 for w in all_pairs.values() if w >= least - 1) > 50_000  # a lower threshold would not fit
    assert P.number_of_nodes() == len({v for _, v in G.edges()})  # every cited law stays


def test_small_cocitation_is_whole() -> None:
    G = _star_graph(reports=20, laws_per_report=4)
    P = cocitation(G)
    assert min(d["weight"] for *_, d in P.edges(data=True)) == 1
