"""Graph schema: nodes, edges and attributes built from hand-written extraction fixtures."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import networkx as nx
import pytest

from lawgraph.graph import COLORS, NODE_TYPES, build_graph, clean, layout, node_id

FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "docs.jsonl"


def load_docs() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    return build_graph(load_docs())


def by_label(G: nx.DiGraph, label: str) -> str:
    ids = [n for n, d in G.nodes(data=True) if d["label"] == label]
    assert len(ids) == 1, (label, ids)
    return ids[0]


# (label, expected attributes): one row per node kind and per merge rule
NODE_CASES = [
    # reporting agency, also mentioned as 市科技局 in another report: one node, 3 documents
    ("泰州市科学技术局", {"type": "agency", "documents": 3, "years": "2023;2024",
                          "aliases": "市科技局|泰州市科学技术局"}),
    # mentioned agency, short form 市市场监管局 kept as an alias
    ("泰州市市场监督管理局", {"type": "agency", "documents": 2, "years": "2024",
                              "aliases": "市市场监管局|泰州市市场监督管理局"}),
    # law cited in three reports under three surface forms
    ("中华人民共和国科学技术进步法", {"type": "law", "level": "法律", "documents": 3, "years": "2023;2024",
                                      "aliases": "中华人民共和国科学技术进步法|科学技术进步法|科技进步法"}),
    # cited once by a report with no year: years only from the dated report
    ("中华人民共和国宪法", {"type": "law", "level": "宪法", "documents": 2, "years": "2023",
                            "aliases": "中华人民共和国宪法|宪法"}),
    # a title nested in another title's 〈〉
    ("中华人民共和国行政许可法", {"type": "law", "level": "法律", "documents": 1}),
    ("双随机、一公开", {"type": "program", "documents": 3, "excerpt": "全面推行“双随机、一公开”监管"}),
    # CJK quotes dropped from the alias of “八五”普法
    ("八五普法", {"type": "program", "aliases": "八五普法"}),
    # control character \x07 stripped from the name
    ("法治宣传月", {"type": "program", "documents": 1}),
    ("江苏省泰州市", {"type": "jurisdiction", "documents": 3}),
    ("a_kjj_2023.txt", {"type": "document", "documents": 1, "years": "2023",
                        "sources": ("reports/a_kjj_2023.txt",)}),
    # hostile text is kept as text (escaping is the exporters' job)
    ("<script>alert(1)</script>条例", {"type": "law", "level": "其他"}),
    ('"><img src=x onerror=alert(1)>局', {"type": "agency", "documents": 1}),
]  # fmt: skip


@pytest.mark.parametrize(("label", "expected"), NODE_CASES)
def test_node_attributes(G: nx.DiGraph, label: str, expected: dict) -> None:
    data = G.nodes[by_label(G, label)]
    assert {k: data.get(k) for k in expected} == expected
    assert data["color"] == COLORS[data["type"]]


# (source label, target label, relation, weight, years)
EDGE_CASES = [
    ("泰州市科学技术局", "中华人民共和国科学技术进步法", "cites", 2, "2023;2024"),
    ("泰州市市场监督管理局", "中华人民共和国科学技术进步法", "cites", 1, "2024"),
    ("泰州市科学技术局", "泰州市司法局", "mentions", 2, "2023;2024"),
    ("泰州市市场监督管理局", "泰州市科学技术局", "mentions", 1, "2024"),
    ("泰州市科学技术局", "双随机、一公开", "runs", 2, "2023;2024"),
    ("泰州市科学技术局", "a_kjj_2023.txt", "authored", 1, "2023"),
    ("泰州市科学技术局", "江苏省泰州市", "in", 2, "2023;2024"),
    # title containing another title
    ("国务院关于贯彻实施〈中华人民共和国行政许可法〉的通知", "中华人民共和国行政许可法", "cites", 1, "2024"),
    # report without a reporting agency: the document node cites
    ("d_hostile.txt", "中华人民共和国宪法", "cites", 1, None),
    ("d_hostile.txt", "<script>alert(1)</script>条例", "cites", 1, None),
]


@pytest.mark.parametrize(("src", "dst", "relation", "weight", "years"), EDGE_CASES)
def test_edges(G: nx.DiGraph, src: str, dst: str, relation: str, weight: int, years: str | None) -> None:
    d = G.edges[by_label(G, src), by_label(G, dst)]
    assert (d["relation"], d["label"], d["weight"], d.get("years")) == (relation, relation, weight, years)


def test_counts(G: nx.DiGraph) -> None:
    types = sorted(d["type"] for _, d in G.nodes(data=True))
    assert {t: types.count(t) for t in NODE_TYPES} == {
        "agency": 4, "law": 7, "program": 3, "document": 4, "jurisdiction": 1,
    }  # fmt: skip
    assert G.number_of_edges() == 23
    assert isinstance(G, nx.DiGraph) and not G.is_multigraph()


def test_schema_scalars_one_type_per_attribute(G: nx.DiGraph) -> None:
    seen: dict[str, type] = {}
    items = [("node", d) for _, d in G.nodes(data=True)] + [("edge", d) for _, _, d in G.edges(data=True)]
    for domain, data in items:
        for key, value in data.items():
            if key == "sources":  # the one list: exact paths, joined only by the scalar formats
                assert type(value) is tuple and value == tuple(sorted(set(value))) and all(value), value
                continue
            assert type(value) in (str, int, float), (key, value)
            assert value != "", key
            if isinstance(value, float):
                assert math.isfinite(value)
            if isinstance(value, str):
                assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", value), (key, value)
            assert seen.setdefault(f"{domain}.{key}", type(value)) is type(value), key


def test_every_node_has_label_type_and_laws_level(G: nx.DiGraph) -> None:
    for n, d in G.nodes(data=True):
        assert re.fullmatch(r"(agency|law|program|doc|place)_[0-9a-f]{12}", n), n
        assert d["label"].strip() and d["type"] in NODE_TYPES
        assert ("level" in d) == (d["type"] == "law")
        assert isinstance(d["size"], float) and d["size"] > 0
        assert re.fullmatch(r"#[0-9A-F]{6}", d["color"])


def test_sorted_and_deterministic() -> None:
    docs = load_docs()
    a = build_graph(docs)
    b = build_graph(list(reversed(docs)))
    assert list(a.nodes) == sorted(a.nodes)
    assert list(a.edges) == sorted(a.edges)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))


def test_node_id_is_stable() -> None:
    # sha1("中华人民共和国宪法") – pinned so ids never change between versions
    assert node_id("law", "中华人民共和国宪法") == "law_660241bd03c1"
    assert node_id("document", "seeds/x.txt").startswith("doc_")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x0bb", "ab"),  # vertical tab from scraped pages
        ("  多个   空格 ", "多个 空格"),
        ("正常\x00文本\x1f", "正常文本"),
        (None, ""),
    ],
)
def test_clean(raw: str | None, expected: str) -> None:
    assert clean(raw) == expected


def test_short_agency_form_merges_with_full_name() -> None:
    docs = [
        {"source": "x.txt", "agency": {"name": "泰州市科技局", "jurisdiction": None}, "year": 2022,
         "laws": [], "agencies": [], "programs": []},
        {"source": "y.txt", "agency": {"name": "泰州市科学技术局", "jurisdiction": None}, "year": 2023,
         "laws": [], "agencies": [], "programs": []},
    ]  # fmt: skip
    G = build_graph(docs)
    agencies = [d for _, d in G.nodes(data=True) if d["type"] == "agency"]
    assert [(d["label"], d["documents"], d["aliases"]) for d in agencies] == [
        ("泰州市科学技术局", 2, "泰州市科学技术局|泰州市科技局")
    ]


def test_empty_input() -> None:
    G = build_graph([])
    assert G.number_of_nodes() == 0 and layout(G) == {}


def test_layout_deterministic_and_spread(G: nx.DiGraph) -> None:
    pos = layout(G)
    assert pos == layout(G.copy())
    assert set(pos) == set(G)
    points = set(pos.values())
    assert len(points) == G.number_of_nodes()  # no two nodes on top of each other
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)


def test_the_graph_does_not_depend_on_document_order(tmp_path) -> None:
    from lawgraph.exporters import graphml

    docs = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    graphml.write(build_graph(docs), tmp_path / "a.graphml")
    graphml.write(build_graph(list(reversed(docs))), tmp_path / "b.graphml")
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()


def test_the_graph_is_the_same_with_and_without_the_gc_pause() -> None:
    # the seam: GraphAssembler keeps the cycle collector off the graph (lawgraph._accel.gcpause)
    import gc

    from lawgraph.graph import GraphAssembler

    graphs = []
    for pause in (True, False):
        g = GraphAssembler(quiet_gc=pause)
        for doc in load_docs():
            g.add(doc)
        H = g.finish()
        graphs.append((list(H.nodes(data=True)), list(H.edges(data=True))))
    assert graphs[0] == graphs[1]
    assert gc.isenabled()  # restored after every document
