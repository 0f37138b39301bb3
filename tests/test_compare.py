"""Comparing bureaus (compare.py) on a small graph built here and on the seeds graph."""

from __future__ import annotations

import json
import math
from pathlib import Path

import networkx as nx
import pytest

from lawgraph.compare import changes, cocitation, compare, similar
from lawgraph.errors import NoResult
from lawgraph.graph import build_graph
from lawgraph.query import resolve_agency

# made-up titles, so the registry leaves them as they are
X, L1, L2, L3, L4 = "测试根本法", "测试甲条例", "测试乙办法", "测试丙规定", "测试丁细则"
NOTICE, INNER = "关于贯彻〈测试戊法〉的测试通知", "测试戊法"
A, B, C, D = "测试市甲局", "测试市乙局", "测试市丙局", "测试市丁局"
LEVEL = {X: "宪法", L1: "地方性法规", L2: "规范性文件", L3: "规范性文件", L4: "部门规章", NOTICE: "规范性文件"}


def report(source: str, year: int, agency: str | None, laws: list[str]) -> dict:
    doc: dict = {"source": source, "year": year, "laws": [], "agencies": [], "programs": []}
    if agency:
        doc["agency"] = {"name": agency}
    for name in laws:
        law = {"name": name, "level": LEVEL[name], "mentions": [{"text": f"《{name}》", "start": 0, "end": 1}]}
        if name == NOTICE:
            law["contains"] = [INNER]
        doc["laws"].append(law)
    return doc


DOCS = [
    report("r1.txt", 2021, A, [X, L1, L2]),
    report("r2.txt", 2022, A, [X, L2, L3]),
    report("r3.txt", 2023, A, []),  # a report year that cites nothing
    report("r4.txt", 2022, B, [X, L2, L3]),
    report("r5.txt", 2022, C, [X, L4]),
    report("r6.txt", 2022, D, []),
    report("r7.txt", 2022, None, [L1, L4, NOTICE]),  # agency unknown: the report cites; 戊法 is contained
]


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    return build_graph(DOCS, positions=False)


def ids(G: nx.DiGraph, *labels: str) -> list[str]:
    return [next(n for n, d in G.nodes(data=True) if d["label"] == label) for label in labels]


def names(rows: list[dict]) -> list[str]:
    return [r["name"] for r in rows]


def test_similar_scores_by_hand(G: nx.DiGraph) -> None:
    # 3 agencies cite laws; df: X 3, L1 1, L2 2, L3 2, L4 1; idf = ln(4 / (1 + df)) + 1
    w1, w2 = math.log(2) + 1, math.log(4 / 3) + 1
    a_norm = math.sqrt(1 + w1**2 + 2 * w2**2)
    expect_b = round((1 + 2 * w2**2) / (a_norm * math.sqrt(1 + 2 * w2**2)), 4)
    expect_c = round(1 / (a_norm * math.sqrt(1 + w1**2)), 4)
    assert (expect_b, expect_c) == (0.7752, 0.1897)  # the figures worked out on paper
    (a,) = ids(G, A)
    rows = similar(G, a)
    assert [(r["name"], r["score"], r["shared_count"], names(r["shared"])) for r in rows] == [
        (B, 0.7752, 3, sorted([X, L2, L3])),  # shared laws sorted by name (code points)
        (C, 0.1897, 1, [X]),
    ]
    assert similar(G, a, top=1) == rows[:1]
    assert D not in [r["name"] for r in rows]  # no law: not similar to anything


def test_similar_is_symmetric_and_ties_go_by_name() -> None:
    docs = [report("a.txt", 2022, A, [X]), report("b.txt", 2022, C, [X]), report("c.txt", 2022, B, [X])]
    G = build_graph(docs, positions=False)
    (a,) = ids(G, A)
    assert [(r["name"], r["score"]) for r in similar(G, a)] == [(C, 1.0), (B, 1.0)]  # 丙 < 乙 in code points


def test_compare(G: nx.DiGraph) -> None:
    a, c = ids(G, A, C)
    got = compare(G, a, c)
    assert got["a"]["name"] == A and got["b"]["name"] == C
    assert [(r["name"], r["level"]) for r in got["both"]] == [(X, "宪法")]
    assert names(got["only_a"]) == sorted([L1, L2, L3])
    assert names(got["only_b"]) == [L4]
    assert compare(G, a, a)["only_a"] == []


