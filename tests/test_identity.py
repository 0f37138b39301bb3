"""Issue 14, graph side: a document is its exact path (no folding, no splitting), and no CSV cell
that lawgraph writes can run as a spreadsheet formula."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from lawgraph.cli import cli
from lawgraph.exporters import csvfiles, html
from lawgraph.graph import build_graph, node_id

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def doc(source: str, year: int = 2023, agency: str = "泰州市科学技术局", excerpt: str = "学习宪法") -> dict:
    return {
        "source": source,
        "agency": {"name": agency, "jurisdiction": "江苏省泰州市"},
        "year": year,
        "laws": [{"name": "中华人民共和国宪法", "level": "宪法", "mentions": [{"text": "宪法", "context": excerpt}]}],
        "agencies": [],
        "programs": [],
    }


def documents(G: nx.DiGraph) -> dict[str, dict]:
    return {n: d for n, d in G.nodes(data=True) if d["type"] == "document"}


# (sources of the input documents, expected document labels): one row per identity rule
IDENTITY_CASES = [
    # whitespace inside a path is part of it: two files, two nodes
    (["r/two  spaces.txt", "r/two spaces.txt"], ["two  spaces.txt", "two spaces.txt"]),
    # a ';' in a path is never a list separator: one file, one node
    (["r/a;b.txt"], ["a;b.txt"]),
    # a control character XML cannot carry is shown escaped and never merges with the plain name
    (["r/bad\x1b.txt", "r/bad.txt"], ["bad.txt", "bad\\x1b.txt"]),
    # leading/trailing spaces are kept too
    (["r/ x.txt", "r/x.txt"], [" x.txt", "x.txt"]),
]


@pytest.mark.parametrize(("sources", "labels"), IDENTITY_CASES)
def test_document_identity_is_the_exact_path(sources: list[str], labels: list[str]) -> None:
    G = build_graph([doc(s) for s in sources])
    docs = documents(G)
    assert sorted(d["label"] for d in docs.values()) == sorted(labels)
    assert set(docs) == {node_id("document", s) for s in sources}
    for d in docs.values():
        assert len(d["sources"]) == 1 and d["documents"] == 1


def test_sources_stay_a_list_and_the_html_never_splits_a_path(tmp_path: Path) -> None:
    G = build_graph([doc("r/a;b.txt"), doc("r/c.txt", 2024)])
    agency = next(n for n, d in G.nodes(data=True) if d["type"] == "agency")
    assert G.nodes[agency]["sources"] == ("r/a;b.txt", "r/c.txt")
    law = next(n for n, d in G.nodes(data=True) if d["type"] == "law")
    assert G.edges[agency, law]["sources"] == ("r/a;b.txt", "r/c.txt")
    page = html.render_page(G, "t")
    m = re.search(r'<script type="application/json" id="lg-evidence">(.*?)</script>', page, re.S)
    assert m
    evidence = json.loads(m.group(1))
    assert evidence["nodes"][agency][1] == ["a;b.txt", "c.txt"]  # pages name reports by file name
    assert ["a;b.txt", "c.txt"] in evidence["edges"][0] or any(
        e[2] == ["a;b.txt", "c.txt"] for e in evidence["edges"]
    )


def cells(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [c for row in csv.reader(f) for c in row]


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_no_csv_cell_is_a_formula(tmp_path: Path) -> None:
    hostile = [
        doc("=1+2.txt", agency="=HYPERLINK(\"http://x\")局", excerpt="-2+3 是一段摘录"),
        doc("+a.txt", 2022, excerpt="@SUM(A1) 摘录"),
        doc("-b.txt", 2021, excerpt="=cmd|' /C calc'!A0"),
        doc("@c.txt", 2020),
    ]
    G = build_graph(hostile)
    csvfiles.write_pair(G, tmp_path)
    for name in ("nodes.csv", "edges.csv"):
        found = cells(tmp_path / name)
        texts = [c for c in found if not is_number(c)]  # x/y may be negative numbers: data, not formulas
        assert not [c for c in texts if c.startswith(FORMULA_STARTS)], name
    node_texts = [c for c in cells(tmp_path / "nodes.csv") if not is_number(c)]
    assert any(c.startswith("'") for c in node_texts)  # the hostile cells are there, quoted
    assert "'=1+2.txt" in node_texts  # a path: on its document node's row (edges.csv holds no paths)


def write_report(path: Path, body: str) -> None:
    path.write_text(f"泰州市科学技术局2023年法治政府建设情况报告\n\n{body}\n", encoding="utf-8")


def test_build_keeps_every_file_and_writes_safe_csv(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    names = ["=1+2.txt", "two  spaces.txt", "two spaces.txt", "a;b.txt"]
    for i, name in enumerate(names):  # different content, or they would be duplicates
        write_report(src / name, f"一年来，我局认真学习《中华人民共和国宪法》，第{i + 1}次开展专题学习。")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(src), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        processed = [r for r in csv.DictReader(f) if r.get("status") == "processed"]
    with open(out / "nodes.csv", encoding="utf-8-sig", newline="") as f:
        docs = [r for r in csv.DictReader(f) if r["type"] == "document"]
    assert len(docs) == len(processed) == len(names)
    assert sorted(r["label"] for r in docs) == sorted(["'=1+2.txt", "two  spaces.txt", "two spaces.txt", "a;b.txt"])
    for name in ("nodes.csv", "edges.csv"):
        texts = [c for c in cells(out / name) if not is_number(c)]
        assert not [c for c in texts if c.startswith(FORMULA_STARTS)], name
