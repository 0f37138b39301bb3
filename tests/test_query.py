"""Queries over a built folder (fixture documents): the store, asked on disk and as a graph in memory."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from lawgraph import query
from lawgraph.errors import GraphError, NoResult
from lawgraph.exporters import jsonfile
from lawgraph.graph import build_graph
from lawgraph.store import write as write_store

FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "docs.jsonl"


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = tmp_path_factory.mktemp("graph")
    G = build_graph(docs)
    jsonfile.write(G, out / "graph.json")  # for query.load, the graph.json reader scripts use
    write_store(G, out / "lawgraph.sqlite")
    return out


@pytest.fixture(scope="module", params=["folder", "graph"])
def G(request: pytest.FixtureRequest, graph_dir: Path) -> Path | nx.DiGraph:
    """What every question takes: the built folder (its store), or the graph itself (in memory, as
    `build` holds it: graph.json is lean and names each path once, on its document node)."""
    if request.param == "folder":
        return graph_dir
    return build_graph([json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()])


def label(graph_dir: Path, node: str) -> str:
    return query.load(graph_dir).nodes[node]["label"]


# (query, label of the agency found): full name, short form, alias seen in a report
AGENCY_NAMES = [
    ("泰州市科学技术局", "泰州市科学技术局"),
    ("泰州市科技局", "泰州市科学技术局"),  # short form expanded through names.agency_variants
    ("市科技局", "泰州市科学技术局"),  # surface form seen as a mention
    (" 泰州市市场监督管理局 ", "泰州市市场监督管理局"),  # spaces ignored
    ("市市场监管局", "泰州市市场监督管理局"),
]


@pytest.mark.parametrize(("name", "expected"), AGENCY_NAMES)
def test_resolve_agency(G, graph_dir: Path, name: str, expected: str) -> None:
    assert label(graph_dir, query.resolve_agency(G, name)) == expected


# (query, label of the law found)
LAW_NAMES = [
    ("科技进步法", "中华人民共和国科学技术进步法"),
    ("《科技进步法》", "中华人民共和国科学技术进步法"),
    ("中华人民共和国科学技术进步法", "中华人民共和国科学技术进步法"),
    ("《宪法》", "中华人民共和国宪法"),
    ("宪法", "中华人民共和国宪法"),
    ("行政许可法", "中华人民共和国行政许可法"),  # label with 中华人民共和国 prefix wins
    ("市场主体登记管理条例", "中华人民共和国市场主体登记管理条例"),
    ("<script>alert(1)</script>条例", "<script>alert(1)</script>条例"),
]


@pytest.mark.parametrize(("name", "expected"), LAW_NAMES)
def test_resolve_law(G, graph_dir: Path, name: str, expected: str) -> None:
    assert label(graph_dir, query.resolve_law(G, name)) == expected


@pytest.mark.parametrize(
    ("func", "name", "message"),
    [
        (query.laws_of_agency, "泰州市科技",
         "unknown agency '泰州市科技'; closest: 泰州市科学技术局, 泰州市司法局, 泰州市市场监督管理局"),
        (query.agencies_citing, "行政",
         "unknown law '行政'; closest: 中华人民共和国行政许可法, 国务院关于贯彻实施〈中华人民共和国行政许可法〉的通知"),
        (query.agencies_citing, "zzz", "unknown law 'zzz'"),
        (query.laws_of_agency, "泰州市司法局", "泰州市司法局 cites no law in this graph"),
    ],
)  # fmt: skip
def test_no_result(G, func, name: str, message: str) -> None:
    with pytest.raises(NoResult) as err:
        func(G, name)
    assert str(err.value) == message and err.value.exit_code == 1


def test_laws_of_agency(G) -> None:
    rows = query.laws_of_agency(G, "泰州市科技局")
    assert [(r["law"], r["level"], r["documents"], r["years"]) for r in rows] == [
        ("中华人民共和国科学技术进步法", "法律", 2, [2023, 2024]),
        ("中华人民共和国宪法", "宪法", 1, [2023]),
        ("中华人民共和国行政许可法", "法律", 1, [2024]),
        ("国务院关于贯彻实施〈中华人民共和国行政许可法〉的通知", "规范性文件", 1, [2024]),
        ("江苏省科学技术进步条例", "地方性法规", 1, [2023]),
    ]
    assert rows[0]["sources"] == ["reports/a_kjj_2023.txt", "reports/b_kjj_2024.txt"]  # lists, not joined text


def test_agencies_citing(G) -> None:
    assert query.agencies_citing(G, "《宪法》") == [
        {"agency": "泰州市科学技术局", "type": "agency", "documents": 1, "years": [2023],
         "sources": ["reports/a_kjj_2023.txt"]},
        # the report without a known agency cites through its document node
        {"agency": "d_hostile.txt", "type": "document", "documents": 1, "years": [],
         "sources": ["reports/d_hostile.txt"]},
    ]  # fmt: skip


def test_matrix(G) -> None:
    columns, rows = query.matrix(G)
    assert columns == [
        "agency", "中华人民共和国科学技术进步法", "中华人民共和国宪法", "中华人民共和国市场主体登记管理条例",
        "中华人民共和国行政许可法", "国务院关于贯彻实施〈中华人民共和国行政许可法〉的通知", "江苏省科学技术进步条例",
    ]  # fmt: skip
    assert [[r[c] for c in columns] for r in rows] == [
        ["泰州市市场监督管理局", 1, 0, 1, 0, 0, 0],
        ["泰州市科学技术局", 2, 1, 0, 1, 1, 1],
    ]


def test_stats(G) -> None:
    assert [(r["what"], r["type"], r["count"]) for r in query.stats(G)] == [
        ("documents", "", 4),
        ("nodes", "all", 19), ("nodes", "agency", 4), ("nodes", "law", 7), ("nodes", "program", 3),
        ("nodes", "document", 4), ("nodes", "jurisdiction", 1),
        ("edges", "all", 23), ("edges", "cites", 10), ("edges", "runs", 4), ("edges", "mentions", 4),
        ("edges", "authored", 3), ("edges", "in", 2),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: None, "no graph folder {d}/missing: run lawgraph build first (or pass --in DIR)"),
        (lambda d: (d / "missing").mkdir(), "no graph.json in {d}/missing: run lawgraph build first (or pass --in DIR)"),
    ],
)  # fmt: skip
def test_load_errors(tmp_path: Path, setup, message: str) -> None:
    setup(tmp_path)
    with pytest.raises(GraphError) as err:
        query.load(tmp_path / "missing")
    assert str(err.value) == message.format(d=tmp_path) and err.value.exit_code == 2


def test_load_rejects_garbage(tmp_path: Path) -> None:
    (tmp_path / "graph.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GraphError) as err:
        query.load(tmp_path)
    assert str(err.value).startswith(f"{tmp_path}/graph.json is damaged: not valid JSON ")
    assert str(err.value).endswith("; rebuild with lawgraph build")
