"""Lean exports, second round: every graph file names each source path once (on its document node),
graph.json repeats no evidence, the XML files carry no indentation — and nothing is lost: the
paths and the evidence are in the files that hold them (nodes.csv rows of documents, mentions.csv)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from lawgraph.exporters import write_all
from lawgraph.graph import build_graph

FIXTURE = Path(__file__).parent / "fixtures" / "graph" / "docs.jsonl"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.DiGraph, Path]:
    docs = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    G = build_graph(docs)
    out = tmp_path_factory.mktemp("lean")
    write_all(G, out)
    return G, out


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_each_path_is_written_once_per_file(built: tuple[nx.DiGraph, Path]) -> None:
    G, out = built
    paths = sorted({s for _, d in G.nodes(data=True) for s in d.get("sources", ())})
    assert len(paths) >= 3
    for name in ("graph.json", "graph.graphml", "graph.gexf", "nodes.csv", "edges.csv"):
        text = (out / name).read_text(encoding="utf-8-sig")
        for p in paths:  # the document node's sources and aliases (its own path), nowhere else
            assert text.count(p) <= (0 if name == "edges.csv" else 2), (name, p)
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    docs = {n["id"]: n["sources"] for n in data["nodes"] if n["type"] == "document"}
    assert sorted(p for s in docs.values() for p in s) == paths  # every path, on its document node
    assert all("sources" not in n for n in data["nodes"] if n["type"] != "document")
    assert all("sources" not in e and "excerpt" not in e for e in data["edges"])
    others = json.dumps([n for n in data["nodes"] if n["type"] != "document"] + data["edges"], ensure_ascii=False)
    assert not [p for p in paths if p in others]
    assert set(data) == {"directed", "multigraph", "graph", "nodes", "edges"}  # no evidence array


def test_csv_columns_stay_and_the_evidence_is_whole(built: tuple[nx.DiGraph, Path]) -> None:
    G, out = built
    nodes, edges = rows(out / "nodes.csv"), rows(out / "edges.csv")
    assert "sources" in nodes[0] and "sources" in edges[0]  # scripts rely on the columns
    assert {r["sources"] for r in edges} == {""}
    assert all((r["sources"] != "") == (r["type"] == "document") for r in nodes)
    mentions = rows(out / "mentions.csv")
    assert len(mentions) == len(G.graph["mentions"]) > 0
    by_id = {r["id"]: r["sources"] for r in nodes}
    assert all(by_id[m["document"]] == m["source"] for m in mentions)  # a mention's document names its path


def test_xml_files_have_no_indentation(built: tuple[nx.DiGraph, Path]) -> None:
    _, out = built
    for name in ("graph.graphml", "graph.gexf", "cocitation.graphml"):
        raw = (out / name).read_bytes()
        head, _, body = raw.partition(b"\n")
        assert head.startswith(b"<?xml") and b"\n  <" not in body and b">\n<" not in body, name
    H = nx.read_graphml(out / "graph.graphml")
    assert H.number_of_edges() == built[0].number_of_edges()