def test_changes(G: nx.DiGraph) -> None:
    (a,) = ids(G, A)
    got = [(r["year"], r["previous"], r["cited"], names(r["new"]), names(r["dropped"])) for r in changes(G, a)]
    assert got == [
        (2021, None, 3, sorted([X, L1, L2]), []),
        (2022, 2021, 3, [L3], [L1]),
        (2023, 2022, 0, [], sorted([X, L2, L3])),
    ]
    (d,) = ids(G, D)
    assert [(r["year"], r["cited"]) for r in changes(G, d)] == [(2022, 0)]


def test_cocitation(G: nx.DiGraph) -> None:
    P = cocitation(G)
    label = nx.get_node_attributes(P, "label")
    assert INNER not in label.values()  # contained in a title, cited by no report
    assert {label[n]: d for n, d in P.nodes(data="documents")} == {X: 4, L1: 2, L2: 3, L3: 2, L4: 2, NOTICE: 1}
    assert all(d["relation"] == "co_cited" for _, _, d in P.edges(data=True))


def test_cocitation_weights(G: nx.DiGraph) -> None:
    P = cocitation(G)
    label = nx.get_node_attributes(P, "label")
    weights = {frozenset((label[u], label[v])): d["weight"] for u, v, d in P.edges(data=True)}
    assert weights == {
        frozenset((X, L1)): 1, frozenset((X, L2)): 3, frozenset((L1, L2)): 1, frozenset((X, L3)): 2,
        frozenset((L2, L3)): 2, frozenset((X, L4)): 1, frozenset((L1, L4)): 1, frozenset((L1, NOTICE)): 1,
        frozenset((L4, NOTICE)): 1,
    }  # fmt: skip


def test_cocitation_is_deterministic_and_scalar(G: nx.DiGraph) -> None:
    P = cocitation(G)
    Q = cocitation(build_graph(list(reversed(DOCS)), positions=False))
    assert list(P.nodes(data=True)) == list(Q.nodes(data=True))
    assert list(P.edges(data=True)) == list(Q.edges(data=True))
    assert "\n".join(nx.generate_graphml(P)) == "\n".join(nx.generate_graphml(Q))
    for _, d in P.nodes(data=True):
        assert all(isinstance(v, (str, int, float)) for v in d.values())
    for _, _, d in P.edges(data=True):
        assert all(isinstance(v, (str, int, float)) for v in d.values())


@pytest.mark.parametrize("fn", [lambda G, n: similar(G, n), lambda G, n: changes(G, n), lambda G, n: compare(G, n, n)])
def test_not_an_agency(G: nx.DiGraph, fn) -> None:
    (law,) = ids(G, X)
    for node in (law, "agency_000000000000"):
        with pytest.raises(NoResult):
            fn(G, node)


def test_list_attributes_as_json_arrays(G: nx.DiGraph) -> None:
    """graph.json may carry years/sources as arrays: the answers do not change."""
    H = G.copy()
    for _, _, d in H.edges(data=True):
        for key in ("years", "sources"):
            if key in d:
                d[key] = list(d[key]) if isinstance(d[key], tuple) else d[key].split(";")
    (a,) = ids(G, A)
    assert changes(H, a) == changes(G, a)
    assert list(cocitation(H).edges(data=True)) == list(cocitation(G).edges(data=True))


# --- the seeds ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_graph(seed_paths: list[Path]) -> nx.DiGraph:
    from click.testing import CliRunner

    from lawgraph.cli import cli

    res = CliRunner().invoke(cli, ["extract", str(seed_paths[0].parent), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    return build_graph([json.loads(line) for line in res.stdout.splitlines() if line.strip()], positions=False)


def test_seeds(seeds_graph: nx.DiGraph) -> None:
    G = seeds_graph
    cq = resolve_agency(G, "重庆市科学技术局")
    jj = resolve_agency(G, "重庆市江津区科学技术局")
    rows = similar(G, cq)
    assert rows and rows[0]["name"] == "重庆市江津区科学技术局"
    assert names(rows[0]["shared"]) == ["中华人民共和国宪法", "中华人民共和国科学技术普及法"]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert all(0 < r["score"] <= 1 and r["shared_count"] == len(r["shared"]) for r in rows)
    both = compare(G, cq, jj)
    assert names(both["both"]) == names(rows[0]["shared"])
    cited = {G.nodes[v]["label"] for v, d in G[cq].items() if d["relation"] == "cites"}
    assert set(names(both["both"] + both["only_a"])) == cited
    (only,) = changes(G, cq)  # one report
    assert (only["year"], only["previous"], set(names(only["new"])), only["dropped"]) == (2024, None, cited, [])
    P = cocitation(G)
    assert P.number_of_nodes() == len({v for _, v, d in G.edges(data=True) if d["relation"] == "cites"
                                       and G.nodes[v]["type"] == "law"
                                       and G.nodes[_]["type"] in ("agency", "document")})  # fmt: skip
