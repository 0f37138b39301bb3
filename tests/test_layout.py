"""The layout: components packed (largest in the middle), non-negative, deterministic, spread."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pytest

from lawgraph.graph.layout import components, layout


def _hub_graph(hubs: int, leaves: int, seed: int) -> nx.DiGraph:
    """A connected core of ``hubs`` agencies citing shared laws, like a corpus graph."""
    rng = random.Random(seed)
    G = nx.DiGraph()
    laws = [f"law_{i:03d}" for i in range(leaves)]
    for h in range(hubs):
        for law in rng.sample(laws, 6):
            G.add_edge(f"agency_{h:03d}", law)
    return G


def _many_components(chain: int = 70) -> nx.DiGraph:
    """A core, isolated nodes, pairs, stars, and a chain (a component that is large but not the
    largest, laid out by the force layout like the core)."""
    G = _hub_graph(60, 120, 1)
    for i in range(80):
        G.add_node(f"iso_{i:03d}")  # isolated nodes
    for i in range(30):
        G.add_edge(f"pair_{i:02d}_a", f"pair_{i:02d}_b")
    for i in range(12):  # stars of 3..20 nodes
        for j in range(2 + i + i // 2):
            G.add_edge(f"star_{i:02d}", f"star_{i:02d}_{j:02d}")
    for j in range(chain):
        G.add_edge(f"chain_{j:03d}", f"chain_{j + 1:03d}")
    return G


def _ratio(pos: dict[str, tuple[float, float]]) -> float:
    """Area of the box holding the central 95% of nodes / area of the box holding them all."""
    p = np.array(list(pos.values()))
    full = np.ptp(p[:, 0]) * np.ptp(p[:, 1])
    mid = (np.percentile(p[:, 0], 97.5) - np.percentile(p[:, 0], 2.5)) * (
        np.percentile(p[:, 1], 97.5) - np.percentile(p[:, 1], 2.5)
    )
    return float(mid / full)


def _shuffled(G: nx.DiGraph, seed: int) -> nx.DiGraph:
    rng = random.Random(seed)
    nodes, edges = list(G.nodes), list(G.edges)
    rng.shuffle(nodes)
    rng.shuffle(edges)
    H = nx.DiGraph()
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    return H


@pytest.mark.parametrize(
    ("edges", "isolated", "expected"),
    [
        ([], [], {}),  # empty graph
        ([], ["a"], {"a": (0.0, 0.0)}),  # one node at the origin
        ([("a", "b")], [], {"a": (0.0, 0.0), "b": (110.0, 0.0)}),  # one edge: side by side, one edge length
    ],
)
def test_layout_of_tiny_graphs(edges, isolated, expected) -> None:
    G = nx.DiGraph(edges)
    G.add_nodes_from(isolated)
    assert layout(G) == expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_components_match_networkx(seed: int) -> None:
    rng = random.Random(seed)
    n = 300
    pairs = sorted({tuple(sorted(rng.sample(range(n), 2))) for _ in range(220)})
    ea = np.array([a for a, _ in pairs], dtype=np.int64)
    eb = np.array([b for _, b in pairs], dtype=np.int64)
    label = components(n, ea, eb)
    U = nx.Graph(pairs)
    U.add_nodes_from(range(n))
    expected = {min(c): sorted(c) for c in nx.connected_components(U)}
    got: dict[int, list[int]] = {}
    for i, lab in enumerate(label.tolist()):
        got.setdefault(lab, []).append(i)
    assert got == expected


def test_positions_are_non_negative_and_start_at_zero() -> None:
    pos = layout(_many_components())
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    assert min(xs) == 0.0 and min(ys) == 0.0
    assert not any(f"{v}".startswith("-") for v in xs + ys)  # no CSV cell starts with '-'
    assert all(round(v, 1) == v for v in xs + ys)


def test_same_graph_same_positions_in_any_insertion_order() -> None:
    G = _many_components()
    pos = layout(G)
    for seed in (1, 2):
        assert layout(_shuffled(G, seed)) == pos


def _dominant() -> nx.DiGraph:
    """The usual corpus shape: one large component, some isolated nodes and pairs."""
    G = _hub_graph(200, 400, 2)
    G.add_nodes_from(f"iso_{i:03d}" for i in range(60))
    G.add_edges_from((f"pair_{i:02d}_a", f"pair_{i:02d}_b") for i in range(20))
    return G


def _boxes(G: nx.DiGraph, pos: dict[str, tuple[float, float]]) -> list[tuple[float, float, float, float]]:
    """Bounding box of each component, largest component first."""
    out = []
    for c in sorted(nx.weakly_connected_components(G), key=lambda c: (-len(c), min(c))):
        xs = [pos[v][0] for v in c]
        ys = [pos[v][1] for v in c]
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


@pytest.mark.parametrize(
    "graph", [_many_components(0), _many_components(70), _dominant()], ids=["mixed", "chain", "dominant"]
)
def test_components_do_not_overlap(graph: nx.DiGraph) -> None:
    boxes = _boxes(graph, layout(graph))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], (a, b)


def test_the_largest_component_is_in_the_middle() -> None:
    G = _dominant()
    pos = layout(G)
    main = _boxes(G, pos)[0]
    width = max(x for x, _ in pos.values())
    height = max(y for _, y in pos.values())
    cx, cy = (main[0] + main[2]) / 2, (main[1] + main[3]) / 2
    assert abs(cx - width / 2) < width / 6 and abs(cy - height / 2) < height / 6
    assert (main[2] - main[0]) * (main[3] - main[1]) > 0.5 * width * height  # the others fit around it


@pytest.mark.parametrize(
    "graph", [_many_components(0), _many_components(70), _dominant()], ids=["mixed", "chain", "dominant"]
)
def test_no_outliers_stretch_the_view(graph: nx.DiGraph) -> None:
    G = graph
    pos = layout(G)
    assert len(set(pos.values())) == G.number_of_nodes()  # no two nodes on one spot
    assert _ratio(pos) >= 0.5


def test_edges_are_about_one_edge_length_inside_small_components() -> None:
    G = nx.DiGraph()
    for i in range(5):
        for j in range(4):
            G.add_edge(f"s{i}", f"s{i}_{j}")
    pos = layout(G)
    lengths = [math.dist(pos[u], pos[v]) for u, v in G.edges()]
    assert all(40 < d < 250 for d in lengths), lengths


def _corpus_shaped(agencies: int, seed: int = 1) -> nx.DiGraph:
    """Agencies citing national laws (a few cited by nearly all, most by few), each with its own
    programs, some sharing a provincial law: the shape of a corpus graph."""
    rng = random.Random(seed)
    G = nx.DiGraph()
    national = [f"law_n{i:03d}" for i in range(60)]
    weights = [1 / (i + 1) for i in range(60)]
    for a in range(agencies):
        agency = f"agency_{a:04d}"
        for law in sorted(set(rng.choices(national, weights=weights, k=rng.randint(3, 12)))):
            G.add_edge(agency, law)
        for j in range(rng.randint(1, 4)):
            G.add_edge(agency, f"prog_{a:04d}_{j}")
        if rng.random() < 0.3:
            G.add_edge(agency, f"law_l{a // 5:03d}")
    return G


@pytest.mark.parametrize("new", [("agency_0007", "law_n040"), ("agency_0123", "law_new"), ("agency_0200", "law_n002")],
                         ids=["a cited law", "a new law", "a much cited law"])
def test_one_new_citation_moves_the_picture_little(new: tuple[str, str]) -> None:
    """2,249 nodes: one citation more moves the median node under 2.5% of the picture's width and
    nine nodes in ten under 8% (measured: 1.3-1.5% and 3.5-4.3%); the picture as a whole may shift."""
    G = _corpus_shaped(600)
    assert not G.has_edge(*new)
    before = layout(G)
    H = G.copy()
    H.add_edge(*new)
    after = layout(H)
    nodes = sorted(G)
    p = np.array([before[n] for n in nodes])
    q = np.array([after[n] for n in nodes])
    moved = np.hypot(*((q - q.mean(axis=0)) - (p - p.mean(axis=0))).T) / np.ptp(p, axis=0).max()
    assert np.median(moved) < 0.025 and np.percentile(moved, 90) < 0.08


def test_a_change_in_one_component_moves_the_others_only_as_a_whole() -> None:
    G = _many_components(70)
    before = layout(G)
    H = G.copy()
    H.add_edge("star_05", "star_05_new")  # one leaf more on one star
    after = layout(H)
    for comp in nx.weakly_connected_components(G):
        if "star_05" in comp:
            continue
        shifts = np.array([np.subtract(after[n], before[n]) for n in sorted(comp)])
        assert np.abs(shifts - shifts[0]).max() <= 0.11, sorted(comp)[:3]  # the same shift, to the 0.1 px rounding
